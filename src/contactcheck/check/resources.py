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
from typing import Any

from contactcheck.errors import InvalidFile
from contactcheck.tree.model import CONTROL, REGION_KINDS

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "resources.yaml"
FALLBACK = "fallback"
STALE_AFTER_DAYS = 365
"""An entry not checked for this long is shown with a note that it may be out of date."""
_ALIASES = {"UK": "GB"}
_CODE = re.compile(r"^[A-Za-z]{2}$")
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
KIND = "regions"
"""The cache kind of the checked regions."""


DEFAULT_KIND = "crisis"
"""The kind of a line whose entry names none: every line in today's data is a crisis line."""
LINE_KINDS_IN_FILE = tuple(kind for kind in REGION_KINDS if kind != "emergency")
"""The kinds a line may have (`emergency` is the region's own number, not a line)."""


@dataclass(frozen=True, slots=True)
class Line:
    """A crisis or support line."""

    name: str
    how: str
    """How to reach it, e.g. "Call or text 988"."""
    kind: str = DEFAULT_KIND
    """What it is for: one of `LINE_KINDS_IN_FILE`. Tree text names lines by kind."""

    def named(self) -> str:
        """The line as tree text names it: "Samaritans (call 116 123)"."""
        how = self.how
        if len(how) > 1 and how[0].isupper() and how[1].islower():  # "Call ..." -> "call ..."
            how = how[0].lower() + how[1:]
        return f"{self.name} ({how})"


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

    def lines_of(self, kind: str) -> tuple[Line, ...]:
        """The region's lines of one kind, in the order the data lists them."""
        return tuple(line for line in self.lines if line.kind == kind)

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


@dataclass(frozen=True, slots=True)
class RegionChoice:
    """The region used, and how it was chosen (for `resources` and `--explain`)."""

    region: Region
    requested: str | None
    how: str


def load_regions(path: Path = DATA_FILE) -> dict[str, Region]:
    """Read the resources data file strictly; raise `InvalidFile` if it is damaged.

    While the file is unchanged the regions come from the cache (cache.py), checked
    again by `_regions_from_json`; the YAML is read (regionfile.py) only when they do not.
    """
    from contactcheck.tree.cache import load_checked

    return load_checked(path, "resources file", KIND, build=_read_regions,
                        to_json=_regions_to_json, from_json=_regions_from_json)


def _read_regions(data: bytes, name: str) -> dict[str, Region]:
    from contactcheck.check.regionfile import regions_from_bytes

    return regions_from_bytes(data, name)


def _regions_to_json(regions: Mapping[str, Region]) -> list[Any]:
    """The regions as JSON-ready lists (the order of fields is the format)."""
    return [[region.code, region.name, region.emergency,
             [[line.name, line.how, line.kind] for line in region.lines], region.source,
             region.checked.isoformat() if region.checked else None, list(region.members)]
            for region in regions.values()]


def _regions_from_json(data: Any, name: str) -> dict[str, Region] | None:
    """The regions stored by `_regions_to_json` if they keep every rule regionfile.py checks.

    Else None, and the file is read again: texts are single lines without control
    characters, codes and members upper case (or `fallback`), dates real, codes
    unique, and there is a fallback region.
    """
    found: dict[str, Region] = {}
    try:
        _require_list(data)
        for row in data:
            _require_list(row)
            code, region_name, emergency, lines, source, checked, members = row
            code = _stored_text(code)
            if (code != FALLBACK and code != code.upper()) or code in found:
                return None
            day = dt.date.fromisoformat(_stored_text(checked))
            if day.isoformat() != checked:
                return None
            _require_list(lines)
            _require_list(members)
            for line in lines:
                _require_list(line)
            shown_lines = tuple(Line(_stored_text(line_name), _stored_text(how), _stored_kind(kind))
                                for line_name, how, kind in lines)
            covered = tuple(map(_stored_text, members))
            if any(member != member.upper() for member in covered):
                return None
            found[code] = Region(code, _stored_text(region_name), _stored_text(emergency),
                                 shown_lines, _stored_text(source), day, covered)
    except (TypeError, ValueError):
        return None
    return found if FALLBACK in found else None


def _require_list(value: Any) -> None:
    if type(value) is not list:
        raise TypeError("not a list")


def _stored_kind(value: Any) -> str:
    if value not in LINE_KINDS_IN_FILE:
        raise ValueError("not a kind of line")
    return str(value)


def _stored_text(value: Any) -> str:
    """`value` if it is what the reader keeps of a single-line text; else ValueError."""
    if (type(value) is not str or not value or value != value.strip() or "\n" in value
            or CONTROL.search(value)):
        raise ValueError("not a single-line text")
    return value


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
