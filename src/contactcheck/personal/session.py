"""The next session: a date the person gave (`contactcheck session next`), else the weekly one.

Stored only when the person gives it: `session.json` in their own data folder
(0600, written atomically under the store's lock), listed by `where` and deleted
by `forget`. A weekly schedule comes from the policy profile or the practice
file (`sessions: {weekly: "thu 15:00"}`); a date the person gave comes first
while it is still ahead.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Final

from contactcheck.check.clock import next_weekly, within_years
from contactcheck.errors import N_
from contactcheck.folders import SESSION_FILE
from contactcheck.i18n import _
from contactcheck.personal.storage import Store, StoredPath

FILE_NAME: Final = SESSION_FILE
WHAT: Final = "next session"
DATE_FORMAT: Final = N_("YYYY-MM-DD HH:MM, e.g. 2026-12-04 15:00 (an offset such as +01:00 may "
                         "follow)")


def stored_paths(store: Store | None = None) -> list[StoredPath]:
    """The session's file, for `contactcheck where`."""
    store = store or Store()
    return [StoredPath(store.path(FILE_NAME), N_("the date of your next session "
                                                 "(`contactcheck session next`)"), "data")]


def parse_when(text: str, zone: dt.tzinfo) -> dt.datetime:
    """A session date and time the person typed; `zone` when it has no offset."""
    value = text.strip()
    if len(value) <= 10 or value[10] not in "T ":
        raise ValueError(_("'{text}' is not a date and a time; use {use}").format(
            text=text, use=_(DATE_FORMAT)))
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(_("'{text}' is not a date and a time; use {use}").format(
            text=text, use=_(DATE_FORMAT))) from None
    return within_years(when.replace(tzinfo=zone) if when.tzinfo is None else when, text,
                        _(DATE_FORMAT))


def decode(data: bytes) -> dt.datetime:
    """The stored file -> the session's start (aware); ValueError when it is not ours."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(_("not JSON ({error})").format(error=error)) from None
    if not isinstance(value, dict) or set(value) != {"next"} or not isinstance(value["next"], str):
        raise ValueError(_('expected {{"next": "<date and time>"}}').format())
    when = dt.datetime.fromisoformat(value["next"])
    if when.tzinfo is None:
        raise ValueError(_("the stored date has no offset"))
    return within_years(when, value["next"], _(DATE_FORMAT))


def encode(when: dt.datetime) -> bytes:
    """The file's bytes."""
    return (json.dumps({"next": when.isoformat(timespec="minutes")}) + "\n").encode("utf-8")


def save(when: dt.datetime, store: Store | None = None) -> dt.datetime:
    """Store the next session's start (replacing any earlier one)."""
    return (store or Store()).update(FILE_NAME, WHAT, decode, encode, lambda _: when)


def load(store: Store | None = None) -> dt.datetime | None:
    """The stored date, or None; a damaged file is set aside (`DamagedFile`, exit 1)."""
    store = store or Store()
    if not store.path(FILE_NAME).is_file():  # nothing stored: read nothing, create nothing
        return None
    return store.load(FILE_NAME, WHAT, decode)


def clear(store: Store | None = None) -> bool:
    """Delete the stored date; True if there was one."""
    store = store or Store()
    if not store.path(FILE_NAME).exists():
        return False
    with store.locked():
        return store.remove(FILE_NAME)


def next_session(stored: dt.datetime | None, weekly: tuple[int, int] | None,
                 now: dt.datetime) -> dt.datetime | None:
    """The next session after `now` (aware): the stored date while ahead, else the weekly one."""
    if stored is not None and stored > now:
        return stored
    if weekly is not None:
        return next_weekly(weekly[0], weekly[1], now)
    return None
