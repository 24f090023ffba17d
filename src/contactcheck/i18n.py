"""The interface's own strings in the chosen language, through the standard library's gettext.

Catalogs are made at development time with Babel (`babel.cfg`; the commands are in
docs/translation.md) and shipped compiled in the wheel, as
`locale/LANG/LC_MESSAGES/contactcheck.mo` inside the package. At run time only stdlib
`gettext` reads them, and only once a language other than English is chosen: an English run
loads no catalog, and `--help` does not import this module (`tests/test_catalog.py`).

`_("text")` translates now, `ngettext(one, many, n)` for a count; `N_("text")` only marks a
constant for extraction, translated with `_()` where it is shown (a module's constants are
made before a language is chosen). Modules that `--help` imports (errors.py, cli.py) import
`_` inside the function that shows the message.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from contactcheck.errors import N_

__all__ = ["N_", "_", "has_catalog", "language", "ngettext", "use_language"]
# `N_` lives in errors.py, which `--help` imports (this module it must not): one copy.

DOMAIN = "contactcheck"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


_catalog: gettext.NullTranslations | None = None
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
            with path.open("rb") as file:
                # Read directly: gettext.translation() would search more folders and import
                # `copy`, a cost on every start-up in the language (benchmarks/bench.py).
                _catalog = gettext.GNUTranslations(file)
        except OSError:
            continue
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

