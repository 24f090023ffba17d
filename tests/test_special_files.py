"""Special files at every path the tool reads: never a hang, never a memory blow-up.

A FIFO blocks a plain `open()` for ever, a link to /dev/zero reads until memory runs
out, a folder or a socket cannot be read at all. Whichever of them sits where the
tool looks, an emergency check still prints its result and numbers (a file of the
person's that cannot be read is named beside the result), and a path named on the
command line that cannot be read gets one clear message and one exit code from
every command.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.processes import (
    Done,
    assert_emergency_shown,
    assert_no_traceback,
    emergency_args,
    person_env,
    run,
)

ROOT = os.name == "posix" and os.geteuid() == 0


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def make_directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.yaml").write_text("x: y\n")


def make_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound: the path stays a socket for the test
    _SOCKETS.append(server)


def make_dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "nothing-here")


def make_loop(path: Path) -> None:
    path.symlink_to(path)


def make_unreadable(path: Path) -> None:
    path.write_text("id: x\n")
    path.chmod(0)


_SOCKETS: list[socket.socket] = []

SPECIAL: dict[str, Callable[[Path], None]] = {
    "fifo": make_fifo,
    "dev-zero-link": make_zero_link,
    "directory": make_directory,
    "socket": make_socket,
    "dangling-link": make_dangling_link,
    "loop": make_loop,
    "unreadable": make_unreadable,
}


@pytest.fixture(autouse=True)
def _close_sockets() -> object:
    yield
    while _SOCKETS:
        _SOCKETS.pop().close()


def plant(kind: str, path: Path) -> None:
    """Put a special file of `kind` at `path` (its folder is made as the tool would)."""
    if kind == "unreadable" and ROOT:
        pytest.skip("root reads a file whatever its mode")
    if len(str(path)) > 100 and kind == "socket":
        pytest.skip("socket paths are limited to about 100 bytes")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    SPECIAL[kind](path)


# -- the person's own files: the result is shown anyway -----------------------------------

PERSONAL = {
    "safety plan": ("data", "safety-plan.yaml"),
    "agenda": ("data", "agenda.json"),
    "lock": ("data", ".lock"),
    "policy profile": ("config", "policy.yaml"),
    "practice file": ("config", "practice.yaml"),
    "practice tree": ("config", "practice-tree.yaml"),
    "saved region": ("config", "region"),
}
"""Where `check` looks for the person's files (relative to `person_env`'s folders)."""

MENTIONED = {"safety plan", "policy profile"}
"""Files an emergency result reads, so one that cannot be read must be named."""


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("where", PERSONAL)
def test_an_emergency_result_shows_whatever_sits_where_the_persons_files_are(
        tmp_path: Path, where: str, kind: str) -> None:
    folder, name = PERSONAL[where]
    plant(kind, tmp_path / folder / name)
    done = run(emergency_args(), person_env(tmp_path))
    assert done.code == 0, done.output
    assert_no_traceback(done)
    assert_emergency_shown(done.stdout)
    if where in MENTIONED:
        assert "could not be read" in done.output, done.output


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("output_format", ["json", "markdown"])
def test_every_format_says_the_plan_could_not_be_read_beside_the_result(
        tmp_path: Path, kind: str, output_format: str) -> None:
    plant(kind, tmp_path / "data" / "safety-plan.yaml")
    done = run([*emergency_args(), "--format", output_format], person_env(tmp_path))
    assert done.code == 0, done.output
    assert_no_traceback(done)
    assert_emergency_shown(done.stdout)
    assert "could not be read" in done.stdout, done.stdout


@pytest.mark.parametrize("kind", [k for k in SPECIAL if k != "directory"])
def test_an_emergency_result_shows_when_the_data_folder_itself_is_special(
        tmp_path: Path, kind: str) -> None:
    plant(kind, tmp_path / "data")
    done = run(emergency_args(), person_env(tmp_path))
    assert done.code == 0, done.output
    assert_no_traceback(done)
    assert_emergency_shown(done.stdout)


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("args", [
    ["agenda", "list"],
    ["agenda", "add", "a note"],
    ["safety-plan", "show"],
    ["safety-plan", "add", "coping", "a walk"],
    ["policy", "show"],
])
def test_a_personal_command_reports_a_special_file_clearly(
        tmp_path: Path, kind: str, args: list[str]) -> None:
    folder, name = {"agenda": PERSONAL["agenda"], "safety-plan": PERSONAL["safety plan"],
                    "policy": PERSONAL["policy profile"]}[args[0]]
    plant(kind, tmp_path / folder / name)
    done = run(args, person_env(tmp_path))
    assert_no_traceback(done)
    assert done.code in (0, 1), done.output
    if done.code == 1:
        assert done.stderr.startswith("Error: "), done.stderr


# -- paths named on the command line: one message, one exit code -------------------------

UNREADABLE_PATH = 2
"""The exit code for a path named on the command line that cannot be read (README)."""


def _commands(path: str) -> dict[str, list[str]]:
    emergency = emergency_args()
    return {
        "check --tree": ["check", "--tree", path, *emergency[1:]],
        "check --answers-file": [*emergency, "--answers-file", path],
        "check --policy": [*emergency, "--policy", path],
        "questions --tree": ["questions", "--tree", path],
        "graph --tree": ["graph", "--tree", path],
        "paths --tree": ["paths", "--tree", path],
        "validate": ["validate", path],
        "lint": ["lint", path],
        "test": ["test", path],
        "test --tree": ["test", "--tree", path, "SCENARIO"],
        "policy show --policy": ["policy", "show", "--policy", path],
    }


BAD_PATHS = {**SPECIAL, "missing": lambda path: None}


@pytest.mark.parametrize("kind", BAD_PATHS)
@pytest.mark.parametrize("command", list(_commands("P")))
def test_a_path_that_cannot_be_read_gets_the_same_exit_code_from_every_command(
        tmp_path: Path, kind: str, command: str) -> None:
    path = tmp_path / "given" / "file.yaml"
    if kind == "missing":
        path.parent.mkdir()
    else:
        plant(kind, path)
    args = _commands(str(path))[command]
    if "SCENARIO" in args:
        scenario = tmp_path / "scenario.yaml"
        scenario.write_text("tree: default\nscenarios:\n  - name: a\n    answers: {}\n"
                            "    expect: {outcome: x}\n")
        args[args.index("SCENARIO")] = str(scenario)
    done = run(args, person_env(tmp_path))
    assert_no_traceback(done)
    assert "file.yaml" in done.stderr, done.stderr
    if command == "check --policy":
        # No policy fact answers the danger screen: the emergency result is shown without it.
        assert done.code == 0, done.output
        assert_emergency_shown(done.stdout)
        return
    assert done.code == UNREADABLE_PATH, done.output
    if args[0] == "check":
        assert_emergency_shown(done.stderr)  # the crisis line, though no result could be shown


def test_the_readme_documents_the_exit_code_of_a_path_that_cannot_be_read() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Exit codes"):]
    row = next(line for line in table.splitlines() if line.startswith(f"| {UNREADABLE_PATH} |"))
    for words in ("cannot be read", "missing", "link", "folder", "FIFO"):
        assert words in row, row


def test_a_tree_given_on_a_pipe_is_still_read(tmp_path: Path) -> None:
    """`--tree <(generate-tree)`: a pipe with a writer is not a special file to refuse."""
    tree = Path(__file__).resolve().parents[1] / "trees" / "default.yaml"
    program = ("import os, subprocess, sys\n"
               "r, w = os.pipe()\n"
               "os.set_inheritable(r, True)\n"
               "with open(sys.argv[1], 'rb') as f: data = f.read()\n"
               "child = subprocess.Popen([sys.executable, '-m', 'contactcheck', 'validate',\n"
               "                          f'/dev/fd/{r}'], pass_fds=(r,))\n"
               "os.close(r)\n"
               "os.write(w, data); os.close(w)\n"
               "sys.exit(child.wait())\n")
    done: Done = run([str(tree)], person_env(tmp_path), program=program)
    assert done.code == 0, done.output
