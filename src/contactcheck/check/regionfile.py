"""The regions data file and a clinic's own lines, read strictly: bytes -> YAML -> lines.

The regions file may say its texts in other languages (docs/translation.md): a top-level
`translations:` maps each language to the file's descriptive texts (region names, hours,
costs, what a region lacks) and their translations, and must translate every one of them;
a line's own `translations:` gives a service's name in that language (only a name the
service itself uses, with its official source) and how to reach that language's service
(the same numbers; a key to press, the service's own keyword).

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
    Translated,
)
from contactcheck.errors import InvalidFile
from contactcheck.files import read_capped
from contactcheck.i18n import _
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import YMap, YNode, YScalar, YSeq, decode, parse

WHAT: Final = "regions file"
CLINIC_WHAT: Final = "resources file"
FORMAT: Final = "1"
_CODE = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/|$)")
_BUNDLED_KEYS = ("name", "kind", "how", "hours", "cost", "nation", "languages", "source",
                 "verified", "unverified", "quote", "note", "translations")
_LINE_TRANSLATION_KEYS = ("name", "name_source", "describe", "how")
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
        reader.fail(root, _("there is no fallback region (code: fallback)"),
                    _("it lists the numbers that work most widely, for anyone whose country "
                      "is not known"))
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
    if reader.mapping(root, _("the resources file"), ("format", "from", "lines"),
                      ("format", "from", "lines")) is not None:
        _format(reader, root)
        provider = _optional_text(reader, root, "from", _key("from"))
        node = reader.get(root, "lines")
        if node is not None and provider is not None:
            lines = read_lines(reader, node, _key("lines"), provider=provider)
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
        reader.fail(node, _("'format' must be {format}").format(format=FORMAT),
                    _("this version reads format {format}").format(format=FORMAT))


class _Words:
    """The file's `translations:` table: each language's translation of each descriptive text.

    Every text a result shows from the file (a region's name, a line's hours and cost, what a
    region says it lacks) must be in every language's table, and every entry must be one of
    those texts: a text changed in English and not in the table is a located problem.
    """

    def __init__(self, reader: Reader, root: YMap) -> None:
        self.reader = reader
        self.table: dict[str, dict[str, tuple[str, YNode]]] = {}
        self.used: set[tuple[str, str]] = set()
        node = reader.get(root, "translations")
        if node is None:
            return
        if not isinstance(node, YMap) or not node.entries:
            reader.fail(node, _("'translations' must map each language (es) to the file's "
                                "texts and their translations"))
            return
        for tag, (tag_node, texts) in node.entries.items():
            if not _TAG.match(tag):
                reader.fail(tag_node, _("'{tag}' under 'translations' is not a language "
                                        "tag").format(tag=tag),
                            _("write a BCP 47 tag such as es or es-MX"))
                continue
            if not isinstance(texts, YMap) or not texts.entries:
                reader.fail(texts, _("'translations: {tag}' must map each text of the file "
                                     "to its translation").format(tag=tag))
                continue
            entries: dict[str, tuple[str, YNode]] = {}
            for text, (text_node, value) in texts.entries.items():
                translated = reader.text(value, _("the translation into {tag} of "
                                                  "'{text}'").format(tag=tag, text=text),
                                         one_line=True)
                if translated is not None:
                    entries[text] = (translated, text_node)
            self.table[tag] = entries

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the file translates into."""
        return tuple(self.table)

    def of(self, tag: str, text: str, node: YNode, what: str) -> str | None:
        """`text` (written at `node`) in `tag`; a located problem when the table lacks it."""
        entry = self.table[tag].get(text)
        if entry is None:
            self.reader.fail(node, _("{what} ('{text}') has no translation into {tag}").format(
                what=what, text=text, tag=tag),
                             _("add it under 'translations: {tag}:' at the top of the "
                               "file").format(tag=tag))
            return None
        self.used.add((tag, text))
        return entry[0]

    def check_unused(self) -> None:
        """Every entry of the table translates a text of the file."""
        for tag, entries in self.table.items():
            for text, (_translated, node) in entries.items():
                if (tag, text) not in self.used:
                    self.reader.fail(node, _("'{text}' under 'translations: {tag}' is not a "
                                             "region name, hours, cost or no_national text of "
                                             "this file").format(text=text, tag=tag),
                                     _("correct it to the text it translates, or remove it"))


