"""Translations of a tree: a sibling file per language, checked against its tree."""

from __future__ import annotations

import json
import textwrap

import pytest

from contactcheck.errors import InvalidFile
from contactcheck.tree.load import load_translation, load_tree, translations
from tests.helpers import MINIMAL_ES, MINIMAL_TREE


@pytest.fixture
def demo(tmp_path):
    """The minimal tree and its Spanish translation, side by side."""
    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE, encoding="utf-8")
    (tmp_path / "demo.es.yaml").write_text(MINIMAL_ES, encoding="utf-8")
    return tree


def test_a_translation_keeps_every_id_and_changes_only_the_texts(demo):
    tree = load_tree(demo)
    spanish = load_translation(demo.with_name("demo.es.yaml"))
    assert (tree.lang, spanish.lang, spanish.source_lang) == ("en", "es", "en")
    assert spanish.start == tree.start
    assert list(spanish.questions) == list(tree.questions)
    assert list(spanish.outcomes) == list(tree.outcomes)
    for question_id, question in tree.questions.items():
        translated = spanish.questions[question_id]
        assert [(c.value, c.next) for c in translated.choices] == \
            [(c.value, c.next) for c in question.choices]
        assert translated.policy == question.policy
    for outcome_id, outcome in tree.outcomes.items():
        result = spanish.outcomes[outcome_id]
        assert (result.decision, result.urgency) == (outcome.decision, outcome.urgency)
        assert [r.source for r in result.why] == [r.source for r in outcome.why]
    assert spanish.questions["danger"].text == "¿Hay alguien en peligro ahora mismo?"
    assert translations(demo) == {"es": demo.with_name("demo.es.yaml")}


BROKEN = [
    # (what changes in the Spanish file, line:col of the problem, a fragment of the message)
    ("an extra question", ("  topic:\n", "  extra:\n    text: \"x\"\n    choices: {a: b}\n"
                           "  topic:\n"), "10:3", "'extra' in 'questions' is not a question"),
    ("a missing outcome", ("  raise:\n    title: \"Háblelo en la sesión\"\n"
                           "    why: [\"Esto es para la sesión.\"]\n"
                           "    do: [\"Sáquelo en la sesión.\"]\n"
                           "    safety_net: \"Si empeora, llame a la línea de crisis.\"\n", ""),
     "15:1", "has no translation of the outcome 'raise'"),
    ("a missing choice", ("      none: \"No\"\n", ""), "7:5",
     "has no translation of the choice 'none'"),
    ("an extra choice", ("      none: \"No\"\n", "      none: \"No\"\n      maybe: \"Quizá\"\n"),
     "10:7", "'maybe' in the choices of question 'danger' is not a choice"),
    ("an empty text", ("\"Anótelo.\"", "\"\""), "24:10", "is empty"),
    ("a lost placeholder", ("Llame ahora al {emergency}.", "Llame ahora al 112."), "19:10",
     "it lacks {emergency}"),
    ("a translated placeholder", ("{emergency}", "{emergencia}"), "19:10",
     "it lacks {emergency}; it adds {emergencia}"),
    ("a placeholder in a question", ("¿Hay alguien", "{crisis} ¿Hay alguien"), "6:11",
     "it adds {crisis}"),
    ("a control character", ("Demostración", "Demo\\u202estración"), "3:8",
     "control character U+202E"),
    ("a list of another length", ("do: [\"Anótelo.\"]", "do: [\"Anótelo.\", \"Y más.\"]"),
     "24:9", "has 2 items; the tree has 1"),
    ("another tree", ("translation: demo", "translation: other"), "1:14",
     "translates the tree 'other'"),
    ("the wrong language", ("lang: es", "lang: fr"), "2:7", "the file's name says 'es'"),
    ("a translated therapist's name", ("do: [\"Anótelo.\"]\n    safety_net",
                                       "do: [\"Anótelo.\"]\n    draft: \"Hola, [nombre]\"\n"
                                       "    safety_net"),
     "25:12", "the draft of outcome 'wait' is translated, but the tree has none"),
    ("a help the tree lacks", ("    choices:\n      danger:",
                               "    help: \"Ayuda\"\n    choices:\n      danger:"),
     "7:11", "the help of question 'danger' is translated, but the tree has none"),
]


