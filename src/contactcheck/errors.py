"""One root exception, and the exit codes, decided in one place."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import IntEnum
from typing import ClassVar, NamedTuple, TextIO

from contactcheck.textsafe import safe_text


class ExitCode(IntEnum):
    """Every exit code the command line uses (documented in the README)."""

    OK = 0
    """A result was given (or the command did what it was asked)."""
    FAILED = 1
    """`test`: a scenario failed; `lint`: warnings; storage: a file could not be read or written."""
    USAGE = 2
    """A usage error, a missing or invalid answer, no terminal to prompt on, or a file named on
    the command line that cannot be read (missing, a link to nothing, a folder, a FIFO...)."""
    INVALID = 3
    """An invalid tree, policy profile, answers file or scenario file."""
    INTERRUPTED = 130
    """Interrupted (Ctrl-C, Ctrl-D, Esc or SIGTERM); nothing is saved."""


class ContactcheckError(Exception):
    """Root of every error the tool reports to people (never as a traceback)."""

    exit_code: ClassVar[ExitCode] = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        # Messages quote file contents and answers; none of it may drive the terminal.
        message = terminal_safe(message)
        super().__init__(message)
        self.message = message


class Problem(NamedTuple):
    """One problem in a file, with where it is and how to fix it.

    A NamedTuple, not a Struct as other records are: `--help` imports this module, and
    msgspec would add a fifth to its start-up.
    """

    file: str
    line: int
    """1-based line, or 0 when the problem is about the whole file."""
    col: int
    """1-based column, or 0."""
    message: str
    hint: str | None = None
    source_line: str | None = None
    """The text of the offending line, for the caret display."""

    @property
    def location(self) -> str:
        """`FILE:LINE:COL`, or just `FILE` when there is no line."""
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"

    def format(self) -> str:
        """`FILE:LINE:COL: message`, the source line with a caret, and the hint."""
        lines = [terminal_safe(f"{self.location}: {self.message}")]
        if self.source_line is not None and self.line > 0:
            shown, caret = _window(_printable(self.source_line), self.col - 1)
            lines.append(f"    {shown}")
            lines.append("    " + " " * caret + "^")
        if self.hint:
            from contactcheck.i18n import _  # here: `--help` imports this module, never i18n

            lines.append(terminal_safe("    " + _("hint: {hint}").format(hint=self.hint)))
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping (for `--format json`)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "message": self.message,
            "hint": self.hint,
        }


_WINDOW = 72


def _window(line: str, col: int) -> tuple[str, int]:
    """At most `_WINDOW` characters of `line` around `col`, and the caret's place in them."""
    col = max(0, min(col, len(line)))
    if len(line) <= _WINDOW:
        return line, col
    start = max(0, min(col - _WINDOW // 2, len(line) - _WINDOW))
    shown = line[start : start + _WINDOW]
    caret = col - start
    if start > 0:
        shown, caret = "…" + shown[1:], caret
    if start + _WINDOW < len(line):
        shown = shown[:-1] + "…"
    return shown, caret


def terminal_safe(text: str) -> str:
    """`text` with control, bidi and other invisible format characters shown as `?`.

    Line breaks stay; tabs become spaces. Used for every message we print, because messages
    quote what people wrote in files and flags.
    """
    return safe_text(text.expandtabs(4), keep="\n")


def _printable(text: str) -> str:
    """The line with control characters shown as `?`, so a file cannot drive the terminal."""
    return safe_text(text.expandtabs(1))


def N_(message: str) -> str:
    """Mark `message` for the catalog (as `i18n.N_`, which `--help` must not import)."""
    return message


INVALID: dict[str, str] = {
    "tree": N_("invalid tree"),
    "answers file": N_("invalid answers file"),
    "policy profile": N_("invalid policy profile"),
    "practice file": N_("invalid practice file"),
    "resources file": N_("invalid resources file"),
    "regions file": N_("invalid regions file"),
    "sources file": N_("invalid sources file"),
    "scenario file": N_("invalid scenario file"),
    "safety plan": N_("invalid safety plan"),
    "session agenda": N_("invalid session agenda"),
    "next session": N_("invalid next session"),
    "translation": N_("invalid translation"),
}
"""What each kind of file is called when it is invalid: whole phrases, so that a language
can make the words agree (*agenda no válida*, *árbol no válido*)."""


class InvalidFile(ContactcheckError):
    """A tree, policy, answers or scenario file that cannot be used; lists every problem."""

    exit_code = ExitCode.INVALID

    def __init__(self, problems: Sequence[Problem], what: str = "tree") -> None:
        self.problems = tuple(problems)
        self.what = what
        from contactcheck.i18n import _, ngettext

        count = len(self.problems)
        first = self.problems[0].file if self.problems else "?"
        invalid = INVALID.get(what)
        super().__init__(ngettext("{file}: {invalid} ({count} problem)",
                                  "{file}: {invalid} ({count} problems)", count).format(
            file=first, invalid=_(invalid) if invalid else f"invalid {what}", count=count))

    def format(self) -> str:
        """Every problem, formatted, one after another."""
        return "\n".join(problem.format() for problem in self.problems)


class UnreadableFile(InvalidFile):
    """A file named on the command line that cannot be read at all (exit 2, like a usage error).

    Missing, a dangling link, a loop of links, unreadable, a folder, a device, a socket, a
    pipe nobody writes to: each is the same mistake (the wrong path), so every command
    gives it the same code. A file that is read but wrong inside is `InvalidFile` (exit 3).
    """

    exit_code = ExitCode.USAGE


class AnswerError(ContactcheckError):
    """A missing, unknown or invalid answer: names the question and the valid values."""

    exit_code = ExitCode.USAGE


class MissingAnswer(AnswerError):
    """No answer was given for a question on the path (a terminal can still ask it)."""

    def __init__(self, message: str, question_id: str) -> None:
        super().__init__(message)
        self.question_id = question_id


class NoTerminal(ContactcheckError):
    """A question was needed but there is no terminal to ask on (exit 2; the message names
    the flags to use instead)."""

    exit_code = ExitCode.USAGE


def has_terminal() -> bool:
    """Whether both stdin and stdout are terminals (a piped newline must never answer)."""
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


def is_terminal(stream: TextIO | None) -> bool:
    """Whether `stream` is a terminal: never a missing, closed or unusual one."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or a stand-in without a file
        return False


class Interrupted(ContactcheckError):
    """The person stopped the check (Ctrl-C, Ctrl-D, Esc)."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, message: str | None = None) -> None:
        from contactcheck.i18n import _

        super().__init__(_(STOPPED) if message is None else message)


STOPPED = N_("Stopped — nothing was saved.")
TERMINATING_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT")
"""Signals that end the tool the way Ctrl-C does (cli.py; interactive/prompts.py delivers them
to a question)."""


def terminating_signals() -> tuple[int, ...]:
    """The numbers of `TERMINATING_SIGNALS` on this platform (Windows has no SIGHUP or
    SIGQUIT)."""
    return tuple(number for name in TERMINATING_SIGNALS
                 if (number := getattr(signal, name, None)) is not None)


class ExitNotes:
    """Lines to print on stderr if the command ends with an error or an interrupt.

    The run's context object (`ctx.obj`): a command adds one with
    `ctx.find_object(ExitNotes).add(note)`; the self-check does, so that no error and no
    Ctrl-C can hide the crisis line. `note()` is called only when it is printed.
    """

    def __init__(self) -> None:
        self.notes: list[Callable[[], str]] = []

    def add(self, note: Callable[[], str]) -> None:
        self.notes.append(note)

    def __iter__(self) -> Iterator[Callable[[], str]]:
        return iter(self.notes)

    def __bool__(self) -> bool:
        return bool(self.notes)