def _regions(reader: Reader, root: YNode) -> dict[str, Region]:
    if reader.mapping(root, _("the regions file"), ("format", "translations", "regions"),
                      ("format", "regions")) is None:
        return {}
    assert isinstance(root, YMap)
    _format(reader, root)
    words = _Words(reader, root)
    node = reader.get(root, "regions")
    found: dict[str, Region] = {}
    members: dict[str, str] = {}
    for item in reader.items(node, _key("regions"),
                             lambda item, label: _region(reader, item, label, words)) \
            if node is not None else []:
        region, region_node = item
        if region.code in found:
            reader.fail(region_node, _("the region {code} is listed twice").format(
                code=region.code))
        for member in region.members:
            if member in members:
                reader.fail(region_node, _("{member} is a member of both {first} and "
                                           "{second}").format(member=member,
                                                              first=members[member],
                                                              second=region.code))
            members[member] = region.code
        found[region.code] = region
    if not reader.problems:
        words.check_unused()
    return found


def _region(reader: Reader, node: YNode, what: str,
            words: _Words) -> tuple[Region, YNode] | None:
    count = len(reader.problems)
    if reader.mapping(node, what, ("code", "name", "members", "lines", "no_national"),
                      ("code", "name", "lines")) is None:
        return None
    assert isinstance(node, YMap)
    code = _optional_text(reader, node, "code", _of("code", what))
    name = _optional_text(reader, node, "name", _of("name", what))
    if code is not None and code not in (FALLBACK, EU) and not _CODE.match(code):
        reader.fail(reader.get(node, "code") or node,
                    _("{what} is '{code}', not a country code").format(
                        what=_of("code", what), code=code),
                    _("use the two capital letters of ISO 3166-1 (GB, US), EU or fallback"))
        code = None
    label = _("region {code}").format(code=code) if code else what
    members = _codes(reader, node, "members", _of("members", label))
    if members and code != EU:
        reader.fail(reader.get(node, "members") or node, _("only the EU entry lists members"))
    lines_node = reader.get(node, "lines")
    lines = tuple(reader.items(lines_node, _of("lines", label),
                               lambda item, item_what: _line(reader, item, item_what, None,
                                                             words),
                               lambda index: _("line {index} of {what}").format(
                                   index=index, what=label))) \
        if lines_node is not None else ()
    complete = isinstance(lines_node, YSeq) and len(lines) == len(lines_node.items)
    if complete and not any(line.kind == "emergency" for line in lines):
        assert lines_node is not None
        reader.fail(lines_node, _("{what} has no emergency number (a line of kind "
                                  "emergency)").format(what=label),
                    _("every region names its emergency number first"))
    absent_node = reader.get(node, "no_national")
    absent = tuple(reader.items(absent_node, _of("no_national", label),
                                lambda item, item_what: _absent(reader, item, item_what,
                                                                words))) \
        if absent_node is not None else ()
    for entry in absent:
        if any(line.kind == entry.kind for line in lines):
            assert absent_node is not None
            reader.fail(absent_node, _("{what} lists a {kind} line and also says it has no "
                                       "national one").format(what=label, kind=entry.kind),
                        _("keep one of the two"))
    names = []
    name_node = reader.get(node, "name")
    if name is not None and name_node is not None:
        for tag in words.languages:
            translated = words.of(tag, name, name_node, _of("name", label))
            if translated is not None:
                names.append((tag, translated))
    if len(reader.problems) > count or code is None or name is None:
        return None
    return Region(code, name, lines, members, absent, tuple(names)), node


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
        value = reader.text(value_node, _of(key, what), one_line=True)
        if value is not None:
            texts[key] = value
    return texts


def _kind(reader: Reader, node: YMap, what: str) -> tuple[YNode | None, Kind | None]:
    """The `kind:` node and the kind it names (None when missing or not a kind)."""
    kind_node = reader.get(node, "kind")
    kind: Kind | None = reader.choose(kind_node, _of("kind", what), {k: k for k in KINDS}) \
        if kind_node is not None else None
    return kind_node, kind


