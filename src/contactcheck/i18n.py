"""The interface's own strings in the chosen language, from compiled gettext catalogs.

Catalogs are made at development time with Babel (`babel.cfg`; the commands are in
docs/translation.md) and shipped compiled in the wheel, as
`locale/LANG/LC_MESSAGES/contactcheck.mo` inside the package. At run time this module reads
them itself (never Babel; stdlib `gettext` only for a plural rule), and only once a language
other than English is chosen: an English run loads no catalog, and `--help` does not import
this module (`tests/test_catalog.py`).

`_("text")` translates now, `ngettext(one, many, n)` for a count; `N_("text")` only marks a
constant for extraction, translated with `_()` where it is shown (a module's constants are
made before a language is chosen). Modules that `--help` imports (errors.py, cli.py) import
`_` inside the function that shows the message.
"""

from __future__ import annotations

import gettext
import sys
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Literal, NamedTuple

from contactcheck.errors import N_

__all__ = ["N_", "_", "has_catalog", "language", "ngettext", "percent", "quantity",
           "use_language"]
# `N_` lives in errors.py, which `--help` imports (this module it must not): one copy.

DOMAIN = "contactcheck"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


_catalog: _Compiled | None = None
_language = "en"


def use_language(tag: str) -> None:
    """Show the interface in `tag` (a BCP 47 tag) from now on; English needs no catalog."""
    global _catalog, _language
    if tag == _language and (_catalog is not None or tag.split("-")[0] == "en"):
        return  # already in it (a check sets its language before and after the tree loads)
    _language = tag
    _catalog = None
    if tag.split("-")[0] == "en":
        return
    for name in (tag, tag.split("-")[0]):  # `es-MX`'s own catalog, else Spanish's
        path = _compiled(name)
        try:
            # Read directly, and only what is looked up (`_Compiled`): every start-up in the
            # language pays for it (benchmarks/bench.py).
            with path.open("rb") as file:
                _catalog = _Compiled.read(file.read())
        except OSError:
            continue
        if _catalog is not None:  # else damaged: as gettext would refuse it, the next one
            return


def _compiled(tag: str) -> Path:
    return LOCALE_DIR / tag.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.mo"


def has_catalog(tag: str) -> bool:
    """Whether the interface has a compiled catalog for `tag` (`es`, `es-MX`)."""
    return _compiled(tag).is_file()


def language() -> str:
    """The interface's language now (a BCP 47 tag), for data that carries its own translations
    (the crisis lines' names and hours in `data/regions.yaml`)."""
    return _language


