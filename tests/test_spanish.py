"""The bundled tree in Spanish: every path, the danger screen in a terminal, readability."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- no English left around the Spanish text of a result ---------------------------------------

ENGLISH = frozenset({
    "the", "your", "you", "and", "call", "now", "text", "this", "that", "number", "numbers",
    "therapist", "emergency", "session", "wait", "contact", "from", "for", "with", "free",
    "verified", "danger", "help", "get", "line", "lines", "suggestion", "first", "nothing",
    "saved", "what", "why", "draft", "or", "to", "of", "is", "are", "not", "safety", "policy",
    "answers", "urgent", "taken", "account", "tree", "raise", "it", "if", "things", "change",
    "worse", "these", "here", "listed", "instead", "works", "mobile", "countries", "at", "press",
})
"""Common English words a Spanish result must not show (none is also a Spanish word: not
"use", "chat", "plan", "crisis" or "no")."""


def _proper_names(region: str) -> set[str]:
    """What a Spanish result rightly keeps as written: the services' names and keywords (as the
    Spanish result names them: a description such as the fallback's is not a name)."""
    from contactcheck.check.resources import fallback, region_for

    entry = fallback() if region == "fallback" else region_for(region)
    assert entry is not None
    names = {"contactcheck"}
    for line in entry.in_language("es").lines:
        names.add(line.name)
        names.update(contact.keyword for contact in line.how if contact.keyword)
    return names


def english_words(text: str, names: set[str]) -> set[str]:
    """The English words in `text`, once names, keywords, addresses, commands and flags are out."""
    import re

    flat = re.sub(r"\\(\W)", r"\1", " ".join(text.split()))  # Markdown's escapes: \& is &
    for name in sorted(names, key=len, reverse=True):
        flat = flat.replace(name, " ")
    flat = re.sub(r"https?://\S+|`[^`]*`|--[a-z-]+|\b[A-Z_]{3,}\b", " ", flat)
    return {word for word in re.findall(r"[A-Za-z']+", flat) if word.lower() in ENGLISH}


def test_the_english_word_check_finds_english():
    names = _proper_names("US")
    assert english_words("Numbers for the United States: call 988 now.", names) == \
        {"Numbers", "for", "the", "call", "now"}
    assert english_words("Llame al 988 y marque 2 (988 Suicide & Crisis Lifeline), envíe AYUDA "
                         "por SMS al 988 o use el chat de https://988lifeline.org. "
                         "`contactcheck policy init` --region", names) == set()


NO_REGION = {"CONTACTCHECK_REGION": None, "LC_ALL": None, "LC_MESSAGES": None,
             "LANG": "C.UTF-8"}
"""Nothing says where the person is: the fallback's numbers, said to be a guess."""


@pytest.mark.parametrize(("output", "region"), [("text", "US"), ("markdown", "US"),
                                                ("text", "fallback"), ("text", "GB")])
@pytest.mark.parametrize("tree_path", list(_paths()))
def test_a_spanish_result_has_no_english_left(invoke, tree_path, output, region):
    path, _, _ = _trees()
    where = ["--region", region] if region != "fallback" else []
    done = invoke("check", "--tree", str(path), *where, "--no-policy",
                  *flags(tree_path.answers), "--lang", "es", "--format", output, env=NO_REGION)
    assert done.exit_code == 0, done.output
    if region == "fallback":
        assert "por defecto, porque no hay ningún país indicado" in " ".join(done.stdout.split())
    assert english_words(done.stdout, _proper_names(region)) == set(), done.stdout


def test_json_keeps_machine_values_in_english_and_shows_the_same_spanish_text(invoke):
    path, _, _ = _trees()
    args = ["check", "--tree", str(path), "--region", "US", "--no-policy",
            "-a", "danger=about_to_act", "--lang", "es"]
    data = json.loads(invoke(*args, "--format", "json").stdout)
    text = " ".join(invoke(*args).stdout.split())
    assert (data["decision"], data["urgency"], data["lang"]) == ("contact_now", "emergency", "es")
    assert [line["kind"] for line in data["resources"]["lines"]][:2] == ["emergency", "crisis"]
    assert data["resources"]["chosen"] == "flag"
    for shown in (data["headline"], data["disclaimer"], data["resources"]["heading"],
                  *(line["text"] for line in data["resources"]["lines"])):
        assert " ".join(shown.split()) in text  # the same words as the text result
    assert english_words(json.dumps(data["headline"]) + data["disclaimer"],
                         _proper_names("US")) == set()


