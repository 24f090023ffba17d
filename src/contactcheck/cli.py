"""The command line: a lazy click group, and exit codes mapped in one place.

Commands live in `contactcheck.commands.*` and are imported only when run,
so `contactcheck --help` and `--version` import no YAML, rich or prompt
library. Every error the tool knows about becomes a message on stderr and an
exit code from `ExitCode`; people never see a traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import importlib
import io
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

import click
from click import termui

from contactcheck import __version__
from contactcheck.commands.group import Group, no_such_command
from contactcheck.errors import (
    ContactcheckError,
    ExitCode,
    ExitNotes,
    Interrupted,
    terminal_safe,
    terminating_signals,
)

SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    # section: {name: ("module:attribute", short help shown by `contactcheck --help`)}
    "The self-check": {
        "check": ("contactcheck.commands.check:check",
                  "Walk the self-check (the default when no command is given)."),
        "resources": ("contactcheck.commands.resources:resources",
                      "List emergency numbers and crisis lines by region."),
        "region": ("contactcheck.commands.resources:region",
                   "Save or show your country, for the numbers in every result."),
        "policy": ("contactcheck.commands.policy:policy",
                   "Create or show your therapist's contact policy profile."),
        "setup": ("contactcheck.commands.setup:setup",
                  "Install the practice file your therapist or clinic gave you."),
        "questions": ("contactcheck.commands.questions:questions",
                      "List a tree's questions, values and outcomes (for scripts)."),
        "completion": ("contactcheck.commands.completion:completion",
                       "Print the tab-completion script for bash, zsh or fish."),
    },
    "Your own notes (kept only on this computer)": {
        "agenda": ("contactcheck.commands.agenda:agenda",
                   "Keep a list of what to bring up in your next session."),
        "safety-plan": ("contactcheck.commands.safety_plan:safety_plan",
                        "Write and show your own safety plan (Stanley-Brown)."),
        "session": ("contactcheck.commands.session:session",
                    "Say when your next session is, so results can tell you."),
        "where": ("contactcheck.commands.privacy:where",
                  "Print every path contactcheck reads or writes."),
        "forget": ("contactcheck.commands.privacy:forget",
                   "Delete everything contactcheck stored (asks first)."),
    },
    "For people who write trees": {
        "trees": ("contactcheck.commands.authoring:trees",
                  "List the bundled trees."),
        "validate": ("contactcheck.commands.validate:validate",
                     "Check tree files; exit 3 if any is invalid."),
        "lint": ("contactcheck.commands.authoring:lint",
                 "Warn about likely mistakes in valid trees; exit 1 on warnings."),
        "graph": ("contactcheck.commands.authoring:graph",
                  "Draw a tree as a Mermaid or Graphviz diagram."),
        "paths": ("contactcheck.commands.authoring:paths",
                  "List every path through a tree, with its answers and decision."),
        "test": ("contactcheck.commands.authoring:test",
                 "Run scenario files against a tree and report choice coverage."),
        "schema": ("contactcheck.commands.validate:schema",
                   "Print the JSON Schema of the tree format."),
    },
}
COMMANDS: dict[str, tuple[str, str]] = {
    name: target for section in SECTIONS.values() for name, target in section.items()
}
"""Every command, by name (imported only when run)."""

_GROUP_OPTIONS = ("-h", "--help", "-V", "--version")
"""The group's own options; any other option before a command belongs to `check`."""

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}



class _Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        """The help formatter, sized as click does but without importing shutil.

        Importing shutil (for its terminal size) was a third of what `--help` costs
        beyond importing click itself.
        """
        width = self.terminal_width or click.formatting.FORCED_WIDTH
        if width is None:
            width = max(min(_terminal_columns(), self.max_content_width or 80) - 2, 50)
        return self.formatter_class(width=width, max_width=self.max_content_width)


