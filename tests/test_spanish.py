"""The bundled tree in Spanish: every path, the danger screen in a terminal, readability."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from contactcheck.authoring.routes import iter_paths
from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_translation, load_tree, translation_path
from tests.helpers import REPO


def flags(answers: dict[str, str]) -> list[str]:
    return [arg for pair in answers.items() for arg in ("--answer", "=".join(pair))]


def _trees():
    path = find_tree("default")
    assert path is not None
    spanish = translation_path(path, "es")
    assert spanish is not None, "the bundled tree has a Spanish translation"
    return path, load_tree(path), load_translation(spanish)


def _paths():
    path = find_tree("default")
    assert path is not None
    for tree_path in iter_paths(load_tree(path)):
        yield pytest.param(tree_path, id=tree_path.outcome.id + ":"
                           + "/".join(tree_path.answers.values()))


@pytest.mark.parametrize("tree_path", list(_paths()))
def test_every_path_walks_in_english_and_spanish_to_the_same_result(invoke, tree_path):
    path, _, spanish = _trees()
    args = ["check", "--tree", str(path), "--region", "US", "--no-policy",
            *flags(tree_path.answers), "--format", "json"]
    results = {lang: json.loads(invoke(*args, "--lang", lang).stdout) for lang in ("en", "es")}
    for lang, data in results.items():
        assert data["lang"] == lang
        assert data["decision"] == tree_path.decision.value
        assert data["outcome"]["id"] == tree_path.outcome.id
        assert data["urgency"] == tree_path.outcome.urgency.value
        assert [step["question"] for step in data["trail"]] == list(tree_path.answers)
        assert [step["answer"] for step in data["trail"]] == list(tree_path.answers.values())
    assert results["es"]["outcome"]["title"] == spanish.outcomes[tree_path.outcome.id].title
    text = invoke(*args[:-2], "--lang", "es").stdout
    assert spanish.outcomes[tree_path.outcome.id].title in " ".join(text.split())
    assert "988" in text  # the crisis line, in every language


def test_spanish_keeps_the_safety_structure_of_the_tree():
    _, english, spanish = _trees()
    assert spanish.start == english.start
    first = spanish.start_question.choices[0]
    assert spanish.outcomes[first.next].emergency  # the emergency route, first
    for outcome_id, outcome in english.outcomes.items():
        translated = spanish.outcomes[outcome_id]
        assert (translated.urgency, translated.decision, translated.resources) == \
            (outcome.urgency, outcome.decision, outcome.resources)
        # The profile fills in the therapist's name: the marker is kept as the tree has it.
        assert ("[therapist's name]" in (translated.draft or "")) == \
            ("[therapist's name]" in (outcome.draft or ""))


def _readability():
    spec = importlib.util.spec_from_file_location("readability_es",
                                                  REPO / "tools" / "readability_es.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("readability_es", module)
    spec.loader.exec_module(module)
    return module


def test_every_spanish_outcome_reads_at_least_normal_on_inflesz():
    readability = _readability()
    _, _, spanish = _trees()
    low = {outcome_id: round(score, 1)
           for outcome_id, (score, _) in readability.outcome_scores(spanish).items()
           if score < readability.MIN_INFLESZ}
    assert low == {}


@pytest.mark.parametrize(("word", "count"), [
    ("casa", 2), ("río", 2), ("país", 2), ("aire", 2), ("ciudad", 2), ("que", 1),
    ("guerra", 2), ("poeta", 3), ("hay", 1), ("leer", 2), ("emergencia", 4), ("terapeuta", 4),
])
def test_spanish_syllables_are_counted_by_spanish_rules(word, count):
    assert _readability().syllables(word) == count


def test_the_spanish_formula_tells_easy_from_hard():
    readability = _readability()
    easy, _ = readability.scores("Llame ahora. No está solo. Hable con alguien.")
    hard, _ = readability.scores(
        "La consideración interdisciplinaria de las circunstancias psicopatológicas "
        "subyacentes determina, indudablemente, la conveniencia terapéutica de "
        "intervenciones farmacológicas complementarias.")
    assert easy > 80 > 40 > hard


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
@pytest.mark.parametrize("how", [("--lang", "es"), ()])
def test_the_spanish_danger_screen_and_an_emergency_result_in_a_terminal(tmp_path, how):
    from tests.terminal import Terminal

    _, _, spanish = _trees()
    env = {} if how else {"CONTACTCHECK_LANG": "es"}
    term = Terminal("check", *how, home=tmp_path, env=env)
    danger = spanish.start_question
    term.wait_for("Es una sugerencia, no un consejo")  # the interface speaks Spanish too
    term.wait_for(danger.text)  # the danger screen comes first, in Spanish
    first = danger.choices[0]
    assert spanish.outcomes[first.next].emergency
    term.wait_for(f"1) {first.label}")
    term.send("1\r")  # an emergency answer goes straight to its result
    term.wait_for(spanish.outcomes[first.next].title)
    term.wait_for("999")  # the emergency number (CONTACTCHECK_REGION=GB in Terminal)
    term.decline_offers()
    shown = term.shown()
    assert "Busque ayuda ahora" in shown  # the result's heading, from the catalog
    assert "Traceback" not in shown
    assert "Samaritans" in shown or "111" in shown  # the crisis line