def test_the_988_lifeline_in_spanish_is_its_spanish_service():
    # 988lifeline.org: "Spanish-language (Press 2)", "Spanish-language (text AYUDA)".
    from contactcheck.check.resources import region_for

    us = region_for("US")
    assert us is not None
    lifeline = next(line for line in us.in_language("es").lines if line.kind == "crisis")
    from contactcheck.i18n import use_language

    use_language("es")
    words = lifeline.how_words()
    assert "988 y marque 2" in words and "envíe AYUDA por SMS al 988" in words
    assert lifeline.name == "988 Suicide & Crisis Lifeline"  # no official Spanish name found


def test_a_spanish_draft_without_a_profile_names_the_therapist_in_spanish(invoke):
    path, _, spanish = _trees()
    for tree_path in _paths():
        tree_path = tree_path.values[0]
        draft = spanish.outcomes[tree_path.outcome.id].draft or ""
        if "[therapist's name]" in draft:
            break
    else:
        pytest.fail("no Spanish draft names the therapist")
    done = invoke("check", "--tree", str(path), "--region", "US", "--no-policy",
                  *flags(tree_path.answers), "--lang", "es")
    assert "[nombre de su terapeuta]" in done.stdout
    assert "[therapist's name]" not in done.stdout


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_spanish_closing_lines_are_in_view_at_80x24(tmp_path):
    from contactcheck.check.answers import GivenAnswers
    from contactcheck.check.engine import walk
    from contactcheck.check.region_choice import choose_region
    from contactcheck.check.report import build_report
    from contactcheck.i18n import use_language
    from contactcheck.interactive.prompts import display_choices
    from tests.terminal import Terminal, squash

    _, _, spanish = _trees()
    answers = {"danger": "none", "urgent": "none", "topic": "share",
               "share_kind": "good_news", "msg_allowed": "no"}
    use_language("es")
    result = walk(spanish, GivenAnswers(answers))
    report = build_report(result, choose_region("GB"))
    term = Terminal("check", "--lang", "es", home=tmp_path, rows=24, cols=80)
    for question_id, value in answers.items():
        question = spanish.questions[question_id]
        term.wait_for(question.text)
        shown = [choice.value for choice in display_choices(spanish, question)]
        term.send(f"{shown.index(value) + 1}\r")
    term.wait_for("¿Quiere ver la sugerencia?")
    term.send("1\r")
    term.wait_for_any("[y/N]", "[s/N]", end=True)
    visible = squash(term.visible())
    assert squash("Esperar a la sesión: " + spanish.outcomes[result.outcome.id].title) in visible
    assert squash("Primero: " + report.do[0]) in visible
    assert squash("Si está en peligro ahora, llame al 999 (el Reino Unido") in visible
    assert squash("Samaritans: Llame al 116 123.") in visible
    term.child.close(force=True)


def test_a_spanish_result_shows_the_safety_plan_in_spanish(invoke):
    path, _, _ = _trees()
    invoke("safety-plan", "add", "warning_signs", "No duermo")
    args = ["check", "--tree", str(path), "--region", "US", "--no-policy", "--lang", "es"]
    emergency = invoke(*args, "-a", "danger=about_to_act").stdout
    assert "Su plan de seguridad, paso 1: Señales de alarma" in emergency
    assert "No duermo" in emergency  # the person's own words, as written
    routine = invoke(*args, "-a", "danger=none", "-a", "urgent=none", "-a", "topic=connection",
                     "-a", "connection_kind=more_contact").stdout
    assert "Su propio plan de seguridad también está ahí para usted" in " ".join(routine.split())
    assert english_words(emergency + routine, _proper_names("US") | {"No duermo"}) == set()


