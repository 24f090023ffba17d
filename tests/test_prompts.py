"""The prompts, driven like a keyboard: prompt_toolkit's pipe input and DummyOutput.

Keys for several questions can be sent at once: prompt_toolkit hands keys an
answered prompt did not use to the next prompt (typeahead).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from contactcheck.check.engine import BACK, walk
from contactcheck.errors import Interrupted
from contactcheck.interactive.prompts import (
    MenuSource,
    Option,
    PlainMenu,
    QuestionaryMenu,
    TerminalMenu,
    display_choices,
    safe_text,
)
from contactcheck.interactive.session import walk_with_review
from contactcheck.interactive.terminal import Terminal
from contactcheck.tree.load import tree_from_bytes
from contactcheck.tree.model import Tree
from tests.helpers import MINIMAL_TREE

ENTER, DOWN, UP, LEFT = "\r", "\x1b[B", "\x1b[A", "\x1b[D"
ESC, CTRL_C, CTRL_D = "\x1b", "\x03", "\x04"

OPTIONS = [Option("calm", "I feel calm"), Option("upset", "I feel upset")]

# The loader makes the danger screen list its emergency choices first; a later
# question that can lead to an emergency lists it last here: people must see it first.
EMERGENCY_LAST = textwrap.dedent("""\
    id: order
    title: Order
    version: "1"
    start: danger
    questions:
      danger:
        text: "Is anyone in danger?"
        help: "Danger means a risk to life."
        choices:
          - {value: danger, label: "Yes", next: emergency}
          - {value: none, label: "No", next: topic}
          - {value: maybe, label: "Not sure", next: topic}
      topic:
        text: "Is it routine?"
        choices:
          - {value: routine, label: "Routine", next: wait}
          - {value: other, label: "Something else", next: raise}
          - {value: hurt, label: "I am hurt", next: emergency}
    outcomes:
      emergency:
        decision: contact_now
        emergency: true
        title: "Get help now"
        why: ["Emergencies go to emergency services."]
        do: ["Call the emergency number."]
        safety_net: "Call the emergency number."
      wait:
        decision: wait_for_session
        title: "Wait"
        why: ["Routine."]
        do: ["Write it down."]
        safety_net: "If it gets worse, call the crisis line."
      raise:
        decision: raise_in_session
        title: "Raise it"
        why: ["Session."]
        do: ["Bring it up."]
        safety_net: "If it gets worse, call the crisis line."
    """)


def tree_of(text: str) -> Tree:
    return tree_from_bytes(text.encode(), "tree.yaml")


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


@pytest.fixture
def console() -> Terminal:
    return Terminal(io.StringIO(), width=40, no_color=True)


def menu(pipe: PipeInput, console: Terminal) -> QuestionaryMenu:
    return QuestionaryMenu(console, input=pipe, output=DummyOutput())


@pytest.mark.parametrize(("typed", "expected"), [
    (ENTER, "calm"),
    ("2" + ENTER, "upset"),
    (DOWN + ENTER, "upset"),
    (DOWN + UP + ENTER, "calm"),
    ("x" + ENTER, "calm"),  # letters do nothing; only Enter picks
])
def test_select_picks_the_pointed_choice(keys, console, typed, expected):
    keys.send_text(typed)
    assert menu(keys, console).choose("How do you feel?", OPTIONS) == expected


@pytest.mark.parametrize("typed", [
    ESC,
    CTRL_C,
    CTRL_D,
    ESC + ENTER,  # questionary's select would return '' for this
    "\x11",  # Ctrl-Q
])
def test_every_way_out_is_a_cancel(keys, console, typed):
    keys.send_text(typed)
    with pytest.raises(Interrupted, match="nothing was saved"):
        menu(keys, console).choose("How do you feel?", OPTIONS, back=True)


@pytest.mark.parametrize("typed", [LEFT, "\x7f", "3" + ENTER, DOWN + DOWN + ENTER])
def test_back_is_offered_by_key_and_as_the_last_choice(keys, console, typed):
    keys.send_text(typed)
    assert menu(keys, console).choose("How do you feel?", OPTIONS, back=True) is BACK


def test_without_back_the_back_keys_do_nothing(keys, console):
    keys.send_text(LEFT + "3" + ENTER)
    assert menu(keys, console).choose("How do you feel?", OPTIONS) == "calm"


def drawn(pipe: PipeInput, console: Terminal) -> tuple[QuestionaryMenu, io.StringIO]:
    """A menu drawing on a 24x80 screen kept as text, to read what the prompt showed."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    return QuestionaryMenu(console, input=pipe, output=output), screen


