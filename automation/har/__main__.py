"""``python -m automation.har``: see `automation.har.cli`."""

import sys

from automation.har.cli import main

if __name__ == "__main__":
    sys.exit(main())
