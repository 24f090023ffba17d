"""Emergency numbers, crisis and support lines by region: the model, and the shipped data.

The data file (`data/regions.yaml`) is read strictly by regionfile.py. Every
line says what kind it is, how to reach it, its hours, its source, and either
the day that source was really read (`verified`) or why it was not. If the
file could not be read, `BUILT_IN_FALLBACK` still lists the numbers that work
most widely (112, 911, 999): nothing may hide the route to help.
"""

# No `from __future__ import annotations` here: these records are read back from their stored
# form on every start-up (prebuilt.py), and msgspec would compile each string annotation to
# learn their types first, ~1 ms of every check (benchmarks/bench.py, side by side).

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Final, Literal

from msgspec import Struct, structs

from contactcheck.errors import InvalidFile
from contactcheck.i18n import N_, _, language

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

NATIONS: Final = (N_("England"), N_("Wales"), N_("Scotland"), N_("Northern Ireland"))
"""The UK nations a GB line may be labelled with (their services differ)."""


class Contact(Struct, frozen=True):
    """One way to reach a line."""

    method: Method
    address: str
    """The number to call or text, or the web address of a chat."""
    keyword: str | None = None
    """The word to text (e.g. SHOUT to 85258), if the service asks for one. The service's own
    word: never translated (988's Spanish keyword is AYUDA because 988 says so)."""
    press: str | None = None
    """The key to press once the call is answered, if a language or service has its own
    option (988 in Spanish: press 2)."""

    def words(self) -> str:
        """The contact as a person reads it: "call 116 123", "text SHOUT to 85258"."""
        if self.method == "text" and self.keyword:
            return _("text {keyword} to {address}").format(keyword=self.keyword,
                                                          address=self.address)
        if self.method == "chat":
            return _("chat at {address}").format(address=self.address)
        if self.press:
            return _("call {address} and press {key}").format(address=self.address,
                                                             key=self.press)
        return _(_METHOD_WORDS[self.method]).format(numbers=self.address)


_METHOD_WORDS = {"call": N_("call {numbers}"), "text": N_("text {numbers}")}
"""How each method reads before its numbers ("call 112, 15 or 17")."""


class Translated(Struct, frozen=True):
    """A line in another language: its hours and cost, and its own name and how-to if it has one.

    Built by the reader (regionfile.py) from the file's `translations:` (hours and cost) and
    the line's own `translations:` (a name the service itself uses in that language, with its
    source, and how to reach that language's service: 988's "press 2", "text AYUDA")."""

    hours: str
    cost: str | None = None
    name: str | None = None
    """The service's own name in that language (or, for an emergency line whose name only
    describes the number, that description in the language); None: it keeps its name."""
    name_source: str | None = None
    """The official page that gives `name` (https)."""
    how: tuple[Contact, ...] = ()
    """How to reach the service in that language (the same numbers); () for the line's own."""


class Line(Struct, frozen=True):
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
    translations: tuple[tuple[str, Translated], ...] = ()
    """The line in other languages, by language tag (bundled lines: every language the data
    file translates into)."""

    def in_language(self, tag: str | None = None) -> "Line":
        """The line as shown in `tag` (default: the interface's language); itself if untranslated.

        Only the descriptive parts change: the numbers, a service's keywords and, unless the
        service has its own name in that language, its name stay as the service defines them.
        """
        tag = tag or language()
        found = dict(self.translations)
        words = found.get(tag) or found.get(tag.split("-")[0])
        if words is None:
            return self
        return structs.replace(self, name=words.name or self.name, hours=words.hours,
                               cost=words.cost, how=words.how or self.how, translations=())

    def how_words(self) -> str:
        """Every way to reach it: "Call 988, or text 988"; "Call 112, 15 or 17, or text 114"."""
        groups: dict[str, list[str]] = {}
        for contact in self.how:
            if contact.keyword or contact.press or contact.method == "chat":
                groups[contact.words()] = []
            else:
                groups.setdefault(contact.method, []).append(contact.address)
        words = [_(_METHOD_WORDS[head]).format(numbers=_either(numbers)) if numbers else head
                 for head, numbers in groups.items()]
        text = words[0] if len(words) == 1 else \
            _("{some}, or {last}").format(some=_(", ").join(words[:-1]), last=words[-1])
        return text[0].upper() + text[1:]

    def named(self) -> str:
        """The line as tree text names it (`{crisis}`): "Samaritans (call 116 123)"."""
        how = self.how_words()
        return f"{self.name} ({how[0].lower()}{how[1:]})"

    @property
    def numbers(self) -> str:
        """The numbers to call, e.g. "999" or "112 or 999" (for "call the emergency number")."""
        calls = [contact.address for contact in self.how if contact.method == "call"]
        return _either(calls) if calls else self.how_words()

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Whether its verification is more than a year old."""
        if self.verified is None:
            return False
        return ((today or dt.date.today()) - self.verified).days > STALE_AFTER_DAYS


class Absent(Struct, frozen=True):
    """A kind of line a region has no national service of, said plainly and sourced.

    Canada has no national child-protection line (each province runs its own): a result
    that asks for one says so, and names where to turn, rather than showing nothing.
    """

    kind: Kind
    says: str
    """The sentence shown: "Canada has no national child-protection line: ..."."""
    named: str
    """How tree text names it (`{child_protection}`): "your province's child-protection service"."""
    see: str | None = None
    """An official https page listing the local services, if there is one."""
    source: str | None = None
    """The official page that says how it is organised (https)."""
    verified: dt.date | None = None
    """The day `source` was really read; None when it was not (see `unverified`)."""
    unverified: str | None = None
    quote: str | None = None
    note: str | None = None
    translations: tuple[tuple[str, tuple[str, str]], ...] = ()
    """`says` and `named` in other languages, by language tag."""

    def is_stale(self, today: dt.date | None = None) -> bool:
        """Whether its verification is more than a year old."""
        if self.verified is None:
            return False
        return ((today or dt.date.today()) - self.verified).days > STALE_AFTER_DAYS

    def in_language(self, tag: str) -> "Absent":
        """The entry as shown in `tag`; itself if untranslated."""
        found = dict(self.translations)
        words = found.get(tag) or found.get(tag.split("-")[0])
        if words is None:
            return self
        return structs.replace(self, says=words[0], named=words[1], translations=())


def _either(items: list[str]) -> str:
    """"112 or 999", "112, 15 or 17" in the interface's language."""
    if len(items) == 1:
        return items[0]
    return _("{some} or {last}").format(some=_(", ").join(items[:-1]), last=items[-1])


