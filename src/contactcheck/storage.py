"""Private, atomic file writes for what the person chooses to keep.

Folders are created 0700 and files written 0600, through a temporary file in
the same folder that is fsynced and renamed over the old one, so a crash or a
full disk never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from contactcheck.errors import ContactcheckError, ExitCode


class StorageError(ContactcheckError):
    """A file of the person's could not be read or written."""

    exit_code = ExitCode.FAILED


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, readable only by the user."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                            suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                os.fchmod(stream.fileno(), 0o600)
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            temporary.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
    except OSError as error:
        raise StorageError(f"could not save {path}: {error.strerror or error}") from None
