"""Running `python -m contactcheck` as a real process, for what only a process shows.

Hangs, signals, closed streams, locales and special files cannot be seen
through `CliRunner`. Every run has a timeout: a run that hangs fails the test
with "hung" instead of blocking the suite (the timeout is a hang detector, not
a speed test; speed lives in benchmarks/bench.py).

Everything here is black-box: the emergency answer and the numbers are read
from the tool's own `questions` and `resources` output, so these tests hold
while the bundled tree and the resource files are rewritten.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HANG = 30
"""Seconds after which a run counts as hung (a normal run takes well under one)."""

REGION = "US"
"""The region every run uses, so the numbers to look for are known."""


@dataclass(frozen=True)
class Done:
    """What a process did: its exit code and its two streams (undecodable bytes as U+FFFD)."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def person_env(root: Path) -> dict[str, str]:
    """An environment whose every folder of the person's is under `root` (none exists yet)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root / "home"),
        "CONTACTCHECK_HOME": str(root / "data"),
        "CONTACTCHECK_CONFIG_HOME": str(root / "config"),
        "XDG_DATA_HOME": str(root / "xdg-data"),
        "XDG_CONFIG_HOME": str(root / "xdg-config"),
        "XDG_CACHE_HOME": str(root / "cache"),
        "CONTACTCHECK_REGION": REGION,
        "LANG": "C.UTF-8",
        "COLUMNS": "100",
    }


def run(args: list[str], env: Mapping[str, str], *, input: bytes | None = None,
        python: tuple[str, ...] = (), program: str | None = None, timeout: float = HANG,
        **popen: Any) -> Done:
    """Run the tool (or `program`, a `python -c` text) and return what it did.

    Fails the calling test with "hung" if it does not end within `timeout`.
    """
    command = [sys.executable, *python]
    command += ["-c", program, *args] if program else ["-m", "contactcheck", *args]
    if input is None and "stdin" not in popen:
        popen["stdin"] = subprocess.DEVNULL
    try:
        done = subprocess.run(command, env=dict(env), input=input, capture_output=True,
                              timeout=timeout, check=False, **popen)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"hung: `contactcheck {' '.join(args)}` did not end within "
                             f"{timeout} s") from None
    return Done(done.returncode, done.stdout.decode("utf-8", "replace"),
                done.stderr.decode("utf-8", "replace"))


@functools.cache
def _tool_json(*args: str) -> Any:
    env = person_env(Path("/nonexistent-contactcheck-test-home"))
    done = run([*args, "--format", "json"], env)
    assert done.code == 0, done.stderr
    return json.loads(done.stdout)


def emergency_answer() -> tuple[str, str]:
    """The first question of the bundled tree and its first value leading to an emergency."""
    listing = _tool_json("questions")
    emergencies = {outcome["id"] for outcome in listing["outcomes"] if outcome["emergency"]}
    start = listing["tree"]["start"]
    question = next(q for q in listing["questions"] if q["id"] == start)
    choice = next(c for c in question["choices"] if c["next"] in emergencies)
    return start, choice["value"]


def emergency_args() -> list[str]:
    """`check -a START=VALUE` answering the first question with an emergency."""
    question, value = emergency_answer()
    return ["check", "-a", f"{question}={value}"]


def region_numbers() -> tuple[str, str]:
    """The emergency number and the first crisis line's name for `REGION`."""
    region = _tool_json("resources", "--region", REGION)["regions"][0]
    crisis = [line for line in region["lines"] if line["kind"] == "crisis"]
    return region["emergency"], crisis[0]["name"]


def assert_emergency_shown(text: str) -> None:
    """The emergency number and the crisis line are in `text`."""
    number, line = region_numbers()
    assert number in text, text
    assert line.split()[0] in text, text


def assert_no_traceback(done: Done) -> None:
    assert "Traceback" not in done.output, done.output
    assert "MemoryError" not in done.output, done.output


Maker = Callable[[Path], None]
