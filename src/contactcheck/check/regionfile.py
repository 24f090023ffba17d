"""The regions data file and a clinic's own lines, read strictly: bytes -> YAML -> lines.

One reader for every line, wherever it is written: the shipped regions file,
a clinic's `--resources FILE`, and a practice file's `crisis_lines:` (which
calls `read_lines`). A bundled line must name its official source (https) and
either the day it was verified, with the sentence that says so, or why not.
A clinic's line is the clinic's own word, so it needs neither; it may not be
an `emergency` line: the national emergency number is always the bundled one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

from contactcheck.check.resources import (
    CRISIS_KINDS,
    EU,
    FALLBACK,
    KINDS,
    METHODS,
    NATIONS,
    Absent,
    Contact,
    Kind,
    Line,
    Region,
)
from contactcheck.errors import InvalidFile
from contactcheck.files import read_capped
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import YMap, YNode, YScalar, YSeq, decode, parse

WHAT: Final = "regions file"
CLINIC_WHAT: Final = "resources file"
FORMAT: Final = "1"
_CODE = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_BUNDLED_KEYS = ("name", "kind", "how", "hours", "cost", "nation", "languages", "source",
                 "verified", "unverified", "quote", "note")
_CLINIC_KEYS = ("name", "kind", "how", "hours", "cost", "nation", "languages", "note")
_TEXTS = ("name", "hours", "cost", "nation", "source", "verified", "unverified", "quote", "note")
_ABSENT_KEYS = ("kind", "says", "named", "see", "source", "verified", "unverified", "quote",
                "note")
_ABSENT_TEXTS = ("says", "named", "see", "source", "verified", "unverified", "quote", "note")


def regions_from_file(path: Path) -> dict[str, Region]:
    """The regions in a data file; raise `InvalidFile` listing every problem."""
    name = str(path)
    return regions_from_bytes(read_capped(path, name, WHAT), name)


def regions_from_bytes(data: bytes, name: str) -> dict[str, Region]:
    """The regions in a data file's bytes; raise `InvalidFile` listing every problem."""
    source = decode(data, name, WHAT)
    root = parse(source, WHAT)
    reader = Reader(source)
    found = _regions(reader, root)
    if not reader.problems and FALLBACK not in found:
        reader.fail(root, "there is no fallback region (code: fallback)",
                    "it lists the numbers that work most widely, for anyone whose country is "
                    "not known")
    if reader.problems:
        raise InvalidFile(reader.problems, WHAT)
    return found


def clinic_lines_from_file(path: Path) -> tuple[Line, ...]:
    """A clinic's own lines (`--resources FILE`); raise `InvalidFile` (exit 3), located."""
    name = str(path)
    source = decode(read_capped(path, name, CLINIC_WHAT), name, CLINIC_WHAT)
    root = parse(source, CLINIC_WHAT)
    reader = Reader(source)
    lines: tuple[Line, ...] = ()
    if reader.mapping(root, "the resources file", ("format", "from", "lines"),
                      ("format", "from", "lines")) is not None:
        _format(reader, root)
        provider = _optional_text(reader, root, "from", "'from'")
        node = reader.get(root, "lines")
        if node is not None and provider is not None:
            lines = read_lines(reader, node, "'lines'", provider=provider)
    if reader.problems:
        raise InvalidFile(sorted(reader.problems, key=lambda p: (p.line, p.col)), CLINIC_WHAT)
    return lines


def read_lines(reader: Reader, node: YNode, what: str, *, provider: str) -> tuple[Line, ...]:
    """A clinic's or practice's own lines (a list), each checked; problems go to `reader`.

    `provider` names whose lines they are ("Riverside clinic"), shown beside each.
    """
    found = reader.items(node, what, lambda item, label: _line(reader, item, label, provider))
    return tuple(found)


def _format(reader: Reader, root: YMap) -> None:
    node = reader.get(root, "format")
    if node is not None and not (isinstance(node, YScalar) and node.value == FORMAT):
        reader.fail(node, f"'format' must be {FORMAT}", "this version reads format 1")


def _regions(reader: Reader, root: YNode) -> dict[str, Region]:
    if reader.mapping(root, "the regions file", ("format", "regions"),
                      ("format", "regions")) is None:
        return {}
    assert isinstance(root, YMap)
    _format(reader, root)
    node = reader.get(root, "regions")
    found: dict[str, Region] = {}
    members: dict[str, str] = {}
    for item in reader.items(node, "'regions'", lambda item, label: _region(reader, item, label)) \
            if node is not None else []:
        region, region_node = item
        if region.code in found:
            reader.fail(region_node, f"the region {region.code} is listed twice")
        for member in region.members:
            if member in members:
                reader.fail(region_node, f"{member} is a member of both {members[member]} and "
                            f"{region.code}")
            members[member] = region.code
        found[region.code] = region
    return found


