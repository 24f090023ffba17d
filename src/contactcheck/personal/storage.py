"""Where the person's own files live, and how they are written without loss.

Nothing is stored until the person asks. When something is stored it goes to
the user's own data directory (XDG on Linux and BSD, `~/Library/Application
Support` on macOS, `%LOCALAPPDATA%` on Windows; `CONTACTCHECK_HOME` overrides
all of these), in a 0700 directory, as 0600 files written atomically (a temp
file, fsync, rename, fsync of the directory). Changes are made under an
exclusive lock, so two terminals adding at once lose nothing. A file that
cannot be understood is never overwritten: it is renamed aside, and the
person is told where it went. Every failure is a `StorageError` (exit 1).

`data_dir()` is defined in locations.py, so that every check can look for a
safety plan without importing this module, and re-exported here.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

from msgspec import Struct

from contactcheck import files
from contactcheck.errors import N_, ContactcheckError, ExitCode
from contactcheck.files import TEMP_SUFFIX as TEMP_SUFFIX
from contactcheck.folders import data_dir as data_dir
from contactcheck.folders import unknown_home_hint
from contactcheck.i18n import _, quantity
from contactcheck.textsafe import describe, first_unsafe, safe_text

LOCK_NAME = ".lock"
DAMAGED_MARK = ".damaged-"
"""Damaged files are renamed to `NAME.damaged-YYYYmmddTHHMMSS[-N]`."""

_T = TypeVar("_T")

DIR_MODE = 0o700
FILE_MODE = 0o600


class StorageError(ContactcheckError):
    """A file of the person's could not be read or written (exit 1, never a traceback)."""

    exit_code = ExitCode.FAILED


class DamagedFile(StorageError):
    """A stored file that could not be understood; it was kept, renamed aside."""

    def __init__(self, message: str, kept_at: Path | None) -> None:
        super().__init__(message)
        self.kept_at = kept_at


PathKind = Literal["data", "config", "cache", "program"]


class StoredPath(Struct, frozen=True):
    """A path the tool reads or writes, for `contactcheck where` and `forget`."""

    path: Path
    what: str
    """What it holds, as the person reads it."""
    kind: PathKind
    """`data`: the person's own files; `config`: settings they wrote; `cache`: can be rebuilt;
    `program`: part of the installed program, only read."""
    directory: bool = False
    contents: tuple[str, ...] = ()
    """For a folder: glob patterns matching the whole name of each file in it that the tool
    made (deleted by `forget` with the folder; anything else there is left alone). Make them
    as exact as the names: `my-notes.json` in the folder is the person's, not ours."""


def check_line(text: str, noun: str, limit: int) -> str:
    """A line the person wrote, trimmed; ValueError if it is empty, too long or has controls.

    `noun` names it in the messages ("note", "text"). Line breaks become spaces.
    """
    text = " ".join(text.split()) if "\n" in text or "\r" in text else text.strip()
    empty, long, control = _LINE_PROBLEMS[noun]
    if not text:
        raise ValueError(_(empty))
    if len(text) > limit:
        raise ValueError(_(long).format(length=quantity(len(text)), limit=quantity(limit)))
    bad = first_unsafe(text)
    if bad is not None:
        raise ValueError(_(control).format(what=describe(bad)))
    return text


_LINE_PROBLEMS = {
    "note": (N_("the note is empty"),
             N_("the note is {length} characters long; the limit is {limit}"),
             N_("the note contains the control character {what}")),
    "text": (N_("the text is empty"),
             N_("the text is {length} characters long; the limit is {limit}"),
             N_("the text contains the control character {what}")),
}
"""What `check_line` says, by the noun it names: whole sentences, so that the words agree."""


_DAMAGED = {
    "session agenda": N_("your session agenda could not be read: {problem}.\n"
                         "  It was kept, unchanged, as {file}\n"
                         "  so nothing in it is lost; the next change starts a new session "
                         "agenda."),
    "safety plan": N_("your safety plan could not be read: {problem}.\n"
                      "  It was kept, unchanged, as {file}\n"
                      "  so nothing in it is lost; the next change starts a new safety plan."),
    "next session": N_("the date of your next session could not be read: {problem}.\n"
                       "  It was kept, unchanged, as {file}\n"
                       "  so nothing in it is lost; the next date you give starts a new "
                       "file."),
}
"""What `Store.load` and `Store.update` say of a damaged file, by the `what` they are given:
whole sentences, so that the words agree (*su agenda*, *su plan*)."""