@pytest.mark.parametrize(("change", "location", "fragment"),
                         [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN])
def test_validate_refuses_a_broken_translation_with_its_location(tmp_path, invoke, change,
                                                                 location, fragment):
    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE, encoding="utf-8")
    old, new = change
    assert old in MINIMAL_ES
    spanish = tmp_path / "demo.es.yaml"
    spanish.write_text(MINIMAL_ES.replace(old, new, 1), encoding="utf-8")
    result = invoke("validate", str(spanish))
    assert result.exit_code == 3
    assert f"{spanish}:{location}:" in result.stderr
    assert fragment in result.stderr
    with pytest.raises(InvalidFile):
        load_translation(spanish)


def test_validate_of_a_good_translation_and_its_json(demo, invoke):
    spanish = str(demo.with_name("demo.es.yaml"))
    result = invoke("validate", spanish)
    assert result.exit_code == 0, result.stderr
    assert "valid translation of demo" in result.stdout
    data = json.loads(invoke("validate", "--format", "json", spanish).stdout)
    assert data["files"][0]["lang"] == "es"


def test_lint_lists_the_texts_left_untranslated(demo, invoke):
    spanish = demo.with_name("demo.es.yaml")
    text = MINIMAL_ES.replace("\"Si empeora, llame a la línea de crisis.\"",
                              "\"If it gets worse, call the crisis line.\"", 1)
    spanish.write_text(text, encoding="utf-8")
    result = invoke("lint", str(spanish))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "[untranslated]" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{spanish}:25:17: warning: the safety net of outcome 'wait'")
    # "No" is "No" in Spanish too: one word is never reported.
    spanish.write_text(MINIMAL_ES, encoding="utf-8")
    assert invoke("lint", str(spanish)).exit_code == 0


def test_a_translation_beside_no_tree_is_refused(tmp_path, invoke):
    lone = tmp_path / "demo.es.yaml"
    lone.write_text(MINIMAL_ES, encoding="utf-8")
    assert invoke("validate", str(lone)).exit_code == 3


def test_every_bundled_translation_is_valid(invoke):
    from contactcheck.tree.bundled import bundled_translations

    for path in bundled_translations():
        load_translation(path)
    assert invoke("validate").exit_code == 0


def test_a_tree_names_its_own_language(write_tree):
    path = write_tree(MINIMAL_TREE.replace("id: demo\n", "id: demo\nlang: es-mx\n"))
    with pytest.raises(InvalidFile) as error:
        load_tree(path)
    assert "write it 'es-MX'" in error.value.format()
    path = write_tree(textwrap.dedent(MINIMAL_TREE).replace("id: demo\n", "id: demo\nlang: es\n"))
    assert load_tree(path).lang == "es"


def test_a_kept_translation_is_rebuilt_when_its_file_changes(tmp_path, monkeypatch,
                                                             private_cache):
    """A translation of the package's own tree is kept like the tree, and a changed file
    (its bytes, so its size and time) is read again: the fingerprint covers it."""
    import os

    from contactcheck import prebuilt

    package = tmp_path / "package"
    package.mkdir()
    (package / "demo.yaml").write_text(MINIMAL_TREE, encoding="utf-8")
    spanish = package / "demo.es.yaml"
    spanish.write_text(MINIMAL_ES, encoding="utf-8")
    monkeypatch.setattr(prebuilt, "PACKAGE", package)
    monkeypatch.setattr(prebuilt, "trees_dir", lambda: package)
    prebuilt.package_fingerprint.cache_clear()
    try:
        assert load_translation(spanish).title == "Demostración"
        assert any(path.name == f"tree-demo.es.yaml{prebuilt.SUFFIX}"
                   for path in private_cache.iterdir())
        spanish.write_text(MINIMAL_ES.replace("Demostración", "Prueba"), encoding="utf-8")
        os.utime(spanish, ns=(1, 1))
        prebuilt.package_fingerprint.cache_clear()
        assert load_translation(spanish).title == "Prueba"
    finally:
        prebuilt.package_fingerprint.cache_clear()