def _(message: str) -> str:
    """`message` in the interface's language (itself when there is no translation)."""
    return message if _catalog is None else _catalog.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural`, as the interface's language counts `count` (Spanish has three
    forms: one, a round million, and the rest)."""
    if _catalog is None:
        return singular if count == 1 else plural
    return _catalog.ngettext(singular, plural, count)


class _Numbers(NamedTuple):
    """How a language writes a quantity and a percentage."""

    separator: str  # between groups of three digits
    fewest: int  # the fewest digits that are grouped
    before_percent: str  # between a number and its % sign


_NUMBERS: dict[str, _Numbers] = {
    "en": _Numbers(",", 4, ""),
    # The Ortografía de la lengua española (RAE and ASALE, 2010) groups the digits of a
    # quantity in threes with a space, and only in numbers of more than four digits, and writes
    # the % sign apart; the spaces are no-break spaces, so a number is never split across lines.
    # It recommends the point as the decimal sign, so a decimal is written as in English.
    "es": _Numbers("\u00a0", 5, "\u00a0"),
}


def _numbers() -> _Numbers:
    return _NUMBERS.get(_language.split("-")[0], _NUMBERS["en"])


def quantity(count: int) -> str:
    """`count` as the interface's language writes a quantity: 10,000 in English, 10 000 in
    Spanish (and 2000, ungrouped). Never for a phone number, a year or an id: those are
    written as they are."""
    numbers = _numbers()
    if len(str(abs(count))) < numbers.fewest:
        return str(count)
    return f"{count:,}".replace(",", numbers.separator)


def percent(number: str) -> str:
    """`number` (already written, such as `75.0`) as a percentage: 75.0% in English, 75.0 % in
    Spanish."""
    return f"{number}{_numbers().before_percent}%"


_LE_MAGIC, _BE_MAGIC = b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"


class _Compiled:
    """A compiled catalog (`.mo`), looked up where it lies rather than decoded whole.

    `gettext.GNUTranslations` decodes every entry when it opens a catalog (about 1-2 ms for
    ours, on every start-up in the language), while a check looks up a few dozen. A `.mo`
    file keeps its original strings sorted (the format's rule, so that they can be searched
    this way): a lookup is a binary search that decodes only what it finds. It answers as
    `GNUTranslations` does (`tests/test_catalog.py` compares every entry).
    """

    @classmethod
    def read(cls, data: bytes) -> _Compiled | None:
        """The catalog in `data`; None if it is damaged or of a version this does not read."""
        try:
            return cls(data)
        except (ValueError, IndexError):
            return None

    def __init__(self, data: bytes) -> None:
        if data[:4] not in (_LE_MAGIC, _BE_MAGIC):
            raise ValueError(data[:4])
        self._data = data
        order: Literal["little", "big"] = "little" if data[:4] == _LE_MAGIC else "big"
        version, self._count, originals, translations = (
            int.from_bytes(data[at:at + 4], order) for at in (4, 8, 12, 16))
        end = max(originals, translations) + 8 * self._count
        if version >> 16 not in (0, 1) or originals % 4 or translations % 4 or \
                end > len(data) or array("I").itemsize != 4:
            raise ValueError(version)
        # Both tables (a length and an offset for each entry), as numbers in this machine's
        # byte order.
        self._table = array("I", data[:end])
        if order != sys.byteorder:
            self._table.byteswap()
        self._originals, self._translations = originals // 4, translations // 4
        self._plural: Callable[[int], int] = lambda n: int(n != 1)
        header = self._find("")
        for line in (header[1] if header else b"").decode("utf-8").splitlines():
            name, _colon, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-type" and value.split("charset=")[-1].strip().lower() not in (
                    "utf-8", "utf8"):
                raise ValueError(value)
            if name == "plural-forms":
                self._plural = gettext.c2py(value.split(";")[1].split("plural=")[1])

    def gettext(self, message: str) -> str:
        """`message` translated; a plural entry gives its form for one, as gettext does."""
        found = self._find(message)
        if found is None:
            return message
        plural, translation = found
        if plural:
            form = self._form(translation, 1)
            return message if form is None else form
        return translation.decode("utf-8")

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of `singular`'s translation for `count`."""
        found = self._find(singular)
        form = self._form(found[1], count) if found is not None and found[0] else None
        if form is not None:
            return form
        return singular if count == 1 else plural

    def _form(self, translation: bytes, count: int) -> str | None:
        forms = translation.split(b"\0")
        index = self._plural(count)
        return forms[index].decode("utf-8") if 0 <= index < len(forms) else None

    def _find(self, message: str) -> tuple[bool, bytes] | None:
        """Whether `message`'s entry is a plural one, and its translation; None if none."""
        key, data, table = message.encode("utf-8"), self._data, self._table
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            length, start = table[self._originals + 2 * middle:self._originals + 2 * middle + 2]
            # A plural entry's original is `singular NUL plural`, sorted by its singular.
            original, nul, _rest = data[start:start + length].partition(b"\0")
            if original == key:
                length, start = table[self._translations + 2 * middle:
                                      self._translations + 2 * middle + 2]
                return bool(nul), data[start:start + length]
            if original < key:
                low = middle + 1
            else:
                high = middle
        return None