def shown(path: Path) -> str:
    """A path for messages, with anything that could drive the terminal shown as `?`."""
    return safe_text(str(path))


class Store:
    """One directory of the person's files: read, write atomically, lock, set aside."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = data_dir() if directory is None else directory

    def path(self, name: str) -> Path:
        """The path of a file in the store."""
        return self.directory / name

    def read(self, name: str) -> bytes | None:
        """A file's bytes, or None when it does not exist (reading never creates anything)."""
        path = self.path(name)
        if not (path.exists() or path.is_symlink()):
            return None
        # As writes do: only a folder of the person's that no one else can write in, and
        # only a regular file of theirs, so a plan planted by another user in a shared
        # folder is never shown as their own.
        if not files.trusted_folder(self.directory):
            raise StorageError(_("cannot read {file}: its folder is not a private folder of "
                                 "yours (another user's, or others can write in it)").format(
                                     file=shown(path)))
        try:
            return files.read_bounded(path, own=True)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(_("cannot read {file}: {reason}").format(
                file=shown(path), reason=_reason(error))) from None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's exclusive lock, creating the directory (0700) if needed.

        Use it around every read-change-write, so that concurrent changes queue up.
        The lock is not re-entrant: do not nest it.
        """
        self.ensure_directory()
        lock_path = self.path(LOCK_NAME)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                         FILE_MODE)
        except OSError as error:
            raise StorageError(_("cannot create the lock file {file}: {reason}").format(
                file=shown(lock_path), reason=_reason(error))) from None
        try:
            _lock(fd)
            yield
        finally:
            _unlock(fd)
            os.close(fd)

    def ensure_directory(self) -> None:
        """Create the directory as 0700 (parents as usual), and tighten it if it is wider."""
        directory = self.directory
        try:
            files.make_private_folder(directory)
            if sys.platform != "win32" and (directory.stat().st_mode & 0o777) != DIR_MODE:
                directory.chmod(DIR_MODE)
        except OSError as error:
            raise _cannot_create(directory, error) from None

    def write(self, name: str, data: bytes) -> None:
        """Replace a file atomically: 0600 temp file, fsync, rename, fsync the directory.

        Call it inside `locked()`. On any failure the previous file is untouched.
        """
        write_atomic(self.path(name), data)

    def save(self, name: str, data: bytes | None) -> None:
        """Write `data`, or delete the file when there is nothing left to keep (None).

        Call it inside `locked()`.
        """
        if data is None:
            self.remove(name)
        else:
            self.write(name, data)

    def remove(self, name: str) -> bool:
        """Delete a file; True if it existed."""
        path = self.path(name)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        except OSError as error:
            raise StorageError(_("cannot delete {file}: {reason}").format(
                file=shown(path), reason=_reason(error))) from None
        files.sync_folder(self.directory)
        return True

    def set_aside(self, name: str) -> Path:
        """Rename a damaged file to `NAME.damaged-TIMESTAMP` (never overwriting) and return it."""
        path = self.path(name)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        for attempt in range(1000):
            suffix = "" if attempt == 0 else f"-{attempt}"
            target = self.path(f"{name}{DAMAGED_MARK}{stamp}{suffix}")
            if target.exists():
                continue
            try:
                # A hard link fails instead of replacing an existing target.
                os.link(path, target)
            except FileExistsError:
                continue
            except OSError:
                # No hard links here (some file systems): the exists() check must do.
                try:
                    path.replace(target)
                except OSError as error:
                    raise StorageError(_("{file} is damaged and could not be moved aside: "
                                         "{reason}").format(file=shown(path),
                                                            reason=_reason(error))) from None
                return target
            try:
                path.unlink()
            except OSError as error:
                raise StorageError(_("{file} is damaged; a copy is at {copy}, but the "
                                     "original could not be removed: {reason}").format(
                    file=shown(path), copy=shown(target), reason=_reason(error))) from None
            files.sync_folder(self.directory)
            return target
        raise StorageError(_("{file} is damaged and could not be moved aside").format(
            file=shown(path)))

    def load(self, name: str, what: str, decode: Callable[[bytes], _T]) -> _T | None:
        """Read and decode a file; None when it does not exist.

        A file `decode` rejects (with ValueError) is renamed aside and `DamagedFile`
        (exit 1) says where it was kept. Reading takes no lock and creates nothing
        unless the file is damaged.
        """
        data = self.read(name)
        if data is None:
            return None
        try:
            return decode(data)
        except ValueError:
            pass
        with self.locked():
            # Someone may have replaced it meanwhile: decide again under the lock.
            return self._decode_or_set_aside(name, what, decode)

    def update(self, name: str, what: str, decode: Callable[[bytes], _T],
               encode: Callable[[_T], bytes | None],
               change: Callable[[_T | None], _T]) -> _T:
        """Read-change-write a file under the lock; return the changed value.

        `change` gets the current value (None if there is no file); `encode` gives
        the new bytes, or None to remove the file. A damaged file is set aside
        first (`DamagedFile`) and nothing is written. `change` may be called twice
        (once to see whether anything needs creating at all), so it must not
        depend on being called once.
        """
        if not self.directory.exists():
            # Nothing stored yet: create nothing unless there is something to write.
            updated = change(None)
            if encode(updated) is None:
                return updated
        with self.locked():
            current = self._decode_or_set_aside(name, what, decode)
            updated = change(current)
            self.save(name, encode(updated))
            return updated

    def _decode_or_set_aside(self, name: str, what: str,
                             decode: Callable[[bytes], _T]) -> _T | None:
        """Decode a file (the lock must be held); set it aside if it is damaged."""
        data = self.read(name)
        if data is None:
            return None
        try:
            return decode(data)
        except ValueError as error:
            problem = str(error)
        kept = self.set_aside(name)
        damaged = _DAMAGED.get(what)
        message = _(damaged) if damaged else (
            f"your {what} could not be read: {{problem}}.\n"
            f"  It was kept, unchanged, as {{file}}\n"
            f"  so nothing in it is lost; the next change starts a new {what}.")
        raise DamagedFile(message.format(problem=problem, file=shown(kept)), kept)

    def leftovers(self, names: Iterable[str]) -> list[Path]:
        """What the store made for the files `names` besides them: damaged copies, temp files.

        Only exact names the tool writes (`.NAME.PID.tmp`, `NAME.damaged-YYYYmmddTHHMMSS[-N]`):
        a file the person made, however alike its name, is never taken for one of ours.
        """
        try:
            entries = sorted(self.directory.iterdir())
        except OSError:
            return []
        own = leftover_pattern(names)
        return [entry for entry in entries if own.fullmatch(entry.name)]


def leftover_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """The whole names of the temp files and damaged copies the tool makes for `names`."""
    alternatives = "|".join(re.escape(name) for name in names) or "(?!)"
    return re.compile(rf"\.(?:{alternatives})\.[0-9]+{re.escape(TEMP_SUFFIX)}"
                      rf"|(?:{alternatives}){re.escape(DAMAGED_MARK)}[0-9]{{8}}T[0-9]{{6}}"
                      r"(?:-[0-9]+)?")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` (`files.write_atomic`); `StorageError` says why it failed.

    On any failure the previous file is untouched.
    """
    try:
        files.write_atomic(path, data, FILE_MODE)
    except OSError as error:
        raise StorageError(_("cannot save {file}: {reason} (nothing was changed)").format(
            file=shown(path), reason=_reason(error))) from None


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically as a 0600 file (a missing folder is made 0700).

    For single files the person names or keeps outside the store (the policy
    profile): an existing folder is left as it is, and no lock file is made.
    """
    try:
        files.make_private_folder(path.parent)
    except OSError as error:
        raise _cannot_create(path.parent, error) from None
    write_atomic(path, text.encode("utf-8"))


def _cannot_create(folder: Path, error: OSError) -> StorageError:
    return StorageError(_("cannot create the folder {folder}: {reason}").format(
        folder=shown(folder), reason=_reason(error)) + unknown_home_hint(folder))


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue  # LK_LOCK gives up after ~10 s; keep waiting

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:
            raise StorageError(_("cannot lock the data folder: {reason}").format(
                reason=_reason(error))) from None

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