# -- choosing the language ----------------------------------------------------------

CHOICES = [
    # (--lang, environment, translations the tree has, language used, a note is said)
    (None, {}, set(), "en", False),
    (None, {"LANG": "C.UTF-8"}, {"es"}, "en", False),
    (None, {"LANG": "es_ES.UTF-8"}, {"es"}, "es", False),
    (None, {"LANG": "es_MX.UTF-8"}, {"es"}, "es", False),
    (None, {"LANG": "es_MX.UTF-8"}, {"es", "es-MX"}, "es-MX", False),
    (None, {"LC_ALL": "C", "LANG": "es_ES.UTF-8"}, {"es"}, "en", False),
    (None, {"LANGUAGE": "es:en", "LANG": "en_GB.UTF-8"}, {"es"}, "es", False),
    (None, {"LANGUAGE": "fr:es", "LANG": "en_GB.UTF-8"}, {"es"}, "es", False),  # 2nd choice
    (None, {"LANGUAGE": "fr:en:es", "LANG": "de_DE.UTF-8"}, {"es"}, "en", False),  # en first
    (None, {"LANGUAGE": "fr:de", "LANG": "es_ES.UTF-8"}, {"es"}, "es", False),  # the locale's
    (None, {"LANGUAGE": "fr:es", "LANG": "C.UTF-8"}, {"es"}, "en", False),  # C: no language
    (None, {"LANGUAGE": "fr:de", "LANG": "it_IT.UTF-8"}, {"es"}, "en", True),
    (None, {"LANG": "en_GB.UTF-8"}, {"es"}, "en", False),
    (None, {"CONTACTCHECK_LANG": "es", "LANG": "en_US.UTF-8"}, {"es"}, "es", False),
    ("en", {"CONTACTCHECK_LANG": "es"}, {"es"}, "en", False),
    ("ES", {}, {"es"}, "es", False),
    ("fr", {}, {"es"}, "en", True),
    (None, {"LANG": "de_DE.UTF-8"}, {"es"}, "en", True),
    ("not a tag\x1b[2J", {}, {"es"}, "en", True),
]


@pytest.mark.parametrize(("flag", "environ", "has", "used", "noted"), CHOICES)
def test_the_language_is_the_flag_then_the_variable_then_the_locale(flag, environ, has, used,
                                                                    noted):
    from contactcheck.language import choose_language

    choice = choose_language(flag, "en", has.__contains__, environ)
    assert choice.lang == used
    assert (choice.note is not None) == noted
    if choice.note is not None:
        assert "\x1b" not in choice.note
        assert ("not a language tag" in choice.note) is (flag == "not a tag\x1b[2J")


def test_check_speaks_the_chosen_language_and_json_keeps_english_ids(demo, invoke):
    args = ["check", "--tree", str(demo), "--region", "US", "--no-policy",
            "-a", "danger=none", "-a", "topic=no"]
    spanish = invoke(*args, "--lang", "es")
    assert spanish.exit_code == 0, spanish.stderr
    assert "Háblelo en la sesión" in spanish.stdout
    assert "988" in spanish.stdout  # the crisis line, in every language
    data = json.loads(invoke(*args, "--lang", "es", "--format", "json").stdout)
    assert data["lang"] == "es"
    assert (data["decision"], data["outcome"]["id"]) == ("raise_in_session", "raise")
    assert data["outcome"]["title"] == "Háblelo en la sesión"
    english = json.loads(invoke(*args, "--format", "json").stdout)
    assert english["lang"] == "en"
    assert (english["decision"], english["outcome"]["id"]) == (data["decision"],
                                                               data["outcome"]["id"])
    markdown = invoke(*args, "--lang", "es", "--format", "markdown").stdout
    assert "Háblelo en la sesión" in markdown


