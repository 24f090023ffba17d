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
import select
import stat
import sys
from pathlib import Path
from typing import IO

from contactcheck.errors import N_, InvalidFile, Problem, UnreadableFile
from contactcheck.i18n import _, quantity

MAX_BYTES = 32 * 1024 * 1024
"""Largest file read (32 MiB: ample for a 100,000-node tree)."""
PRIVATE_FILE = 0o600
TEMP_SUFFIX = ".tmp"
"""The suffix of `write_atomic`'s temporary files (`.NAME.PID.tmp` next to the target)."""
_CHUNK = 1024 * 1024
PIPE_WAIT_SECONDS = 3
"""How long a pipe named on the command line may stay silent before it counts as empty.
Opened without blocking, a FIFO whose writer has not started yet reads as empty at once,
so a late writer would both lose its data and then block for ever; nor may a FIFO that
nobody writes to hang the check."""


def too_large(name: str, size: int | None) -> Problem:
    """The problem of a file over `MAX_BYTES` (`size` None when it is a pipe or device)."""
    if size is None:
        message = _("the file is too large (the limit is {limit} bytes)")
    else:
        message = _("the file is too large ({size} bytes; the limit is {limit} bytes)")
    return Problem(name, 0, 0, message.format(size=quantity(size or 0), limit=quantity(MAX_BYTES)),
                   _("files like this are a few kilobytes; is this the right file?"))


class TooLarge(OSError):
    """A file over the cap; `size` is None for a pipe or a device, which have none."""

    def __init__(self, size: int | None) -> None:
        super().__init__(errno.EFBIG, _("File too large"))
        self.size = size


def read_bounded(path: Path | str, cap: int = MAX_BYTES, *, private: bool = False,
                 own: bool = False) -> bytes:
    """The bytes of the file at `path`, never reading more than `cap + 1` of them.

    Opened without blocking, so a FIFO nobody writes to never hangs; a pipe with a
    writer (`--tree <(generate-tree)`) is then read as it comes, and one that gives
    nothing is `NothingToRead`. Devices (a link to /dev/zero), sockets and folders
    are refused. Raises `OSError`: `TooLarge` over the cap, `NotAFile` for anything
    that is not a regular file or a pipe, and a `PermissionError`:

    - with `own` (the person's own files, read in their folder), for anything but a
      regular file, not a link, that is this user's and no one else can write;
    - with `private` (a file the tool wrote and will trust, such as a cache entry),
      the same, and no one else may read it either.
    """
    strict = private or own
    flags = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NONBLOCK", 0))
    if strict:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        status = os.fstat(stream.fileno())
        kind = stat.S_IFMT(status.st_mode)
        if kind == stat.S_IFDIR:
            raise IsADirectoryError(errno.EISDIR, _("Is a directory"))
        pipe = kind == stat.S_IFIFO and not strict
        if kind != stat.S_IFREG and not pipe:
            what = _KINDS.get(kind, N_("not a regular file"))
            if strict:
                raise PermissionError(errno.EPERM, _("{what}, not a file").format(what=_(what)))
            raise NotAFile(what)
        if strict and not _trusted_file(status, readable_by_others=not private):
            raise PermissionError(errno.EPERM, _("it is not a private file of this user "
                                                 "(another user's, or others can change it)"))
        if pipe:
            _wait_for_writer(stream.fileno())
            os.set_blocking(stream.fileno(), True)  # a writer has come: read until it ends
        data = read_stream(stream, cap)
    if pipe and not data:
        raise NothingToRead()
    if len(data) > cap:
        raise TooLarge(status.st_size if stat.S_ISREG(status.st_mode) else None)
    return data


def _wait_for_writer(fd: int) -> None:
    """Wait, at most `PIPE_WAIT_SECONDS`, until the pipe has data or its writer has gone.

    A FIFO that never had a writer does not report a hang-up, so poll waits for the first
    write; when the wait ends with nothing, the read that follows finds the pipe empty."""
    if not hasattr(select, "poll"):  # Windows has no FIFOs at paths
        return
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    with contextlib.suppress(InterruptedError):
        poller.poll(PIPE_WAIT_SECONDS * 1000)


class NotAFile(OSError):
    """A device, a socket or another special file where a file was expected."""

    def __init__(self, what: str) -> None:
        super().__init__(errno.EINVAL, _("{what}, not a file").format(what=_(what)))


class NothingToRead(OSError):
    """A pipe (a FIFO, `<(command)`) that gave nothing: no one wrote to it."""

    def __init__(self) -> None:
        super().__init__(errno.ENODATA, _("it is a pipe and nothing was written to it (waited "
                                          "{seconds} seconds)").format(seconds=PIPE_WAIT_SECONDS))


