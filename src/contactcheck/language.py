"""Which language a check speaks: BCP 47 tags, and the one order of choosing one.

`--lang`, then `CONTACTCHECK_LANG`, then the locale (`LANGUAGE`'s list of preferences,
`LC_ALL`, `LC_MESSAGES`, `LANG`, as gettext reads them), else the tree's own language.
Read from the environment only: no `locale` import, and no catalog is read here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping

from msgspec import Struct

from contactcheck.errors import N_
from contactcheck.i18n import _, has_catalog
from contactcheck.textsafe import safe_text

LANG_VARIABLE = "CONTACTCHECK_LANG"
UNDETERMINED = "und"
"""BCP 47's tag for a language not determined: what a choice is made against before the
tree's own language is known."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A language tag as files and flags write it: `es`, `es-MX`, `pt-BR`, `sr-Latn` (a subset of
BCP 47 that is enough for a file name and a flag)."""

NAMES: Mapping[str, str] = {"en": "English", "es": "español", "fr": "français",
                            "de": "Deutsch", "cy": "Cymraeg", "pt": "português"}
"""Each language named in itself, for messages; others are shown by their tag."""


def normalize_tag(tag: str) -> str | None:
    """`tag` in its usual case (`es-mx` -> `es-MX`, `SR_latn` -> `sr-Latn`), or None if it is
    not a language tag. A locale's `_` reads as `-`."""
    tag = tag.strip().replace("_", "-")
    if not TAG.fullmatch(tag):
        return None
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def fallbacks(tag: str) -> list[str]:
    """`es-MX` -> [`es-MX`, `es`]: the tag, then each shorter form."""
    parts = tag.split("-")
    return ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]


def language_name(tag: str) -> str:
    """The language as people read its name: `español (es)`."""
    name = NAMES.get(tag.split("-")[0])
    return f"{name} ({tag})" if name else tag


def locale_languages(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages of the locale settings, most wanted first; none under `C`, `POSIX` or
    nothing set.

    As gettext reads them: the first of LC_ALL, LC_MESSAGES, LANG that is set is the locale;
    under a C or POSIX locale (or none) there is no language, and LANGUAGE (a list of
    preferences such as `fr:es`) is read only when there is one, before the locale's own.
    """
    environ = os.environ if environ is None else environ
    locale = next((value for value in (environ.get(name, "").strip()
                                       for name in LOCALE_VARIABLES[1:]) if value), "")
    if _base(locale) in ("", "C", "POSIX"):
        return []
    listed = [_base(part) for part in environ.get("LANGUAGE", "").strip().split(":")]
    tags = (normalize_tag(part) for part in (*listed, _base(locale)) if part)
    return list(dict.fromkeys(tag for tag in tags if tag is not None))


def _base(locale: str) -> str:
    """`es_MX.UTF-8@euro` -> `es_MX`."""
    return locale.split(".")[0].split("@")[0]


class LanguageChoice(Struct, frozen=True):
    """The language a check uses, and why."""

    lang: str
    """The tag used."""
    asked: str | None
    """What was asked for (flag, variable or locale), or None when nothing was."""
    how: str
    """Where the request came from: `--lang`, `CONTACTCHECK_LANG`, `the locale`, or
    `the tree's own language`."""
    fell_back: bool = False
    """Whether the asked-for language is not available, so the source language is used."""

    @property
    def wanted(self) -> str | None:
        """The asked-for language as a tag (None if what was asked is not one): the
        language to say the note in, if the interface has it."""
        return normalize_tag(self.asked) if self.asked is not None else None

    @property
    def note(self) -> str | None:
        """Said once when the asked-for language is not available, in the interface's
        language at the time it is read."""
        if not self.fell_back:
            return None
        shown = safe_text(self.asked or "")[:40]
        if self.wanted is None:
            return _("note: '{lang}' (from {how}) is not a language tag like es or es-MX; the "
                     "tree is shown in the language it was written in, {language}.").format(
                lang=shown, how=_(self.how), language=language_name(self.lang))
        return _("note: this tree has no translation into '{lang}' (from {how}); it is shown "
                 "in the language it was written in, {language}.").format(
            lang=shown, how=_(self.how), language=language_name(self.lang))


def choose_language(flag: str | None, source_lang: str,
                    has: Callable[[str], bool],
                    environ: Mapping[str, str] | None = None) -> LanguageChoice:
    """The language to use, from `--lang`, the variable, the locale, else `source_lang`.

    `has(tag)` says whether the tree has a translation into `tag`. A language the tree lacks
    falls back to `source_lang`, with a note saying so; nothing is ever refused for it (a
    language must never stand between a person and the danger screen).
    """
    environ = os.environ if environ is None else environ
    asked: list[str] = []
    how = N_("the tree's own language")
    variable = environ.get(LANG_VARIABLE, "").strip()
    if flag is not None and flag.strip():
        asked, how = [flag.strip()], "--lang"
    elif variable:
        asked, how = [variable], LANG_VARIABLE
    else:
        asked = locale_languages(environ)
        if asked:
            how = N_("the locale")
    if not asked:
        return LanguageChoice(source_lang, None, how)
    for wanted in asked:  # in the order of preference (LANGUAGE lists several)
        tag = normalize_tag(wanted)
        for candidate in fallbacks(tag) if tag is not None else []:
            if candidate == source_lang or fallbacks(source_lang)[-1] == candidate:
                return LanguageChoice(source_lang, wanted, how)
            if has(candidate):
                return LanguageChoice(candidate, wanted, how)
    return LanguageChoice(source_lang, asked[0], how, fell_back=True)


def interface_language(flag: str | None = None,
                       environ: Mapping[str, str] | None = None) -> str:
    """The interface's language where there is no tree to follow: `flag` (`--lang`), then
    `CONTACTCHECK_LANG`, then the locale, if the interface has a catalog for it; else English
    (said nowhere: there is no tree to fall back to). The commands other than `check` use
    it, and `check` too until its tree is loaded, so that the problems of a practice file or
    a tree are said in the language asked for."""
    return choose_language(flag, "en", has_catalog, environ).lang
