"""Emergency numbers, crisis and support lines by region: the model, and the shipped data.

The data file (`data/regions.yaml`) is read strictly by regionfile.py. Every
line says what kind it is, how to reach it, its hours, its source, and either
the day that source was really read (`verified`) or why it was not. If the
file could not be read, `BUILT_IN_FALLBACK` still lists the numbers that work
most widely (112, 911, 999): nothing may hide the route to help.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from contactcheck.errors import InvalidFile
from contactcheck.tree.model import CONTROL

DATA_FILE: Final = Path(__file__).resolve().parents[1] / "data" / "regions.yaml"
FALLBACK: Final = "fallback"
"""The code of the entry used when no known region is set."""
EU: Final = "EU"
STALE_AFTER_DAYS: Final = 365
"""A line verified longer ago than this is shown with a note that it may be out of date."""

Kind = Literal["emergency", "crisis", "text", "domestic_abuse", "child_protection", "poison",
               "youth", "mental_health_urgent"]
KINDS: Final[tuple[Kind, ...]] = ("emergency", "crisis", "text", "domestic_abuse",
                                  "child_protection", "poison", "youth", "mental_health_urgent")
CRISIS_KINDS: Final[tuple[Kind, ...]] = ("crisis", "text", "mental_health_urgent")
"""Kinds shown with every result, after the emergency number: someone to talk to now."""

Method = Literal["call", "text", "chat"]
METHODS: Final[tuple[Method, ...]] = ("call", "text", "chat")

NATIONS: Final = ("England", "Wales", "Scotland", "Northern Ireland")
"""The UK nations a GB line may be labelled with (their services differ)."""


@dataclass(frozen=True, slots=True)
class Contact:
    """One way to reach a line."""

    method: Method
    address: str
    """The number to call or text, or the web address of a chat."""
    keyword: str | None = None
    """The word to text (e.g. SHOUT to 85258), if the service asks for one."""

    def words(self) -> str:
        """The contact as a person reads it: "call 116 123", "text SHOUT to 85258"."""
        if self.method == "text" and self.keyword:
            return f"text {self.keyword} to {self.address}"
        if self.method == "chat":
            return f"chat at {self.address}"
        return f"{self.method} {self.address}"


@dataclass(frozen=True, slots=True)
class Line:
    """An emergency number, crisis line or support line."""

    name: str
    kind: Kind
    how: tuple[Contact, ...]
    """Never empty."""
    hours: str
    """When it answers, e.g. "24/7"."""
    cost: str | None = None
    source: str | None = None
    """The official page that says so (https); None only for a clinic's own lines."""
    verified: dt.date | None = None
    """The day `source` was really read; None when it was not (see `unverified`)."""
    unverified: str | None = None
    """Why the line is not verified (bundled lines have a date or this)."""
    quote: str | None = None
    """The sentence of `source` that says so (kept beside a verified line)."""
    nation: str | None = None
    """The UK nation a GB line serves; None when it serves the whole region."""
    languages: tuple[str, ...] = ()
    note: str | None = None
    provider: str | None = None
    """Whose own line this is (a clinic's file, a practice file); None for the bundled data."""

    def how_words(self) -> str:
        """Every way to reach it: "Call 988, or text 988"; "Call 112, 15 or 17, or text 114"."""
        groups: dict[str, list[str]] = {}
        for contact in self.how:
            if contact.keyword or contact.method == "chat":
                groups[contact.words()] = []
            else:
                groups.setdefault(contact.method, []).append(contact.address)
        words = [head if not numbers else f"{head} {_either(numbers)}"
                 for head, numbers in groups.items()]
        text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", or " + words[-1]
        return text[0].upper() + text[1:]

    @property
    def numbers(self) -> str:
        """The numbers to call, e.g. "999" or "112 or 999" (for "call the emergency number")."""
        calls = [contact.address for contact in self.how if contact.method == "call"]
        return " or ".join(calls) if calls else self.how_words()

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Whether its verification is more than a year old."""
        if self.verified is None:
            return False
        return ((today or dt.date.today()) - self.verified).days > STALE_AFTER_DAYS


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True, slots=True)
class Region:
    """The lines of one country (or of the EU, or of the fallback)."""

    code: str
    name: str
    lines: tuple[Line, ...]
    """At least one emergency line; in the data file's order."""
    members: tuple[str, ...] = ()
    """Countries this entry covers besides its own code (the EU's member states)."""

    def of_kind(self, *kinds: Kind) -> tuple[Line, ...]:
        """The lines of these kinds, in the data file's order."""
        return tuple(line for line in self.lines if line.kind in kinds)

    @property
    def emergency(self) -> str:
        """The number to call in an emergency: the first of each emergency line ("995 or 999")."""
        firsts = [next((c.address for c in line.how if c.method == "call"), line.how[0].address)
                  for line in self.of_kind("emergency")]
        return " or ".join(dict.fromkeys(firsts))

    @property
    def is_fallback(self) -> bool:
        """Whether this is the entry for "no known region"."""
        return self.code == FALLBACK


