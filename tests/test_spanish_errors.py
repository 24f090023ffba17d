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
    ("a --now that is not a moment", ["--now", "mañana", "-a", "danger=none"], None,
     ["«mañana» no es una fecha con hora", "AAAA-MM-DDTHH:MM"], None, "is not a date and time"),
    ("a --tree that is not a tree", ["--tree", "FILE", "-a", "danger=none"], "- one\n- two\n",
     ["el nivel superior debe ser un mapa", "árbol no válido (1 problema)"], None,
     "the top level must be a mapping"),
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


# -- the other commands: CONTACTCHECK_LANG or the locale (they have no --lang) ---------------

SPANISH = [{"CONTACTCHECK_LANG": "es"}, {"LANG": "es_ES.UTF-8"}, {"LC_ALL": "es_MX.UTF-8"}]


@pytest.mark.parametrize("env", SPANISH, ids=["CONTACTCHECK_LANG", "LANG", "LC_ALL es-MX"])
def test_the_agenda_speaks_the_person_s_language(run_cli, env):
    added = run_cli("agenda", "add", "Hablar del horario", env=env)
    assert added.exit_code == 0
    assert "Añadido a su agenda con el número 1: Hablar del horario" in added.stdout
    assert "Se guarda solo en este equipo" in added.stdout
    listed = run_cli("agenda", "list", env=env).stdout
    assert "Para plantear en su próxima sesión (1):" in listed
    assert "(añadido el " in listed and " de 20" in listed  # the date, in Spanish
    unknown = run_cli("agenda", "done", "7", env=env)
    english = run_cli("agenda", "done", "7")
    assert unknown.exit_code == english.exit_code == 2
    assert "no hay ningún tema de la agenda con el número 7 (los números son: 1)" \
        in unknown.stderr
    asked = run_cli("agenda", "clear", input="s\n", env=env)
    assert "¿Borrar todo lo que hay en su agenda (1 tema)? [s/N]" in asked.stderr
    assert "Se ha borrado su agenda (1 tema)." in asked.stdout


@pytest.mark.parametrize(("env", "said"), [
    ({"CONTACTCHECK_LANG": "es"}, "Añadido al paso 1, Señales de alarma: No duermo"),
    ({"LANG": "C.UTF-8"}, "Added to step 1, Warning signs: No duermo"),
    ({"CONTACTCHECK_LANG": "fr"}, "Added to step 1, Warning signs: No duermo"),  # no catalog
    ({"CONTACTCHECK_LANG": "es", "LANG": "es_ES.UTF-8"}, "Señales de alarma"),
])
def test_the_safety_plan_speaks_the_language_it_has_and_english_otherwise(run_cli, env, said):
    added = run_cli("safety-plan", "add", "warning_signs", "No duermo", env=env)
    assert added.exit_code == 0
    assert said in added.stdout
    shown = run_cli("safety-plan", "show", env=env).stdout
    assert ("1. Señales de alarma" in shown) == ("Señales" in said)
    data = run_cli("safety-plan", "show", "--format", "json", env=env).stdout
    assert '"title": "Warning signs"' in data  # JSON keeps its words


def test_an_unusable_note_says_why_in_spanish_with_the_same_exit_code(run_cli):
    spanish = run_cli("agenda", "add", "", env={"CONTACTCHECK_LANG": "es"})
    english = run_cli("agenda", "add", "")
    assert spanish.exit_code == english.exit_code != 0
    assert "no se ha añadido a su agenda: la nota está vacía" in spanish.stderr


def test_region_and_policy_say_what_they_did_in_spanish(run_cli):
    spanish = {"CONTACTCHECK_LANG": "es"}
    saved = run_cli("region", "set", "IE", env=spanish)
    assert saved.exit_code == 0
    assert "Guardado: a partir de ahora, números de " in saved.stdout  # the name: regions data
    assert "Región guardada: IE" in run_cli("region", "show", env=spanish).stdout
    policy = run_cli("policy", "show", env=spanish).stdout
    assert "No hay ningún perfil de normas guardado" in policy
    assert "No policy profile saved" in run_cli("policy", "show").stdout