def _absent(reader: Reader, node: YNode, what: str, words: _Words) -> Absent | None:
    """A kind the region has no national line of: what to say, and the source that says so."""
    count = len(reader.problems)
    if reader.mapping(node, what, _ABSENT_KEYS, ("kind", "says", "named", "source")) is None:
        return None
    assert isinstance(node, YMap)
    texts = _texts(reader, node, _ABSENT_TEXTS, what)
    kind_node, kind = _kind(reader, node, what)
    if kind is not None and kind in ("emergency", *CRISIS_KINDS):
        reader.fail(kind_node or node, _("{what} says there is no {kind} line").format(
            what=what, kind=kind),
                    _("every region lists its emergency number; a missing crisis line is said "
                      "for every result already (call the emergency number instead)"))
    see = texts.get("see")
    if see is not None and not _HTTPS.match(see):
        reader.fail(reader.get(node, "see") or node, _not_https("see", what))
    verified = _verification(reader, node, what, texts)
    translations = []
    if "says" in texts and "named" in texts:
        for tag in words.languages:
            says = words.of(tag, texts["says"], reader.get(node, "says") or node,
                            _of("says", what))
            named = words.of(tag, texts["named"], reader.get(node, "named") or node,
                             _of("named", what))
            if says is not None and named is not None:
                translations.append((tag, (says, named)))
    if len(reader.problems) > count or kind is None:
        return None
    return Absent(kind, texts["says"], texts["named"], see, texts.get("source"), verified,
                  texts.get("unverified"), texts.get("quote"), texts.get("note"),
                  tuple(translations))


def _line(reader: Reader, node: YNode, what: str, provider: str | None,
          words: _Words | None = None) -> Line | None:
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
        reader.fail(kind_node or node, _("{what} is an emergency line").format(what=what),
                    _("the national emergency number is always shown from the bundled data; "
                      "list the clinic's crisis team as crisis or mental_health_urgent"))
    how_node = reader.get(node, "how")
    how = tuple(reader.items(how_node, _of("how", what),
                             lambda item, label: _contact(reader, item, label))) \
        if how_node is not None else ()
    languages = _languages(reader, node, _of("languages", what))
    nation = texts.get("nation")
    if nation is not None and nation not in NATIONS:
        reader.fail(reader.get(node, "nation") or node,
                    _("{what} is '{value}', not one of: {options}").format(
                        what=_of("nation", what), value=nation, options=", ".join(NATIONS)))
    verified = None
    translations: tuple[tuple[str, Translated], ...] = ()
    if bundled:
        verified = _verification(reader, node, what, texts)
        if words is not None and "hours" in texts:
            translations = _line_translations(reader, node, what, texts, how, kind, words)
    if len(reader.problems) > count or kind is None or not how:
        return None
    return Line(texts["name"], kind, how, texts["hours"], texts.get("cost"),
                texts.get("source"), verified, texts.get("unverified"), texts.get("quote"),
                nation, languages, texts.get("note"), provider, translations)


