"""aws-console-flows: drive the AWS Management Console with Playwright.

The library behind the ``flows`` entry points: browser launch, targets (replica, aws, har),
page objects per console edition, sign-in, key capture and storage, screenshots, visual comparison.
"""

__version__ = "0.1.0"
