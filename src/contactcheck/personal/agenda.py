"""The session agenda: what the person wants to bring up in their next session.

A pure model (`Agenda`, `Item`) and its file, `agenda.json` in the data dir.
Nothing is written until the person adds something; every change is a
read-change-write under the store's lock, so concurrent adds all survive.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from msgspec import Struct
from msgspec.structs import replace

from contactcheck.errors import N_
from contactcheck.i18n import _
from contactcheck.personal.storage import Store, StoredPath, check_line

FILE_NAME = "agenda.json"
WHAT = "session agenda"
FORMAT = "contactcheck-agenda"
VERSION = 1
MAX_TEXT = 2000
"""Longest note, in characters (a few sentences; the session is where it is discussed)."""


class Item(Struct, frozen=True):
    """One topic to bring up."""

    id: int
    """Stable number, shown in lists and used by `agenda done ID`; never reused."""
    text: str
    """The person's note, in their own words (one line)."""
    added: str
    """When it was added: ISO 8601 local time with its UTC offset, to the second."""
    done: bool = False
    """Whether it has been talked about."""

    def as_json(self) -> dict[str, object]:
        """The item as `{"id", "text", "added", "done"}`."""
        return {"id": self.id, "text": self.text, "added": self.added, "done": self.done}


class Agenda(Struct, frozen=True):
    """The topics, oldest first."""

    items: tuple[Item, ...] = ()
    next_id: int = 1
    """The id the next item gets (so ids are never reused while the file exists)."""

    def add(self, text: str, added: str) -> tuple[Agenda, Item]:
        """A new agenda with `text` appended, and the new item."""
        item = Item(self.next_id, text, added)
        return Agenda((*self.items, item), self.next_id + 1), item

    def find(self, item_id: int) -> Item | None:
        """The item with this id, or None."""
        return next((item for item in self.items if item.id == item_id), None)

    def mark_done(self, item_id: int) -> Agenda:
        """The agenda with item `item_id` marked done (it must exist)."""
        items = tuple(replace(item, done=True) if item.id == item_id else item
                      for item in self.items)
        return Agenda(items, self.next_id)

    def without_done(self) -> Agenda:
        """The agenda with the items already talked about removed."""
        return Agenda(tuple(item for item in self.items if not item.done), self.next_id)

    def without(self, shown: tuple[Item, ...]) -> Agenda:
        """The agenda without the items in `shown` (compared whole, not by id alone).

        For `agenda clear`: an item added meanwhile (in another terminal) was not shown,
        so it stays, even if the agenda was cleared and its id reused in between.
        """
        return Agenda(tuple(item for item in self.items if item not in shown), self.next_id)

    @property
    def open_items(self) -> tuple[Item, ...]:
        """Items not yet talked about."""
        return tuple(item for item in self.items if not item.done)


def check_text(text: str) -> str:
    """The note, trimmed; raise ValueError if it is empty, too long or has control characters."""
    return check_line(text, "note", MAX_TEXT)


def now() -> str:
    """The current local time, as stored in `Item.added`."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


# -- the file -----------------------------------------------------------------


def encode(agenda: Agenda) -> bytes:
    """The agenda as the bytes of `agenda.json`."""
    document = {"format": FORMAT, "version": VERSION, "next_id": agenda.next_id,
                "items": [item.as_json() for item in agenda.items]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def decode(data: bytes) -> Agenda:
    """Read `agenda.json`; raise ValueError saying what is wrong with it."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(_("it is not UTF-8 text")) from None
    except json.JSONDecodeError as error:
        raise ValueError(_("it is not valid JSON: {error} at line {line}").format(
            error=error.msg, line=error.lineno)) from None
    except RecursionError:  # `[[[[...` thousands deep: the json module recurses
        raise ValueError(_("it is nested far too deeply to be an agenda")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(_("it is not a contactcheck agenda"))
    if document.get("version") != VERSION:
        raise ValueError(_("it has format version {version}, and this contactcheck reads "
                           "version {known}").format(version=repr(document.get("version")),
                                                     known=VERSION))
    raw_items = document.get("items")
    next_id = document.get("next_id")
    if not isinstance(raw_items, list) or not _is_int(next_id):
        raise ValueError(_("'items' or 'next_id' is missing or of the wrong type"))
    items = [_item(raw, index) for index, raw in enumerate(raw_items, 1)]
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError(_("two items have the same id"))
    assert isinstance(next_id, int)
    if ids and next_id <= max(ids):
        raise ValueError(_("'next_id' is not above every item's id"))
    return Agenda(tuple(items), next_id)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _item(raw: object, index: int) -> Item:
    if not isinstance(raw, dict) or set(raw) != {"id", "text", "added", "done"}:
        raise ValueError(_("item {index} does not have exactly id, text, added and "
                           "done").format(index=index))
    item_id, text, added, done = raw["id"], raw["text"], raw["added"], raw["done"]
    if not (_is_int(item_id) and isinstance(text, str) and isinstance(added, str)
            and isinstance(done, bool)):
        raise ValueError(_("item {index} has a value of the wrong type").format(index=index))
    try:
        check_text(text)
    except ValueError as error:
        raise ValueError(_("item {index}: {problem}").format(index=index,
                                                             problem=error)) from None
    return Item(item_id, text, added, done)


def stored_paths(store: Store | None = None) -> list[StoredPath]:
    """The agenda's file, for `contactcheck where`."""
    store = store or Store()
    return [StoredPath(store.path(FILE_NAME), N_("your session agenda"), "data")]


def load(store: Store) -> Agenda:
    """The stored agenda (empty if there is none); a damaged file is set aside (exit 1)."""
    return store.load(FILE_NAME, WHAT, decode) or Agenda()


def change(store: Store, edit: Callable[[Agenda], Agenda]) -> Agenda:
    """Apply `edit` to the stored agenda under the lock, save it, and return it.

    An agenda left with no items is removed rather than saved, so clearing
    everything leaves no file behind.
    """
    return store.update(FILE_NAME, WHAT, decode, _encode_or_remove,
                        lambda current: edit(current or Agenda()))


def add(store: Store, note: str) -> Item:
    """Check `note` (ValueError if unusable) and append it to the stored agenda."""
    text = check_text(note)
    added: list[Item] = []

    def append(current: Agenda) -> Agenda:
        updated, item = current.add(text, now())
        added.append(item)
        return updated

    change(store, append)
    return added[-1]  # `change` may be called twice; the last call is the one saved


def _encode_or_remove(agenda: Agenda) -> bytes | None:
    return encode(agenda) if agenda.items else None
