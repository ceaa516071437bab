"""Images the way course authors publish them: size, scale, theme, crop, callouts, format.

- :mod:`automation.imaging.settings`: the small dataclasses (a run's look, one image's framing).
- :mod:`automation.imaging.config`: ``[tool.aws-console-flows]`` / ``aws-console-flows.toml``, validated.
- :mod:`automation.imaging.plan`: the layers (built-in, edition, course file, command line) resolved
  into one :class:`~automation.imaging.plan.ImagingPlan` per run.
- :mod:`automation.imaging.callouts`: badges, boxes, arrows and speech bubbles drawn in the page.
- :mod:`automation.imaging.crop`: the clip rectangle of a cropped image.
- :mod:`automation.imaging.encode`: PNG (optimised losslessly), WebP and JPEG, with the settings
  recorded in each file.
"""
