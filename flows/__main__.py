"""``python -m flows``: both paths, or one of the subcommands ``coverage`` and ``approve``."""

from __future__ import annotations

import sys

from flows.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], command="all"))
