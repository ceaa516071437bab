"""Course pages as Jekyll renders them: site configuration, Liquid, kramdown, images, labels.

The entry point is :mod:`automation.course_page`; the modules here each do one part.
"""
