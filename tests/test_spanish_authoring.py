"""A tree's problems and the commands for people who write trees, said in Spanish.

Clinics in Spanish-speaking places adapt and translate the tree, and read what `validate`,
`lint`, `test`, `paths` and `graph` say about it. Each broken tree and each broken translation
is read twice, in English and with CONTACTCHECK_LANG=es: the exit code is the same, every
problem is at the same line and column, the Spanish words are there with the ids and keys
quoted as typed, and the English words are gone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from contactcheck.tree.yamlread import MAX_ITEMS
from tests.helpers import MINIMAL_ES, MINIMAL_TREE

SPANISH = {"CONTACTCHECK_LANG": "es"}
LOCATION = re.compile(r"^\S*\.yaml:(\d+:\d+): ", re.MULTILINE)


def _locations(output: str) -> list[str]:
    return LOCATION.findall(output)


def _said(output: str) -> str:
    """The output's words with its line breaks and indentation folded, to look for phrases."""
    return " ".join(output.split())


def _both(run_cli, *args: str):
    """The same command in English and in Spanish."""
    return run_cli(*args), run_cli(*args, env=SPANISH)


def _same_and_spanish(english, spanish, words: list[str], gone: str, code: int,
                      stream: str = "stderr") -> None:
    """Same exit code and located lines; the Spanish words there; the English words gone."""
    in_english, in_spanish = getattr(english, stream), getattr(spanish, stream)
    assert spanish.exit_code == english.exit_code == code, in_spanish
    assert _locations(in_spanish) == _locations(in_english) != []
    assert gone in _said(in_english)  # English runs keep their words
    said = _said(in_spanish)
    for phrase in words:
        assert phrase in said, in_spanish
    assert gone not in said
    assert "Traceback" not in in_spanish + english.stderr + spanish.stderr


def _flow_list(count: int) -> str:
    return "id: x\nquestions: [" + ",".join(["a"] * count) + "]\n"


