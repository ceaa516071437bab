# The oracle: Jekyll itself builds each site (what `jekyll build` does), in one Ruby process.
# Arguments: SOURCE DESTINATION [SOURCE DESTINATION ...]
# Prints a JSON list of every page and document: source, relative path, URL, output file, or the
# site's build error. Written for the tests; the project's own code is not used here.
require "json"
require "jekyll"

Jekyll.logger.log_level = :error
results = []
ARGV.each_slice(2) do |source, destination|
  begin
    config = Jekyll.configuration(
      "source" => source, "destination" => destination, "quiet" => true, "disable_disk_cache" => true
    )
    site = Jekyll::Site.new(config)
    site.process
    (site.pages + site.collections.values.flat_map(&:docs)).each do |doc|
      next unless doc.write?
      results << { "source" => source, "path" => doc.relative_path, "url" => doc.url,
                   "output" => doc.destination(destination) }
    end
  rescue StandardError => e
    results << { "source" => source, "error" => "#{e.class}: #{e.message}" }
  end
end
$stdout.write(JSON.generate(results))
