"""What a person sees in a real terminal: the result in view, keys that keep their place.

Every path of the bundled tree is walked in a pty (pexpect) read by pyte, one
process per path. Nothing here names a tree id or a tree text: paths, labels,
steps and numbers all come from the loaded tree and region, so the tests hold
as the tree grows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from contactcheck.authoring.routes import TreePath, iter_paths
from contactcheck.check.region_choice import choose_region
from contactcheck.check.report import Report, build_report
from contactcheck.interactive.prompts import display_choices
from contactcheck.personal.practice import Practice
from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_tree
from contactcheck.tree.model import Result, Step, Tree, Urgency
from tests.terminal import Terminal, squash

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty"),
              ]

ENTER, DOWN, LEFT, CTRL_C = "\r", "\x1b[B", "\x1b[D", "\x03"
OFFER = "[y/N]"
"""Every interactive result ends at a yes/no offer (Enter = no), or the program ends."""
REVIEW = "Ready for the suggestion?"


def bundled() -> Tree:
    path = find_tree("default")
    assert path is not None
    return load_tree(path)


def all_paths() -> list[TreePath]:
    return list(iter_paths(bundled()))


def path_id(path: TreePath) -> str:
    return "-".join(step.choice.value for step in path.steps)


def report_for(tree: Tree, path: TreePath) -> Report:
    steps = tuple(Step(step.question, step.choice) for step in path.steps)
    return build_report(Result(tree, path.outcome, steps), choose_region("GB"))


def first_step(report: Report) -> str:
    """The first thing to do, as the report words it (placeholders resolved)."""
    return report.do[0]


def decision_words(report: Report) -> str:
    """The words that carry the decision: an emergency or urgent result says its level."""
    if report.emergency:
        return "Emergency"
    if report.urgency is Urgency.URGENT:
        return "Urgent"
    return report.result.decision.words


def key_for(tree: Tree, step_question: str, value: str) -> str:
    shown = [choice.value for choice in display_choices(tree, tree.questions[step_question])]
    index = shown.index(value)
    assert index < 9
    return str(index + 1)


def walk(term: Terminal, tree: Tree, path: TreePath, *, review: str = REVIEW,
         offers: tuple[str, ...] = (OFFER,)) -> None:
    """Answer each question on `path` by its number (its text as `tree` words it), then ask
    for the suggestion."""
    for step in path.steps:
        term.wait_for(tree.questions[step.question.id].text)
        term.send(key_for(tree, step.question.id, step.choice.value) + ENTER)
    if not path.outcome.emergency:
        term.wait_for(review)
        term.send("1" + ENTER)
    term.wait_for_any(*offers, end=True)


def assert_result_in_view(term: Terminal, report: Report, words: str | None = None) -> None:
    """The decision (symbol and words), the first step and the crisis line, with nothing typed.

    `words`: the decision's words in the language shown (English: `decision_words`).
    """
    region = report.region.region
    shown = term.visible()
    flat = squash(shown)
    problems = []
    symbol = report.symbol(ascii_only=False)
    if symbol not in shown:
        problems.append(f"the symbol {symbol}")
    words = decision_words(report) if words is None else words
    if squash(words) not in flat:
        problems.append(f"the decision {words!r}")
    if squash(first_step(report)) not in flat:
        problems.append(f"the first step {first_step(report)!r}")
    if squash(region.emergency) not in flat:
        problems.append(f"the emergency number {region.emergency}")
    crisis = [row.line for row in report.numbers if row.group == "crisis" and row.line]
    if crisis and squash(crisis[0].how_words()) not in flat:
        problems.append(f"the crisis line {crisis[0].how_words()!r}")
    assert not problems, "not in view: " + ", ".join(problems) + f"\n{shown}"


@pytest.mark.slow
@pytest.mark.parametrize("path", all_paths(), ids=path_id)
def test_every_result_is_in_view_at_80x24(tmp_path, path):
    tree = bundled()
    term = Terminal("check", home=tmp_path, rows=24, cols=80)
    walk(term, tree, path)
    assert_result_in_view(term, report_for(tree, path))
    term.child.close(force=True)


def sample() -> list[TreePath]:
    """One emergency, the longest result, and one of each other decision."""
    tree = bundled()
    paths = all_paths()
    chosen: dict[str, TreePath] = {}
    for path in paths:
        key = "emergency" if path.outcome.emergency else path.decision.value
        chosen.setdefault(key, path)

    def size(path: TreePath) -> int:
        report = report_for(tree, path)
        outcome = report.result.outcome
        texts = [*(reason.text for reason in outcome.why), *outcome.do, report.safety_net,
                 *(row.text for row in report.numbers),
                 *report.crisis_lines, *report.policy_lines, report.draft or ""]
        return sum(len(text) for text in texts)

    chosen["longest"] = max(paths, key=size)
    return list(chosen.values())


@pytest.mark.parametrize(("rows", "cols"), [(20, 40), (32, 100)])
@pytest.mark.parametrize("path", sample(), ids=path_id)
def test_a_sample_of_results_is_in_view_small_and_large(tmp_path, path, rows, cols):
    tree = bundled()
    term = Terminal("check", home=tmp_path, rows=rows, cols=cols)
    walk(term, tree, path)
    assert_result_in_view(term, report_for(tree, path))
    assert all(len(line) <= cols for line in term.transcript().splitlines())
    term.child.close(force=True)


def decline_every_offer(term: Terminal) -> None:
    """Enter (= no) at each offer after the result, until the program ends."""
    term.wait_for_any(OFFER, end=True)
    for _ in range(10):
        if term.ended:
            return
        term.send(ENTER)
        term.settle()


# --- keys keep their place --------------------------------------------------------------------


def test_help_then_enter_takes_the_choice_that_was_highlighted(tmp_path):
    tree = bundled()
    start = tree.start_question
    third = display_choices(tree, start)[2]
    term = Terminal("check", "--explain", home=tmp_path)  # the result names the answer given
    term.wait_for(start.text)
    term.send(DOWN + DOWN)
    term.wait_for(f"» 3) {third.label}")
    term.send("?")
    term.wait_for("Help:")
    term.wait_for(f"» 3) {third.label}")  # asked again, the highlight where it was
    term.send(ENTER)
    following = tree.questions.get(third.next)
    if following is not None:
        term.wait_for(following.text)
    else:
        term.wait_for_any(OFFER, end=True)
        assert squash(f"[{third.value}]") in squash(term.transcript())
    assert squash(f"-> {third.label}") in squash(term.raw)
    term.child.close(force=True)


def test_help_goes_away_when_the_question_is_asked_again(tmp_path):
    tree = bundled()
    start = tree.start_question
    assert start.help
    term = Terminal("check", home=tmp_path)
    term.wait_for(start.text)
    term.send("?")
    term.wait_for("Help:")
    term.send(ENTER)  # the highlighted (first) choice: the help is not left in the trail
    term.wait_for_any(OFFER, REVIEW, end=True)
    assert squash(start.help) not in squash(term.transcript())
    term.child.close(force=True)


def a_path_with_two_questions() -> TreePath:
    return next(path for path in all_paths() if len(path.steps) >= 2)


def test_back_lands_on_the_earlier_answer(tmp_path):
    tree = bundled()
    path = a_path_with_two_questions()
    first, second = path.steps[0], path.steps[1]
    number = key_for(tree, first.question.id, first.choice.value)
    term = Terminal("check", home=tmp_path)
    term.wait_for(first.question.text)
    term.send(number + ENTER)
    term.wait_for(second.question.text)
    term.send(LEFT)
    term.wait_for(f"» {number}) {first.choice.label}")
    term.send(ENTER)  # the same answer again: on to the same next question
    term.wait_for(second.question.text)
    term.send(CTRL_C)
    assert term.finish() == 130


# --- plain mode reads cleanly ----------------------------------------------------------------

GLYPHS = re.compile("[»•■▲●⚠─↑↓←→]|->")


@pytest.mark.parametrize("decision", ["wait_for_session", "raise_in_session", "contact_now"])
def test_plain_mode_reads_back_choices_and_says_the_decision_in_words(tmp_path, decision):
    tree = bundled()
    path = next(path for path in all_paths()
                if path.decision.value == decision and not path.outcome.emergency)
    term = Terminal("check", "--plain", home=tmp_path, rows=40, cols=100)
    for step in path.steps:
        term.wait_for(step.question.text)
        term.send(key_for(tree, step.question.id, step.choice.value) + ENTER)
        term.wait_for(f"You chose: {step.choice.label}")
    term.wait_for(REVIEW)
    term.send("1" + ENTER)
    decline_every_offer(term)
    shown = term.transcript()
    words = path.decision.words
    assert f"Suggestion: {words[0].lower()}{words[1:]}" in shown
    assert GLYPHS.findall(shown) == []
    hints = [line for line in shown.splitlines() if line.startswith("Type a number")]
    assert hints
    later = hints[1]  # the second question can go back
    assert re.search(r"\bb\b", later) and re.search(r"\bq\b", later), later


# --- discreet mode ---------------------------------------------------------------------------


@pytest.mark.parametrize("emergency", [True, False])
def test_discreet_mode_clears_screen_and_scrollback_and_keeps_the_crisis_line(tmp_path,
                                                                             emergency):
    tree = bundled()
    path = next(path for path in all_paths() if path.outcome.emergency is emergency)
    report = report_for(tree, path)
    term = Terminal("check", "--discreet", home=tmp_path, rows=24, cols=80)
    for step in path.steps:
        term.wait_for(step.question.text)
        term.send(key_for(tree, step.question.id, step.choice.value) + ENTER)
    if not emergency:
        term.wait_for(REVIEW)
        term.send("1" + ENTER)
    term.wait_for("Press Enter to clear the screen")
    assert_result_in_view(term, report)
    term.send(ENTER)
    assert term.finish() == 0
    left = term.transcript()  # the screen and its scrollback, after leaving
    assert tree.start_question.text not in left
    assert squash(report.result.outcome.title) not in squash(left)
    assert "shared device" in left
    assert squash(report.region.region.emergency) in squash(left)
    assert OFFER not in term.shown()  # nothing offered
    assert not (tmp_path / "data").exists() and list(tmp_path.iterdir()) == []


def test_the_danger_screen_help_offers_discreet_mode(tmp_path):
    term = Terminal("check", home=tmp_path)
    term.wait_for(bundled().start_question.text)
    term.send("?")
    term.wait_for("--discreet")
    term.send(CTRL_C)
    assert term.finish() == 130


# --- the worst case of the line budget ---------------------------------------------------------

PRACTICE = """\
practice: "Harbour Street Therapy"
updated: "2026-11-20"
region: GB
policy:
  therapist: "Sam Rivera"
  timezone: Europe/London
  after_hours: {name: "Clinic on-call line", number: "0117 496 0999", hours: "24/7"}
