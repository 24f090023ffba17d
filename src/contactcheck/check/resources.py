"""Emergency numbers and crisis lines by region, from a data file shipped in the package.

The region comes from `--region`, then `CONTACTCHECK_REGION`, then the locale,
else the fallback entry. If the data file itself were damaged, a built-in
fallback still tells people to call their local emergency number: nothing
may hide the route to help.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contactcheck import prebuilt
from contactcheck.errors import InvalidFile
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import YMap, YNode, YSeq, decode, parse

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "resources.yaml"
FALLBACK = "fallback"
STALE_AFTER_DAYS = 365
"""An entry not checked for this long is shown with a note that it may be out of date."""
_ALIASES = {"UK": "GB"}
_CODE = re.compile(r"^[A-Za-z]{2}$")
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
KIND = "regions"
"""The kind of the kept regions (`prebuilt.py`)."""
WHAT = "resources file"


@dataclass(frozen=True, slots=True)
class Line:
    """A crisis or support line."""

    name: str
    how: str
    """How to reach it, e.g. "Call or text 988"."""


@dataclass(frozen=True, slots=True)
class Region:
    """The emergency number and crisis lines of one region."""

    code: str
    name: str
    emergency: str
    lines: tuple[Line, ...]
    source: str
    checked: dt.date | None
    members: tuple[str, ...] = ()
    """Countries this entry covers besides its own code (e.g. EU member states)."""

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Whether the entry was last checked more than a year ago (or never)."""
        if self.checked is None:
            return True
        return ((today or dt.date.today()) - self.checked).days > STALE_AFTER_DAYS


BUILT_IN_FALLBACK = Region(
    code=FALLBACK,
    name="Everywhere else",
    emergency="your local emergency number",
    lines=(),
    source="built in (the resources file could not be read)",
    checked=None,
)


PRACTICE_REGION = "your practice's region (not in this country? use --region)"
"""How the region was chosen when it comes from the installed practice file."""


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """The region used, and how it was chosen (for `resources` and `--explain`)."""

    region: Region
    requested: str | None
    how: str


def load_regions(path: Path = DATA_FILE) -> dict[str, Region]:
    """Read the resources data file strictly; raise `InvalidFile` if it is damaged.

    The shipped file is built once and kept while the package is unchanged (`prebuilt.py`).
    """
    return prebuilt.load_own(path, KIND, regions_from_bytes, dict, name=str(path), what=WHAT)


def regions_from_bytes(data: bytes, name: str) -> dict[str, Region]:
    """The regions in a resources file; raise `InvalidFile` listing every problem."""
    source = decode(data, name, WHAT)
    root = parse(source, WHAT)
    reader = _RegionReader(source)
    found = reader.regions(root)
    if reader.problems or FALLBACK not in found:
        raise InvalidFile(reader.problems or [source.problem(0, 0, "no fallback region")], WHAT)
    return found


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
        values = self.read_map(node, what, ("name", "how"), ("name", "how"), ("name", "how"))
        return Line(values["name"], values["how"]) if values is not None else None


@cache
def regions() -> Mapping[str, Region]:
    """The shipped regions; the built-in fallback alone if the file cannot be read."""
    try:
        return load_regions()
    except (InvalidFile, OSError):
        return {FALLBACK: BUILT_IN_FALLBACK}


def region_for(code: str) -> Region:
    """The entry for a country code: its own, a group it belongs to (EU), else the fallback."""
    code = _ALIASES.get(code.upper(), code.upper())
    known = regions()
    if code in known and code != FALLBACK.upper():
        return known[code]
    for region in known.values():
        if code in region.members:
            return region
    return known.get(FALLBACK, BUILT_IN_FALLBACK)


def valid_code(code: str) -> bool:
    """Whether `code` looks like a two-letter country code."""
    return bool(_CODE.match(code))


def choose_region(requested: str | None, environ: Mapping[str, str] | None = None) -> RegionChoice:
    """Pick the region: `--region`, then CONTACTCHECK_REGION, then the locale, else fallback."""
    env = os.environ if environ is None else environ
    if requested:
        return RegionChoice(region_for(requested), requested.upper(), "from --region")
    from_env = env.get("CONTACTCHECK_REGION", "").strip()
    if from_env and valid_code(from_env):
        return RegionChoice(region_for(from_env), from_env.upper(), "from CONTACTCHECK_REGION")
    for variable in _LOCALE_VARIABLES:
        code = locale_country(env.get(variable, ""))
        if code:
            return RegionChoice(region_for(code), code, f"from the locale ({variable})")
    fallback = regions().get(FALLBACK, BUILT_IN_FALLBACK)
    return RegionChoice(fallback, None, "no region set")


def locale_country(value: str) -> str | None:
    """The country of a locale like `en_GB.UTF-8` or `fr-CA`, or None (`C`, `POSIX`)."""
    match = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b", value)
    return match.group(1).upper() if match else None