def _region(reader: Reader, node: YNode, what: str) -> tuple[Region, YNode] | None:
    count = len(reader.problems)
    if reader.mapping(node, what, ("code", "name", "members", "lines", "no_national"),
                      ("code", "name", "lines")) is None:
        return None
    assert isinstance(node, YMap)
    code = _optional_text(reader, node, "code", f"'code' of {what}")
    name = _optional_text(reader, node, "name", f"'name' of {what}")
    if code is not None and code not in (FALLBACK, EU) and not _CODE.match(code):
        reader.fail(reader.get(node, "code") or node,
                    f"'code' of {what} is '{code}', not a country code",
                    "use the two capital letters of ISO 3166-1 (GB, US), EU or fallback")
        code = None
    label = f"region {code}" if code else what
    members = _codes(reader, node, "members", f"'members' of {label}")
    if members and code != EU:
        reader.fail(reader.get(node, "members") or node, "only the EU entry lists members")
    lines_node = reader.get(node, "lines")
    lines = tuple(reader.items(lines_node, f"'lines' of {label}",
                               lambda item, item_what: _line(reader, item, item_what, None),
                               lambda index: f"line {index} of {label}")) \
        if lines_node is not None else ()
    complete = isinstance(lines_node, YSeq) and len(lines) == len(lines_node.items)
    if complete and not any(line.kind == "emergency" for line in lines):
        assert lines_node is not None
        reader.fail(lines_node, f"{label} has no emergency number (a line of kind emergency)",
                    "every region names its emergency number first")
    absent_node = reader.get(node, "no_national")
    absent = tuple(reader.items(absent_node, f"'no_national' of {label}",
                                lambda item, item_what: _absent(reader, item, item_what))) \
        if absent_node is not None else ()
    for entry in absent:
        if any(line.kind == entry.kind for line in lines):
            assert absent_node is not None
            reader.fail(absent_node, f"{label} lists a {entry.kind} line and also says it has "
                        "no national one", "keep one of the two")
    if len(reader.problems) > count or code is None or name is None:
        return None
    return Region(code, name, lines, members, absent), node


def _texts(reader: Reader, node: YMap, keys: Iterable[str], what: str, *,
           blank_allowed: Iterable[str] = ()) -> dict[str, str]:
    """The one-line texts of `node` under `keys` that are there and valid (else a problem)."""
    texts: dict[str, str] = {}
    for key in keys:
        value_node = reader.get(node, key)
        if value_node is None:
            continue
        if key in blank_allowed and isinstance(value_node, YScalar) and \
                not value_node.value.strip():
            continue
        value = reader.text(value_node, f"'{key}' of {what}", one_line=True)
        if value is not None:
            texts[key] = value
    return texts


def _kind(reader: Reader, node: YMap, what: str) -> tuple[YNode | None, Kind | None]:
    """The `kind:` node and the kind it names (None when missing or not a kind)."""
    kind_node = reader.get(node, "kind")
    kind: Kind | None = reader.choose(kind_node, f"'kind' of {what}", {k: k for k in KINDS}) \
        if kind_node is not None else None
    return kind_node, kind


def _absent(reader: Reader, node: YNode, what: str) -> Absent | None:
    """A kind the region has no national line of: what to say, and the source that says so."""
    count = len(reader.problems)
    if reader.mapping(node, what, _ABSENT_KEYS, ("kind", "says", "named", "source")) is None:
        return None
    assert isinstance(node, YMap)
    texts = _texts(reader, node, _ABSENT_TEXTS, what)
    kind_node, kind = _kind(reader, node, what)
    if kind is not None and kind in ("emergency", *CRISIS_KINDS):
        reader.fail(kind_node or node, f"{what} says there is no {kind} line",
                    "every region lists its emergency number; a missing crisis line is said "
                    "for every result already (call the emergency number instead)")
    see = texts.get("see")
    if see is not None and not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/|$)", see):
        reader.fail(reader.get(node, "see") or node, f"'see' of {what} is not an https web address")
    verified = _verification(reader, node, what, texts)
    if len(reader.problems) > count or kind is None:
        return None
    return Absent(kind, texts["says"], texts["named"], see, texts.get("source"), verified,
                  texts.get("unverified"), texts.get("quote"), texts.get("note"))


def _line(reader: Reader, node: YNode, what: str, provider: str | None) -> Line | None:
    """One line: bundled when `provider` is None (source and verification required)."""
    count = len(reader.problems)
    bundled = provider is None
    required = ("name", "kind", "how", "hours", "source") if bundled else \
        ("name", "kind", "how", "hours")
    if reader.mapping(node, what, _BUNDLED_KEYS if bundled else _CLINIC_KEYS,
                      required) is None:
        return None
    assert isinstance(node, YMap)
    # Bundled lines may write these as "" on purpose: the rules below say what is missing.
    texts = _texts(reader, node, _TEXTS, what,
                   blank_allowed=("verified", "unverified", "quote", "source") if bundled else ())
    kind_node, kind = _kind(reader, node, what)
    if kind == "emergency" and not bundled:
        reader.fail(kind_node or node, f"{what} is an emergency line",
                    "the national emergency number is always shown from the bundled data; "
                    "list the clinic's crisis team as crisis or mental_health_urgent")
    how_node = reader.get(node, "how")
    how = tuple(reader.items(how_node, f"'how' of {what}",
                             lambda item, label: _contact(reader, item, label))) \
        if how_node is not None else ()
    languages = _languages(reader, node, f"'languages' of {what}")
    nation = texts.get("nation")
    if nation is not None and nation not in NATIONS:
        reader.fail(reader.get(node, "nation") or node,
                    f"'nation' of {what} is '{nation}', not one of: {', '.join(NATIONS)}")
    verified = None
    if bundled:
        verified = _verification(reader, node, what, texts)
    if len(reader.problems) > count or kind is None or not how:
        return None
    return Line(texts["name"], kind, how, texts["hours"], texts.get("cost"),
                texts.get("source"), verified, texts.get("unverified"), texts.get("quote"),
                nation, languages, texts.get("note"), provider)


