"""Reading and writing files: the one bounded reader and the one atomic writer.

Every file the tool reads (a tree, an answers file, a profile, a safety plan,
the crisis resources, a stored entry) goes through `read_capped`, and every
file it writes goes through `write_atomic`, so the rules for hostile files --
a pipe, `/dev/zero`, a planted symlink, a full disk, Ctrl-C half-way -- live
in one place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import IO

from contactcheck.errors import InvalidFile, Problem

MAX_BYTES = 32 * 1024 * 1024
"""Largest file read (32 MiB: ample for a 100,000-node tree)."""
PRIVATE_FILE = 0o600
TEMP_SUFFIX = ".tmp"
"""The suffix of `write_atomic`'s temporary files (`.NAME.PID.tmp` next to the target)."""
_CHUNK = 1024 * 1024


def too_large(name: str, size: int | None) -> Problem:
    """The problem of a file over `MAX_BYTES` (`size` None when it is a pipe or device)."""
    amount = f"{size:,} bytes; " if size is not None else ""
    return Problem(name, 0, 0, f"the file is too large ({amount}the limit is {MAX_BYTES:,} bytes)",
                   "files like this are a few kilobytes; is this the right file?")


class TooLarge(OSError):
    """A file over the cap; `size` is None for a pipe or a device, which have none."""

    def __init__(self, size: int | None) -> None:
        super().__init__(errno.EFBIG, "File too large")
        self.size = size


def read_bounded(path: Path | str, cap: int = MAX_BYTES, *, private: bool = False) -> bytes:
    """The bytes of the file at `path`, never reading more than `cap + 1` of them.

    Raises `OSError`: `TooLarge` over the cap (so `/dev/zero` cannot fill the
    memory), `IsADirectoryError` for a folder, and with `private` a
    `PermissionError` for anything but a regular file, not a link, that is this
    user's and that no one else can read or write (a file the tool wrote and
    will trust). A pipe (`--tree <(generate-tree)`) is read as it comes.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    if private:
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        status = os.fstat(stream.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        if private and not _private_file(status):
            raise PermissionError(errno.EPERM, "not a private file of this user")
        data = read_stream(stream, cap)
    if len(data) > cap:
        raise TooLarge(status.st_size if stat.S_ISREG(status.st_mode) else None)
    return data


def read_stream(stream: IO[bytes], cap: int = MAX_BYTES) -> bytes:
    """At most `cap + 1` bytes of an open stream (one more than allowed shows it is too big)."""
    chunks: list[bytes] = []
    size = 0
    while size <= cap:
        chunk = stream.read(min(_CHUNK, cap + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_capped(path: Path | str, name: str, what: str = "tree", *,
                cap: int = MAX_BYTES, private: bool = False) -> bytes:
    """`read_bounded`, with every failure an `InvalidFile` naming the file (`name`)."""
    try:
        return read_bounded(path, cap, private=private)
    except TooLarge as error:
        raise InvalidFile([too_large(name, error.size)], what) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidFile([Problem(name, 0, 0, f"cannot read the file: {reason}")], what) from None


def read_capped_stream(stream: IO[bytes], name: str, what: str) -> bytes:
    """An open stream (stdin) read up to the cap; `InvalidFile` if it is longer."""
    data = read_stream(stream)
    if len(data) > MAX_BYTES:
        raise InvalidFile([too_large(name, None)], what)
    return data


def posix() -> bool:
    """Whether files have POSIX owners and modes here."""
    return os.name == "posix" and hasattr(os, "getuid")


def _private_file(status: os.stat_result) -> bool:
    if not stat.S_ISREG(status.st_mode):
        return False
    return not posix() or (status.st_uid == os.getuid() and not status.st_mode & 0o077)


def write_atomic(path: Path, data: bytes, mode: int = PRIVATE_FILE, *,
                 tell: bool = True) -> None:
    """Replace `path` with `data` atomically: a new temporary file, fsync, rename.

    The temporary file is created with O_EXCL and O_NOFOLLOW (a link planted at
    its name is never followed or overwritten), with `mode` whatever the umask,
    and removed on every way out, Ctrl-C included. Raises `OSError`; the old
    file is then unchanged. With `tell` (the person's own files, not the cache) the
    path is kept for `saved()`, so a stop message can say it was saved.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()  # a leftover of a crashed run with our pid; O_EXCL refuses anything else
    fd = os.open(temp, flags, mode)
    try:
        try:
            if sys.platform != "win32":
                os.fchmod(fd, mode)  # O_CREAT's mode is reduced by the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(path)
    except BaseException:
        try:
            temp.unlink()
        except FileNotFoundError:
            # Stopped (Ctrl-C, SIGTERM) right after the rename: the new file is in place,
            # and the person must not be told that nothing was saved.
            if tell:
                _saved.append(path)
        except OSError:
            pass
        raise
    if tell:
        _saved.append(path)
    sync_folder(path.parent)


_saved: list[Path] = []


def saved() -> tuple[Path, ...]:
    """Every file `write_atomic` replaced in this process, in order (for the stop message)."""
    return tuple(_saved)


def sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it survives a crash (POSIX only; best effort)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
