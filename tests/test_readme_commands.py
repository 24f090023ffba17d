"""Every `contactcheck` command the README shows runs, and exits as the README says.

The commands are read from the README's `console` and `sh` blocks, in order, and run in one
set of private folders (so `agenda done 1` finds the item `agenda add` made), in a folder
holding the `practice.yaml` the README's setup example names. Output the README shows under
a command must be in what the command prints.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NOT_ZERO = {
    # a command exactly as the README writes it: its exit code here, with no terminal
    # (each is said beside it in the README, or in its --help)
    "contactcheck": 2,  # the interactive self-check: no terminal to ask on
    "contactcheck setup practice.yaml": 2,  # asks once; no terminal and no --yes
    "contactcheck safety-plan edit": 2,  # needs a terminal and an editor
}

STDIN = {
    # what a command that reads standard input is given (`-` as its argument)
    "contactcheck agenda add -": "Something I typed, kept out of the shell history\n",
}

PRACTICE = 'practice: "Harbour Street Therapy"\nupdated: "2026-11-20"\nregion: GB\n'


@dataclass(frozen=True)
class Shown:
    """A command in the README, with what the README shows it printing."""

    line: int
    command: str
    output: tuple[str, ...] = ()


def shown_commands(text: str) -> Iterator[Shown]:
    """Each command line of the README's console and sh blocks (continuations joined)."""
    block = re.compile(r"^( *)```(console|sh)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
    for match in block.finditer(text):
        first = text.count("\n", 0, match.start()) + 2
        lines = match.group(3).splitlines()
        index = 0
        while index < len(lines):
            number, line = first + index, lines[index].strip()
            index += 1
            if match.group(2) == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            while line.endswith("\\") and index < len(lines):
                line = line[:-1] + " " + lines[index].strip()
                index += 1
            output: list[str] = []
            while (match.group(2) == "console" and index < len(lines)
                   and not lines[index].startswith("$ ")):
                if lines[index].strip() not in ("", "..."):
                    output.append(lines[index].strip())
                index += 1
            yield Shown(number, line, tuple(output))


def as_run(command: str) -> tuple[list[str], str | None] | None:
    """The arguments and stdin of a README command, or None if it is not one to run here."""
    stdin = None
    piped = re.fullmatch(r"echo '([^']*)'\s*\|\s*(.*)", command)
    if piped:
        stdin, command = piped.group(1) + "\n", piped.group(2)
    words = shlex.split(command, comments=True)
    if not words or words[0] != "contactcheck" or "..." in words:
        return None  # another program, or an elided example (`check ... --save-to-agenda`)
    if ">" in words:  # `> file`: the output is checked, not written
        words = words[:words.index(">")]
    return words[1:], stdin


def readme_commands() -> list[tuple[Shown, list[str], str | None]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = []
    for shown in shown_commands(text):
        run = as_run(shown.command)
        if run is not None:
            found.append((shown, *run))
    return found


def test_the_readme_shows_commands_of_every_kind():
    shown = {" ".join(args[:1]) for _, args, _ in readme_commands()}
    for command in ("check", "questions", "agenda", "session", "safety-plan", "setup",
                    "completion"):
        assert command in shown


def test_every_command_in_the_readme_exits_as_documented(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "practice.yaml").write_text(PRACTICE, encoding="utf-8")
    problems = []
    for shown, args, stdin in readme_commands():
        written = " ".join(shlex.split(shown.command, comments=True))
        expected = NOT_ZERO.get(written, 0)
        given = stdin if stdin is not None else STDIN.get(written, "")
        done = run_cli(*args, input=given)
        if done.exit_code != expected:
            problems.append(f"README.md:{shown.line}: `{written}` exited {done.exit_code}, "
                            f"not {expected}:\n{done.stderr}")
            continue
        if expected == 0 and args[0] == "completion":
            assert done.stdout.strip(), written
        for line in shown.output:
            if line not in done.stdout:
                problems.append(f"README.md:{shown.line}: `{written}` did not print {line!r}")
        assert "Traceback" not in done.output
    assert not problems, "\n".join(problems)