def test_help_is_one_key_away_and_goes_away_once_answered(keys, console):
    keys.send_text("?" + "2" + ENTER)
    asking, screen = drawn(keys, console)
    answer = asking.choose("How do you feel?", OPTIONS, help="Upset includes angry.")
    assert answer == "upset"
    assert "Upset includes angry." in screen.getvalue()  # shown in the question
    assert "angry" not in console.file.getvalue()  # not left in the trail
    assert "-> I feel upset" in console.file.getvalue()


@pytest.mark.parametrize(("typed", "expected"), [
    (DOWN + "?" + ENTER, "upset"),  # the pointer stays where it was
    ("2?" + ENTER, "upset"),
    ("2??" + ENTER, "upset"),  # help shown, then hidden
    ("?" + ENTER, "calm"),
])
def test_help_keeps_the_pointer_where_it_was(keys, console, typed, expected):
    keys.send_text(typed)
    assert menu(keys, console).choose("How do you feel?", OPTIONS, help="Help.") == expected


@pytest.mark.parametrize(("highlight", "expected"), [(None, "calm"), ("upset", "upset")])
def test_the_pointer_starts_on_the_highlighted_option(keys, console, highlight, expected):
    keys.send_text(ENTER)
    assert menu(keys, console).choose("How do you feel?", OPTIONS,
                                      highlight=highlight) == expected


def test_back_then_enter_gives_the_earlier_answer_again(console):
    tree = tree_of(EMERGENCY_LAST)
    with create_pipe_input() as pipe:
        # "No" on the danger screen, Back from the next question, Enter, then "Routine", Show.
        pipe.send_text("2" + ENTER + LEFT + ENTER + "2" + ENTER + "1" + ENTER)
        result = walk_with_review(tree, menu(pipe, console))
    assert [step.choice.value for step in result.trail] == ["none", "routine"]


def test_help_key_without_help_text_says_so(keys, console):
    keys.send_text("?" + ENTER)
    asking, screen = drawn(keys, console)
    asking.choose("How do you feel?", OPTIONS)
    assert "no extra help" in screen.getvalue()


@pytest.mark.parametrize(("tree_text", "question", "order"), [
    (EMERGENCY_LAST, "danger", ["danger", "none", "maybe"]),
    (EMERGENCY_LAST, "topic", ["hurt", "routine", "other"]),
    (MINIMAL_TREE, "topic", ["yes", "no"]),  # the tree's order when no choice is an emergency
])
def test_emergency_choices_are_listed_first(tree_text, question, order):
    tree = tree_of(tree_text)
    assert [c.value for c in display_choices(tree, tree.questions[question])] == order


@pytest.mark.parametrize(("typed", "answers"), [
    (ENTER, ["danger"]),
    ("2" + ENTER + ENTER, ["none", "hurt"]),
])
def test_a_stray_enter_on_a_safety_question_never_means_no_danger(keys, console, typed,
                                                                   answers):
    tree = tree_of(EMERGENCY_LAST)
    keys.send_text(typed)
    result = walk(tree, MenuSource(tree, menu(keys, console)))
    assert result.outcome.id == "emergency"
    assert [step.choice.value for step in result.trail] == answers


@pytest.mark.parametrize(("typed", "outcome"), [
    ("1" + ENTER, "emergency"),  # no more questions after the emergency choice
    ("2" + ENTER + "1" + ENTER, "wait"),
    ("2" + ENTER + "2" + ENTER, "raise"),
    # Back on the second question asks the danger screen again.
    ("2" + ENTER + LEFT + "1" + ENTER, "emergency"),
    ("2" + ENTER + "3" + ENTER + "2" + ENTER + "2" + ENTER, "raise"),
])
def test_a_walk_through_the_minimal_tree(keys, console, typed, outcome):
    tree = tree_of(MINIMAL_TREE)
    keys.send_text(typed)
    assert walk(tree, MenuSource(tree, menu(keys, console))).outcome.id == outcome


def test_policy_answered_questions_are_not_asked(keys, console):
    tree = tree_of(MINIMAL_TREE)
    keys.send_text("2" + ENTER)
    result = walk(tree, MenuSource(tree, menu(keys, console)), {"between_sessions": "no"})
    assert result.outcome.id == "raise"
    assert [step.origin for step in result.trail] == ["person", "policy"]