crisis_lines:
  - {name: "Harbour Street duty team", kind: crisis, how: [{call: "0117 496 0111"}],
     hours: "24/7"}
  - {name: "Harbour Street abuse advocate", kind: domestic_abuse,
     how: [{call: "0117 496 0222"}], hours: "Mon-Fri 9am-5pm"}
"""


def abuse_paths() -> list[TreePath]:
    """One path to each outcome about abuse (the outcomes with the most national lines)."""
    chosen: dict[str, TreePath] = {}
    for path in all_paths():
        if "abuse" in path.outcome.id:
            chosen.setdefault(path.outcome.id, path)
    return list(chosen.values())


def install_practice(tmp_path, run_cli) -> tuple[Path, Practice]:
    """The clinic's practice file (`PRACTICE`), installed in a home of its own."""
    from contactcheck.personal.practice import load_practice

    source = tmp_path / "from-the-clinic" / "practice.yaml"
    source.parent.mkdir()
    source.write_text(PRACTICE, encoding="utf-8")
    home = tmp_path / "home"
    installed = run_cli("setup", "--yes", str(source),
                        env={"CONTACTCHECK_CONFIG_HOME": str(home)})
    assert installed.exit_code == 0, installed.stderr
    return home, load_practice(source)


def worst_case_report(tree: Tree, path: TreePath, practice: Practice) -> Report:
    """The result of `path` walked in `tree` (the bundled tree or a translation of it), in GB,
    with the practice file's policy and lines, as the check builds it."""
    from contactcheck.check.report import PracticeInfo

    steps = []
    for step in path.steps:
        question = tree.questions[step.question.id]
        choice = question.choice(step.choice.value)
        assert choice is not None
        steps.append(Step(question, choice))
    report = build_report(Result(tree, tree.outcomes[path.outcome.id], tuple(steps)),
                          choose_region("GB"), practice.policy, practice.lines,
                          practice=PracticeInfo(practice.name, practice.updated, "GB"))
    assert any(row.origin == "clinic" for row in report.numbers)  # the clinic's lines are in
    return report


