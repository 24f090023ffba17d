"""A hostile user: odd file names, closed or full outputs, odd encodings, escapes in flags.

Whatever is thrown at it, the tool answers with a message and a documented exit code, never a
traceback; nothing typed or named reaches the terminal as a control sequence; and when the
result of a check cannot be shown, the crisis line still reaches stderr.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contactcheck.cli import cli
from tests import processes

REPO = Path(__file__).resolve().parents[1]
EMERGENCY = ["check", "-a", "danger=suicidal_now"]
CONTROL = ("\x1b", "\x9b", "\x07", "\u202e")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An empty home, so no saved policy or agenda of the machine is used."""
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def run_process(args: list[str], env: dict[str, str], **kwargs: object
                ) -> subprocess.CompletedProcess[str]:
    """Run `python -m contactcheck` for real (closed and full streams need a real process)."""
    full_env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", **env}
    return subprocess.run([sys.executable, "-m", "contactcheck", *args], env=full_env,
                          capture_output=kwargs.pop("capture", True) is True,
                          text=True, errors="replace", timeout=120, **kwargs)  # type: ignore[call-overload]


# -- escapes typed on the command line or hidden in file names ------------------------------

@pytest.mark.parametrize("args", [
    ["check", "--tree", "/no/such/tree\x1b[2J.yaml"],
    ["check", "--answers-file", "/no/such\x1b]0;owned\x07file"],
    ["check", "--policy", "/no/such\x9b2Jpolicy", "-a", "danger=none"],
    ["resources", "--region", "\x1b[31mX"],
    ["check", "-a", "danger=suicidal_now", "-a", "z\x1b[2J=x"],
    ["check", "-a", "\u202eevil=none"],
    ["\x1b[2Jcommand"],
], ids=["tree", "answers-file", "policy", "region", "unknown-id-warning", "bidi-id", "command"])
def test_nothing_typed_reaches_a_colour_terminal_as_a_control_sequence(
        runner: CliRunner, home: dict[str, str], args: list[str]) -> None:
    # color=True: click keeps escapes as it would on a real terminal.
    result = runner.invoke(cli, args, color=True)
    assert result.exit_code in (0, 2, 3)
    assert not any(ch in result.stderr for ch in CONTROL), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_file_name_with_escapes_is_shown_harmlessly(
        runner: CliRunner, home: dict[str, str], tmp_path: Path, command: str) -> None:
    hostile = tmp_path / "tree\x1b[31m\u202e.yaml"
    shutil.copy(REPO / "trees" / "default.yaml", hostile)
    result = runner.invoke(cli, [command, str(hostile)], color=True)
    assert result.exit_code == 0
    assert "tree?[31m?.yaml" in result.stdout
    assert not any(ch in result.stdout for ch in CONTROL)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names not in UTF-8")
