"""A reader that goes away, a terminal that closes, a signal in the middle of a write.

None of them may end the process without the crisis line, nor leave a temp file
behind, nor say "nothing was saved" when something was (or the reverse).

The signals are sent by the process to itself at a chosen point (while reading
stdin, right after the fsync of a write, right after its rename), so the tests
do not depend on timing. Only the operating system's functions are wrapped,
never ours. One test cannot choose its moment (a terminal closing as the first
question is drawn), so it is repeated.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.processes import (
    HANG,
    assert_emergency_shown,
    assert_no_traceback,
    emergency_args,
    person_env,
    run,
)
from tests.terminal import Terminal

TEMP_LEFTOVER = ".tmp"


def _closed_reader_run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout on a pipe whose reader has already gone (`cmd | true`)."""
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.Popen([sys.executable, "-m", "contactcheck", *args],
                                   stdin=subprocess.DEVNULL, stdout=write_end,
                                   stderr=subprocess.PIPE, env=env)
    finally:
        os.close(write_end)
    try:
        _, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("hung") from None
    return process.returncode, err.decode("utf-8", "replace")


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_a_reader_that_closed_early_still_leaves_the_crisis_line_on_stderr(
        tmp_path: Path, output_format: str) -> None:
    code, err = _closed_reader_run([*emergency_args(), "--format", output_format],
                                   person_env(tmp_path))
    assert code == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert_emergency_shown(err)


@pytest.mark.parametrize("args", [["paths"], ["resources", "--all"], ["questions"]])
def test_other_commands_end_quietly_with_1_on_a_closed_pipe(tmp_path: Path,
                                                           args: list[str]) -> None:
    code, err = _closed_reader_run(args, person_env(tmp_path))
    assert code == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err, err


# -- signals ----------------------------------------------------------------------------