@pytest.mark.parametrize(("typed", "outcome"), [
    # walk: none -> routine; review: show
    ("2" + ENTER + "2" + ENTER + "1" + ENTER, "wait"),
    # review: change an answer -> the topic question -> other; review: show
    ("2" + ENTER + "2" + ENTER + "2" + ENTER + "2" + ENTER + "3" + ENTER + "1" + ENTER, "raise"),
    # review: change the danger answer to the emergency: the result comes at once
    ("2" + ENTER + "2" + ENTER + "2" + ENTER + "1" + ENTER + "1" + ENTER, "emergency"),
    # review: Back re-asks the last question
    ("2" + ENTER + "2" + ENTER + LEFT + "3" + ENTER + "1" + ENTER, "raise"),
    # review: change, then Back to the answers, then show
    ("3" + ENTER + "2" + ENTER + "2" + ENTER + LEFT + "1" + ENTER, "wait"),
])
def test_review_lets_people_change_answers_before_the_result(keys, console, typed, outcome):
    tree = tree_of(EMERGENCY_LAST)
    keys.send_text(typed)
    result = walk_with_review(tree, menu(keys, console))
    assert result.outcome.id == outcome
    assert "Your answers:" in console.file.getvalue()


def test_changing_one_answer_keeps_the_others(keys, console):
    tree = tree_of(EMERGENCY_LAST)
    # danger: "Not sure"; topic: routine; review: change the danger answer to "No"; show.
    keys.send_text("3" + ENTER + "2" + ENTER + "2" + ENTER + "1" + ENTER + "2" + ENTER
                   + "1" + ENTER)
    result = walk_with_review(tree, menu(keys, console))
    assert [step.choice.value for step in result.trail] == ["none", "routine"]


def test_the_emergency_answer_skips_the_review(keys, console):
    keys.send_text(ENTER)
    result = walk_with_review(tree_of(EMERGENCY_LAST), menu(keys, console))
    assert result.outcome.emergency
    assert "Your answers:" not in console.file.getvalue()


def test_stopping_in_the_review_is_a_cancel(keys, console):
    # (A lone Esc at the very end of piped keys would wait for more input: Ctrl-D here,
    # Esc in the review is driven in a real terminal in test_terminal.py.)
    keys.send_text("2" + ENTER + "2" + ENTER + CTRL_D)
    with pytest.raises(Interrupted):
        walk_with_review(tree_of(EMERGENCY_LAST), menu(keys, console))


@pytest.mark.parametrize(("text", "shown"), [
    ("Call \x1b[2J now", "Call ?[2J now"),
    ("title\x1b]0;pwned\x07", "title?]0;pwned?"),
    ("two\nlines\tand tab", "two lines and tab"),
    ("\u202eevil", "?evil"),
    ("[bold]not markup[/]", "[bold]not markup[/]"),
    ("Ça va — ok", "Ça va — ok"),
])
def test_tree_text_cannot_drive_the_terminal(text, shown):
    assert safe_text(text) == shown


def test_the_prompt_writes_no_escape_sequence_from_tree_text(keys, console):
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=12, columns=40), term="xterm")
    keys.send_text(ENTER)
    choice = QuestionaryMenu(console, input=keys, output=output).choose(
        "Clear \x1b[2J?", [Option("a", "ring \x07 the bell"), Option("b", "[red]b[/]")])
    assert choice == "a"
    written = screen.getvalue()
    assert "\x1b[2J" not in written
    assert "\x07" not in written
    assert "?[2J" in written
    assert "[red]b[/]" in written


def test_the_help_text_is_printed_as_plain_text(keys, console):
    keys.send_text("?" + ENTER)
    asking, screen = drawn(keys, console)
    asking.choose("Q", OPTIONS, help="[bold]x[/] \x1b[31mred")
    assert "[bold]x[/] ?[31mred" in screen.getvalue()


class _ClosedScreen(Vt100_Output):
    """A terminal prompt_toolkit cannot draw on."""

    def flush(self) -> None:
        raise OSError("console not available")


def test_a_terminal_prompt_toolkit_cannot_use_falls_back_to_plain_prompts(keys, console):
    broken = QuestionaryMenu(console, input=keys,
                             output=_ClosedScreen(io.StringIO(), lambda: Size(12, 40),
                                                  term="xterm"))
    fallback = TerminalMenu(broken, PlainMenu(console, io.StringIO("2\n")))
    assert fallback.choose("How do you feel?", OPTIONS) == "upset"
    assert fallback.fell_back
    shown = console.file.getvalue()
    assert "numbered prompts" in shown
    assert "2. I feel upset" in shown


# --- plain mode -------------------------------------------------------------------------


def plain(lines: str, console: Terminal) -> PlainMenu:
    return PlainMenu(console, io.StringIO(lines))