@pytest.mark.parametrize("encoding", ["utf-8:strict", "ascii"])
def test_a_file_name_that_is_not_utf8_prints_under_a_strict_encoding(
        home: dict[str, str], tmp_path: Path, encoding: str) -> None:
    hostile = os.fsencode(tmp_path) + b"/tree-\xff.yaml"
    shutil.copy(os.fsencode(REPO / "trees" / "default.yaml"), hostile)
    done = run_process(["validate", os.fsdecode(hostile)],
                       {**home, "PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    assert "tree-?.yaml: valid" in done.stdout
    assert "Traceback" not in done.stderr


def test_an_ascii_terminal_still_gets_the_whole_emergency_result(home: dict[str, str]) -> None:
    env = {**home, "PYTHONIOENCODING": "ascii", "CONTACTCHECK_REGION": "US"}
    done = run_process(EMERGENCY, env)
    assert done.returncode == 0, done.stderr
    assert "911" in done.stdout and "988" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("terminal", [
    {"COLUMNS": "0"}, {"COLUMNS": "1"}, {"COLUMNS": "abc"}, {"COLUMNS": "99999999999"},
    {"LINES": "3"}, {"LINES": "0"}, {"TERM": "dumb"}, {"TERM": ""}, {"NO_COLOR": "1"},
], ids=lambda terminal: ",".join(f"{key}={value}" for key, value in terminal.items()))
def test_any_terminal_size_or_kind_still_shows_the_emergency_numbers_whole(
        tmp_path: Path, terminal: dict[str, str]) -> None:
    # rich took COLUMNS=0 as "print nothing", COLUMNS=1 as one digit per line, and a huge
    # COLUMNS ran out of memory drawing a rule.
    done = processes.run(processes.emergency_args(),
                         {**processes.person_env(tmp_path), **terminal})
    assert done.code == 0, done.output
    processes.assert_no_traceback(done)
    processes.assert_emergency_shown(done.stdout)
    assert "United States" in done.stdout


NO_PASSWD_ENTRY = """\
import pwd, sys
def unknown(uid): raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = unknown  # as for a container user the system's user list does not name
from contactcheck.cli import main
main(sys.argv[1:])
"""


def test_with_no_home_folder_known_an_emergency_still_shows_and_a_save_says_why_not(
        tmp_path: Path) -> None:
    # HOME unset and no entry in the user list: Path.home() raised, before any number showed.
    env = {key: value for key, value in processes.person_env(tmp_path).items()
           if key not in ("HOME", "CONTACTCHECK_HOME", "CONTACTCHECK_CONFIG_HOME",
                          "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    done = processes.run(processes.emergency_args(), env, program=NO_PASSWD_ENTRY)
    assert done.code == 0, done.output
    processes.assert_no_traceback(done)
    processes.assert_emergency_shown(done.stdout)
    if os.geteuid() != 0:  # root could create the fallback folder; nobody else can
        done = processes.run(["agenda", "add", "a note"], env, program=NO_PASSWD_ENTRY)
        assert done.code == 1, done.output
        processes.assert_no_traceback(done)
        assert "set HOME" in done.stderr, done.stderr


# -- outputs that cannot be written ----------------------------------------------------------

@pytest.mark.parametrize("args", [
    EMERGENCY,
    [*EMERGENCY, "--format", "json"],
    [*EMERGENCY, "--format", "markdown"],
])
@pytest.mark.parametrize("sink", ["closed", "full"])
def test_a_result_that_cannot_be_written_fails_with_the_crisis_line_on_stderr(
        home: dict[str, str], args: list[str], sink: str) -> None:
    if sink == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**home, "CONTACTCHECK_REGION": "US"}
    if sink == "closed":
        done = run_process(args, env, stdout=None, capture=False, stderr=subprocess.PIPE,
                           pass_fds=(), close_fds=True, preexec_fn=lambda: os.close(1))
    else:
        with Path("/dev/full").open("w") as full:
            done = run_process(args, env, stdout=full, capture=False, stderr=subprocess.PIPE)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "Error: the output could not be written" in done.stderr
    assert "911" in done.stderr and "988" in done.stderr


@pytest.mark.parametrize("args", [
    [*EMERGENCY, "-a", "not_a_question=x"],  # a warning on stderr before the result
    [*EMERGENCY, "--format", "json", "-a", "not_a_question=x"],
])
def test_a_full_stderr_never_stops_the_result_on_stdout(home: dict[str, str],
                                                        args: list[str]) -> None:
    # The warning's OSError (No space left on device) was taken for the output failing: the
    # emergency result was never printed.
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**home, "CONTACTCHECK_REGION": "US"}
    with Path("/dev/full").open("w") as full:
        done = run_process(args, env, stderr=full, capture=False, stdout=subprocess.PIPE)
    assert done.returncode == 0
    assert "911" in done.stdout and "988" in done.stdout


@pytest.mark.parametrize("args", [["paths"], ["graph"], ["schema"], ["questions", "--format",
                                                                      "json"], ["--help"]])
def test_any_output_on_a_full_disk_is_a_clear_error(home: dict[str, str], args: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with Path("/dev/full").open("w") as full:
        done = run_process(args, home, stdout=full, capture=False, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: the output could not be written: "
                                   "No space left on device")


# -- Markdown built from tree text -----------------------------------------------------------

@pytest.mark.parametrize("safety_net", [
    "~~~ If it gets worse, call the crisis line.",
    "    If it gets worse, call the crisis line.",
    "- If it gets worse, call the crisis line.",
    "1. If it gets worse, call the crisis line.",
    "=== If it gets worse, call the crisis line.",
])
def test_tree_text_cannot_turn_the_markdown_crisis_lines_into_code_or_a_list(
        runner: CliRunner, home: dict[str, str], write_tree, safety_net: str) -> None:
    from tests.helpers import MINIMAL_TREE

    tree = write_tree(MINIMAL_TREE.replace(
        'safety_net: "If it gets worse, call the crisis line."',
        f"safety_net: {safety_net!r}", 1).replace("'", '"'))
    result = runner.invoke(cli, ["check", "--tree", str(tree), "-a", "danger=none",
                                 "-a", "topic=yes", "--format", "markdown", "--region", "US"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    net = lines[lines.index("## If things change or get worse") + 2]
    # Still one plain paragraph: no fence, no code indent, no list item, no rule or heading.
    assert net.endswith("If it gets worse, call the crisis line.")
    assert not net.startswith(("~~~", " ", "- ", "1.", "="))
    assert "- Emergency: 911" in lines


def test_sigterm_during_a_check_stops_like_ctrl_c(tmp_path):
    """A termination signal unwinds like Ctrl-C: exit 130 and the crisis line, no traceback."""
    import signal
    import subprocess
    import sys
    import time

    env = {**__import__("os").environ, "CONTACTCHECK_REGION": "US",
           "CONTACTCHECK_HOME": str(tmp_path), "CONTACTCHECK_CONFIG_HOME": str(tmp_path)}
    # An answers file on a pipe that never ends keeps the check waiting while we signal it.
    process = subprocess.Popen([sys.executable, "-m", "contactcheck", "check", "--answers-file",
                                "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, text=True)
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Stopped" in err and "988" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["region", "set", "GB"],
    ["region", "show"],
    ["safety-plan", "add", "coping", "a walk"],
    ["setup", "--show"],
    ["where"],
], ids=" ".join)
def test_a_folder_name_with_escapes_is_shown_harmlessly(
        runner: CliRunner, home: dict[str, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    # The folders come from the environment; a bidi override in one reordered the message.
    for variable, name in (("CONTACTCHECK_HOME", "data"), ("CONTACTCHECK_CONFIG_HOME", "config")):
        monkeypatch.setenv(variable, str(tmp_path / f"{name}\x1b[31m\u202e"))
    runner.invoke(cli, ["region", "set", "GB"])  # something to show
    result = runner.invoke(cli, args, color=True)
    assert result.exit_code == 0, result.output
    assert not any(ch in result.output for ch in CONTROL), result.output