class Region(Struct, frozen=True):
    """The lines of one country (or of the EU, or of the fallback)."""

    code: str
    name: str
    lines: tuple[Line, ...]
    """At least one emergency line; in the data file's order."""
    members: tuple[str, ...] = ()
    """Countries this entry covers besides its own code (the EU's member states)."""
    absent: tuple[Absent, ...] = ()
    """The kinds this region has no national line of, each said with its source."""
    translations: tuple[tuple[str, str], ...] = ()
    """The region's name in other languages, as it reads in a sentence ("el Reino Unido")."""

    def in_language(self, tag: str | None = None) -> "Region":
        """The region as a result shows it in `tag` (default: the interface's language):
        its name, its lines and what it says it lacks; itself in the data's own language."""
        tag = tag or language()
        if self == BUILT_IN_FALLBACK:  # no data file to translate it: the catalog's words
            return _built_in(_) if tag == language() else self
        found = dict(self.translations)
        name = found.get(tag) or found.get(tag.split("-")[0])
        if name is None:
            return self
        return structs.replace(
            self, name=name, translations=(),
            lines=tuple(line.in_language(tag) for line in self.lines),
            absent=tuple(entry.in_language(tag) for entry in self.absent))

    def absent_kind(self, kind: str) -> Absent | None:
        """What the region says instead of a line of `kind`, if it has no national one."""
        return next((entry for entry in self.absent if entry.kind == kind), None)

    def of_kind(self, *kinds: Kind) -> tuple[Line, ...]:
        """The lines of these kinds, in the data file's order."""
        return tuple(line for line in self.lines if line.kind in kinds)

    def lines_of(self, kind: str) -> tuple[Line, ...]:
        """The lines of one kind (any text: a tree's placeholder), in the data file's order."""
        return tuple(line for line in self.lines if line.kind == kind)

    @property
    def emergency(self) -> str:
        """The number to call in an emergency: the first of each emergency line ("995 or 999")."""
        return _either(list(self.emergency_numbers))

    @property
    def emergency_numbers(self) -> tuple[str, ...]:
        """The first number of each emergency line, once each: ("995", "999")."""
        firsts = [next((c.address for c in line.how if c.method == "call"), line.how[0].address)
                  for line in self.of_kind("emergency")]
        return tuple(dict.fromkeys(firsts))

    @property
    def is_fallback(self) -> bool:
        """Whether this is the entry for "no known region"."""
        return self.code == FALLBACK


_FALLBACK_SOURCES = {
    "112": "https://digital-strategy.ec.europa.eu/en/policies/112",
    "911": "https://www.911.gov/",
    "999": "https://www.gov.uk/guidance/999-and-112-the-uks-national-emergency-numbers",
}
_FALLBACK_LINES = (
    ("112", N_("112, on a mobile across the EU and in many other countries")),
    ("911", N_("911 in the US, Canada, Mexico and many other countries")),
    ("999", N_("999 in the UK, Ireland and many other countries")),
)
_FALLBACK_NAME = N_("anywhere (no country set)")
_FALLBACK_WHY = N_("built in: the regions file could not be read")
_ALWAYS = N_("24/7")


def _built_in(words: Callable[[str], str]) -> Region:
    """The built-in fallback with its texts passed through `words` (`str`: English; `_`: the
    interface's language, from the catalog, as there is no data file to translate them)."""
    return Region(
        code=FALLBACK,
        name=words(_FALLBACK_NAME),
        lines=tuple(
            Line(words(name), "emergency", (Contact("call", number),), words(_ALWAYS),
                 source=_FALLBACK_SOURCES[number], unverified=words(_FALLBACK_WHY))
            for number, name in _FALLBACK_LINES),
    )


BUILT_IN_FALLBACK: Final = _built_in(str)
"""Used only when the data file cannot be read: the most widely working numbers."""


def load_regions(path: Path = DATA_FILE) -> dict[str, Region]:
    """Read a regions data file strictly; raise `InvalidFile` (every problem located).

    The shipped file is built once and kept while the package is unchanged (`prebuilt.py`).
    """
    from contactcheck import prebuilt

    return prebuilt.load_own(path, KIND, _read_regions, dict[str, Region], name=str(path),
                             what=WHAT)


KIND: Final = "regions"
"""The kind of the kept regions (`prebuilt.py`)."""
WHAT: Final = "regions file"


def _read_regions(data: bytes, name: str) -> dict[str, Region]:
    from contactcheck.check.regionfile import regions_from_bytes

    return regions_from_bytes(data, name)


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
