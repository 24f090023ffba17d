"""Which region's numbers a result shows, and how that region was chosen.

In order: `--region`, then `CONTACTCHECK_REGION`, then the region the person
saved (`contactcheck region set CC`), then an installed practice file's region,
then the system's language settings (a guess), else the fallback (a guess,
the numbers that work most widely). Every result names the country and the
reason; a guess says how to set it. An unknown code never blocks the danger
screen or an emergency result: the choice carries it (`unknown`) and the
fallback numbers, and `check` decides what an unknown code means for the
result (exit 2 unless it is an emergency).

The saved region is a one-line file in the settings folder, written only when
the person asks, 0600, atomically; `where` lists it and `forget` deletes it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal

from msgspec import Struct

from contactcheck.check.resources import Region, fallback, known_codes, region_for
from contactcheck.errors import ContactcheckError, ExitCode, terminal_safe
from contactcheck.files import read_bounded
from contactcheck.folders import REGION_FILE, config_dir
from contactcheck.i18n import N_, _

How = Literal["flag", "environment", "saved", "practice", "asked", "locale", "fallback"]
ENV: Final = "CONTACTCHECK_REGION"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_CODE = re.compile(r"^[A-Za-z]{2}$")
_MAX_SAVED = 64
"""Bytes read of the saved-region file (it holds two letters and a newline)."""

SET_HINT: Final = N_("To set your country: `contactcheck region set CC` (or --region CC). "
                     "On a mobile, 112 works across the EU and in many other countries.")


_REASONS: Final[dict[How, str]] = {
    "flag": N_("from --region"),
    "environment": N_("from {variable}"),
    "saved": N_("from your saved region (`contactcheck region show`)"),
    "asked": N_("as you chose"),
    "practice": N_("as your practice's region, from {file} (not in this country? use "
                   "--region)"),
    "locale": N_("from your system's language settings"),
    "fallback": N_("as a fallback, because no country is set"),
}
"""How a region was chosen, as a phrase ("from --region")."""


class UnknownRegion(ContactcheckError):
    """A region code given by flag or variable that the data does not know (exit 2)."""

    exit_code = ExitCode.USAGE


class PracticeRegion(Struct, frozen=True):
    """The region an installed practice file names (the hook a practice file passes in)."""

    code: str
    name: str
    """The practice's name: the reason says "from NAME's practice file" in the language
    of the moment it is shown."""


class RegionChoice(Struct, frozen=True):
    """The region whose numbers are shown, and why."""

    region: Region
    how: How
    detail: str | None = None
    """What set it: the locale variable, the practice's name."""
    unknown: str | None = None
    """A code given by flag or variable that is not known (the fallback is shown instead)."""

    @property
    def is_guess(self) -> bool:
        """Whether the person did not choose it (the locale, the fallback)."""
        return self.how in ("locale", "fallback") or self.unknown is not None

    @property
    def reason(self) -> str:
        """How it was chosen, as a phrase: "from your system's language settings"."""
        if self.unknown is not None:
            source = "--region" if self.how == "flag" else ENV
            return _("as a fallback, because {source} '{code}' is not a region contactcheck "
                     "knows").format(source=source, code=terminal_safe(self.unknown)[:20])
        file = _("{name}'s practice file").format(name=self.detail) \
            if self.how == "practice" else None
        return _(_REASONS[self.how]).format(variable=ENV, file=file)

    @property
    def heading(self) -> str:
        """The line above the numbers: the country, and how it was chosen."""
        region = self.region.in_language()
        if region.is_fallback:
            return _("Numbers that work in many countries, {reason}. Use your local emergency "
                     "number if you know it.").format(reason=self.reason)
        return _("Numbers for {country}, {reason}.").format(country=country_name(region),
                                                            reason=self.reason)

    @property
    def notes(self) -> tuple[str, ...]:
        """What to say under the heading: a warning for an unknown code, how to set a guess."""
        notes: list[str] = []
        if self.unknown is not None:
            notes.append(unknown_message(self.unknown))
        if self.is_guess:
            notes.append(_(SET_HINT))
        return tuple(notes)


def country_name(region: Region) -> str:
    """The region's name as it reads in a sentence: "the United Kingdom", "Ireland"."""
    name = region.name
    if name.startswith("Rest of"):
        return "the r" + name[1:]
    return f"the {name}" if name.split()[0] in ("United", "European", "Netherlands",
                                                  "Philippines") else name


def unknown_message(code: str) -> str:
    """The warning (or error) for an unknown code: it names every known code."""
    return _("'{code}' is not a region contactcheck knows. Known regions: {known}.").format(
        code=terminal_safe(code)[:20], known=", ".join(known_codes()))


def choose_region(requested: str | None = None, *, environ: Mapping[str, str] | None = None,
                  saved: str | None = None, practice: PracticeRegion | None = None
                  ) -> RegionChoice:
    """Pick the region, first match wins: flag, variable, saved, practice file, locale, fallback.

    `saved` is the saved code (`read_saved_region()`); `practice` the hook for a practice file.
    """
    env = os.environ if environ is None else environ
    for how, code in (("flag", requested), ("environment", env.get(ENV, "").strip() or None)):
        if code:
            region = region_for(code) if _CODE.match(code) else None
            if region is None:
                return RegionChoice(fallback(), how, unknown=code)  # type: ignore[arg-type]
            return RegionChoice(region, how)  # type: ignore[arg-type]
    if saved:
        region = region_for(saved)
        if region is not None:
            return RegionChoice(region, "saved")
    if practice is not None:
        region = region_for(practice.code)
        if region is not None:
            return RegionChoice(region, "practice", practice.name)
    for variable in _LOCALE_VARIABLES:
        code = locale_country(env.get(variable, ""))
        if code:
            region = region_for(code)
            if region is not None:
                return RegionChoice(region, "locale", variable)
            break  # a country whose numbers are not known: the fallback, not a guess at another
    return RegionChoice(fallback(), "fallback")


def locale_country(value: str) -> str | None:
    """The country of a locale like `en_GB.UTF-8` or `fr-CA`, or None (`C`, `C.UTF-8`, `POSIX`)."""
    match = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b", value)
    return match.group(1).upper() if match else None


def saved_region_path() -> Path:
    """Where a saved region is kept: the settings folder, beside the policy profile."""

    return config_dir() / REGION_FILE


def read_saved_region(path: Path | None = None) -> str | None:
    """The saved code, or None when nothing is saved or the file is not a code (never an error).

    A damaged or odd file (a pipe, a device, a folder) counts as nothing saved: the result
    then says its numbers are a guess, and `region show` says what is wrong.
    """

    try:
        data = read_bounded(path or saved_region_path(), _MAX_SAVED, private=True)
    except OSError:
        return None
    text = data.decode("ascii", "replace").strip()
    return text.upper() if _CODE.match(text) else None


def save_region(code: str, path: Path | None = None) -> Path:
    """Save a known code (0600, atomically); raise `UnknownRegion` for an unknown one."""

    region = region_for(code) if _CODE.match(code) else None
    if region is None:
        raise UnknownRegion(unknown_message(code))
    from contactcheck.personal.storage import write_private

    path = path or saved_region_path()
    write_private(path, code.upper() + "\n")
    return path