@pytest.mark.parametrize("path", abuse_paths(), ids=path_id)
def test_the_worst_case_keeps_the_result_in_view_at_40x20(tmp_path, run_cli, path):
    """GB (lines by nation), an abuse outcome, a clinic's practice file with its own lines and
    an after-hours number: the most lines a result can have, in the smallest terminal."""
    home, practice = install_practice(tmp_path, run_cli)
    tree = bundled()
    report = worst_case_report(tree, path, practice)
    term = Terminal("check", home=home, rows=20, cols=40)
    walk(term, tree, path)
    assert_result_in_view(term, report)
    term.child.close(force=True)


@pytest.mark.parametrize("path", abuse_paths(), ids=path_id)
def test_the_worst_case_in_spanish_keeps_the_result_in_view_at_40x20(tmp_path, run_cli, path):
    """The same worst case with the longer Spanish texts: the closing block still fits."""
    from contactcheck.i18n import use_language
    from contactcheck.tree.load import load_translation, translation_path

    home, practice = install_practice(tmp_path, run_cli)
    tree_file = find_tree("default")
    assert tree_file is not None
    spanish_file = translation_path(tree_file, "es")
    assert spanish_file is not None
    spanish = load_translation(spanish_file)
    use_language("es")  # the words a Spanish result uses, as the check builds them
    try:
        report = worst_case_report(spanish, path, practice)
        term = Terminal("check", "--lang", "es", home=home, rows=20, cols=40)
        walk(term, spanish, path, review="¿Quiere ver la sugerencia?", offers=("[s/N]",))
        assert_result_in_view(term, report, words=report.headline.split(" — ")[0])
        term.child.close(force=True)
    finally:
        use_language("en")