_FALLBACK_SOURCES = {
    "112": "https://digital-strategy.ec.europa.eu/en/policies/112",
    "911": "https://www.911.gov/",
    "999": "https://www.gov.uk/guidance/999-and-112-the-uks-national-emergency-numbers",
}
BUILT_IN_FALLBACK: Final = Region(
    code=FALLBACK,
    name="anywhere (no country set)",
    lines=tuple(
        Line(name, "emergency", (Contact("call", number),), "24/7",
             source=_FALLBACK_SOURCES[number],
             unverified="built in: the regions file could not be read")
        for number, name in (
            ("112", "112, on a mobile across the EU and in many other countries"),
            ("911", "911 in the US, Canada, Mexico and many other countries"),
            ("999", "999 in the UK, Ireland and many other countries"),
        )),
)
"""Used only when the data file cannot be read: the most widely working numbers."""


def load_regions(path: Path = DATA_FILE) -> dict[str, Region]:
    """Read a regions data file strictly; raise `InvalidFile` (every problem located).

    While the file is unchanged the regions come from the cache (tree/cache.py): the
    entry is keyed on the file's bytes, and only rebuilt here, never checked again.
    """
    from contactcheck.tree.cache import load_checked

    return load_checked(path, "regions file", KIND, build=_read_regions,
                        to_json=_regions_to_json, from_json=_regions_from_json)


KIND: Final = "regions2"
"""The cache kind of the regions (2: the format with kinds and verification)."""


def _read_regions(data: bytes, name: str) -> dict[str, Region]:
    from contactcheck.check.regionfile import regions_from_bytes

    return regions_from_bytes(data, name)


def _regions_to_json(found: Mapping[str, Region]) -> list[Any]:
    return [[region.code, region.name, list(region.members),
             [[line.name, line.kind, [[c.method, c.address, c.keyword] for c in line.how],
               line.hours, line.cost, line.source,
               line.verified.isoformat() if line.verified else None, line.unverified,
               line.quote, line.nation, list(line.languages), line.note]
              for line in region.lines]]
            for region in found.values()]


def _regions_from_json(data: Any, name: str) -> dict[str, Region] | None:
    """The regions `_regions_to_json` stored; None for anything else (the file is read again).

    The entry is keyed on the file's bytes and was written from regions that passed
    regionfile.py, so only its shape is checked here: every text a single line that
    cannot drive the terminal, codes unique, dates real, kinds and methods known.
    """
    try:
        found: dict[str, Region] = {}
        for code, region_name, members, lines in data:
            if _text(code) in found or not (code in (FALLBACK, EU) or _COUNTRY.match(code)):
                return None
            if type(members) is not list or not all(_COUNTRY.match(_text(m)) for m in members):
                return None
            built = []
            for (line_name, kind, how, hours, cost, source, verified, unverified, quote,
                 nation, languages, note) in lines:
                if kind not in KINDS or type(how) is not list or not how:
                    return None
                if any(way[0] not in METHODS for way in how):
                    return None
                contacts = tuple(Contact(method, _text(address), _maybe(keyword))
                                 for method, address, keyword in how)
                day = dt.date.fromisoformat(_text(verified)) if verified is not None else None
                if day is not None and day.isoformat() != verified:
                    return None
                built.append(Line(_text(line_name), kind, contacts, _text(hours), _maybe(cost),
                                  _maybe(source), day, _maybe(unverified), _maybe(quote),
                                  _maybe(nation), tuple(map(_text, languages)), _maybe(note)))
            if not built:
                return None
            found[code] = Region(code, _text(region_name), tuple(built), tuple(members))
    except (TypeError, ValueError):
        return None
    return found if FALLBACK in found else None


_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _text(value: Any) -> str:
    """`value` if it is a single-line text that cannot drive the terminal; else ValueError."""
    if (type(value) is not str or not value.strip() or value != value.strip() or "\n" in value
            or CONTROL.search(value)):
        raise ValueError("not a single-line text")
    return value


def _maybe(value: Any) -> str | None:
    return None if value is None else _text(value)


@cache
def regions() -> Mapping[str, Region]:
    """The shipped regions by code; the built-in fallback alone if the file cannot be read."""
    try:
        return load_regions()
    except (InvalidFile, OSError):
        return {FALLBACK: BUILT_IN_FALLBACK}


def known_codes() -> tuple[str, ...]:
    """The codes a person can set, sorted (EU members included), for messages."""
    codes: set[str] = set()
    for region in regions().values():
        if not region.is_fallback:
            codes.add(region.code)
            codes.update(region.members)
    return tuple(sorted(codes))


def region_for(code: str) -> Region | None:
    """The entry for a country code: its own, else the group it belongs to (EU); None if unknown."""
    code = {"UK": "GB"}.get(code.upper(), code.upper())
    known = regions()
    own = known.get(code)
    if own is not None and not own.is_fallback:
        return own
    for region in known.values():
        if code in region.members:
            return region
    return None


def fallback() -> Region:
    """The entry for "no known region": the most widely working numbers."""
    return regions().get(FALLBACK, BUILT_IN_FALLBACK)