# (name, change to MINIMAL_TREE or a whole file, Spanish words, English words that must go)
BROKEN_TREES = [
    ("a misspelt next", ("next: topic", "next: topci"),
     ["«next» apunta a «topci», que no existe", "sugerencia: ¿quería decir «topic»?",
      "no se puede llegar a «wait» desde el inicio «danger»",
      "¿era este el nodo al que debía apuntar?", "1 de 1 archivos no válidos"],
     "which does not exist"),
    ("an unknown key", ("title: Demo", "titel: Demo"),
     ["clave desconocida «titel» en el árbol", "¿quería decir «title»?"], "unknown key"),
    ("a duplicate key", ("title: Demo\n", "title: Demo\ntitle: Other\n"),
     ["clave repetida «title» (aparece antes en la línea 2)"], "duplicate key"),
    ("an emergency choice listed second",
     ('      - {value: danger, label: "Yes, someone is in danger", next: emergency}\n'
      '      - {value: none, label: "No", next: topic}\n',
      '      - {value: none, label: "No", next: topic}\n'
      '      - {value: danger, label: "Yes, someone is in danger", next: emergency}\n'),
     ["una opción de emergencia de la pregunta inicial aparece después de una que no lo es",
      "ponga primero las respuestas de peligro"], "is listed after"),
    ("no emergency outcome", ("emergency: true", "emergency: false"),
     ["la pregunta inicial «danger» no tiene ninguna opción que lleve directamente a un "
      "resultado de emergencia", "la seguridad es lo primero"], "leads straight"),
    ("an urgent outcome that waits", ("    decision: wait_for_session\n",
                                      "    decision: wait_for_session\n    urgency: urgent\n"),
     ["el resultado «wait» es urgente, así que su decisión debe ser contact_now"],
     "so its decision must be"),
    ("an empty safety net", ('safety_net: "Call the emergency number."', 'safety_net: ""'),
     ["la red de seguridad («safety_net») del resultado «emergency» está en blanco"],
     "is empty"),
    ("a placeholder in a question", ("Is anyone in danger right now?", "Call {crisis}?"),
     ["el texto de la pregunta «danger» tiene el marcador «{crisis}»",
      "escriba con palabras «el número de emergencias»"], "has the placeholder"),
    ("an unknown line", ("Call {emergency} now.", "Call {emergncy} now."),
     ["elemento 1 de «do» del resultado «emergency» nombra una línea desconocida «{emergncy}»",
      "¿quería decir «emergency»?"], "names an unknown line"),
    ("a loop", ('{value: "no", label: "No", next: raise}', '{value: "no", label: "No", '
                'next: danger}'),
     ["esta opción forma un bucle: danger -> topic -> danger",
      "un árbol siempre debe avanzar hasta un resultado"], "makes a loop"),
    ("a newer format", ("id: demo\n", "format: 2\nid: demo\n"),
     ["este árbol está escrito en el formato 2", "actualice contactcheck"],
     "is written in format"),
    ("a value used twice", ('{value: none, label: "No", next: topic}',
                            '{value: danger, label: "No", next: topic}'),
     ["la pregunta «danger» tiene dos veces el valor «danger»", "lo usa antes la opción 1"],
     "twice"),
    ("a reserved value", ('{value: none, label: "No", next: topic}',
                          '{value: q, label: "No", next: topic}'),
     ["la opción 2 de la pregunta «danger» tiene el valor «q»", "están reservados"],
     "plain prompts read"),
    ("a look-alike id", ("start: danger", "start: d\u0430nger"),
     ["«start» no es un identificador válido", "CYRILLIC SMALL LETTER A"],
     "is not a valid id"),
    ("an id that is a question and an outcome", ("  raise:\n", "  topic:\n"),
     ["«topic» es a la vez una pregunta y un resultado",
      "la pregunta está en la línea 11; cambie el nombre de una de las dos"],
     "is both a question and an outcome"),
    ("an outcome to start with", ("start: danger", "start: wait"),
     ["«start» debe ser una pregunta (las preguntas sobre el peligro), pero «wait» es un "
      "resultado"], "must be a question"),
    ("a policy fact on the danger screen", ("    choices:\n", "    policy: dbt_coaching\n"
                                                              "    choices:\n"),
     ["la pregunta inicial «danger» no puede tener «policy:»",
      "ponga la pregunta de las normas más abajo en el árbol"], "cannot have 'policy:'"),
    ("a language tag in the wrong case", ("id: demo\n", "id: demo\nlang: ES-mx\n"),
     ["«lang» es «ES-mx»; escríbalo «es-MX»", "el idioma en minúsculas"],
     "write it 'es-MX'"),
    ("a list over the item cap", _flow_list(MAX_ITEMS + 1),
     ["la lista que empieza en la línea 2 tiene más de", "¿es el archivo correcto?"],
     "has more than"),
]


@pytest.mark.parametrize(("change", "spanish", "english"),
                         [case[1:] for case in BROKEN_TREES],
                         ids=[case[0] for case in BROKEN_TREES])
def test_a_broken_tree_is_said_in_spanish_at_the_same_place(run_cli, tmp_path, change,
                                                            spanish, english):
    if isinstance(change, tuple):
        old, new = change
        assert old in MINIMAL_TREE
        text = MINIMAL_TREE.replace(old, new, 1)
    else:
        text = change
    path = tmp_path / "tree.yaml"
    path.write_text(text, encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "validate", str(path))
    _same_and_spanish(in_english, in_spanish, spanish, english, 3)
    # `check --tree` says the same problems in the language asked for.
    in_english, in_spanish = (run_cli("check", "--tree", str(path), "--region", "US",
                                      *lang) for lang in ((), ("--lang", "es")))
    _same_and_spanish(in_english, in_spanish, spanish[:1], english, 3)
    assert "árbol no válido" in in_spanish.stderr