@pytest.mark.parametrize(("typed", "expected"), [
    ("1\n", "calm"),
    ("2\n", "upset"),
    (" 2 \n", "upset"),
    ("upset\n", "upset"),  # the value works too
    ("\n\n1\n", "calm"),  # an empty line never picks
    ("9\nabc\n0\n-1\n²\n2\n", "upset"),  # invalid entries ask again
    ("?\n1\n", "calm"),
    ("\x1b[A\n\x1b[B\x1b[B\n\x1bOA\n\x1b[5~\n2\n", "upset"),  # arrow keys ask again, never stop
])
def test_plain_mode_reads_numbers(console, typed, expected):
    assert plain(typed, console).choose("How do you feel?", OPTIONS, help="h") == expected


@pytest.mark.parametrize("typed", ["3\n", "b\n", "back\n", "\nB\n"])
def test_plain_mode_back(console, typed):
    assert plain(typed, console).choose("How do you feel?", OPTIONS, back=True) is BACK


@pytest.mark.parametrize("typed", ["", "\n\n", "q\n", "3\n", "\x1b\n"])  # 3: no Back here
def test_plain_mode_stops_at_end_of_input_or_q(console, typed):
    with pytest.raises(Interrupted):
        plain(typed, console).choose("How do you feel?", OPTIONS)


def test_plain_mode_is_numbered_lines_and_explains_invalid_entries():
    console = Terminal(io.StringIO(), width=200, no_color=True)
    plain("7\n\n1\n", console).choose("How do you feel?", OPTIONS, help="Some help")
    assert isinstance(console.file, io.StringIO)
    shown = console.file.getvalue()
    assert "How do you feel?\n  1. I feel calm\n  2. I feel upset\n" in shown
    assert "?: help" in shown
    assert "You chose: I feel calm" in shown
    assert "'7' is not one of the choices. Please type a number from 1 to 2." in shown
    assert "Please type a number from 1 to 2.\n" in shown
    assert "\x1b" not in shown


def test_plain_mode_walks_a_tree_with_review(console):
    tree = tree_of(EMERGENCY_LAST)
    result = walk_with_review(tree, plain("2\n4\n1\n", console))  # No, Back, Yes
    assert result.outcome.id == "emergency"
    assert result.trail[0].choice.value == "danger"


def test_the_review_shows_a_policy_answer_as_what_the_profile_says(console):
    # The bundled tree's "no" label is "No, or I'm not sure": the profile is never unsure.
    tree = tree_of(MINIMAL_TREE.replace('label: "No", next: raise',
                                        'label: "No, or I\'m not sure", next: raise'))
    walk_with_review(tree, plain("2\n1\n", console), {"between_sessions": "no"})
    shown = console.file.getvalue()
    assert "No, from your therapist's policy" in shown
    assert "not sure" not in shown


# --- start-up cost --------------------------------------------------------------------------


@pytest.mark.parametrize("script", [
    # the check with answers given
    "from contactcheck.cli import run\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    assert run(['check', '--no-policy', '-a', 'danger=suicidal_now']) == 0\n",
    # plain mode, walked to a result
    "from contactcheck.tree.bundled import find_tree\n"
    "from contactcheck.interactive.session import run_interactive\n"
    "from contactcheck.tree.load import load_tree\n"
    "from contactcheck.interactive.prompts import PlainMenu\n"
    "from contactcheck.interactive.terminal import Terminal\n"
    "console = Terminal(io.StringIO())\n"
    "menu = PlainMenu(console, io.StringIO('1\\n'))\n"
    "result = run_interactive(load_tree(find_tree('default')), terminal=console,\n"
    "                         crisis_line='Call 999.', menu=menu)\n"
    "assert result.outcome.emergency\n",
])
def test_the_prompt_library_is_imported_only_for_arrow_key_prompts(script):
    probe = ("import contextlib, io, json, sys\n" + script
             + "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False, env={**os.environ, "CONTACTCHECK_REGION": "GB"})
    assert done.returncode == 0, done.stderr
    loaded = {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}
    assert not loaded & {"questionary", "prompt_toolkit"}


def test_a_policy_answer_changed_in_the_review_wins(console):
    tree = tree_of(MINIMAL_TREE)
    # No danger; the profile answers "no"; review: change an answer, the policy question, Yes;
    # then show the suggestion.
    result = walk_with_review(tree, plain("2\n2\n2\n1\n1\n", console), {"between_sessions": "no"})
    assert result.outcome.id == "wait"
    step = result.trail[-1]
    assert (step.origin, step.choice.value, step.instead_of) == ("person", "yes", ("no", "policy"))
