"""A cache of parsed files in the user's cache directory, so big trees load fast.

Parsing YAML is most of the time a load takes, and importing PyYAML and the
validators is most of what a small `check` costs. So what a load built -- the
validated model -- is kept in the user's cache directory as compact JSON (never
pickle: nothing from disk is ever unpickled or executed) and reused while the
file is unchanged (`load_checked`).

An entry is used only if everything it was made from is the same: the file's
absolute path, size, modification time *and* SHA-256 of its bytes (so an edit
that keeps the size and restores the time is still seen), the package version
and the cache format. Reading the bytes is needed anyway, and hashing them
costs a fraction of parsing them.

An entry is never trusted: before anything uses it, every rule a fresh load
guarantees is checked again (treecache.py for trees, resources.py for the
crisis resources), and an entry that is unreadable, damaged, not a regular
file of ours, or breaks a rule is ignored and rebuilt from the file itself.
So a damaged or tampered cache can make a load slower, never wrong. Entries
are written atomically (temporary file, fsync, rename) into a 0700 directory
as 0600 files; at most `MAX_ENTRIES` are kept. `CONTACTCHECK_NO_CACHE=1` turns
the cache off.

Files that may hold a person's answers are never cached: nothing about the
person is stored unless they ask.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from contactcheck import __version__
from contactcheck.errors import InvalidFile, Problem
from contactcheck.files import MAX_BYTES, too_large

FORMAT = 2
"""Bumped whenever what an entry holds changes; older entries are then ignored."""
MAX_ENTRIES = 64
"""Entries kept; the least recently written go first (one entry per file and kind)."""
MAX_ENTRY_BYTES = 4 * MAX_BYTES
"""A bigger entry cannot be one of ours (JSON of a capped file is at most ~2x the file)."""
NO_CACHE_VARIABLE = "CONTACTCHECK_NO_CACHE"
_SUFFIX = ".json"

_T = TypeVar("_T")


def cache_dir() -> Path | None:
    """Where the cache lives (the platform's convention), or None when it is turned off."""
    if os.environ.get(NO_CACHE_VARIABLE, "").strip() not in ("", "0"):
        return None
    return cache_location()


def cache_location() -> Path | None:
    """Where the cache lives or lived, even when it is turned off (for `where` and `forget`)."""
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local, "contactcheck", "Cache") if local else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "contactcheck"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec: a relative path is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "contactcheck"


class FileKey(NamedTuple):
    """What an entry must match: which file, and exactly which bytes."""

    path: str
    """The absolute path."""
    size: int
    mtime_ns: int
    digest: str
    """SHA-256 of the bytes, in hex."""


def read_file(path: Path | str, shown: str, what: str = "tree", *,
              keep: bool = True) -> tuple[FileKey | None, bytes | None]:
    """Read a file once, for parsing and for its key; `InvalidFile` if it cannot be read.

    The key is None for anything but a regular file (a pipe, a device): those
    are never cached. With `keep=False` the bytes of a regular file are not
    kept, only hashed (a cache hit never needs them; it can be read again);
    the bytes of anything else are always kept, as it cannot be read twice.
    """
    size = 0
    chunks: list[bytes] = []
    try:
        with Path(path).open("rb") as stream:
            status = os.fstat(stream.fileno())
            regular = stat.S_ISREG(status.st_mode)
            keep = keep or not regular
            digest = _sha256(big=status.st_size > _CHUNK)
            # Never more than the cap: `--tree /dev/zero` must not fill the memory.
            while size <= MAX_BYTES:
                chunk = stream.read(min(_CHUNK, MAX_BYTES + 1 - size))
                if not chunk:
                    break
                size += len(chunk)
                digest.update(chunk)
                if keep:
                    chunks.append(chunk)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidFile([Problem(shown, 0, 0, f"cannot read the file: {reason}")], what) \
            from None
    if size > MAX_BYTES:
        raise InvalidFile([too_large(shown, status.st_size if regular else None)], what)
    key = FileKey(str(Path(path).absolute()), size, status.st_mtime_ns, digest.hexdigest()) \
        if regular else None
    return key, b"".join(chunks) if keep else None


_CHUNK = 1024 * 1024
_BUILTIN_SHA256 = "_sha2" if sys.version_info >= (3, 12) else "_sha256"


def _sha256(*, big: bool) -> Any:
    """A SHA-256 hasher: OpenSSL's for big files; for small ones, Python's built-in one.

    Importing hashlib loads OpenSSL, which costs more than a whole cache hit on
    a small tree; the built-in is slower per byte. Both give the same digest.
    """
    if not big:
        # A built-in module (found at once, unlike a missing one, which is searched for).
        with contextlib.suppress(ImportError):
            return importlib.import_module(_BUILTIN_SHA256).sha256()
    import hashlib

    return hashlib.sha256()


