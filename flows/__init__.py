"""The tutorial's two paths and the command line (``python -m flows``, ``aws-console-flows``)."""

import sys

if sys.argv[:1] == ["-m"]:  # `python -m flows…` is locating its module: only an entry point gets here
    from flows.early import quiet_while_loading

    quiet_while_loading()

from flows.shadowing import refuse_if_shadowed  # after the guard: finding the packages takes a moment

refuse_if_shadowed()