def _taken_into_account(text: str) -> str:
    """The "taken into account" part of a Spanish text result (up to the next heading)."""
    part = text.split("Se ha tenido en cuenta\n", 1)[1]
    return " ".join(part.split("\nPor qué\n", 1)[0].split())


def test_the_clock_and_the_calendar_speak_spanish(invoke, profile):
    path, _, _ = _trees()
    policy = profile('timezone: Europe/London\nresponse_time: "within 2 business days"\n'
                     'office:\n  hours: {mon-fri: "09:00-17:00"}\n')
    admin = invoke("check", "--tree", str(path), "--region", "US", "--policy", policy,
                   "--lang", "es", "-a", "danger=none", "-a", "urgent=none", "-a", "topic=admin",
                   "-a", "admin_kind=cancel", "--now", "2026-12-04T10:00").stdout  # a Friday
    said = _taken_into_account(admin)
    assert "Es viernes por la mañana; las respuestas suelen llegar en 2 días laborables" in said
    assert english_words(said, set()) == set(), said
    assert invoke("session", "next", "2026-12-24 15:00").exit_code == 0
    wait = invoke("check", "--tree", str(path), "--region", "US", "--no-policy", "--lang", "es",
                  *flags({"danger": "none", "urgent": "none", "topic": "share",
                          "share_kind": "good_news", "msg_allowed": "no"}),
                  "--now", "2026-12-04T10:00").stdout
    said = _taken_into_account(wait)
    assert "Su próxima sesión es el jueves 24 de diciembre a las 15:00, dentro de 20 días" in said
    assert "Es una espera larga" in said
    assert english_words(said, set()) == set(), said


def test_the_policy_profile_s_details_are_labelled_in_spanish(invoke, profile):
    path, _, _ = _trees()
    policy = profile('therapist: "Sam Rivera"\ntimezone: Europe/London\n'
                     'after_hours: {name: "On-call line", number: "0117 496 0999", hours: "24/7"}\n'
                     'response_time: "within 2 business days"\n')
    urgent = " ".join(invoke("check", "--tree", str(path), "--region", "US", "--policy", policy,
                             "--lang", "es", "-a", "danger=none", "-a", "urgent=suicidal_thoughts",
                             "-a", "thoughts_using=no", "--now", "2026-12-04T10:00"
                             ).stdout.split())
    assert ("Contacto fuera de horario — nombre: On-call line; número: 0117 496 0999; "
            "horario: las 24 horas del día (según las normas de su terapeuta)") in urgent
    assert "[nombre de su terapeuta]" not in urgent
    admin = " ".join(invoke("check", "--tree", str(path), "--region", "US", "--policy", policy,
                            "--lang", "es", "-a", "danger=none", "-a", "urgent=none",
                            "-a", "topic=admin", "-a", "admin_kind=cancel").stdout.split())
    assert "Tiempo de respuesta habitual: within 2 business days" in admin  # their own words
    assert "Sam Rivera" in admin  # the draft names the therapist from the profile


@settings(max_examples=300)
@given(count=st.integers(min_value=-10**12, max_value=10**12))
def test_a_quantity_is_written_as_each_language_writes_it(count):
    """10,000 in English; 10 000 in Spanish with a no-break space, and 2000 ungrouped (the RAE's
    Ortografía groups only numbers of more than four digits). The digits never change."""
    from contactcheck.i18n import quantity, use_language

    try:
        use_language("en")
        english = quantity(count)
        use_language("es")
        spanish = quantity(count)
    finally:
        use_language("en")
    assert english == f"{count:,}"
    assert spanish.replace("\u00a0", "") == str(count) == english.replace(",", "")
    digits = len(str(abs(count)))
    groups = spanish.lstrip("-").split("\u00a0")
    if digits <= 4:
        assert groups == [str(abs(count))]
    else:
        assert all(len(group) == 3 for group in groups[1:]) and 1 <= len(groups[0]) <= 3