def _line_translations(reader: Reader, node: YMap, what: str, texts: dict[str, str],
                       how: tuple[Contact, ...], kind: Kind | None, words: _Words
                       ) -> tuple[tuple[str, Translated], ...]:
    """A bundled line in each language of the file: hours and cost from the file's table,
    its own name and how-to from its `translations:` (checked: a source, the same numbers)."""
    own: dict[str, YMap] = {}
    own_node = reader.get(node, "translations")
    if own_node is not None:
        if not isinstance(own_node, YMap) or not own_node.entries:
            reader.fail(own_node, _("{what} must map a language (es) to the line's own name "
                                    "or how-to in it").format(what=_of("translations", what)))
        else:
            for tag, (tag_node, entry) in own_node.entries.items():
                if tag not in words.languages:
                    reader.fail(tag_node, _("{what} has '{tag}', which the file's "
                                            "'translations' does not list").format(
                        what=_of("translations", what), tag=tag),
                                _("languages of the file: {tags}").format(
                                    tags=", ".join(words.languages)) if words.languages
                                else _("languages of the file: none"))
                elif reader.mapping(entry, _of(f"translations: {tag}", what),
                                    _LINE_TRANSLATION_KEYS, ()) is not None:
                    assert isinstance(entry, YMap)
                    own[tag] = entry
    found = []
    for tag in words.languages:
        hours = words.of(tag, texts["hours"], reader.get(node, "hours") or node,
                         _of("hours", what))
        cost = words.of(tag, texts["cost"], reader.get(node, "cost") or node,
                        _of("cost", what)) if "cost" in texts else None
        name = source = None
        local_how: tuple[Contact, ...] = ()
        mine = own.get(tag)
        if mine is not None:
            label = _of(f"translations: {tag}", what)
            name = _optional_text(reader, mine, "name", _of("name", label))
            source = _optional_text(reader, mine, "name_source", _of("name_source", label))
            if name is not None and source is None:
                reader.fail(mine, _("{what} gives a name without 'name_source'").format(
                    what=label),
                            _("only a name the service itself uses in that language, with the "
                              "official page that gives it (https)"))
            if source is not None and not _HTTPS.match(source):
                reader.fail(reader.get(mine, "name_source") or mine,
                            _not_https("name_source", label))
            described = _optional_text(reader, mine, "describe", _of("describe", label))
            if described is not None and name is not None:
                reader.fail(reader.get(mine, "describe") or mine,
                            _("{what} has both 'name' and 'describe'").format(what=label),
                            _("keep one of the two"))
            elif described is not None:
                lost = _kept(texts["name"], kind) - set(_WORD.findall(described))
                if lost:
                    reader.fail(reader.get(mine, "describe") or mine,
                                _("{what} drops {words} of the name '{name}'").format(
                                    what=_of("describe", label), words=", ".join(sorted(lost)),
                                    name=texts["name"]),
                                _("a description translates only the words around the "
                                  "service's own name, which it keeps as written (every word "
                                  "of it with a capital, and every number); an emergency line "
                                  "keeps its numbers"))
                else:
                    name = described
            how_node = reader.get(mine, "how")
            if how_node is not None:
                local_how = tuple(reader.items(how_node, _of("how", label),
                                               lambda item, item_label: _contact(reader, item,
                                                                                 item_label)))
                if local_how and _numbers(local_how) != _numbers(how):
                    reader.fail(how_node, _("{what} does not reach the line's numbers").format(
                        what=_of("how", label)),
                                _("a translation changes how to ask (a key to press, the "
                                  "service's keyword), never the numbers: {numbers}").format(
                                    numbers=", ".join(sorted({address for _method, address
                                                              in _numbers(how)}))))
        if hours is not None:
            found.append((tag, Translated(hours, cost, name, source, local_how)))
    return tuple(found)


_WORD = re.compile(r"[\w'\u2019]+")


def _kept(name: str, kind: Kind | None) -> set[str]:
    """What a description of `name` must keep: the service's own name (its capitalised words)
    and its numbers; for an emergency line, whose name describes the number, the numbers."""
    return {word for word in _WORD.findall(name)
            if word[0].isdigit() or (kind != "emergency" and word[0].isupper())}


def _numbers(how: Iterable[Contact]) -> set[tuple[str, str]]:
    """The numbers to call or text (not a chat's web address)."""
    return {(contact.method, contact.address) for contact in how if contact.method != "chat"}


def _verification(reader: Reader, node: YMap, what: str, texts: dict[str, str]) -> dt.date | None:
    """The verified date; the source is https; verified (with a quote), or says why not."""
    source = texts.get("source")
    if source is None:
        if "source" in node.entries:
            reader.fail(reader.get(node, "source") or node,
                        _("{what} is empty").format(what=_of("source", what)),
                        _("every line names the official page (the service or a government) "
                          "that gives it"))
    elif not _HTTPS.match(source):
        reader.fail(reader.get(node, "source") or node, _not_https("source", what))
    day_text, why = texts.get("verified"), texts.get("unverified")
    if day_text is None and why is None:
        reader.fail(node, _("{what} has neither 'verified' (the day its source was read) nor "
                            "'unverified' (why not)").format(what=what))
        return None
    if day_text is not None and why is not None:
        reader.fail(reader.get(node, "unverified") or node,
                    _("{what} is both verified and unverified").format(what=what),
                    _("keep one of the two"))
        return None
    if day_text is None:
        return None
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        day = None
    if day is None or day.isoformat() != day_text:
        reader.fail(reader.get(node, "verified") or node,
                    _("{what} is not a date").format(what=_of("verified", what)),
                    _("write it as YYYY-MM-DD"))
        return None
    if day > dt.date.today():
        reader.fail(reader.get(node, "verified") or node,
                    _("{what} is in the future").format(what=_of("verified", what)))
        return None
    if "quote" not in texts:
        reader.fail(node, _("{what} is verified but keeps no 'quote'").format(what=what),
                    _("copy the sentence of the source that gives the number"))
    return day


