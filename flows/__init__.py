"""The tutorial's flows and their command line."""

import sys

if sys.argv[:1] == ["-m"]:  # `python -m flows…` is locating its module: only an entry point gets here
    from flows.early import quiet_while_loading

    quiet_while_loading()