_KINDS = {stat.S_IFCHR: N_("a device"), stat.S_IFBLK: N_("a device"),
          stat.S_IFSOCK: N_("a socket"), stat.S_IFIFO: N_("a pipe (FIFO)"),
          stat.S_IFLNK: N_("a link")}


def read_stream(stream: IO[bytes], cap: int = MAX_BYTES) -> bytes:
    """At most `cap + 1` bytes of an open stream (one more than allowed shows it is too big)."""
    chunks: list[bytes] = []
    size = 0
    while size <= cap:
        wanted = min(_CHUNK, cap + 1 - size)
        chunk = stream.read(wanted)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if len(chunk) < wanted:
            # A buffered read comes back short only at the end. Asking again would wait for
            # a second end: at a terminal, answers typed then one Ctrl-D hung the check.
            break
    return b"".join(chunks)


def read_capped(path: Path | str, name: str, what: str = "tree", *,
                cap: int = MAX_BYTES, private: bool = False, own: bool = False) -> bytes:
    """`read_bounded`, with every failure an `InvalidFile` naming the file (`name`).

    A file that cannot be read at all is `UnreadableFile` (exit 2); one over the cap
    is `InvalidFile` (exit 3), as it was read and found wrong.
    """
    try:
        return read_bounded(path, cap, private=private, own=own)
    except TooLarge as error:
        raise InvalidFile([too_large(name, error.size)], what) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise UnreadableFile([Problem(name, 0, 0, _("cannot read the file: {reason}").format(
            reason=reason))],
                             what) from None


def read_capped_stream(stream: IO[bytes], name: str, what: str) -> bytes:
    """An open stream (stdin) read up to the cap; `InvalidFile` if it is longer."""
    data = read_stream(stream)
    if len(data) > MAX_BYTES:
        raise InvalidFile([too_large(name, None)], what)
    return data


def posix() -> bool:
    """Whether files have POSIX owners and modes here."""
    return os.name == "posix" and hasattr(os, "getuid")


def _trusted_file(status: os.stat_result, *, readable_by_others: bool) -> bool:
    """A regular file of this user's that no one else can write (nor read, unless allowed)."""
    if not stat.S_ISREG(status.st_mode):
        return False
    others = 0o022 if readable_by_others else 0o077
    return not posix() or (status.st_uid == os.getuid() and not status.st_mode & others)


def make_private_folder(folder: Path) -> None:
    """Create `folder` and every missing folder above it as 0700, whatever the umask.

    `mkdir(parents=True)` gives the parents it makes (`$XDG_DATA_HOME` itself) the
    umask's mode: 0777 under umask 000. Existing folders are left as they are.
    Raises `OSError`.
    """
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, _("Not a directory"), str(folder))
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made meanwhile (another terminal): leave it as it is
        if posix():
            path.chmod(PRIVATE_FOLDER)  # mkdir's mode is reduced by the umask


PRIVATE_FOLDER = 0o700


def trusted_folder(folder: Path) -> bool:
    """Whether `folder` is a real folder of this user's that no one else can write in.

    Files in a folder others can write to may have been put there by them: they are
    never read as the person's own.
    """
    try:
        status = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(status.st_mode):
        return False
    return not posix() or (status.st_uid == os.getuid() and not status.st_mode & 0o022)


def write_atomic(path: Path, data: bytes, mode: int = PRIVATE_FILE, *,
                 tell: bool = True) -> None:
    """Replace `path` with `data` atomically: a new temporary file, fsync, rename.

    The temporary file is created with O_EXCL and O_NOFOLLOW (a link planted at
    its name is never followed or overwritten), with `mode` whatever the umask,
    and removed on every way out, Ctrl-C included. Raises `OSError`; the old
    file is then unchanged. With `tell` (the person's own files, not the cache) the
    path is kept for `saved()`, so a stop message can say it was saved. Only a regular
    file (or a link to one) is ever replaced: a device, a pipe or a socket at `path` is
    refused, since the rename would put a file where `/dev/null` or `/dev/stdout` was.
    """
    _refuse_a_special_target(path)
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


def _refuse_a_special_target(path: Path) -> None:
    """Raise `OSError` if `path` (or what it links to) exists and is not a regular file."""
    for follow in (False, True):
        try:
            mode = path.stat(follow_symlinks=follow).st_mode
        except FileNotFoundError:
            return  # nothing there (or a dangling link): a new file is made
        except OSError:
            return  # the write itself will say why it cannot be made
        if stat.S_ISLNK(mode):
            continue
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, _("it is not a regular file, so it is never replaced"),
                          str(path))


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
