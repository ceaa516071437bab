"""The tutorial's two paths and the command line (``python -m flows``, ``aws-console-flows``)."""

from flows.shadowing import refuse_if_shadowed

refuse_if_shadowed()
