"""The public references the bundled tree cites, from a data file shipped in the package.

A reason's `source:` in a tree names one of these ids; `--explain` and the Markdown note show
the reference a person can look up (title, publisher, section, address), never an internal
note. A tree of your own may also write a source as free text, which is shown as written.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from msgspec import Struct

from contactcheck.errors import InvalidFile
from contactcheck.files import read_capped
from contactcheck.i18n import _
from contactcheck.tree.fields import Reader
from contactcheck.tree.model import ID_PATTERN
from contactcheck.tree.yamlread import YMap, YNode, decode, parse

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "sources.yaml"
WHAT = "sources file"
KEYS = ("id", "title", "publisher", "section", "url", "checked")


class Source(Struct, frozen=True):
    """One public reference."""

    id: str
    title: str
    publisher: str
    section: str
    """The part of it that says what the tree's line claims."""
    url: str
    checked: str
    """The day a copy of it was read and found to say so (YYYY-MM-DD)."""

    def reference(self) -> str:
        """The reference as a person reads it."""
        return f"{self.title}, {self.section} ({self.publisher}): {self.url}"


def load_sources(path: Path = DATA_FILE) -> dict[str, Source]:
    """Read the sources file strictly; raise `InvalidFile` listing every problem."""
    data = read_capped(path, str(path), WHAT)
    text = decode(data, str(path), WHAT)
    root = parse(text, WHAT)
    reader = _SourceReader(text)
    found = reader.sources(root)
    if reader.problems:
        raise InvalidFile(reader.problems, WHAT)
    return found


@cache
def sources() -> dict[str, Source]:
    """The shipped sources; empty if the file cannot be read (references then show as ids)."""
    try:
        return load_sources()
    except (InvalidFile, OSError):
        return {}


def reference(source: str) -> str:
    """What to show for a reason's `source:`: the reference when it is a known id, else as is."""
    known = sources().get(source) if ID_PATTERN.match(source) else None
    return known.reference() if known is not None else source


class _SourceReader(Reader):
    def sources(self, root: YMap) -> dict[str, Source]:
        if self.mapping(root, _("the sources file"), ("sources",), ("sources",)) is None:
            return {}
        node = self.get(root, "sources")
        found: dict[str, Source] = {}
        for item in self.items(node, _("'{key}'").format(key="sources"), self.entry) \
                if node is not None else []:
            if item.id in found:
                self.fail(root, _("the source id '{id}' is listed twice").format(id=item.id))
            found[item.id] = item
        return found

    def entry(self, node: YNode, what: str) -> Source | None:
        if not isinstance(node, YMap):
            self.fail(node, _("{what} must be a mapping with {keys}").format(
                what=what, keys=", ".join(KEYS)))
            return None
        values = self.read_map(node, what, KEYS, KEYS, KEYS)
        if values is None:
            return None
        if not ID_PATTERN.match(values["id"]):
            self.fail(self.get(node, "id") or node,
                      _("the id of {what} is not a plain id").format(what=what))
            return None
        return Source(**values)