SIGNAL_WHILE_READING_STDIN = """\
import io, os, signal, sys
number = getattr(signal, sys.argv.pop(1))

class Raw(io.RawIOBase):
    # stdin that delivers the signal the moment the tool reads it
    def readable(self): return True
    def readinto(self, buffer):
        os.kill(os.getpid(), number)
        return 0

sys.stdin = io.TextIOWrapper(io.BufferedReader(Raw()), encoding="utf-8")
from contactcheck.cli import main
sys.argv[0] = "contactcheck"
main(sys.argv[1:])
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT"])
def test_a_termination_signal_stops_with_the_crisis_line_and_130(tmp_path: Path,
                                                                 name: str) -> None:
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    done = run([name, "check", "--answers-file", "-"], person_env(tmp_path),
               program=SIGNAL_WHILE_READING_STDIN)
    assert done.code == 130, done.output
    assert_no_traceback(done)
    assert "Stopped" in done.stderr
    assert_emergency_shown(done.stderr)


def test_a_terminal_that_closes_during_a_question_leaves_the_crisis_line_and_no_traceback(
        tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    term = Terminal("check", home=tmp_path, stderr_to=log, env=person_env(tmp_path))
    term.wait_for("is any of these happening right now?")
    assert term.hang_up() == 130
    said = log.read_text(encoding="utf-8")
    assert "Stopped" in said
    assert_emergency_shown(said)
    for noise in ("Traceback", "Task exception", "unhandled exception", "Exception ignored"):
        assert noise not in said, said


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT"])
def test_a_termination_signal_during_a_question_stops_it_at_once(tmp_path: Path,
                                                                 name: str) -> None:
    # The question waits for the person in prompt_toolkit's event loop: the signal reaches
    # it there (not only once the person answers), with the crisis line on screen.
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    term = Terminal("check", home=tmp_path, env=person_env(tmp_path))
    term.wait_for("is any of these happening right now?")
    term.idle(0.3)
    os.kill(term.child.pid, getattr(signal, name))
    assert term.finish() == 130
    shown = term.shown()
    assert "Stopped" in shown, shown
    assert_emergency_shown(shown)
    assert "Traceback" not in shown, shown


HANG_UPS = 20
"""Hang-ups as the question is drawn. Before the fix, where in its event loop the signal landed
decided whether the process hung: one in five to ten did when the terminal was closed the
instant the question's text arrived, fewer here, where each piece of output goes through pyte
first (without the fix, this test failed in 3 of 8 runs)."""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_terminal_that_closes_as_the_question_is_drawn_never_leaves_the_check_hung(
        tmp_path: Path) -> None:
    # Run from a shell, the check sees its terminal fail and gets SIGHUP a moment later, as
    # the shell ends: it must end too, with the crisis line, every time. The one test here
    # that depends on timing, so it is repeated: broken, it fails only when the moment is hit
    # (it can pass by luck); working, nothing in it depends on luck.
    for attempt in range(HANG_UPS):
        log = tmp_path / f"stderr-{attempt}.log"
        term = Terminal("check", home=tmp_path, stderr_to=log, in_a_shell=True,
                        env=person_env(tmp_path))
        term.wait_for_output("is any of these happening right now?")  # as soon as drawn
        term.hang_up_in_a_shell()
        said = log.read_text(encoding="utf-8")
        assert "Stopped" in said, f"hang-up {attempt + 1}:\n{said}"
        assert_emergency_shown(said)
        for noise in ("Traceback", "Error:", "Hangup"):
            assert noise not in said, f"hang-up {attempt + 1}:\n{said}"


# -- closed stdin (`<&-`) ------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["agenda", "add", "-"],
    ["agenda", "add"],
    ["check", "--answers-file", "-"],
    ["forget"],
    ["agenda", "clear"],
    ["policy", "init"],
    ["safety-plan", "add", "coping", "-"],
    ["safety-plan", "add", "coping"],
])
def test_a_closed_stdin_is_a_clear_error(tmp_path: Path, args: list[str]) -> None:
    env = person_env(tmp_path)
    # Something to forget and to clear, so those commands get as far as asking.
    assert run(["agenda", "add", "a note"], env).code == 0
    done = run(args, env, stdin=None, preexec_fn=lambda: os.close(0))
    assert_no_traceback(done)
    assert done.code in (1, 2, 130), done.output
    assert "Error" in done.stderr or "Stopped" in done.stderr, done.stderr
    if args[0] == "check":
        assert_emergency_shown(done.stderr)


# -- a mistyped flag of the self-check ---------------------------------------------------------

@pytest.mark.parametrize("mistake", [["--format", "xml"], ["--bogus"], ["--answer", "nonsense"],
                                     ["--tree", "no-such-tree"]])
@pytest.mark.parametrize("command", [["check"], []])
def test_a_usage_error_of_the_self_check_still_gives_the_crisis_line(
        tmp_path: Path, mistake: list[str], command: list[str]) -> None:
    args = [*command, *emergency_args()[1:], *mistake]
    done = run(args, person_env(tmp_path))
    assert done.code == 2, done.output
    assert_no_traceback(done)
    assert_emergency_shown(done.stderr)


# -- answers typed at a terminal -----------------------------------------------------------------

def test_answers_typed_at_a_terminal_end_at_one_ctrl_d(tmp_path: Path) -> None:
    # `check --answers-file -` read stdin in chunks and asked again after a short read: a
    # terminal then needed a second Ctrl-D, and the check seemed to hang.
    import sys

    import pexpect

    question, value = emergency_args()[-1].split("=")
    child = pexpect.spawn(sys.executable, ["-m", "contactcheck", "check", "--answers-file", "-"],
                          env=person_env(tmp_path), encoding="utf-8", codec_errors="replace",
                          timeout=HANG, dimensions=(24, 100))
    try:
        child.sendline(f"{question}: {value}")
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert "Traceback" not in child.before
    assert_emergency_shown(child.before)
