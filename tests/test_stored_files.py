"""Nothing of the person's is lost, leaked or deleted by mistake.

`forget` deletes only the exact names the tool writes; a temp file is never a
link someone planted; `agenda clear` deletes only what it showed; a plan that is
not the person's own is never shown as theirs; folders made on the way are 0700.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.processes import (
    HANG,
    assert_no_traceback,
    person_env,
    run,
)

ROOT = os.name == "posix" and os.geteuid() == 0

# -- forget: exact names only --------------------------------------------------------------

THEIRS = {
    "data": ["my-notes.json", ".my-backup.tmp", "photo.damaged-copy.jpg", "agenda.json.bak",
             ".agenda.json.tmp", ".agenda.json.12x.tmp", "agenda.json.damaged-yesterday"],
    "config": [".my-backup.tmp", ".policy.yaml.old.tmp", "notes.yaml"],
    "cache": ["contactcheck/my-notes.json", "contactcheck/.tmp-mine.json.bak",
              "contactcheck/my-notes.pickle", "contactcheck/.mine.pickle.1.tmp",
              "contactcheck/my-notes.msgpack", "contactcheck/tree-notes.msgpack.bak"],
}
"""Files the person made in the tool's folders, with names close to the tool's own."""

LEFTOVERS = {
    "data": [".agenda.json.4242.tmp", ".safety-plan.yaml.17.tmp",
             "agenda.json.damaged-20261201T101010", "safety-plan.yaml.damaged-20261201T101010-2"],
    "config": [".policy.yaml.4242.tmp"],
}
"""What the tool itself leaves after a crash or a damaged file."""


def _seed(tmp_path: Path) -> dict[str, str]:
    env = person_env(tmp_path)
    assert run(["agenda", "add", "a note"], env).code == 0
    assert run(["safety-plan", "add", "coping", "a walk"], env).code == 0
    (tmp_path / "config").mkdir(mode=0o700, exist_ok=True)
    (tmp_path / "config" / "policy.yaml").write_text("between_sessions: no\n")
    (tmp_path / "cache" / "contactcheck").mkdir(parents=True, mode=0o700, exist_ok=True)
    for group in (THEIRS, LEFTOVERS):
        for folder, names in group.items():
            for name in names:
                path = tmp_path / folder / name
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                path.write_text("mine\n")
    return env


def test_forget_deletes_only_what_the_tool_wrote_and_names_the_rest(tmp_path: Path) -> None:
    env = _seed(tmp_path)
    done = run(["forget", "--yes"], env)
    assert_no_traceback(done)
    for folder, names in THEIRS.items():
        for name in names:
            path = tmp_path / folder / name
            assert path.read_text() == "mine\n", f"{path} was deleted"
            assert path.name in done.stdout, done.stdout  # named as left alone
    for folder, names in LEFTOVERS.items():
        for name in names:
            assert not (tmp_path / folder / name).exists(), name
    for name in ("agenda.json", "safety-plan.yaml"):
        assert not (tmp_path / "data" / name).exists()
    assert not (tmp_path / "config" / "policy.yaml").exists()
    left = done.stdout[done.stdout.index("Left alone"):]
    assert "my-notes.json" in left


def test_where_and_forget_list_crash_leftovers_before_asking(tmp_path: Path) -> None:
    env = _seed(tmp_path)
    where = run(["where"], env)
    assert where.code == 0
    for names in LEFTOVERS.values():
        for name in names:
            assert name in where.stdout, where.stdout
    asked = run(["forget"], env, input=b"n\n")
    assert asked.code == 0, asked.output
    assert "Nothing was deleted" in asked.output
    for folder, names in LEFTOVERS.items():
        for name in names:
            assert name in asked.stdout, asked.stdout
            assert (tmp_path / folder / name).exists()
    for names in THEIRS.values():
        for name in names:
            assert Path(name).name not in asked.stdout.split("Left alone")[0].split(
                "This deletes")[-1], asked.stdout


def test_where_json_lists_leftovers(tmp_path: Path) -> None:
    env = _seed(tmp_path)
    done = run(["where", "--format", "json"], env)
    listed = {Path(entry["path"]).name for entry in json.loads(done.stdout)}
    for names in LEFTOVERS.values():
        assert set(names) <= listed


# -- agenda clear deletes only what it showed ------------------------------------------------


def _read_until(stream: object, marker: bytes, deadline: float) -> bytes:
    seen = b""
    fd = stream.fileno()  # type: ignore[attr-defined]
    while marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"hung waiting for {marker!r}; saw {seen!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, f"ended before {marker!r}; saw {seen!r}"
            seen += chunk
    return seen


def test_agenda_clear_keeps_an_item_added_while_it_was_asking(tmp_path: Path) -> None:
    env = person_env(tmp_path)
    assert run(["agenda", "add", "shown note"], env).code == 0
    process = subprocess.Popen([sys.executable, "-m", "contactcheck", "agenda", "clear"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    try:
        _read_until(process.stderr, b"?", time.monotonic() + HANG)
        assert run(["agenda", "add", "added meanwhile"], env).code == 0
        _, err = process.communicate(b"y\n", timeout=HANG)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    done = run(["agenda", "list", "--format", "json"], env)
    texts = [item["text"] for item in json.loads(done.stdout)]
    assert texts == ["added meanwhile"]


