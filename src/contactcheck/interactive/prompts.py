"""Prompts: a person answering the engine's questions at a terminal.

The only module that imports questionary or prompt_toolkit, and only inside
`QuestionaryMenu`, so plain mode and every other command never pay the
~200 ms it costs to import them. A *menu* asks one thing: a message, a list of
options, optional help, optionally "Back". Two menus exist: `QuestionaryMenu`
(arrow keys, number shortcuts) and `PlainMenu` (numbered lines for screen
readers and dumb terminals). `MenuSource` turns a menu into the engine's
`AnswerSource`; `TerminalMenu` falls back to plain prompts when
prompt_toolkit cannot start.

Every way out of a menu that is not a deliberate choice -- Ctrl-C, Ctrl-D,
Esc, end of input, a value that is not one of the options -- raises
`Interrupted`. Nothing is ever picked by default for the person: an empty
line is asked again, and safety questions list their emergency choices first,
so a stray Enter can never mean "no danger".
"""

from __future__ import annotations

import contextlib
import errno
import gc
import re
import signal
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

from msgspec import Struct

from contactcheck import textsafe
from contactcheck.check.engine import BACK, _Back
from contactcheck.errors import Interrupted, terminating_signals
from contactcheck.i18n import N_, _
from contactcheck.tree.model import PROMPT_KEYS, Choice, Question, Step, Tree
from contactcheck.tree.screen import after_screen

if TYPE_CHECKING:
    from contactcheck.interactive.terminal import Terminal

BACK_LABEL: Final = N_("Back (change the previous answer)")
_BACK_VALUE: Final = "<back>"
_HELP_VALUE: Final = "<help>"
_CANCEL_VALUE: Final = "<cancel>"
"""Internal results of a questionary prompt; tree ids cannot contain `<`."""

NO_HELP: Final = N_("There is no extra help for this question.")



def safe_text(text: str) -> str:
    """Tree text made safe to show: one line, control characters and escapes shown as `?`.

    A tree file is data, and may be shared: it must not be able to move the
    cursor, clear the screen, retitle the window or ring the bell.
    """
    return textsafe.safe_text(" ".join(text.splitlines()).replace("\t", " "))


class Option(Struct, frozen=True):
    """One thing a person can pick in a menu."""

    value: str
    """What the menu returns when this is picked."""
    label: str
    """What the person sees (tree text, made safe by the menu)."""


class Menu(Protocol):
    """Asks a person to pick one option; raises `Interrupted` when they stop."""

    def choose(self, message: str, options: Sequence[Option], *,
               help: str | None = None, back: bool = False,
               back_label: str = BACK_LABEL, highlight: str | None = None) -> str | _Back:
        """The picked option's value, or `BACK` (offered, as `back_label`, only when `back`).

        `highlight` is the value the pointer starts on (the earlier answer, after Back);
        None starts on the first option.
        """
        ...

    def tell(self, text: str) -> None:
        """Show a line of text between questions (tree text is made safe)."""
        ...

    def clear(self) -> None:
        """Clear the questions off the screen (arrow-key menus; plain prompts never redraw)."""
        ...


def display_choices(tree: Tree, question: Question) -> tuple[Choice, ...]:
    """The choices in the order shown: those leading straight to an emergency first.

    On the danger screen (and any other question that can lead straight to an
    emergency) the first choice -- where the pointer starts -- is therefore
    never "no danger". Otherwise the tree's order is kept.
    """

    def urgent(choice: Choice) -> bool:
        outcome = tree.outcomes.get(choice.next)
        return outcome is not None and outcome.emergency

    first = [choice for choice in question.choices if urgent(choice)]
    rest = [choice for choice in question.choices if not urgent(choice)]
    return (*first, *rest)