# (name, change to MINIMAL_ES, Spanish words, English words that must go)
BROKEN_TRANSLATIONS = [
    ("an extra question", ("  topic:\n", "  extra:\n    text: \"x\"\n    choices: {a: b}\n"
                           "  topic:\n"),
     ["«extra» en «questions» no es una pregunta del árbol «demo»",
      "una traducción tiene exactamente los identificadores del árbol"], "is not a question"),
    ("a missing outcome", ("  raise:\n    title: \"Háblelo en la sesión\"\n"
                           "    why: [\"Esto es para la sesión.\"]\n"
                           "    do: [\"Sáquelo en la sesión.\"]\n"
                           "    safety_net: \"Si empeora, llame a la línea de crisis.\"\n", ""),
     ["a «outcomes» le falta la traducción del resultado «raise»",
      "añada `raise:` con su texto en este idioma"], "has no translation"),
    ("a missing choice", ("      none: \"No\"\n", ""),
     ["a las opciones de la pregunta «danger» le falta la traducción de la opción «none»"],
     "has no translation"),
    ("an empty text", ("\"Anótelo.\"", "\"\""),
     ["elemento 1 de «do» del resultado «wait» está en blanco"], "is empty"),
    ("a lost placeholder", ("Llame ahora al {emergency}.", "Llame ahora al 112."),
     ["debe nombrar las mismas líneas que el texto del árbol: le falta: {emergency}",
      "sin traducir"], "must name the same lines"),
    ("a list of another length", ("do: [\"Anótelo.\"]", "do: [\"Anótelo.\", \"Y más.\"]"),
     ["«do» del resultado «wait» tiene 2 elementos; en el árbol tiene 1",
      "traduzca cada elemento del árbol, en orden"], "items; the tree has"),
    ("another tree", ("translation: demo", "translation: other"),
     ["esto traduce el árbol «other», pero el árbol que tiene al lado es «demo»",
      "escriba `translation: demo`"], "translates the tree"),
    ("the wrong language", ("lang: es", "lang: fr"),
     ["«lang» es «fr», pero el nombre del archivo dice «es»"], "the file's name says"),
    ("a draft the tree lacks", ("do: [\"Anótelo.\"]\n    safety_net",
                                "do: [\"Anótelo.\"]\n    draft: \"Hola\"\n    safety_net"),
     ["hay una traducción del borrador del resultado «wait», pero ese texto no está en el "
      "árbol", "borre `draft:`"], "is translated, but the tree has none"),
]


@pytest.mark.parametrize(("change", "spanish", "english"),
                         [case[1:] for case in BROKEN_TRANSLATIONS],
                         ids=[case[0] for case in BROKEN_TRANSLATIONS])
def test_a_broken_translation_is_said_in_spanish_at_the_same_place(run_cli, tmp_path, change,
                                                                   spanish, english):
    (tmp_path / "demo.yaml").write_text(MINIMAL_TREE, encoding="utf-8")
    old, new = change
    assert old in MINIMAL_ES
    path = tmp_path / "demo.es.yaml"
    path.write_text(MINIMAL_ES.replace(old, new, 1), encoding="utf-8")
    for command in ("validate", "lint"):
        in_english, in_spanish = _both(run_cli, command, str(path))
        _same_and_spanish(in_english, in_spanish, spanish, english, 3)


def test_validate_says_what_is_valid_in_spanish(run_cli, tmp_path):
    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE, encoding="utf-8")
    (tmp_path / "demo.es.yaml").write_text(MINIMAL_ES, encoding="utf-8")
    done = run_cli("validate", str(tree), str(tmp_path / "demo.es.yaml"), env=SPANISH)
    assert done.exit_code == 0, done.stderr
    assert f"{tree}: válido (demo 1.0, 2 preguntas, 3 resultados, 5 nodos)" in done.stdout
    assert "traducción válida de demo 1.0 a es" in done.stdout
    assert "valid (" not in done.stdout and "questions" not in done.stdout
    # JSON keeps its keys and the machine values; the messages are in the language.
    data = json.loads(run_cli("validate", "--format", "json", str(tree), env=SPANISH).stdout)
    assert data["valid"] is True and data["files"][0]["problems"] == []


