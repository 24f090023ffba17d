"""The bundled tree's safety content, checked path by path (see docs/hazard-log.md)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from contactcheck.authoring.routes import iter_paths
from contactcheck.check.sources import load_sources
from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_tree
from contactcheck.tree.model import Decision, Tree, Urgency
from tests.helpers import REPO


@pytest.fixture(scope="module")
def tree() -> Tree:
    path = find_tree("default")
    assert path is not None
    return load_tree(path)


def _paths_through(tree: Tree, question: str, value: str) -> Iterator[tuple[dict[str, str], str]]:
    for path in iter_paths(tree):
        if path.answers.get(question) == value:
            yield dict(path.answers), path.outcome.id


def test_every_emergency_now_answer_goes_straight_to_an_emergency_outcome(tree):
    danger = tree.questions["danger"]
    for choice in danger.choices:
        if choice.value == "none":
            assert choice.next == "urgent"  # the second stage, before any topic
            continue
        assert tree.outcomes[choice.next].urgency is Urgency.EMERGENCY, choice.value
    assert danger.choices[-1].value == "none"  # the emergency choices first


def test_every_urgent_answer_gets_help_today_never_a_wait(tree):
    for choice in tree.questions["urgent"].choices:
        if choice.value == "none":
            assert choice.next == "topic"
            continue
        reached = {outcome for _, outcome in _paths_through(tree, "urgent", choice.value)}
        assert reached, choice.value
        for outcome_id in reached:
            outcome = tree.outcomes[outcome_id]
            assert outcome.decision is Decision.CONTACT_NOW, outcome_id
            assert outcome.numbers_first, outcome_id


@pytest.mark.parametrize("question", ["thoughts_using", "voices_using"])
def test_thoughts_or_voices_with_drink_or_drugs_are_an_emergency(tree, question):
    for choice in tree.questions[question].choices:
        outcome = tree.outcomes[choice.next]
        assert (outcome.urgency is Urgency.EMERGENCY) is (choice.value != "no"), choice.value


def test_never_coaching_after_self_harm(tree):
    reached = {outcome for _, outcome in _paths_through(tree, "urgent", "self_harm")}
    assert reached >= {"after_harm", "harm_earlier", "emergency_attempt", "emergency_medical"}
    for outcome_id in reached:
        outcome = tree.outcomes[outcome_id]
        assert "dbt_coaching" not in outcome.policy, outcome_id
        assert not any("{coaching}" in text for text in outcome.texts()), outcome_id
    # Self-harm in the last 24 hours stays emergency-level, numbers first.
    assert tree.outcomes["after_harm"].urgency is Urgency.EMERGENCY
    wording = " ".join(tree.outcomes["after_harm"].texts())
    assert "Many DBT programmes" in wording and "follow your own coaching agreement" in wording


def test_self_harm_labels_say_what_the_help_says(tree):
    question = tree.questions["harm_what"]
    labels = {choice.value: choice.label for choice in question.choices}
    assert "no marks" in (question.help or "") and "choke" in labels["took_or_choked"]
    assert "cleaned and covered" in labels["small_wound"]  # never "not injured" with a cut
    assert "red, hot, swollen or oozing" in labels["earlier"]


def test_abuse_and_child_outcomes_show_their_lines(tree):
    for outcome_id in ("emergency_abuse", "abuse_support"):
        assert "domestic_abuse" in tree.outcomes[outcome_id].resources
    for outcome_id in ("emergency_others", "worried_someone"):
        assert "child_protection" in tree.outcomes[outcome_id].resources
    assert "poison" in tree.outcomes["emergency_attempt"].resources


def test_no_crisis_result_blames_the_person(tree):
    for outcome in tree.outcomes.values():
        if outcome.numbers_first:
            text = " ".join(outcome.texts()).lower()
            assert "your own skills" not in text and "what therapy builds" not in text


def test_every_source_is_a_listed_public_reference(tree):
    listed = load_sources()
    for outcome in tree.outcomes.values():
        for reason in outcome.why:
            assert reason.source in listed, (outcome.id, reason.source)
    for source in listed.values():
        assert source.url.startswith(("https://", "http://")) and source.checked
    page = (REPO / "docs" / "sources.md").read_text(encoding="utf-8")
    for source_id, source in listed.items():
        assert f"`{source_id}`" in page and source.url in page, source_id


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readability():
    return _tool("readability")


@pytest.mark.parametrize(("tool", "page"), [("clinical_review", "clinical-review.md"),
                                            ("sources_page", "sources.md")])
def test_the_generated_review_pages_are_current(tool, page):
    # A clinician reads these pages, not the YAML: they must say what the tree says now.
    current = (REPO / "docs" / page).read_text(encoding="utf-8")
    assert _tool(tool).render() == current, f"stale: run `python tools/{tool}.py`"


def test_every_outcome_reads_at_grade_8_or_below(tree, capsys):
    readability = _readability()
    grades = readability.grades(tree)
    with capsys.disabled():
        print("\nFlesch-Kincaid grade per outcome:")
        for outcome_id, value in sorted(grades.items()):
            print(f"  {value:4.1f}  {outcome_id}")
    over = {outcome_id: round(value, 1) for outcome_id, value in grades.items() if value > 8}
    assert over == {}


@pytest.mark.parametrize(("text", "low", "high"), [
    ("The cat sat on the mat.", -3, 1),
    ("Call the number now. Say what happened.", -2, 3),
    ("Constitutional interpretation necessitates considerable deliberation regarding "
     "institutional responsibilities.", 15, 100),
])
def test_the_readability_formula_tells_easy_from_hard(text, low, high):
    assert low <= _readability().grade(text) <= high


def test_a_therapist_crossing_a_line_is_never_the_clients_job_to_raise_with_them(tree):
    reached = {outcome for _, outcome in _paths_through(tree, "relationship_kind", "boundary")}
    assert {"hurt_now", "bnd_assault_past", "bnd_romantic", "bnd_crossed", "bnd_unsure"} <= reached
    assert tree.outcomes["hurt_now"].urgency is Urgency.EMERGENCY
    for outcome_id in reached - {"hurt_now"}:
        text = " ".join(tree.outcomes[outcome_id].texts()).lower()
        assert "not your fault" in text or "never the client's fault" in text \
            or "someone else" in text, outcome_id
        assert "don't have to" in text or "never have to" in text or "someone else" in text, \
            outcome_id


@pytest.mark.parametrize(("value", "urgency"), [
    ("unusual", Urgency.EMERGENCY), ("not_sure", Urgency.EMERGENCY),
    ("usual", Urgency.ROUTINE), ("none", Urgency.ROUTINE)])
def test_panic_with_unusual_chest_pain_is_an_emergency(tree, value, urgency):
    choice = tree.questions["panic_chest"].choice(value)
    assert choice is not None
    assert tree.outcomes[choice.next].urgency is urgency


def test_every_question_offers_a_way_out_when_nothing_fits(tree):
    words = ("not sure", "something else", "none of these", "no,", "nothing")
    for question in tree.questions.values():
        labels = " ".join(choice.label.lower() for choice in question.choices)
        offered = any(word in labels for word in words) or question.policy is not None \
            or {choice.value for choice in question.choices} >= {"yes", "no"}
        assert offered, question.id
