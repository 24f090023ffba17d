"""What a person meets around the result in Spanish: errors, stops and offers of `check`.

Each situation is run twice, in English and with `--lang es`: the exit code is the same,
the Spanish message names the question and its values as they are typed (ids and values
are never translated), and the crisis line is still there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_translation, load_tree, translation_path
from tests.helpers import MINIMAL_TREE

BASE = ("check", "--region", "US", "--no-policy")


def _bundled():
    path = find_tree("default")
    assert path is not None
    spanish = translation_path(path, "es")
    assert spanish is not None
    return load_tree(path), load_translation(spanish)


def _answers_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# (name, arguments (`FILE` is the answers file), answers file text, Spanish words, the question
# whose id and values the message must name, English words that must not be left)
SITUATIONS = [
    ("missing answer", ["-a", "danger=none"], None,
     ["falta la respuesta a la pregunta", "valores válidos", "--answer urgent=VALOR"], "urgent",
     "no answer for question"),
    ("value not among the choices", ["-a", "danger=maybe"], None,
     ["«maybe» no es una respuesta válida a la pregunta «danger»", "valores válidos"], "danger",
     "is not a valid answer"),
    ("mistyped question id", ["-a", "dangr=none"], None,
     ["no tiene ninguna pregunta «dangr»", "¿quería decir «danger»?"], None, "did you mean"),
    ("answered twice", ["-a", "danger=none", "--answers-file", "FILE"], "danger: attempt\n",
     ["la pregunta «danger» tiene dos respuestas: «none» y «attempt»"], None, "answered twice"),
    ("answers file that is not YAML", ["--answers-file", "FILE"], "danger: [none\n",
     ["error de sintaxis YAML", "archivo de respuestas no válido (1 problema)"], None,
     "invalid answers file"),
    ("answers file with a bad id", ["--answers-file", "FILE"], "Danger Now: none\n",
     ["«Danger Now» no es el identificador de una pregunta"], None, "is not a question id"),
    ("empty answers file", ["--answers-file", "FILE"], "",
     ["el archivo está vacío", "archivo de respuestas no válido"], None, "the file is empty"),
    ("answers file that does not exist", ["--answers-file", "MISSING"], None,
     ["no se puede leer el archivo"], None, "cannot read the file"),
    ("no answers and no terminal", [], None,
     ["no hay un terminal donde preguntar", "--answer ID=VALOR", "contactcheck questions"],
     None, "no terminal to ask on"),
]


@pytest.mark.parametrize(("name", "args", "file_text", "spanish", "question", "english"),
                         SITUATIONS, ids=[situation[0] for situation in SITUATIONS])
def test_check_s_errors_in_spanish_name_the_question_and_keep_the_exit_code(
        run_cli, tmp_path, name, args, file_text, spanish, question, english):
    if file_text is not None:
        args = [_answers_file(tmp_path, file_text) if arg == "FILE" else arg for arg in args]
    args = [str(tmp_path / "nowhere.yaml") if arg == "MISSING" else arg for arg in args]
    in_english = run_cli(*BASE, *args)
    in_spanish = run_cli(*BASE, *args, "--lang", "es")
    assert in_spanish.exit_code == in_english.exit_code != 0, in_spanish.stderr
    assert english in in_english.stderr  # English runs keep their words
    said = " ".join(in_spanish.stderr.split())
    for words in spanish:
        assert words in said, in_spanish.stderr
    assert english not in said
    if question is not None:  # the id and every value, exactly as they are typed
        english_tree, spanish_tree = _bundled()
        assert f"«{question}»" in said
        assert spanish_tree.questions[question].text in said  # the question, in Spanish
        for value in english_tree.questions[question].values:
            assert value in said
    assert "988" in in_spanish.stderr  # the crisis line, after every error
    assert "Traceback" not in in_spanish.stderr + in_spanish.stdout


def test_a_tree_without_spanish_says_so_in_spanish_and_still_gives_its_result(
        run_cli, write_tree):
    tree = write_tree(MINIMAL_TREE)
    done = run_cli("check", "--tree", str(tree), "--region", "US", "--lang", "es",
                   "-a", "danger=danger")
    assert done.exit_code == 0
    assert done.stderr.count("este árbol no tiene traducción a «es»") == 1
    assert "Get help now" in done.stdout  # the tree's own language, the emergency result
    assert "911" in done.stdout


def test_an_unneeded_answer_is_a_spanish_warning(run_cli):
    done = run_cli(*BASE, "--lang", "es", "-a", "danger=about_to_act", "-a", "urgent=none")
    assert done.exit_code == 0
    assert "aviso: la respuesta a «urgent» no hacía falta en este recorrido" in done.stderr


@pytest.mark.parametrize(("typed", "answer", "asked"), [
    ("s\n", True, 1), ("sí\n", True, 1), ("y\n", True, 1), ("\n", False, 1), ("n\n", False, 1),
    ("quizá\nno\n", False, 2),
])
def test_yes_or_no_in_spanish_takes_spanish_keys_and_never_guesses(runner, typed, answer,
                                                                      asked):
    from contactcheck.i18n import use_language
    from contactcheck.personal.in_check import confirm_in_terminal

    use_language("es")
    with runner.isolation(input=typed) as (out, _err, _):
        assert confirm_in_terminal("¿Guardar esto como una nota para llevar a la sesión?") \
            is answer
    shown = out.getvalue().decode()
    assert shown.count("[s/N]") == asked
    assert ("Responda s o n" in shown) == (asked > 1)


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
@pytest.mark.parametrize("plain", [False, True], ids=["arrow keys", "plain"])
def test_ctrl_c_in_spanish_stops_with_130_and_the_crisis_line(tmp_path, plain):
    from tests.terminal import Terminal

    _, spanish = _bundled()
    term = Terminal("check", "--lang", "es", *(["--plain"] if plain else []), home=tmp_path)
    term.wait_for(spanish.start_question.text)
    if plain:
        term.wait_for("Escriba un número del 1 al")
        term.wait_for("q: parar")
        term.send("x\r")
        term.wait_for("«x» no es una de las opciones")
    else:
        term.wait_for("(↑↓ o número, Intro; ? ayuda)")
    term.send("\x03")
    assert term.finish() == 130
    shown = " ".join(term.shown().split())
    assert "Se ha detenido — no se ha guardado nada." in shown
    stop = shown.index("Se ha detenido")
    assert "999" in shown[stop:]  # the crisis line after the stop (CONTACTCHECK_REGION=GB)
    assert "Traceback" not in shown
