"""The package's own files, checked once and kept: the bundled trees and the crisis resources.

Importing PyYAML and the validators, and parsing, is most of what a small
`check` costs, yet the files that ship with the package are the same on every
run. So what the one validator built from them is kept in the cache folder and
used again while the installed package is unchanged.

- Only the package's own files. Nothing derived from the person's files -- a
  tree given with `--tree PATH`, an answers file, a profile, a safety plan --
  is ever stored: a cached clinic tree would tell anyone who looks that they
  are in therapy.
- There is no second rule set. An entry holds exactly what the validator
  built, and is used only while the fingerprint of the installed package is
  the same: the path, size and modification time of every file in it (code,
  data and bundled trees; the rule CPython uses for its own `.pyc` files),
  and the Python version. Changing any module, a bundled tree or the
  resources file makes the next run rebuild every entry, so a rule added to
  `tree/rules.py` applies at once.
- An entry is trusted by where and how it was written, not by checking its
  content again: a regular file (not a link) of this user, readable by no one
  else, in a 0700 folder of theirs, whose checksum matches. Whoever could
  write there could already run code as this user. Anything else is ignored
  and rebuilt. The entry is the frozen model as MessagePack, decoded back
  into exactly the expected types (msgspec): unlike a pickle, an entry can
  never run code, even one these checks wrongly trusted. A hit costs far less
  than the YAML import it replaces.

`CONTACTCHECK_NO_CACHE=1` turns it off; deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from contactcheck import files, folders
from contactcheck.errors import InvalidFile
from contactcheck.tree.bundled import trees_dir

NO_CACHE_VARIABLE = "CONTACTCHECK_NO_CACHE"
PACKAGE = Path(__file__).resolve().parent
MAGIC = b"contactcheck-prebuilt-2"
SUFFIX = ".msgpack"
MAX_ENTRY_BYTES = files.MAX_BYTES
KINDS = ("tree", "regions")
"""What entries are kept: the bundled trees and the crisis resources (for `forget`'s names)."""
LEGACY_ENTRIES = (*(f"{kind}-{'[0-9a-f]' * 32}.json" for kind in KINDS),
                  *(f"{kind}-*.pickle" for kind in KINDS))
"""What earlier versions kept here (any tree read, the person's own too; pickles): deleted on
sight."""

_T = TypeVar("_T")


def load_own(path: Path, kind: str, build: Callable[[bytes, str], _T], expect: Any, *,
             name: str, what: str) -> _T:
    """`build(bytes, name)` of the file at `path`, kept and reused if it is the package's own.

    `build` is the validator itself; `expect` the type it returns (`Tree`,
    `dict[str, Region]`): an entry is decoded as exactly that type, or ignored.
    Any other file is simply read and built.
    """
    assert kind in KINDS, kind  # forget deletes entries by these names
    entry = entry_path(path, kind)
    if entry is None:
        return build(files.read_capped(path, name, what), name)
    fingerprint = package_fingerprint()
    kept: _T | None = _read(entry, fingerprint, expect)
    if kept is not None:
        return kept
    value = build(files.read_capped(path, name, what), name)
    _write(entry, fingerprint, value)
    return value


def cache_folder() -> Path | None:
    """Where entries are kept, or None when the cache is turned off."""
    if os.environ.get(NO_CACHE_VARIABLE, "").strip() not in ("", "0"):
        return None
    return folders.cache_dir()


def entry_path(path: Path, kind: str) -> Path | None:
    """The entry for one of the package's own files; None for any other file (or no cache)."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):
        return None
    for root in _own_roots():
        if resolved.is_relative_to(root):
            relative = resolved.relative_to(root).as_posix().replace("/", "-")
            return folder / f"{kind}-{relative}{SUFFIX}"
    return None


def entry_patterns() -> tuple[str, ...]:
    """Glob patterns of every file this module writes in the cache folder (for `forget`)."""
    # By kind: a `my-notes.msgpack` the person keeps here is not ours to delete.
    return (*(f"{kind}-*{SUFFIX}" for kind in KINDS),
            *(f".{kind}-*{SUFFIX}.[0-9]*{files.TEMP_SUFFIX}" for kind in KINDS),
            *LEGACY_ENTRIES)


@functools.cache
def package_fingerprint() -> bytes:
    """The installed package as a list: every file's path, size and modification time.

    Kept whole in each entry and compared byte for byte (no digest to collide).
    """
    lines = [sys.version]
    for root in _own_roots():
        lines.append(str(root))
        _list_files(str(root), "", lines)
    return "\n".join(lines).encode("utf-8", "surrogateescape").replace(b"\0", b"?")


def _list_files(folder: str, prefix: str, lines: list[str]) -> None:
    """Append `path size mtime` of every file under `folder`, sorted, skipping `__pycache__`."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _list_files(entry.path, f"{prefix}{entry.name}/", lines)
                continue
            status = entry.stat()
        except OSError:
            continue
        lines.append(f"{prefix}{entry.name} {status.st_size} {status.st_mtime_ns}")


def _own_roots() -> list[Path]:
    """The package, and the bundled trees when they live outside it (a source checkout)."""
    roots = [PACKAGE]
    trees = trees_dir().resolve()
    if not trees.is_relative_to(PACKAGE):
        roots.append(trees)
    return roots


def _read(entry: Path, fingerprint: bytes, expect: Any) -> Any:
    """What the entry holds, as `expect`, if it is trustworthy and current; else None."""
    if not _private_folder(entry.parent):
        return None
    try:
        data = files.read_capped(entry, str(entry), "cache entry", cap=MAX_ENTRY_BYTES,
                                 private=True)
    except InvalidFile:
        return None
    magic, _, rest = data.partition(b"\n")
    checksum, _, body = rest.partition(b"\n")
    stored, _, payload = body.partition(b"\0")
    if magic != MAGIC or checksum != _checksum(body) or stored != fingerprint:
        return None
    try:
        return msgspec.msgpack.decode(payload, type=expect)
    except (msgspec.DecodeError, ValueError, TypeError):  # damaged or of another shape: rebuilt
        return None


def _write(entry: Path, fingerprint: bytes, value: object) -> None:
    """Keep `value` for next time; a cache that cannot be written is skipped."""
    folder = entry.parent
    try:
        files.make_private_folder(folder)
        if not _private_folder(folder):
            return
        for pattern in LEGACY_ENTRIES:
            for old in folder.glob(pattern):
                old.unlink()
        body = fingerprint + b"\0" + msgspec.msgpack.encode(value)
        files.write_atomic(entry, MAGIC + b"\n" + _checksum(body) + b"\n" + body,
                           tell=False)
    except (OSError, TypeError, ValueError, RecursionError):  # not encodable: not kept
        pass


def _private_folder(folder: Path) -> bool:
    """Whether `folder` is a real folder of this user that no one else can use."""
    try:
        status = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(status.st_mode):
        return False
    return not files.posix() or (status.st_uid == os.getuid() and not status.st_mode & 0o077)


def _checksum(body: bytes) -> bytes:
    """CRC-32, as zip and gzip use to see damage (trust comes from the folder, not from this)."""
    return b"%08x" % zlib.crc32(body)