class MenuSource:
    """The engine's `AnswerSource` for a person at a menu, with "Back".

    `answers` holds answers already given (question id -> value): those are
    not asked again, which is how a person changes one answer in the review
    without answering everything else again. Going back forgets the answer
    being gone back to, so it is asked again.
    """

    def __init__(self, tree: Tree, menu: Menu, answers: Mapping[str, str] | None = None,
                 notes: Mapping[str, str] | None = None, *,
                 once_safe: Callable[[Menu], None] | None = None) -> None:
        self.tree = tree
        self.menu = menu
        self.notes = dict(notes or {})
        """Lines added to a question's help, by question id (e.g. the discreet-mode hint)."""
        self.answers: dict[str, str] = dict(answers or {})
        self.earlier: dict[str, str] = {}
        """Answers taken back (Back, or changed in the review): the pointer starts on them."""
        self.once_safe = once_safe
        """Called once, before the first question after the danger screen (see `after_screen`)."""

        self._safe_at = after_screen(tree) if once_safe is not None else None

    def forget(self, question_id: str) -> None:
        """Ask `question_id` again, with the pointer on the answer it had."""
        value = self.answers.pop(question_id, None)
        if value is not None:
            self.earlier[question_id] = value

    def answer(self, question: Question, trail: Sequence[Step]) -> str | _Back | None:
        """Ask `question` (or reuse an answer already given to it)."""
        if question.id == self._safe_at and self.once_safe is not None:
            ask, self.once_safe = self.once_safe, None
            ask(self.menu)  # past every danger stage: the person said they are safe right now
        stored = self.answers.get(question.id)
        if stored is not None and question.choice(stored) is not None:
            return stored
        options = [Option(choice.value, choice.label)
                   for choice in display_choices(self.tree, question)]
        asked_before = [step for step in trail if step.origin == "person"]
        earlier = self.earlier.pop(question.id, None)
        note = self.notes.get(question.id)
        help = " ".join(part for part in (question.help, note) if part) or None
        picked = self.menu.choose(question.text, options, help=help,
                                  back=bool(asked_before),
                                  highlight=earlier if earlier in question.values else None)
        if isinstance(picked, _Back):
            # The engine goes back to the last question the person answered.
            self.forget(asked_before[-1].question.id)
            return BACK
        self.answers[question.id] = picked
        return picked


class PlainMenu:
    """Numbered, line-based prompts with no redraws (`--plain`, ACCESSIBLE=1, TERM=dumb).

    The person types a number (or a choice's value) and Enter. An empty or
    unknown entry is asked again; end of input (Ctrl-D), `q` or Esc stops the check.
    """

    def __init__(self, console: Terminal, stdin: TextIO) -> None:
        self.console = console
        self.stdin = stdin

    def tell(self, text: str) -> None:
        """Print one line of text."""
        _print(self.console, text)

    def clear(self) -> None:
        """Plain prompts never redraw: a blank line instead."""
        _print(self.console, "")

    def choose(self, message: str, options: Sequence[Option], *,
               help: str | None = None, back: bool = False,
               back_label: str = BACK_LABEL, highlight: str | None = None) -> str | _Back:
        """Print the numbered options and read a number until one is valid; read back the pick."""
        picked = self._read(message, options, help=help, back=back, back_label=back_label)
        label = _(back_label) if isinstance(picked, _Back) else next(
            option.label for option in options if option.value == picked)
        _print(self.console, _("You chose: {label}").format(label=label))
        return picked

    def _read(self, message: str, options: Sequence[Option], *,
              help: str | None, back: bool, back_label: str) -> str | _Back:
        count = len(options) + (1 if back else 0)
        _print(self.console, "")
        _print(self.console, message)
        for number, option in enumerate(options, start=1):
            _print(self.console, f"  {number}. {safe_text(option.label)}")
        if back:
            _print(self.console, f"  {count}. {_(back_label)}")
        keys = [_("b: back")] if back else []
        keys += [_("?: help")] if help else []
        keys.append(_("q: stop"))
        _print(self.console, _("Type a number from 1 to {count} and press Enter ({keys}).")
               .format(count=count, keys=", ".join(keys)))
        values = {option.value for option in options}
        while True:
            self.console.write("> ")
            waiting_for_the_person()
            line = self.stdin.readline()
            if not line:  # end of input (Ctrl-D)
                _print(self.console, "")
                raise Interrupted()
            entry = line.strip()
            if _KEY_SEQUENCES.fullmatch(entry):  # arrow or other keys: echoed, never a choice
                _print(self.console, _("Arrow keys do not move here. Type a number from 1 to "
                                       "{count} and press Enter.").format(count=count))
                continue
            if entry.startswith("\x1b"):  # Esc (then Enter): a line-based terminal's Esc
                raise Interrupted()
            if entry.isascii() and entry.isdigit() and 1 <= int(entry) <= count:
                index = int(entry) - 1
                return BACK if index == len(options) else options[index].value
            word = entry.lower()
            if entry in values and word not in PROMPT_KEYS:  # the tree rules refuse those
                return entry
            if word in ("?", "help"):
                _print(self.console, _("Help: ") + (help or _(NO_HELP)))
            elif back and word in ("b", "back"):
                return BACK
            elif word in ("q", "quit", "stop"):
                raise Interrupted()
            elif not entry:
                _print(self.console,
                       _("Please type a number from 1 to {count}.").format(count=count))
            else:
                _print(self.console, _("'{entry}' is not one of the choices. Please type a number "
                                       "from 1 to {count}.").format(entry=safe_text(entry)[:40],
                                                                    count=count))


