"""A SIGTERM in the middle of a write: no temp file left, and the truth about what was saved.

The signal is sent by the process to itself right after the fsync of the temp file
(before the rename) or right after the rename, so the test does not depend on
timing. Only the operating system's functions are wrapped, never ours.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import assert_no_traceback, person_env, run

TEMP_LEFTOVER = ".tmp"


SIGNAL_DURING_WRITE = """\
import os, signal, sys
when = sys.argv.pop(1)
real_fsync, real_replace = os.fsync, os.replace
state = {"sent": False}

def send():
    if not state["sent"]:
        state["sent"] = True
        os.kill(os.getpid(), signal.SIGTERM)

def fsync(fd):
    real_fsync(fd)
    import stat
    if when == "before-rename" and stat.S_ISREG(os.fstat(fd).st_mode):
        send()

def replace(source, target, **kwargs):
    real_replace(source, target, **kwargs)
    if when == "after-rename":
        send()

os.fsync, os.replace = fsync, replace
from contactcheck.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("args", [
    ["agenda", "add", "the new note"],
    ["safety-plan", "add", "coping", "the new note"],
])
@pytest.mark.parametrize("when", ["before-rename", "after-rename"])
def test_a_sigterm_during_a_write_leaves_no_temp_file_and_says_what_happened(
        tmp_path: Path, args: list[str], when: str) -> None:
    env = person_env(tmp_path)
    first = [*args[:-1], "the first note"]
    assert run(first, env).code == 0
    done = run([when, *args], env, program=SIGNAL_DURING_WRITE)
    assert done.code == 130, done.output
    assert_no_traceback(done)
    data = tmp_path / "data"
    left = [path.name for path in data.iterdir() if path.name.endswith(TEMP_LEFTOVER)]
    assert left == [], left
    saved = "the new note" in (data / ("agenda.json" if args[0] == "agenda"
                                       else "safety-plan.yaml")).read_text()
    assert saved == (when == "after-rename")
    if saved:
        assert "was saved" in done.stderr and "nothing was saved" not in done.stderr, \
            done.stderr
    else:
        assert "nothing was saved" in done.stderr, done.stderr