def _contact(reader: Reader, node: YNode, what: str) -> Contact | None:
    if not isinstance(node, YMap) or not node.entries:
        reader.fail(node, _("{what} must be one of {{call: NUMBER}}, {{text: NUMBER}} (with "
                            "keyword: WORD if needed) or {{chat: https://...}}").format(what=what))
        return None
    method = next(iter(node.entries))
    if method not in METHODS:
        reader.fail(node.entries[method][0], _("{what} starts with '{method}'").format(
            what=what, method=method),
                    _("use one of: {options}").format(options=", ".join(METHODS)))
        return None
    allowed = {"text": (method, "keyword"), "call": (method, "press")}.get(method, (method,))
    if reader.mapping(node, what, allowed, (method,)) is None:
        return None
    count = len(reader.problems)
    address = _optional_text(reader, node, method, _of(method, what))
    keyword = _optional_text(reader, node, "keyword", _of("keyword", what))
    press = _optional_text(reader, node, "press", _of("press", what))
    if press is not None and not re.fullmatch(r"[0-9*#]{1,3}", press):
        reader.fail(reader.get(node, "press") or node,
                    _("{what} is '{value}', not a key").format(what=_of("press", what),
                                                               value=press),
                    _('a digit, * or # (press: "2")'))
    if address is not None and method == "chat" and not address.startswith("https://"):
        reader.fail(reader.get(node, method) or node,
                    _("{what} must be an https address").format(what=_of("chat", what)))
    if address is not None and method != "chat" and not re.fullmatch(r"[0-9][0-9 \-]*[0-9]|[0-9]",
                                                                      address):
        reader.fail(reader.get(node, method) or node,
                    _("{what} is '{value}', not a number").format(what=_of(method, what),
                                                                  value=address),
                    _("digits, spaces and hyphens only (write 1-800-799-7233, not "
                      "800-799-SAFE)"))
    if len(reader.problems) > count or address is None:
        return None
    return Contact(method, address, keyword, press)


def _key(key: str) -> str:
    """A key of the file, quoted as the interface's language quotes it ('lines', «lines»)."""
    return _("'{key}'").format(key=key)


def _of(key: str, what: str) -> str:
    """The value under `key` of `what`, as a message names it ("'hours' of line 1 of ...")."""
    return _("'{key}' of {what}").format(key=key, what=what)


def _not_https(key: str, what: str) -> str:
    return _("{what} is not an https web address").format(what=_of(key, what))


def _optional_text(reader: Reader, node: YMap, key: str, what: str) -> str | None:
    value = reader.get(node, key)
    return reader.text(value, what, one_line=True) if value is not None else None


def _codes(reader: Reader, node: YMap, key: str, what: str) -> tuple[str, ...]:
    value = reader.get(node, key)
    if value is None or (isinstance(value, YSeq) and not value.items):
        return ()
    return tuple(_each(reader, value, what, _CODE, _("a two-letter country code in capitals")))


def _languages(reader: Reader, node: YMap, what: str) -> tuple[str, ...]:
    value = reader.get(node, "languages")
    if value is None:
        return ()
    return tuple(_each(reader, value, what, _LANGUAGE, _("a language code such as en or cy")))


def _each(reader: Reader, node: YNode, what: str, pattern: re.Pattern[str],
          meaning: str) -> list[str]:
    def one(item: YNode, label: str) -> str | None:
        text = reader.text(item, label, one_line=True)
        if text is not None and not pattern.match(text):
            reader.fail(item, _("{what} is '{value}', not {meaning}").format(
                what=label, value=text, meaning=meaning))
            return None
        return text

    found: Callable[[YNode, str], str | None] = one
    return reader.items(node, what, found)
