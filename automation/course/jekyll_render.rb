# Render pages with Jekyll itself, without layouts, and print them as JSON (used by automation.course.jekyll).
#
# stdin: {"sites": [{"source": DIR, "pages": [{"path": REL, "body": TEXT or null}] or null}]}
#   pages null: every page and document of the site. body: render this text instead of the file's.
# stdout: [{"source": DIR, "path": REL, "url": URL, "html": HTML} or {..., "error": MESSAGE}]
# Plugins that are not installed, themes and remote themes are left out: only the page's own
# content is rendered (layouts are not applied), which is where its images are.
require "json"
require "tmpdir"
require "jekyll"

Jekyll.logger.log_level = :error
request = JSON.parse($stdin.read)
results = []

def installed?(name)
  Gem::Specification.find_by_name(name)
  true
rescue Gem::LoadError
  false
end

request.fetch("sites").each do |spec|
  source = File.expand_path(spec.fetch("source"))
  Dir.mktmpdir do |destination|
    begin
      base = Jekyll.configuration("source" => source, "destination" => destination, "quiet" => true)
      plugins = Array(base["plugins"]).select { |name| installed?(name.to_s) }
      config = base.merge(
        "plugins" => plugins, "theme" => nil, "remote_theme" => nil,
        "disable_disk_cache" => true, "incremental" => false, "quiet" => true
      )
      site = Jekyll::Site.new(config)
      site.reset
      site.read
      site.generate
      payload = site.site_payload
      documents = site.pages + site.collections.values.flat_map(&:docs)
      wanted = spec["pages"]
      targets = []
      originals = {}
      if wanted.nil?
        documents.each { |doc| targets << [doc, nil] if doc.respond_to?(:content) && !doc.is_a?(Jekyll::StaticFile) }
      else
        wanted.each do |item|
          path = item.fetch("path")
          doc = documents.find { |d| d.relative_path == path }
          if doc.nil? && File.file?(File.join(source, path))
            # A page without front matter (GitHub Pages renders it through jekyll-optional-front-matter).
            doc = Jekyll::Page.new(site, source, File.dirname(path) == "." ? "" : File.dirname(path), File.basename(path))
            site.pages << doc
          end
          targets << [doc, item["body"], path]
        end
      end
      targets.each do |doc, body, asked|
        if doc.nil?
          results << { "source" => spec["source"], "path" => asked, "error" => "Jekyll does not read this file as a page" }
          next
        end
        begin
          originals[doc.object_id] ||= doc.content.dup
          doc.content = body.nil? ? originals[doc.object_id].dup : body
          doc.data["layout"] = nil
          site.liquid_renderer.cache.clear # parsed templates are cached by file name, not by content
          html = Jekyll::Renderer.new(site, doc, payload).run
          results << { "source" => spec["source"], "path" => doc.relative_path, "url" => doc.url, "html" => html }
        rescue StandardError, SyntaxError => e
          results << { "source" => spec["source"], "path" => doc.relative_path, "url" => doc.url, "error" => e.message }
        end
      end
    rescue StandardError, SyntaxError => e
      results << { "source" => spec["source"], "path" => nil, "error" => "#{e.class}: #{e.message}" }
    end
  end
end

$stdout.write(JSON.generate(results))