LINTED = """\
id: demo
title: Demo
version: "1.0"
start: danger
questions:
  danger:
    text: "Is anyone in danger right now?"
    choices:
      - {value: danger, label: "Yes, someone is in danger", next: emergency}
      - {value: none, label: "No", next: topic}
  topic:
    text: Call #112 now
    help: "The line is shown below."
    choices:
      - {value: one, label: "Same", next: wait}
      - {value: two, label: "same", next: now}
outcomes:
  emergency:
    decision: contact_now
    emergency: true
    title: "Get help now"
    why: ["Emergencies go to emergency services."]
    do: ["Call {emergency} now."]
    safety_net: "Call the emergency number."
  wait:
    decision: wait_for_session
    title: "Wait for the session"
    why: [{text: "Routine things wait.", source: "not_a_known_source"}]
    do: ["Write it down."]
    safety_net: "TODO"
  now:
    decision: contact_now
    title: "Message now"
    why: [{text: "It cannot wait.", source: "the practice's policy"}]
    do: ["Send a message."]
    safety_net: "If it gets worse, call {crisis}."
"""

# (check, Spanish words, English words that must go)
WARNINGS = [
    ("comment-truncation", "aviso: el texto de «topic» no está entre comillas y le sigue ' #': "
     "YAML solo ha leído «Call»", "is unquoted"),
    ("positional-words", "aviso: la ayuda de «topic» dice «below»", "says 'below'"),
    ("similar-labels", "los textos de las opciones «one» y «two» de la pregunta «topic» solo se "
     "distinguen en mayúsculas o espacios", "differ only in case"),
    ("reason-without-source", "una razón del resultado «emergency» no tiene fuente",
     "has no source"),
    ("unknown-source", "la fuente «not_a_known_source» del resultado «wait» no está en la "
     "lista de fuentes", "is not in the sources list"),
    ("placeholder-safety-net", "la red de seguridad («safety_net») del resultado «wait» es un "
     "texto de relleno («TODO»)", "is placeholder text"),
    ("missing-draft", "el resultado «now» sugiere contactar ahora con alguien, pero no tiene "
     "borrador", "but has no draft"),
]


def test_lint_warns_in_spanish_at_the_same_places(run_cli, tmp_path):
    path = tmp_path / "tree.yaml"
    path.write_text(LINTED, encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "lint", str(path))
    for check, spanish, english in WARNINGS:
        _same_and_spanish(in_english, in_spanish, [spanish, f"[{check}]"], english, 1,
                          stream="stdout")
    assert f"{path}: 7 avisos" in in_spanish.stdout
    assert "warning" not in in_spanish.stdout and "hint:" not in in_spanish.stdout
    # `validate --strict` is lint with validate's summary.
    strict = run_cli("validate", "--strict", str(path), env=SPANISH)
    assert strict.exit_code == 1
    assert f"{path}: válido, 7 avisos (demo 1.0)" in strict.stdout


def test_lint_lists_the_untranslated_texts_in_spanish(run_cli, tmp_path):
    (tmp_path / "demo.yaml").write_text(MINIMAL_TREE, encoding="utf-8")
    path = tmp_path / "demo.es.yaml"
    path.write_text(MINIMAL_ES.replace("\"Si empeora, llame a la línea de crisis.\"",
                                       "\"If it gets worse, call the crisis line.\"", 1),
                    encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "lint", str(path))
    _same_and_spanish(in_english, in_spanish, [
        "aviso: falta traducir la red de seguridad («safety_net») del resultado «wait»: es el "
        "mismo texto del árbol («If it gets worse, call the crisis line.») [untranslated]",
        "sugerencia: escríbalo en es", "1 aviso"], "is not translated", 1, stream="stdout")
    path.write_text(MINIMAL_ES, encoding="utf-8")
    clean = run_cli("lint", str(path), env=SPANISH)
    assert clean.exit_code == 0
    assert f"{path}: sin avisos (demo 1.0)" in clean.stdout