def _verification(reader: Reader, node: YMap, what: str, texts: dict[str, str]) -> dt.date | None:
    """The verified date; the source is https; verified (with a quote), or says why not."""
    source = texts.get("source")
    if source is None:
        if "source" in node.entries:
            reader.fail(reader.get(node, "source") or node, f"'source' of {what} is empty",
                        "every line names the official page (the service or a government) "
                        "that gives it")
    elif not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/|$)", source):
        reader.fail(reader.get(node, "source") or node,
                    f"'source' of {what} is not an https web address")
    day_text, why = texts.get("verified"), texts.get("unverified")
    if day_text is None and why is None:
        reader.fail(node, f"{what} has neither 'verified' (the day its source was read) "
                    "nor 'unverified' (why not)")
        return None
    if day_text is not None and why is not None:
        reader.fail(reader.get(node, "unverified") or node,
                    f"{what} is both verified and unverified", "keep one of the two")
        return None
    if day_text is None:
        return None
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        day = None
    if day is None or day.isoformat() != day_text:
        reader.fail(reader.get(node, "verified") or node,
                    f"'verified' of {what} is not a date", "write it as YYYY-MM-DD")
        return None
    if day > dt.date.today():
        reader.fail(reader.get(node, "verified") or node,
                    f"'verified' of {what} is in the future")
        return None
    if "quote" not in texts:
        reader.fail(node, f"{what} is verified but keeps no 'quote'",
                    "copy the sentence of the source that gives the number")
    return day


def _contact(reader: Reader, node: YNode, what: str) -> Contact | None:
    if not isinstance(node, YMap) or not node.entries:
        reader.fail(node, f"{what} must be one of {{call: NUMBER}}, {{text: NUMBER}} "
                    "(with keyword: WORD if needed) or {chat: https://...}")
        return None
    method = next(iter(node.entries))
    if method not in METHODS:
        reader.fail(node.entries[method][0], f"{what} starts with '{method}'",
                    f"use one of: {', '.join(METHODS)}")
        return None
    allowed = (method, "keyword") if method == "text" else (method,)
    if reader.mapping(node, what, allowed, (method,)) is None:
        return None
    count = len(reader.problems)
    address = _optional_text(reader, node, method, f"'{method}' of {what}")
    keyword = _optional_text(reader, node, "keyword", f"'keyword' of {what}")
    if address is not None and method == "chat" and not address.startswith("https://"):
        reader.fail(reader.get(node, method) or node, f"'chat' of {what} must be an https address")
    if address is not None and method != "chat" and not re.fullmatch(r"[0-9][0-9 \-]*[0-9]|[0-9]",
                                                                      address):
        reader.fail(reader.get(node, method) or node,
                    f"'{method}' of {what} is '{address}', not a number",
                    "digits, spaces and hyphens only (write 1-800-799-7233, not 800-799-SAFE)")
    if len(reader.problems) > count or address is None:
        return None
    return Contact(method, address, keyword)


def _optional_text(reader: Reader, node: YMap, key: str, what: str) -> str | None:
    value = reader.get(node, key)
    return reader.text(value, what, one_line=True) if value is not None else None


def _codes(reader: Reader, node: YMap, key: str, what: str) -> tuple[str, ...]:
    value = reader.get(node, key)
    if value is None or (isinstance(value, YSeq) and not value.items):
        return ()
    return tuple(_each(reader, value, what, _CODE, "a two-letter country code in capitals"))


def _languages(reader: Reader, node: YMap, what: str) -> tuple[str, ...]:
    value = reader.get(node, "languages")
    if value is None:
        return ()
    return tuple(_each(reader, value, what, _LANGUAGE, "a language code such as en or cy"))


def _each(reader: Reader, node: YNode, what: str, pattern: re.Pattern[str],
          meaning: str) -> list[str]:
    def one(item: YNode, label: str) -> str | None:
        text = reader.text(item, label, one_line=True)
        if text is not None and not pattern.match(text):
            reader.fail(item, f"{label} is '{text}', not {meaning}")
            return None
        return text

    found: Callable[[YNode, str], str | None] = one
    return reader.items(node, what, found)
