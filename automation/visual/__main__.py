"""Entry point for ``python -m automation.visual``."""

from automation.visual.cli import main

raise SystemExit(main())