SCENARIOS = """\
tree: demo.yaml
scenarios:
  - name: "policy says yes"
    answers: {danger: none, topic: "yes"}
    expect: {decision: raise_in_session}
  - name: "stops halfway"
    answers: {danger: none}
    expect: {decision: wait_for_session}
  - name: "answers too much"
    answers: {danger: danger, topic: "yes"}
    expect: {decision: contact_now, outcome: emergency}
"""


def test_the_test_report_is_in_spanish(run_cli, tmp_path):
    (tmp_path / "demo.yaml").write_text(MINIMAL_TREE, encoding="utf-8")
    scenarios = tmp_path / "scenarios.yaml"
    scenarios.write_text(SCENARIOS, encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "test", str(scenarios))
    assert in_english.exit_code == in_spanish.exit_code == 1
    said = _said(in_spanish.stdout)
    for words in ("FALLO", "esperado: decisión raise_in_session",
                  "obtenido: decisión wait_for_session, resultado wait", "recorrido seguido:",
                  "el recorrido llega a la pregunta «topic»", "valores válidos: yes, no",
                  "=> detenido: sin respuesta",
                  "responde a «topic», pero esa pregunta no se hizo",
                  "(contact_now EMERGENCIA)",
                  "3 escenarios en 1 archivo: 0 correctos, 3 con fallos",
                  "cobertura de opciones de «demo»", "(3 de 4 opciones)",
                  "ningún escenario prueba: topic=no"):
        assert words in said, in_spanish.stdout
    for words in ("FAIL", "expected", "path taken", "passed", "choice coverage"):
        assert words in in_english.stdout
        assert words not in in_spanish.stdout
    # The share covered, as each language writes a percentage (the Ortografía: a no-break
    # space before the sign).
    assert "75.0%" in in_english.stdout and "75.0\u00a0%" in in_spanish.stdout


def test_a_broken_scenario_file_is_said_in_spanish_at_the_same_place(run_cli, tmp_path):
    (tmp_path / "demo.yaml").write_text(MINIMAL_TREE, encoding="utf-8")
    scenarios = tmp_path / "scenarios.yaml"
    scenarios.write_text(SCENARIOS.replace("danger: none}", "danger: nope}", 1)
                         .replace("tree: demo.yaml", "tree: /etc/passwd"), encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "test", str(scenarios))
    _same_and_spanish(in_english, in_spanish, [
        "«tree» es una ruta absoluta, lo que no está permitido",
        "Error: ", "archivo de escenarios no válido (1 problema)"], "is not allowed", 3)
    scenarios.write_text(SCENARIOS.replace("danger: none}", "danger: nope}", 1),
                         encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "test", str(scenarios))
    _same_and_spanish(in_english, in_spanish, [
        "«nope» no es una respuesta válida a «danger» en el escenario «stops halfway»",
        "valores válidos: danger, none"], "is not a valid answer", 3)


def test_paths_and_graph_speak_spanish_and_keep_the_ids(run_cli, tmp_path):
    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE, encoding="utf-8")
    done = run_cli("paths", "--tree", str(tree), env=SPANISH)
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["#", "decisión", "resultado", "respuestas"]
    assert lines[1].split() == ["1", "contact_now", "EMERGENCIA", "emergency", "danger=danger"]
    assert lines[4] == ("3 recorridos: 1 contact_now (1 de emergencia), 1 wait_for_session, "
                        "1 raise_in_session")
    assert "[policy: DATO] marca una pregunta" in lines[5]
    refused = run_cli("paths", "--tree", str(tree), "--limit", "2", env=SPANISH)
    assert refused.exit_code == 2
    assert "el árbol tiene 3 recorridos desde el inicio hasta un resultado, más que el " \
           "límite de 2" in refused.stderr
    # JSON keeps every key and machine value in English.
    assert json.loads(run_cli("paths", "--tree", str(tree), "--format", "json",
                              env=SPANISH).stdout)[0]["decision"] == "contact_now"
    graph = run_cli("graph", "--tree", str(tree), env=SPANISH)
    assert graph.exit_code == 0
    assert '"EMERGENCIA: Contactar ahora<br>Get help now"' in graph.stdout  # the tree's text
    assert "(dato de las normas: between_sessions)" in graph.stdout
    assert "EMERGENCY" not in graph.stdout and "policy fact" not in graph.stdout