_KEY_SEQUENCES = re.compile(r"(?:\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z])+")
"""A line of only arrow, Home/End or function keys, as a line-based terminal passes them on
(`ESC [ A`, `ESC O A`): typed out of habit, they stopped the check like Esc."""
_LIST_MARK = re.compile(r"^\s*(?:\d+\.|->|\*)?\s*")


def waiting_for_the_person() -> None:
    """Turn the garbage collector back on: from here a person can take their time.

    The console script starts with it off (contactcheck/__main__.py). It stays off until the
    first question is about to be shown, so loading the prompt library is not slowed by it.
    What was made until then (modules, classes, the tree) lives as long as the process, so
    it is frozen first: the collector's first passes would otherwise walk all of it while
    the question is being drawn.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _no_asyncio_reports() -> None:
    """Leave a failed question to the caller, never to asyncio's log on stderr.

    prompt_toolkit runs each question in asyncio. When the terminal goes away in the middle
    of one (a window closed, an ssh connection dropped), its writes fail; the check then
    stops as on Ctrl-C, with the crisis line (exit 130), and asyncio would also log the
    failed task's traceback to stderr as it shuts down: a wall of text in a log file when
    stderr goes to one. The logger gets a handler that keeps those reports; what went wrong
    still reaches the caller as the question's exception.
    """
    import logging  # already imported by asyncio, which prompt_toolkit uses

    logger = logging.getLogger("asyncio")
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


@contextlib.contextmanager
def _signals_between_callbacks(app: Any) -> Iterator[None]:
    """Deliver SIGTERM, SIGHUP and SIGQUIT to a question from a callback of their own.

    The command line stops on them as on Ctrl-C, by raising KeyboardInterrupt where the
    program is (cli.py `_stop_on_sigterm`). A question runs in prompt_toolkit's asyncio loop,
    and raised in the middle of one of the loop's callbacks that callback was lost: when it
    was the wake-up of one of prompt_toolkit's tasks (a window closed, an ssh connection
    dropped, as the first question was drawn), the question's clean-up waited for that task
    forever. The process hung, with no crisis line, and ignored every signal after the first.
    So while the question's application (`app`) runs, the handler is called from a callback
    scheduled for it, between the loop's others; what it raises unwinds the question as
    Ctrl-C does. One that came before the loop started is delivered as it starts; one that
    came after it, or that the loop had no time to deliver, as the question ends, whatever
    ended it: a closed terminal also fails the question's last writes, and the person is told
    that the check stopped, not that its output failed.
    """
    handlers: dict[int, Callable[[int, Any], Any]] = {}
    pending: list[int] = []

    def deliver_pending() -> None:
        while pending:
            number = pending.pop(0)
            handlers[number](number, None)

    def deliver(number: int, frame: Any) -> None:
        pending.append(number)
        loop = app.loop  # set by prompt_toolkit while the application runs
        if loop is not None:
            # A loop already closed keeps it pending: raising here is what this avoids.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(deliver_pending)

    def on_start() -> None:  # one that came before the loop: now, not after an answer
        if pending:
            app.loop.call_soon(deliver_pending)

    app.pre_run_callables.append(on_start)

    for number in terminating_signals():
        handler = signal.getsignal(number)
        if callable(handler):  # ours (the command line's), or an embedding program's
            handlers[number] = handler
    try:
        for number in handlers:
            signal.signal(number, deliver)
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        deliver_pending()


def _print(console: Terminal, text: str) -> None:
    """Print tree text as plain text: never escape sequences.

    Wrapped at words; a line that starts with spaces or a list mark (`1.`, `->`)
    wraps under its text, not under the mark.
    """
    text = safe_text(text)
    mark = _LIST_MARK.match(text)
    hang = " " * (mark.end() if mark else 0)
    lines = textwrap.wrap(text, console.width, subsequent_indent=hang,
                          break_on_hyphens=False) or [""]
    for line in lines:
        console.line(line)


class PromptUnavailable(Exception):
    """prompt_toolkit could not start on this terminal (e.g. some Windows consoles)."""


INSTRUCTION: Final = N_("(↑↓ or number, Enter)")
INSTRUCTION_HELP: Final = N_("(↑↓ or number, Enter; ? help)")


class QuestionaryMenu:
    """Arrow-key prompts (questionary's select) with number shortcuts, help, Back and Esc.

    `input`/`output` are prompt_toolkit's; None means the terminal. Tests pass
    a pipe input and a DummyOutput.
    """

    def __init__(self, console: Terminal, *, color: bool = True,
                 input: Any = None, output: Any = None) -> None:
        self.console = console
        self.color = color
        self.input = input
        self.output = output
        self._pointed: str | None = None
        """The value the pointer was on when `?` was pressed (the help keeps the place)."""

    def tell(self, text: str) -> None:
        """Print one line of text."""
        _print(self.console, text)

    def clear(self) -> None:
        """Clear the screen, so what follows starts at the top (scrolled-off lines stay)."""
        self.console.write("\x1b[H\x1b[2J")

    def choose(self, message: str, options: Sequence[Option], *,
               help: str | None = None, back: bool = False,
               back_label: str = BACK_LABEL, highlight: str | None = None) -> str | _Back:
        """Ask until the person picks an option or Back; `?` shows the help, in place.

        The help is shown inside the question and goes away once it is answered;
        the pointer stays on the option it was on.
        """
        showing_help = False
        while True:
            picked = self._ask_once(message, options, help=help, back=back,
                                    back_label=back_label, highlight=highlight,
                                    showing_help=showing_help)
            if picked == _HELP_VALUE:
                showing_help = not showing_help
                highlight = self._pointed
                continue
            if picked == _BACK_VALUE and back:
                self._trail(message, back_label)
                return BACK
            for option in options:
                if isinstance(picked, str) and option.value == picked:
                    self._trail(message, option.label)
                    return picked
            # Esc, Ctrl-D, or anything outside the choices (Esc+Enter gives '').
            raise Interrupted()

    def _trail(self, message: str, label: str) -> None:
        """The answered question, left on screen as one question line and its answer."""

        width = self.console.width
        for line in ("? " + _wrap(safe_text(message), width - 2, "  ")).split("\n"):
            self.console.line(line, bold=True)
        self.console.line("  -> " + _wrap(safe_text(label), width - 5, "     "))

    def _ask_once(self, message: str, options: Sequence[Option], *,
                  help: str | None, back: bool, back_label: str, highlight: str | None,
                  showing_help: bool) -> object:
        try:
            question = self._question(message, options, help=help, back=back,
                                      back_label=back_label, highlight=highlight,
                                      showing_help=showing_help)
        except Exception as error:  # prompt_toolkit could not set up the terminal
            raise PromptUnavailable(str(error)) from error
        waiting_for_the_person()
        _no_asyncio_reports()
        try:
            with _signals_between_callbacks(question.application):
                return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted() from None
        except OSError as error:
            if error.errno == errno.EIO:  # the terminal went away (a window closed, ssh dropped)
                raise Interrupted() from None
            raise PromptUnavailable(str(error)) from error
        except Exception as error:
            raise PromptUnavailable(str(error)) from error

    def _question(self, message: str, options: Sequence[Option], *,
                  help: str | None, back: bool, back_label: str, highlight: str | None,
                  showing_help: bool) -> Any:
        # Here, not at the top: plain mode (screen readers, TERM=dumb) never loads them.
        import questionary
        from prompt_toolkit.application import get_app_session
        from prompt_toolkit.filters import to_filter
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
        from prompt_toolkit.layout.margins import ScrollbarMargin
        from prompt_toolkit.output import ColorDepth
        from questionary.prompts.common import InquirerControl

        labels = {option.value: safe_text(option.label) for option in options}
        if back:
            labels[_BACK_VALUE] = safe_text(_(back_label))
        shortcuts = len(labels) <= len(InquirerControl.SHORTCUT_KEYS)
        output = self.output or get_app_session().output
        width = max(20, output.get_size().columns - 1)  # one column for a scroll bar
        # prompt_toolkit wraps at any character ("2 / 4 hours"): wrap at words ourselves,
        # under the label (" » 1) " is 6 columns), and put the keys on a line of their own.
        indent = " " * (6 if shortcuts else 3)
        titles = {value: _wrap(label, width - len(indent), indent)
                  for value, label in labels.items()}
        choices = [questionary.Choice(title=title, value=value)
                   for value, title in titles.items()]
        kwargs: dict[str, Any] = {"output": output}
        if self.input is not None:
            kwargs["input"] = self.input
        if not self.color:
            kwargs["color_depth"] = ColorDepth.DEPTH_1_BIT
        keys = _(INSTRUCTION_HELP if help else INSTRUCTION)
        question_text = _wrap(safe_text(message), width - 2, "  ")
        if showing_help:
            question_text += "\n\n  " + _wrap(_("Help: ") + safe_text(help or _(NO_HELP)),
                                               width - 2, "  ") + "\n"
        question = questionary.select(
            question_text, choices=choices, default=None,
            qmark="?", pointer="»", use_shortcuts=shortcuts, use_arrow_keys=True,
            use_jk_keys=False, use_emacs_keys=True, instruction=f"\n  {keys}", **kwargs)
        app = question.application
        control = next(window.content for window in app.layout.find_all_windows()
                       if isinstance(window.content, InquirerControl))
        # Every answered prompt is erased; `_trail` leaves one question line and the answer,
        # so help shown inside a question goes away with it.
        app.erase_when_done = True
        # prompt_toolkit asks the terminal where the cursor is; one that never answers (some
        # serial consoles, editors' shells) got "WARNING: your terminal doesn't support cursor
        # position requests (CPR)." printed over the question after 2 s. The prompt works the
        # same without the answer, so nothing is said.
        app.renderer.cpr_not_supported_callback = None
        if highlight is not None:
            control.pointed_at = next(
                (index for index, choice in enumerate(control.choices)
                 if choice.value == highlight), control.pointed_at)

        extra = KeyBindings()

        @extra.add("enter", eager=True)
        def _answer(event: Any) -> None:
            control.is_answered = True
            event.app.exit(result=control.get_pointed_at().value)

        @extra.add("escape", eager=True)
        @extra.add("c-d", eager=True)
        def _cancel(event: Any) -> None:
            event.app.exit(result=_CANCEL_VALUE)

        @extra.add("?", eager=True)
        @extra.add("f1", eager=True)
        def _help(event: Any) -> None:
            # Asked again with the help shown (or hidden), the pointer where it was.
            self._pointed = str(control.get_pointed_at().value)
            event.app.exit(result=_HELP_VALUE)

        if back:
            @extra.add("left", eager=True)
            @extra.add("backspace", eager=True)
            def _back(event: Any) -> None:
                # Like choosing the Back line: the trail says "-> Back".
                control.is_answered = True
                event.app.exit(result=_BACK_VALUE)

        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra])
        # In a short terminal the last choices are below the edge: show a scroll bar with
        # arrows so people know there is more (the list scrolls with the pointer).
        text = "\n".join([question_text, *titles.values()])
        height = 2 + text.count("\n")
        for window in app.layout.find_all_windows():
            if window.content is control:
                window.wrap_lines = to_filter(True)  # if the terminal narrows meanwhile
                if height + 1 > output.get_size().rows:
                    window.right_margins = [ScrollbarMargin(display_arrows=True)]
        return question


def _wrap(text: str, width: int, indent: str) -> str:
    """`text` wrapped at words to `width`, continuation lines indented by `indent`."""

    lines = textwrap.wrap(text, max(10, width), break_on_hyphens=False) or [""]
    return ("\n" + indent).join(lines)


class TerminalMenu:
    """The questionary menu, falling back to plain prompts if prompt_toolkit cannot start."""

    def __init__(self, fancy: Menu, plain: Menu) -> None:
        self.current: Menu = fancy
        self.plain = plain

    @property
    def fell_back(self) -> bool:
        """Whether arrow-key menus could not start, so plain prompts are used for good."""
        return self.current is self.plain

    def tell(self, text: str) -> None:
        """Print one line of text."""
        self.current.tell(text)

    def clear(self) -> None:
        """Clear the screen (arrow-key menus only)."""
        self.current.clear()

    def choose(self, message: str, options: Sequence[Option], *,
               help: str | None = None, back: bool = False,
               back_label: str = BACK_LABEL, highlight: str | None = None) -> str | _Back:
        """Ask with the current menu; switch to plain prompts for good if it cannot start."""
        try:
            return self.current.choose(message, options, help=help, back=back,
                                       back_label=back_label, highlight=highlight)
        except PromptUnavailable:
            if self.current is self.plain:
                raise
            self.current = self.plain
            self.plain.tell(_("(This terminal cannot show arrow-key menus: using numbered "
                              "prompts instead.)"))
            return self.plain.choose(message, options, help=help, back=back,
                                     back_label=back_label, highlight=highlight)