def test_resources_list_in_spanish_keeps_every_number_and_its_source(run_cli):
    english = run_cli("resources", "--region", "US")
    spanish = run_cli("resources", "--region", "US", env={"CONTACTCHECK_LANG": "es"})
    assert spanish.exit_code == english.exit_code == 0
    assert "fuente: https://988lifeline.org" in spanish.stdout
    assert "verificado el 20" in spanish.stdout
    for number in ("911", "988"):
        assert number in spanish.stdout
    assert "source:" in english.stdout  # English runs keep their words
    # Each line as a Spanish result shows it: 988's Spanish service, hours and cost in Spanish.
    assert "Llame al 988 y marque 2, envíe AYUDA por SMS al 988" in spanish.stdout
    assert "24 horas, todos los días; gratis" in spanish.stdout
    assert "(24/7; free)" not in spanish.stdout and "Estados Unidos [US]" in spanish.stdout
    as_json = run_cli("resources", "--region", "US", "--format", "json",
                      env={"CONTACTCHECK_LANG": "es"}).stdout
    assert as_json.count('"code": "US"') == 1


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_the_offers_after_a_spanish_result_take_spanish_keys(tmp_path):
    from contactcheck.i18n import _, use_language
    from tests.terminal import Terminal

    use_language("es")
    term = Terminal("check", "--lang", "es", "-a", "danger=none", "-a", "urgent=none",
                    "-a", "topic=connection", home=tmp_path,
                    env={"CONTACTCHECK_HOME": str(tmp_path / "data")})
    spanish = _bundled()[1]
    term.wait_for(spanish.questions["connection_kind"].text)
    term.send("1\r")  # more_contact: a result to raise in session
    term.wait_for(_("Ready for the suggestion?"))
    term.send("1\r")  # show it
    term.wait_for_output(_("Add this to your agenda for the next session?") + " [s/N]")
    term.send("s\r")
    term.wait_for_output(_("A short note in your own words (Enter to use the result's title)"))
    term.send("Pedir más contacto\r")
    term.wait_for_output("Añadido a su agenda con el número 1: Pedir más contacto")
    term.wait_for_output(_("Save this as a note to bring?") + " [s/N]")
    term.send("\r")  # Enter is no
    assert term.finish() == 0
    assert (tmp_path / "data" / "agenda.json").is_file()
    assert "Traceback" not in term.shown()


def test_forget_asks_in_spanish_and_deletes_nothing_on_enter(run_cli, private_dirs):
    spanish = {"CONTACTCHECK_LANG": "es"}
    nothing = run_cli("forget", env=spanish)
    assert "contactcheck no tiene nada guardado sobre usted" in nothing.stdout
    run_cli("agenda", "add", "Hablar del horario", env=spanish)
    kept = run_cli("forget", input="\n", env=spanish)
    assert kept.exit_code == 0
    assert "¿Borrar todo esto? [s/N]" in kept.stderr
    assert "No se ha borrado nada." in kept.stdout
    assert (private_dirs["data"] / "agenda.json").is_file()
    gone = run_cli("forget", input="sí\n", env=spanish)
    assert "contactcheck ya no tiene guardado nada más sobre usted." in gone.stdout
    assert not (private_dirs["data"] / "agenda.json").exists()


def test_where_names_every_path_in_spanish_and_json_keeps_english(run_cli):
    spanish = run_cli("where", env={"CONTACTCHECK_LANG": "es"})
    english = run_cli("where")
    assert spanish.exit_code == english.exit_code == 0
    assert "su agenda para la sesión" in spanish.stdout
    assert "No se usa la red." in spanish.stdout
    paths = [line.split()[0] for line in english.stdout.splitlines() if line.startswith("  /")]
    assert paths and all(path in spanish.stdout for path in paths)  # the same paths, all of them
    data = run_cli("where", "--format", "json", env={"CONTACTCHECK_LANG": "es"}).stdout
    assert "your session agenda" in data


@pytest.mark.parametrize(("lang", "typed", "answer", "keys"), [
    ("es", "\n", True, "[S/n]"), ("es", "n\n", False, "[S/n]"), ("en", "\n", True, "[Y/n]"),
    ("en", "no\n", False, "[Y/n]"),
])
def test_going_on_editing_is_the_only_question_where_enter_means_yes(runner, lang, typed,
                                                                     answer, keys):
    from contactcheck.i18n import use_language
    from contactcheck.interactive.yesno import ask_yes_no

    use_language(lang)
    with runner.isolation(input=typed) as (out, _err, _):
        assert ask_yes_no("?", default=True) is answer
    assert keys in out.getvalue().decode()