def test_the_authoring_commands_speak_the_locale_and_help_stays_english(run_cli, tmp_path):
    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE.replace("next: topic", "next: topci"), encoding="utf-8")
    by_locale = run_cli("validate", str(tree), env={"LANGUAGE": "es", "LC_ALL": "es_ES.UTF-8"})
    assert by_locale.exit_code == 3
    assert "«next» apunta a «topci», que no existe" in by_locale.stderr
    for command in ("validate", "lint", "graph", "paths", "test", "trees", "schema"):
        shown = run_cli(command, "--help", env=SPANISH)
        assert shown.exit_code == 0
        assert "Usage:" in shown.stdout, command
    written = run_cli("schema", "--write", str(tmp_path / "schemas"), env=SPANISH)
    assert written.exit_code == 0
    assert written.stdout.startswith("Se ha escrito ")
    assert "# yaml-language-server: $schema=tree.schema.json" in written.stdout


def test_a_practice_tree_that_weakens_the_danger_screen_says_why_in_spanish(tmp_path: Path):
    from contactcheck.i18n import use_language
    from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
    from contactcheck.tree.load import load_tree
    from contactcheck.tree.screen import screen_gaps

    tree = tmp_path / "demo.yaml"
    tree.write_text(MINIMAL_TREE, encoding="utf-8")
    bundled = find_tree(DEFAULT_TREE)
    assert bundled is not None
    english = screen_gaps(load_tree(tree), load_tree(bundled))
    use_language("es")
    spanish = screen_gaps(load_tree(tree), load_tree(bundled))
    assert len(spanish) == len(english) > 0
    assert all("sus preguntas sobre el peligro no tienen ninguna opción con la etiqueta «"
               in gap for gap in spanish)


def _long_tree() -> str:
    """A valid tree whose one route asks twelve questions, the last one with eight choices."""
    lines = [*MINIMAL_TREE.split("questions:\n")[0].splitlines(keepends=True), "questions:\n"]
    lines += ['  danger:\n    text: "Is anyone in danger right now?"\n    choices:\n',
              '      - {value: danger, label: "Yes", next: emergency}\n',
              '      - {value: none, label: "No", next: q1}\n']
    for number in range(1, 11):
        lines += [f'  q{number}:\n    text: "Question {number}?"\n    choices:\n',
                  f'      - {{value: go, label: "Go on", next: q{number + 1}}}\n']
    lines += ['  q11:\n    text: "Which one?"\n    choices:\n']
    lines += [f'      - {{value: c{number}, label: "Choice {number}", next: wait}}\n'
              for number in range(1, 9)]
    lines += ["outcomes:\n", MINIMAL_TREE.split("outcomes:\n")[1].split("  raise:\n")[0]]
    return "".join(lines)


def test_lint_says_a_long_path_and_a_long_question_in_spanish(run_cli, tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(_long_tree(), encoding="utf-8")
    in_english, in_spanish = _both(run_cli, "lint", str(path))
    _same_and_spanish(in_english, in_spanish, [
        "aviso: la pregunta «q11» tiene 8 opciones [many-choices]",
        "una persona retiene unas 7 como mucho",
        "aviso: el recorrido hasta el resultado «wait» hace 12 preguntas: danger -> q1 -> q2",
        "no haga más de 10 preguntas en un recorrido"], "questions", 1, stream="stdout")
