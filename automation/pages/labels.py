"""The UI labels each console edition shows at each tutorial step, for checking tutorial text.

Each edition keeps its table beside its page objects (``automation/pages/<edition>/labels.py``), in
the words its locators use; ``tests/test_labels.py`` fails when a label of a table is not among the
strings of that edition's page objects and flows, so a renamed button is renamed in both places.

A step is named by the tutorial image it produces (``flows/catalog.py``). For each step a table lists:

- ``shown``: labels the console shows there (what the tutorial's text may quote);
- ``renamed``: labels other consoles show for the same control → this edition's label;
- ``gone``: labels of controls this edition no longer has → the label that replaces them.

``renamed`` and ``gone`` may also be given for the whole edition (``EditionLabels``), for labels that
are not tied to one step.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class StepLabels:
    """The labels one edition shows at one step, and what older labels became."""

    shown: tuple[str, ...]
    renamed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    gone: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class EditionLabels:
    """One edition's label table: steps by image name, and edition-wide renames."""

    edition: str
    steps: Mapping[str, StepLabels]
    renamed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    gone: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Shown labels no locator uses (the flows never click them), each with its evidence.
    not_in_page_objects: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def all_shown(self) -> tuple[str, ...]:
        """Every label the edition shows, in table order, without repeats."""
        return tuple(dict.fromkeys(label for step in self.steps.values() for label in step.shown))

    def known(self) -> set[str]:
        """Every label the table knows: shown ones and the older ones it maps."""
        found = set(self.all_shown()) | set(self.renamed) | set(self.gone)
        for step in self.steps.values():
            found |= set(step.renamed) | set(step.gone)
        return found


EDITIONS = ("current", "classic")


def labels_for(edition: str) -> EditionLabels:
    """The label table of ``edition`` (``current`` or ``classic``)."""
    if edition not in EDITIONS:
        raise ValueError(f"there is no {edition!r} console edition")
    module = importlib.import_module(f"automation.pages.{edition}.labels")
    table: EditionLabels = module.LABELS
    return table
