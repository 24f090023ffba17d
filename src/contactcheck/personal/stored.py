"""Every path the tool reads or writes, and deleting everything it stored.

Each module that owns files says which (`stored_paths()`); this module lists
them in one place, so `contactcheck where` shows them all and `contactcheck
forget` deletes them all. A new module that stores something adds itself to
`stored_paths` below (a test checks that `where` names every file written).
"""

from __future__ import annotations

import contextlib
import fnmatch
from pathlib import Path

from msgspec import Struct

from contactcheck import folders, prebuilt
from contactcheck.check.region_choice import saved_region_path
from contactcheck.errors import N_
from contactcheck.folders import PRACTICE_FILE, PRACTICE_TREE_FILE, REGION_FILE
from contactcheck.personal import agenda, practice, safetyplan, session
from contactcheck.personal.policy import default_policy_path
from contactcheck.personal.storage import DAMAGED_MARK, LOCK_NAME, PathKind, Store, StoredPath
from contactcheck.tree.bundled import trees_dir


def stored_paths(store: Store | None = None) -> list[StoredPath]:
    """Every path the tool reads or writes, the person's own first; crash leftovers included."""
    store = store or Store()
    own = [*agenda.stored_paths(store), *safetyplan.stored_paths(store),
           *session.stored_paths(store)]
    paths = [
        StoredPath(store.directory, N_("the folder for your own files"), "data", directory=True),
        *own,
        StoredPath(store.path(LOCK_NAME),
                   N_("an empty lock file, so two terminals never overwrite each other's "
                      "changes"),
                   "data"),
    ]
    paths += _leftovers(store.leftovers(entry.path.name for entry in own), "data")
    paths += _policy_paths()
    paths += _cache_paths()
    paths += _program_paths()
    return paths


def _leftovers(found: list[Path], kind: PathKind) -> list[StoredPath]:
    """Damaged copies and crash temp files of the tool's own files, by their exact names."""
    return [StoredPath(path, N_("a damaged file, kept aside so nothing in it is lost")
                       if DAMAGED_MARK in path.name else
                       N_("a temporary file left by an interrupted save (not your file "
                          "itself)"),
                       kind) for path in found]


# Said inside parentheses by `where` and `forget`: no parentheses of their own.
_CACHE = N_("the bundled trees and crisis resources, checked once and kept to start faster; "
            "never your trees, answers or profile")
_IN_FOLDER = {_CACHE: N_("a file of the bundled trees and crisis resources, checked once and "
                         "kept to start faster; never your trees, answers or profile")}
"""What a file `forget` deletes inside a folder is, by the folder's: a whole phrase, so that
`forget` and `where` can say it in the person's language."""


def _cache_paths() -> list[StoredPath]:
    return [StoredPath(folders.cache_dir(), _CACHE,
                       "cache", directory=True, contents=prebuilt.entry_patterns())]


def _policy_paths() -> list[StoredPath]:

    profile = default_policy_path()
    settings = Store(profile.parent)
    return [
        StoredPath(profile.parent, N_("the folder for your settings"), "config",
                   directory=True),
        StoredPath(profile, N_("your therapist's contact policy profile "
                               "(`contactcheck policy init`)"), "config"),
        StoredPath(profile.parent / REGION_FILE, N_("your country, for the crisis numbers "
                                                    "(`contactcheck region set`)"), "config"),
        *practice.stored_paths(),
        *_leftovers(settings.leftovers([profile.name, PRACTICE_FILE, PRACTICE_TREE_FILE,
                                        REGION_FILE]),
                    "config"),
    ]


def _program_paths() -> list[StoredPath]:

    package = Path(__file__).resolve().parents[1]
    return [
        StoredPath(trees_dir(), N_("the bundled decision trees (read only)"), "program",
                   directory=True),
        StoredPath(package / "data", N_("the bundled crisis resources (read only)"),
                   "program", directory=True),
    ]


class Forgotten(Struct, frozen=True):
    """What `forget` did."""

    deleted: tuple[StoredPath, ...]
    kept: tuple[Path, ...]
    """Files found in the tool's folders that it did not make, left alone."""
    failed: tuple[tuple[Path, str], ...]
    """Paths that could not be deleted, and why."""


def existing(paths: list[StoredPath], *, include_policy: bool = True) -> list[StoredPath]:
    """The stored paths that exist and `forget` would delete (never the program's own files)."""

    region = saved_region_path()  # a setting, but not the profile: --keep-policy deletes it
    return [entry for entry in paths
            if entry.kind != "program"
            and (include_policy or entry.kind != "config" or entry.path == region)
            and (entry.path.exists() or entry.path.is_symlink())]


def forget(store: Store | None = None, *, include_policy: bool = True) -> Forgotten:
    """Delete everything the tool stored; the folders too when nothing else is in them."""
    store = store or Store()
    targets = existing(stored_paths(store), include_policy=include_policy)
    deleted: list[StoredPath] = []
    failed: list[tuple[Path, str]] = []

    def delete(entry: StoredPath) -> None:
        try:
            entry.path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            failed.append((entry.path, error.strerror or str(error)))
            return
        deleted.append(entry)

    files = [entry for entry in targets
             if not entry.directory and entry.path.name != LOCK_NAME]
    if store.directory.is_dir():
        # Under the lock, so a change being saved in another terminal is not half-forgotten.
        with store.locked():
            for entry in files:
                delete(entry)
    else:
        for entry in files:
            delete(entry)
    # Then the lock itself, once it is released.
    for entry in targets:
        if entry.path == store.path(LOCK_NAME):
            delete(entry)
    # Files the tool made inside other folders (the cache's entries), by their exact names.
    for folder in (entry for entry in targets if entry.directory and entry.contents):
        patterns = folder.contents
        try:
            inside = sorted(folder.path.iterdir())
        except OSError:
            inside = []
        for path in inside:
            if any(fnmatch.fnmatchcase(path.name, pattern) for pattern in patterns) \
                    and not path.is_dir():
                delete(StoredPath(path, _IN_FOLDER.get(folder.what, f"a file in {folder.what}"),
                                  folder.kind))
    kept: list[Path] = []
    for entry in (entry for entry in targets if entry.directory):
        try:
            entry.path.rmdir()
        except FileNotFoundError:
            continue
        except OSError:
            with contextlib.suppress(OSError):
                kept += sorted(entry.path.iterdir())
            continue
        deleted.append(entry)
    return Forgotten(tuple(deleted), tuple(kept), tuple(failed))