def test_the_variable_and_the_locale_choose_too(demo, invoke):
    args = ["check", "--tree", str(demo), "--region", "US", "-a", "danger=danger"]
    assert "Busque ayuda ahora" in invoke(*args, env={"CONTACTCHECK_LANG": "es"}).stdout
    assert "Busque ayuda ahora" in invoke(*args, env={"LANG": "es_ES.UTF-8"}).stdout
    assert "Get help now" in invoke(*args, "--lang", "en",
                                    env={"CONTACTCHECK_LANG": "es"}).stdout


def test_a_language_the_tree_lacks_falls_back_and_says_so_once(demo, invoke):
    result = invoke("check", "--tree", str(demo), "--region", "US", "-a", "danger=danger",
                    "--lang", "fr")
    assert result.exit_code == 0
    assert "Get help now" in result.stdout  # the emergency result, in the tree's language
    assert "911" in result.stdout
    assert result.stderr.count("no translation into 'fr'") == 1


def test_a_broken_translation_never_stops_a_check(demo, invoke):
    demo.with_name("demo.es.yaml").write_text(MINIMAL_ES.replace("    choices:\n", "", 1),
                                              encoding="utf-8")
    result = invoke("check", "--tree", str(demo), "--region", "US", "-a", "danger=danger",
                    "--lang", "es")
    assert result.exit_code == 0
    assert "911" in result.stdout
    # Said once, in the language asked for (the interface has it); then the tree's own is used.
    assert result.stderr.count("no se pudo usar la traducción a «es»") == 1
    assert "Get help now" in result.stdout


@pytest.mark.parametrize("lang", ["es-MX", "es"])
def test_a_tree_written_in_the_language_asked_for_is_shown_as_written(tmp_path, invoke, lang):
    # A tree in Mexican Spanish, with a translation into Spanish beside it: the tree's own
    # texts are the match for both, and the translation is for no one here.
    tree = tmp_path / "demo.yaml"
    tree.write_text("lang: es-MX\n" + MINIMAL_TREE, encoding="utf-8")
    (tmp_path / "demo.es.yaml").write_text(MINIMAL_ES, encoding="utf-8")
    result = invoke("check", "--tree", str(tree), "--region", "US", "-a", "danger=danger",
                    "--lang", lang, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["lang"], data["outcome"]["title"]) == ("es-MX", "Get help now")


def test_a_translation_keeps_the_therapists_name_marker(tmp_path):
    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE.replace('    do: ["Write it down."]\n',
                                         '    do: ["Write it down."]\n'
                                         '    draft: "Hi [therapist\'s name], a note."\n'),
                    encoding="utf-8")
    spanish = tmp_path / "demo.es.yaml"
    draft = '    do: ["Anótelo."]\n    draft: "{}"\n'
    spanish.write_text(MINIMAL_ES.replace('    do: ["Anótelo."]\n',
                                          draft.format("Hola, [nombre del terapeuta].")),
                       encoding="utf-8")
    with pytest.raises(InvalidFile) as error:
        load_translation(spanish)
    assert "demo.es.yaml:25:12: the draft of outcome 'wait' must keep [therapist's name]" \
        in error.value.format()
    spanish.write_text(MINIMAL_ES.replace('    do: ["Anótelo."]\n',
                                          draft.format("Hola, [therapist's name].")),
                       encoding="utf-8")
    assert load_translation(spanish).outcomes["wait"].draft == "Hola, [therapist's name]."