def _terminal_columns() -> int:
    """What `shutil.get_terminal_size().columns` says: $COLUMNS, the terminal's, else 80."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class LazyGroup(Group):
    """A group whose commands are imported only when they are run."""

    context_class = _Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target[0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Run, mapping every error to its message and exit code (never a traceback)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        sys.exit(self.run_safely(args, prog_name, complete_var, **extra))

    def run_safely(self, args: Any = None, prog_name: str | None = None,
                   complete_var: str | None = None, **extra: Any) -> int:
        """Run the command line and return the exit code; the one place errors become codes."""
        exit_notes = ExitNotes()
        extra.setdefault("obj", exit_notes)
        if sys.stdout is None:  # started with stdout closed (`>&-`): fail loudly, not silently
            sys.stdout = _ClosedOutput()
        if sys.stdin is None:  # started with stdin closed (`<&-`): a clear error when read
            sys.stdin = _ClosedInput()
        _forgive_stderr()
        _replace_unencodable()
        code: int
        try:
            ending = _stop_on_sigterm()
            try:
                result = super().main(args, prog_name or "contactcheck", complete_var, False,
                                      **extra)
                code = result if isinstance(result, int) else ExitCode.OK
                # Now, not at exit: a reader that went away (`| head -c0`) is found here.
                sys.stdout.flush()
            except BaseException:
                # Whatever ended the command is said below, with the crisis line: a signal
                # now (a terminal closing just after a failed write) must not cut that short.
                ending()
                raise
        except click.exceptions.Exit as done:
            code = done.exit_code
        except click.ClickException as error:
            _show_click_error(error)
            code = error.exit_code
            if not exit_notes and _is_the_self_check(error):
                # A mistyped flag of the self-check (`--format xml`) stops it before it could
                # say where to get help: say it here, for the region it would have chosen.
                exit_notes.add(_default_crisis_line)
        except Interrupted as stopped:
            _say(f"\n{_what_was_saved(stopped.message)}")
            code = stopped.exit_code
        except ContactcheckError as error:
            _echo_error(error)
            code = error.exit_code
        except (click.Abort, KeyboardInterrupt, EOFError):
            _say(f"\n{_what_was_saved(None)}")
            code = ExitCode.INTERRUPTED
        except (BrokenPipeError, SystemExit) as stopped:
            # Outside standalone mode click exits only for a closed pipe, as rich's console
            # does (both with SystemExit(1)); a command itself never calls sys.exit.
            if isinstance(stopped, SystemExit) and stopped.code in (0, None):
                return ExitCode.OK
            # The reader went away (`| true`, `| head -c0`): the result may not have been
            # seen, so the crisis line still goes to stderr.
            _silence_stdout()
            for note in exit_notes:
                _say(_fit_terminal(note()))
            return ExitCode.FAILED
        except OSError as error:
            # Almost always the output itself (a full disk, /dev/full, a closed stdout): the
            # result was not shown, so the crisis line still has to reach stderr.
            _silence_stdout()
            from contactcheck.i18n import _

            reason = error.strerror or str(error)
            if error.filename:
                _say(_("Error: {file}: {reason}").format(file=error.filename, reason=reason))
            else:
                _say(_("Error: the output could not be written: {reason}").format(reason=reason))
            code = ExitCode.FAILED
            for note in exit_notes:
                _say(_fit_terminal(note()))
            return code
        if code not in (ExitCode.OK, ExitCode.FAILED):
            for note in exit_notes:
                _say(_fit_terminal(note()))
        return code

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Options without a command are the self-check's: `contactcheck --plain` just works.

        Options before `check` are the check's too (`contactcheck --no-color check`); before
        any other command they are an error naming where they go (exit 2).
        """
        if args and args[0].startswith("-") and args[0] not in _GROUP_OPTIONS:
            args = self._options_first(ctx, args)
        return super().parse_args(ctx, args)

    def _options_first(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The command line for options given before the command (see `parse_args`)."""
        check = self.get_command(ctx, "check")
        assert check is not None
        taking_a_value = {name for param in check.params if isinstance(param, click.Option)
                          and not param.is_flag and not param.count for name in param.opts}
        at = 0
        while at < len(args) and args[at].startswith("-") and args[at] not in ("-", "--"):
            at += 2 if args[at] in taking_a_value else 1
        if at >= len(args) or args[at] in ("-", "--"):
            return ["check", *args]  # options only: the self-check's
        name, before, after = args[at], args[:at], args[at + 1:]
        if name == "check" or ctx.resilient_parsing:  # completing: complete, never fail
            return [name, *before, *after]
        if name not in COMMANDS:
            from contactcheck.tree.fields import did_you_mean  # only for a mistake

            if did_you_mean(name, COMMANDS) is not None:
                raise click.UsageError(no_such_command(name, list(COMMANDS)), ctx)
            return ["check", *args]  # the self-check says what is wrong with its arguments
        raise click.UsageError(self._where_options_go(ctx, name, before, after), ctx)

    def _where_options_go(self, ctx: click.Context, name: str, before: list[str],
                          after: list[str]) -> str:
        """Options go after the command: `contactcheck agenda list --format json`."""
        import shlex

        command = self.get_command(ctx, name)
        assert command is not None
        words = [name]
        if isinstance(command, click.Group) and after and not after[0].startswith("-"):
            sub = command.get_command(ctx, after[0])
            if sub is not None:
                command, words = sub, [name, after[0]]
                after = after[1:]
        options = {option for param in command.params for option in param.opts
                   if isinstance(param, click.Option)}
        flags = [word for word in before if word.startswith("-")]
        given = " ".join(flags)
        shown = " ".join(words)
        if all(flag.split("=")[0] in options for flag in flags):
            line = shlex.join(["contactcheck", *words, *after, *before])
            return (f"options go after the command they belong to: {line}")
        return (f"{given} {'is' if len(flags) == 1 else 'are'} not an option of "
                f"`contactcheck {shown}` (see `contactcheck {shown} --help`); options "
                "before a command are the self-check's: `contactcheck check "
                f"{shlex.join(before)}`")

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for title, commands in SECTIONS.items():
            with formatter.section(title):
                formatter.write_dl([(name, short) for name, (_, short) in commands.items()])


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS, invoke_without_command=True,
             name="contactcheck")
@click.version_option(__version__, "-V", "--version", prog_name="contactcheck",
                      message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Should I contact my therapist about this, or not?

    A few guided questions suggest one of three decisions -- contact now, wait
    for the session, or raise it in session -- with why, what to do, and what
    to do if things change. It suggests; it does not diagnose.

    Run without a command to start the self-check; its options work here
    too (for example `contactcheck --plain` or `contactcheck --region GB`).
    """
    if ctx.invoked_subcommand is None:
        check = cli.get_command(ctx, "check")
        assert check is not None
        ctx.invoke(check)


def main(argv: list[str] | None = None) -> None:
    """Run the command line and exit with the right code (the console script)."""
    # Only here, as for the collector below: click's test runner sets its own prompt function.
    termui.visible_prompt_func = _ask_where_it_is_seen
    code = cli.run_safely(argv, "contactcheck")
    # Everything has been said. As the interpreter shuts down it puts back the default
    # handlers, and a signal then (a shell passing on the hang-up of a closed window to its
    # jobs) would end the process before what it said was flushed, with the signal's exit
    # status instead of the one chosen: from here to the end they are ignored.
    _on_terminating_signals(signal.SIG_IGN)
    # The process ends here. Interpreter shutdown would still walk every object in full
    # garbage collections, only for the OS to free the memory anyway: that was a tenth of a
    # `check`. Frozen objects are skipped; atexit handlers and flushing stdout still happen.
    # Only here, never in `run()`: tests and other callers keep their garbage collector.
    gc.freeze()
    sys.exit(code)


def _ask_where_it_is_seen(prompt: str) -> str:
    """Read a line as `input(prompt)` does, with the prompt on the stream click chose.

    click hands its whole question (`Add this to your agenda...? [y/N]: `) to `input()`, and
    CPython's `input()` writes it to stderr, not stdout, whenever stdin and stdout are a
    terminal (python/cpython#92715). With stderr redirected (`2>/dev/null`, `2>>log`) every
    question after a result, and `forget`'s, `setup`'s and `policy init`'s, went there: the
    person saw nothing and the tool looked hung. The line is read from stdin as `input()`
    reads it without line editing (the terminal's own); end of input is EOFError, Ctrl-C
    KeyboardInterrupt, as with `input()`.
    """
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.removesuffix("\n")


def run(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code instead of exiting."""
    return cli.run_safely(argv)


def _fit_terminal(text: str) -> str:
    """On a terminal, wrap a note at words so a phone number never breaks across lines."""
    if not sys.stderr.isatty():
        return text
    import shutil

    from contactcheck.textsafe import keep_numbers_whole

    width = max(20, shutil.get_terminal_size().columns)
    return "\n".join(keep_numbers_whole(text, width))


def _replace_unencodable() -> None:
    """Print an ASCII stand-in (or `?`) for what the output's encoding cannot show, never fail.

    An ASCII or Latin-1 locale cannot show an em dash or a warning sign; with `LC_ALL=C`
    and UTF-8 mode off the handler is `surrogateescape`, which fails on them too; a file
    name that is not UTF-8 holds surrogates no encoder accepts. Any of these would stop a
    result half-printed, so every handler but our own is replaced.
    """
    import codecs

    codecs.register_error(_STAND_IN, _stand_in)
    codecs.register(_find_plain_ascii)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != _STAND_IN:
            with contextlib.suppress(ValueError, OSError, LookupError):
                # click takes an ASCII stream for a misconfigured one and writes UTF-8 to it
                # anyway; the same ASCII under another name keeps our stand-ins instead.
                ascii_stream = codecs.lookup(stream.encoding).name == "ascii"
                stream.reconfigure(encoding=_PLAIN_ASCII if ascii_stream else None,
                                   errors=_STAND_IN)


_PLAIN_ASCII = "contactcheck-ascii"


def _find_plain_ascii(name: str) -> codecs.CodecInfo | None:
    """ASCII, registered under our own name (see `_replace_unencodable`)."""
    import codecs

    if name != _PLAIN_ASCII.replace("-", "_") and name != _PLAIN_ASCII:
        return None
    ascii_codec = codecs.lookup("ascii")
    return codecs.CodecInfo(ascii_codec.encode, ascii_codec.decode, name=_PLAIN_ASCII,
                            incrementalencoder=ascii_codec.incrementalencoder,
                            incrementaldecoder=ascii_codec.incrementaldecoder,
                            streamwriter=ascii_codec.streamwriter,
                            streamreader=ascii_codec.streamreader)


_STAND_IN = "contactcheck-stand-in"
_STAND_INS = {
    "\u2014": "--", "\u2013": "-", "\u2012": "-", "\u2011": "-", "\u2010": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2026": "...", "\u2022": "*", "\u00b7": "*", "\u2192": "->",
    "\u2190": "<-", "\u26a0": "!", "\u2713": "v", "\u2714": "v", "\u2717": "x",
    "\u2500": "-", "\u2501": "-", "\u2502": "|", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2265": ">=", "\u2264": "<=", "\u00d7": "x", "\u2212": "-",
    # the decisions' symbols, as check/report.py's SYMBOLS writes them in ASCII
    "\u25c6": "!>", "\u25b2": "!", "\u25a0": "=", "\u25cf": "*",
}
"""ASCII for the symbols our own texts and tree texts use."""


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: an ASCII stand-in for each character that cannot be encoded."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    shown = []
    for char in error.object[error.start:error.end]:
        stand_in = _STAND_INS.get(char)
        if stand_in is None:
            # An accented letter keeps its base letter (é -> e); anything else is `?`.
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            stand_in = base if base.isprintable() and base else "?"
        shown.append(stand_in)
    return "".join(shown), error.end


class _ForgivingWriter(io.RawIOBase):
    """stderr's bytes: a write that fails (a full disk) is dropped; there is nowhere to say it."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        try:
            return os.write(self._fd, data)
        except OSError:
            return len(data)


def _forgive_stderr() -> None:
    """A message stderr cannot take is dropped, never raised: with `2>/dev/full` the warning
    about an unneeded answer raised OSError and the emergency result never reached stdout."""
    stream = sys.stderr
    if stream is not sys.__stderr__ or not isinstance(stream, io.TextIOWrapper):
        return  # already ours, or a test's capture
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError):
        return
    sys.stderr = io.TextIOWrapper(io.BufferedWriter(_ForgivingWriter(fd)),
                                  encoding=stream.encoding, errors=stream.errors,
                                  line_buffering=True, write_through=True)


class _ClosedOutput(io.TextIOBase):
    """Stands in for a closed stdout, so writing a result fails instead of vanishing."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class ClosedInput(ContactcheckError):
    """Standard input was closed (`<&-`) but the command needed to read it."""

    exit_code = ExitCode.USAGE


class _ClosedBinaryInput(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise _closed_input()


class _ClosedInput(io.TextIOBase):
    """Stands in for a closed stdin: reading it is a clear error, not a traceback."""

    buffer = io.BufferedReader(_ClosedBinaryInput())

    def readable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> str:
        raise _closed_input()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise _closed_input()


def _closed_input() -> ClosedInput:
    from contactcheck.i18n import _

    return ClosedInput(_("standard input is closed, so nothing could be read from it; nothing "
                         "was assumed. Give what it needs as arguments or flags, or from a "
                         "file (see the command's --help)."))


def _what_was_saved(message: str | None) -> str:
    """The stop message (None: the usual one), true to what happened: a save finished just
    before the stop is named."""
    from contactcheck.errors import STOPPED
    from contactcheck.i18n import _

    stopped = _(STOPPED)
    message = stopped if message is None else message
    files = sys.modules.get("contactcheck.files")  # not imported: nothing was written
    saved = files.saved() if files is not None else ()
    if not saved:
        return message
    names = ", ".join(dict.fromkeys(terminal_safe(str(path)) for path in saved))
    if message == stopped:
        return _("Stopped — {names} was saved just before the stop; nothing after that "
                 "was.").format(names=names)
    return message + "\n" + _("({names} was saved just before the stop.)").format(names=names)


def _is_the_self_check(error: click.ClickException) -> bool:
    """Whether a usage error is the self-check's (`check ...`, or options with no command)."""
    context = getattr(error, "ctx", None)
    command = getattr(context, "command", None)
    return getattr(command, "name", None) == "check"


def _default_crisis_line() -> str:
    """The crisis line for the region a check would choose without a --region flag."""
    try:
        from contactcheck.check.region_choice import choose_region, read_saved_region
        from contactcheck.check.report import crisis_line_text

        return crisis_line_text(choose_region(None, saved=read_saved_region()))
    except Exception:  # the line must appear whatever failed
        from contactcheck.i18n import _

        return _("If you are in danger now, call your local emergency number (112 in the EU, "
                 "911 in the US and Canada, 999 in the UK).")


def _say(text: str) -> None:
    """Write a message to stderr; if even stderr cannot be written, give up quietly."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(text, err=True)


def _show_click_error(error: click.ClickException) -> None:
    """A usage error, with the user's own words made harmless (file names, flag values)."""
    buffer = io.StringIO()
    error.show(file=buffer)
    _say(terminal_safe(buffer.getvalue()).rstrip("\n"))


def _stop_on_sigterm() -> Callable[[], None]:
    """Treat SIGTERM, SIGHUP and SIGQUIT like Ctrl-C: a write in progress is undone, the
    crisis line is shown, the exit code is 130.

    Only the first signal interrupts; more of them while unwinding are ignored, so the
    clean-up itself is never cut short. The function returned says the command is already
    ending (an error is being reported): from then on every signal is ignored.
    """
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise KeyboardInterrupt

    def ending() -> None:
        nonlocal stopping
        stopping = True

    _on_terminating_signals(stop)
    return ending


def _on_terminating_signals(handler: Callable[[int, Any], None] | int) -> None:
    """Set `handler` for SIGTERM, SIGHUP and SIGQUIT (those this platform has)."""
    for number in terminating_signals():
        # Not possible outside the main thread (an embedding program): leave its handlers.
        with contextlib.suppress(ValueError, OSError):
            signal.signal(number, handler)


def _echo_error(error: ContactcheckError) -> None:
    formatted = getattr(error, "format", None)
    from contactcheck.i18n import _

    text = formatted() if callable(formatted) else ""
    said = _("Error: {message}").format(message=error.message)
    _say(text or said)
    if text and getattr(error, "problems", None):
        _say(said)


def _silence_stdout() -> None:
    """After a closed pipe (`| head`), stop Python complaining at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
