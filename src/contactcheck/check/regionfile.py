"""The crisis resources data file, read strictly: bytes -> YAML -> regions.

Used when the regions are not in the cache (resources.py), so a `check` whose
regions are cached imports neither this module nor the YAML layer.
"""

from __future__ import annotations

import datetime as dt

from contactcheck.check.resources import DEFAULT_KIND, FALLBACK, LINE_KINDS_IN_FILE, Line, Region
from contactcheck.errors import InvalidFile
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import YMap, YNode, YSeq, decode, parse

WHAT = "resources file"


def regions_from_bytes(data: bytes, name: str) -> dict[str, Region]:
    """The regions in a resources file; raise `InvalidFile` listing every problem."""
    source = decode(data, name, WHAT)
    root = parse(source, WHAT)
    reader = _RegionReader(source)
    regions = reader.regions(root)
    if reader.problems or FALLBACK not in regions:
        raise InvalidFile(reader.problems or [source.problem(0, 0, "no fallback region")], WHAT)
    return regions


class _RegionReader(Reader):
    KEYS = ("code", "name", "emergency", "lines", "source", "checked", "members")
    REQUIRED = ("code", "name", "emergency", "lines", "source", "checked")

    def regions(self, root: YMap) -> dict[str, Region]:
        if self.mapping(root, "the resources file", ("regions",), ("regions",)) is None:
            return {}
        node = self.get(root, "regions")
        found = self.items(node, "'regions'", self.region) if node is not None else []
        return {region.code: region for region in found}

    def region(self, node: YNode, what: str) -> Region | None:
        if not isinstance(node, YMap):
            self.fail(node, f"{what} must be a mapping")
            return None
        count = len(self.problems)
        values = self.read_map(node, what, self.KEYS, self.REQUIRED,
                               ("code", "name", "emergency", "source", "checked"))
        lines_node, members_node = self.get(node, "lines"), self.get(node, "members")
        lines = []
        if lines_node is not None and not (isinstance(lines_node, YSeq) and not lines_node.items):
            lines = self.items(lines_node, f"'lines' of {what}", self.line)
        members = self.items(members_node, f"'members' of {what}",
                             lambda item, label: self.text(item, label, one_line=True)) \
            if members_node is not None else []
        if values is None or len(self.problems) > count:
            return None
        try:
            checked = dt.date.fromisoformat(values["checked"])
        except ValueError:
            self.fail(self.get(node, "checked") or node, f"'checked' of {what} is not a date",
                      "write it as YYYY-MM-DD")
            return None
        code = values["code"] if values["code"] == FALLBACK else values["code"].upper()
        return Region(code, values["name"], values["emergency"], tuple(lines),
                      values["source"], checked, tuple(m.upper() for m in members))

    def line(self, node: YNode, what: str) -> Line | None:
        if not isinstance(node, YMap):
            self.fail(node, f"{what} must be a mapping with name and how")
            return None
        values = self.read_map(node, what, ("name", "how", "kind"), ("name", "how"),
                               ("name", "how", "kind"))
        if values is None:
            return None
        kind = values.get("kind", DEFAULT_KIND)
        if kind not in LINE_KINDS_IN_FILE:
            self.fail(self.get(node, "kind") or node, f"'kind' of {what} is '{kind}'",
                      f"known kinds: {', '.join(LINE_KINDS_IN_FILE)}")
            return None
        return Line(values["name"], values["how"], kind)