# -- entries ---------------------------------------------------------------


def lookup(kind: str, file: FileKey) -> Any:
    """The payload stored for this file and kind, or None (no entry, stale, or not ours)."""
    folder = _usable_dir(create=False)
    if folder is None:
        return None
    try:
        entry = json.loads(_read_entry(folder / _entry_name(kind, file.path)))
    except (OSError, ValueError, RecursionError, MemoryError):
        return None  # absent, unreadable or damaged: rebuilt by the caller
    if not isinstance(entry, dict) or any(entry.get(key) != value
                                          for key, value in _header(kind, file).items()):
        return None
    return entry.get("payload")


def store(kind: str, file: FileKey, payload: Any) -> None:
    """Write an entry atomically; a cache that cannot be written is silently skipped."""
    folder = _usable_dir(create=True)
    if folder is None:
        return
    target = folder / _entry_name(kind, file.path)
    temporary = None
    try:
        text = json.dumps({**_header(kind, file), "payload": payload},
                          ensure_ascii=False, separators=(",", ":"), check_circular=False)
        import tempfile  # only when writing: importing it costs more than a cache hit

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:  # mkstemp makes it 0600
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
        temporary = None
        _prune(folder)
    except (OSError, ValueError, RecursionError, MemoryError):
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()


def clear() -> int:
    """Delete every entry (and leftover temporary file); return how many were deleted."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    count = 0
    for path in folder.iterdir():
        if path.suffix == _SUFFIX:
            with contextlib.suppress(OSError):
                path.unlink()
                count += 1
    return count


def _header(kind: str, file: FileKey) -> dict[str, Any]:
    return {"format": FORMAT, "version": __version__, "kind": kind, "path": file.path,
            "size": file.size, "mtime_ns": file.mtime_ns, "sha256": file.digest}


def _entry_name(kind: str, path: str) -> str:
    """One entry per kind and file: an edited file replaces its entry, the cache doesn't grow."""
    key = _sha256(big=False)
    key.update(f"{kind}\0{path}".encode("utf-8", "surrogatepass"))
    return f"{kind}-{key.hexdigest()[:32]}{_SUFFIX}"


def _usable_dir(*, create: bool) -> Path | None:
    """The cache directory if it is ours and private (0700), creating it if asked."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create and not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)  # mkdir's mode is filtered by the umask
        status = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode):
        return None
    if _posix() and (status.st_uid != os.getuid() or status.st_mode & 0o077):
        return None  # another user's, or readable by others: not a place to trust or write
    return folder


def _read_entry(path: Path) -> bytes:
    """An entry's bytes, only if it is a regular file of ours that no one else can write."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            raise OSError("not a cache entry")
        if _posix() and (status.st_uid != os.getuid() or status.st_mode & 0o077):
            raise OSError("not a cache entry of ours")
        return stream.read(MAX_ENTRY_BYTES + 1)


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.iterdir():
        if path.suffix == _SUFFIX:
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime_ns, path))
    entries.sort(reverse=True)
    for _, path in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            path.unlink()


def _posix() -> bool:
    return os.name == "posix" and hasattr(os, "getuid")


# -- loading through the cache ---------------------------------------------


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    A load makes millions of small objects and no reference cycles; the
    collector's passes over them took almost half of a 100,000-node parse.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_checked(path: Path | str, what: str, kind: str, *, build: Callable[[bytes, str], _T],
                 to_json: Callable[[_T], Any], from_json: Callable[[Any, str], _T | None],
                 name: str | None = None) -> _T:
    """Load the file at `path` with `build`, reusing what it built while the file is the same.

    `build(data, name)` validates the bytes and builds the value (raising
    `InvalidFile`). The value is stored as `to_json(value)`; `from_json(payload,
    name)` rebuilds it from an entry only after checking every rule `build`
    guarantees, and returns None for anything else, so the file is loaded again:
    an entry can make a load slower, never different. A hit reads the file only
    to hash it, and needs neither the YAML layer nor the validators.
    """
    shown = name or str(path)
    with paused_gc():
        file, data = read_file(path, shown, what, keep=False)
        payload = lookup(kind, file) if file is not None else None
        value = from_json(payload, shown) if payload is not None else None
        if value is None:
            if data is None:  # read again, and key the entry on the bytes actually parsed
                file, data = read_file(path, shown, what)
            assert data is not None
            value = build(data, shown)
            if file is not None:
                store(kind, file, to_json(value))
    return value
