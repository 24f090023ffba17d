"""`setup`, a practice file's problems and `questions`, said in Spanish.

Each broken practice file is refused twice, in English and with CONTACTCHECK_LANG=es: the same
exit code, every problem at the same line and column, the Spanish words, and our English words
gone; the file's keys and values are quoted as typed. An installed practice file that no longer
loads is reported by `check --lang es` in Spanish too, and the emergency result still shows.
"""

from __future__ import annotations

import re
import sys
import textwrap

import pytest

from tests.test_practice import PRACTICE, clinic_tree

SPANISH = {"CONTACTCHECK_LANG": "es"}
LOCATION = re.compile(r"practice\.yaml:(\d+:\d+): ", re.MULTILINE)

# (name, the practice file, Spanish words, English words that must be gone)
BROKEN = [
    ("unknown key", PRACTICE.replace("region: GB\n", "region: GB\ncolour: blue\n"),
     ["clave desconocida «colour» en el archivo de la consulta"], "unknown key"),
    ("a required key missing", PRACTICE.replace('practice: "Harbour Street Therapy"\n', ""),
     ["falta la clave obligatoria «practice» en el archivo de la consulta"], "is missing"),
    ("a name that is a list", PRACTICE.replace('"Harbour Street Therapy"', "[a, b]"),
     ["«practice» debe ser un texto, no una lista"], "must be text"),
    ("a bad date", PRACTICE.replace('"2026-11-20"', '"20/11/2026"'),
     ["«updated» es «20/11/2026», que no es una fecha como 2026-11-20"], "is not a date"),
    ("a bad region", PRACTICE.replace("region: GB", "region: Britain"),
     ["«region» es «Britain», que no es el código de dos letras de una región",
      "sugerencia: regiones conocidas: ", "GB"], "two-letter"),
    ("a tree path with folders",
     PRACTICE.replace("tree: clinic-tree.yaml", "tree: ../clinic-tree.yaml"),
     ["«tree» es «../clinic-tree.yaml»: indique «default»", "(sin carpetas)"], "no folders"),
    ("a tree file that is not there",
     PRACTICE.replace("tree: clinic-tree.yaml", "tree: other-tree.yaml"),
     ["el archivo del árbol «other-tree.yaml» no está junto al archivo de la consulta",
      "sugerencia: ponga el archivo del árbol en la misma carpeta"], "is not beside"),
    ("a policy that is not a mapping",
     PRACTICE[:PRACTICE.index("policy:")] + "policy: yes\n",
     ["«policy» debe ser un mapa con el formato del perfil de normas"], "must be a mapping"),
    ("a tree that weakens the danger screen",
     PRACTICE.replace("tree: clinic-tree.yaml", "tree: weak-tree.yaml"),
     ["el árbol de la consulta debilitaría las preguntas sobre el peligro",
      "sugerencia: use «tree: default», o empiece su árbol con todas las opciones de peligro"],
     "would weaken"),
]


@pytest.fixture
def clinic(tmp_path):
    """A folder as a clinic hands it over: the practice file and its trees."""
    folder = tmp_path / "from-the-clinic"
    folder.mkdir()
    (folder / "clinic-tree.yaml").write_text(clinic_tree(), encoding="utf-8")
    weak = clinic_tree(tuple(tag for tag in ("suicide", "harm_others", "abuse")))
    (folder / "weak-tree.yaml").write_text(weak, encoding="utf-8")
    (folder / "practice.yaml").write_text(PRACTICE, encoding="utf-8")
    return folder


def said(ran) -> str:
    """What a run said, with line breaks and indentation folded to single spaces."""
    return " ".join((ran.stdout + ran.stderr).split())


@pytest.mark.parametrize(("name", "text", "spanish", "english"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_a_broken_practice_file_is_refused_in_spanish_at_the_same_place(
        run_cli, clinic, private_dirs, name, text, spanish, english):
    path = clinic / "practice.yaml"
    path.write_text(text, encoding="utf-8")
    in_english = run_cli("setup", str(path), "--yes")
    in_spanish = run_cli("setup", str(path), "--yes", env=SPANISH)
    assert in_english.exit_code == in_spanish.exit_code == 3
    assert english in said(in_english)
    assert LOCATION.findall(in_spanish.stderr) == LOCATION.findall(in_english.stderr) != []
    for words in spanish:
        assert words in said(in_spanish), said(in_spanish)
    assert english not in said(in_spanish)
    assert "archivo de la consulta no válido" in in_spanish.stderr
    assert "hint:" not in in_spanish.stderr
    assert "Traceback" not in in_spanish.output
    assert not private_dirs["config"].exists()  # nothing installed


@pytest.mark.parametrize(("name", "text", "spanish", "english"),
                         [case for case in BROKEN if "tree" not in case[0]],
                         ids=[case[0] for case in BROKEN if "tree" not in case[0]])
def test_an_installed_file_that_stops_loading_is_said_in_spanish_by_check(
        run_cli, clinic, private_dirs, name, text, spanish, english):
    assert run_cli("setup", str(clinic / "practice.yaml"), "--yes").exit_code == 0
    (private_dirs["config"] / "practice.yaml").write_text(text, encoding="utf-8")
    args = ("check", "--region", "GB", "-a", "danger=suicidal_now")
    in_english = run_cli(*args)
    in_spanish = run_cli(*args, "--lang", "es")
    assert in_english.exit_code == in_spanish.exit_code == 0
    assert LOCATION.findall(in_spanish.stderr) == LOCATION.findall(in_english.stderr) != []
    for words in spanish:
        assert words in said(in_spanish), said(in_spanish)
    assert english not in said(in_spanish)
    assert "aviso: no se pudo usar el archivo de la consulta" in in_spanish.stderr
    assert "999" in in_spanish.stdout  # the emergency result, with its number
    assert "Traceback" not in in_spanish.output


WEEKLY = PRACTICE.replace(
    "  timezone: Europe/London\n",
    '  timezone: Europe/London\n  sessions: {weekly: "sat 13:00"}\n  covering_colleague: no\n'
).replace('region: GB\n', 'region: GB\ncontact: "reception@harbour.example"\n')

DESCRIBED = [
    # (Spanish, English: what `setup` says the self-check will use)
    ("Consulta: Harbour Street Therapy (la consulta revisó sus datos el 2026-11-20)",
     "Practice: Harbour Street Therapy (details checked by them on 2026-11-20)"),
    ("Contacto: reception@harbour.example", "Contact: reception@harbour.example"),
    ("Árbol: el de la propia consulta, clinic-tree.yaml (se copia; mantiene las preguntas "
     "sobre el peligro del árbol incluido)", "Tree: the practice's own, clinic-tree.yaml"),
    ("Región: GB, la región de la consulta, para los números nacionales de emergencias y de "
     "crisis (¿no está en ese país? use --region)", "Region: GB, the practice's region"),
    ("Terapeuta: Sam Rivera", "Therapist: Sam Rivera"),
    ("Zona horaria de todas las horas de abajo: Europe/London",
     "Time zone of every time below: Europe/London"),
    ("Contacto fuera de horario — nombre: Clinic on-call line; número: 0117 496 0999",
     "After-hours contact — name: Clinic on-call line; number: 0117 496 0999"),
    ("Coaching telefónico de DBT — número: 07700 900123; horario: lun-vie 9:00-21:00",
     "DBT phone coaching — number: 07700 900123; hours: Mon-Fri 9am-9pm"),
    ("No se ofrece: un colega que sustituya a su terapeuta",
     "Not offered: covering colleague"),
    ("Sesión habitual: cada sábado a las 13:00", "Usual session: every Saturday at 1pm"),
    ("Las líneas de crisis propias de la consulta, que se muestran después de las nacionales "
     "(nunca en su lugar):", "The practice's own crisis lines, shown after"),
    ("Harbour Street duty team: Llame al 0117 496 0111 (24/7) (según el archivo de la "
     "consulta de Harbour Street Therapy del 2026-11-20, GB)",
     "Harbour Street duty team: Call 0117 496 0111 (24/7) (from Harbour Street Therapy's "
     "practice file of 2026-11-20, GB)"),
]


def test_setup_check_and_show_describe_the_practice_in_spanish(run_cli, clinic):
    path = clinic / "practice.yaml"
    path.write_text(WEEKLY, encoding="utf-8")
    in_english = run_cli("setup", "--check", str(path))
    in_spanish = run_cli("setup", "--check", str(path), env=SPANISH)
    assert in_english.exit_code == in_spanish.exit_code == 0, in_spanish.output
    for spanish, english in DESCRIBED:
        assert english in in_english.stdout
        assert spanish in in_spanish.stdout, in_spanish.stdout
        assert english not in in_spanish.stdout
    assert "El archivo de la consulta es válido (no se ha instalado nada: --check)." in \
        in_spanish.stdout
    assert run_cli("setup", str(path), "--yes", env=SPANISH).exit_code == 0
    shown = run_cli("setup", "--show", env=SPANISH)
    assert shown.exit_code == 0
    assert "Archivo de la consulta instalado: " in shown.stdout
    for spanish, _ in DESCRIBED:
        assert spanish in shown.stdout


@pytest.mark.parametrize(("hours", "spanish"), [(1, "a la 1:00"), (15, "a las 15:00"),
                                                  (0, "a las 0:30")])
def test_the_usual_session_is_said_as_spanish_says_the_time(run_cli, clinic, hours, spanish):
    minute = 30 if hours == 0 else 0
    text = WEEKLY.replace("sat 13:00", f"thu {hours:02d}:{minute:02d}")
    (clinic / "practice.yaml").write_text(text, encoding="utf-8")
    ran = run_cli("setup", "--check", str(clinic / "practice.yaml"), env=SPANISH)
    assert f"Sesión habitual: cada jueves {spanish}" in ran.stdout


def test_a_bundled_tree_and_an_inline_one_are_named_in_spanish(run_cli, clinic):
    path = clinic / "practice.yaml"
    for tree, spanish in [("tree: default\n", "Árbol: el árbol incluido «default»"),
                          ("tree:\n" + textwrap.indent(clinic_tree(), "  "),
                           "Árbol: el de la propia consulta, escrito en el archivo")]:
        path.write_text(PRACTICE.replace("tree: clinic-tree.yaml\n", tree), encoding="utf-8")
        ran = run_cli("setup", "--check", str(path), env=SPANISH)
        assert ran.exit_code == 0, ran.output
        assert spanish in ran.stdout


# (name, input, exit code, Spanish words, installed afterwards)
ASKED = [
    ("s installs", "s\n", 0, ["¿Quiere instalarlo? [s/N]", "Se ha instalado en",
                              "(solo usted puede leerlo)", "`contactcheck setup --show` lo "
                              "muestra y `contactcheck setup --remove` lo elimina"], True),
    ("sí installs", "sí\n", 0, ["Se ha instalado en"], True),
    ("Enter is no", "\n", 0, ["¿Quiere instalarlo? [s/N]", "No se ha instalado nada."], False),
    ("something else is asked again", "quizá\nn\n", 0,
     ["Responda s o n (Intro significa no).", "No se ha instalado nada."], False),
    ("no answer to read", "", 2,
     ["antes de instalar se pregunta, y no había ninguna respuesta que leer",
      "añada --yes para instalar sin que se le pregunte"], False),
]


@pytest.mark.parametrize(("name", "typed", "code", "spanish", "installed"), ASKED,
                         ids=[case[0] for case in ASKED])
def test_the_install_question_is_asked_in_spanish(run_cli, clinic, private_dirs, name, typed,
                                                  code, spanish, installed):
    ran = run_cli("setup", str(clinic / "practice.yaml"), input=typed, env=SPANISH)
    assert ran.exit_code == code, ran.output
    for words in spanish:
        assert words in said(ran), said(ran)
    for english in ("Install it?", "[y/N]", "Installed in", "Nothing was installed",
                    "no answer to read"):
        assert english not in ran.output
    assert (private_dirs["config"] / "practice.yaml").is_file() is installed


def test_replacing_an_installed_file_asks_in_spanish(run_cli, clinic, private_dirs):
    assert run_cli("setup", str(clinic / "practice.yaml"), "--yes").exit_code == 0
    ran = run_cli("setup", str(clinic / "practice.yaml"), input="\n", env=SPANISH)
    assert ran.exit_code == 0
    assert "¿Quiere sustituir el archivo de la consulta instalado ahora por este? [s/N]" in \
        ran.stdout
    assert "No se ha instalado nada." in ran.stdout


@pytest.mark.parametrize(("args", "spanish"), [
    (("--show",), ["No hay ningún archivo de la consulta instalado (estaría en",
                   "Su terapeuta o su clínica pueden darle uno: `contactcheck setup ARCHIVO`."]),
    (("--remove",), ["No hay ningún archivo de la consulta instalado."]),
])
def test_show_and_remove_with_nothing_installed_in_spanish(run_cli, args, spanish):
    ran = run_cli("setup", *args, env=SPANISH)
    assert ran.exit_code == 0
    for words in spanish:
        assert words in said(ran)
    assert "No practice file" not in ran.output


def test_remove_and_a_file_that_no_longer_loads_in_spanish(run_cli, clinic, private_dirs):
    assert run_cli("setup", str(clinic / "practice.yaml"), "--yes").exit_code == 0
    (private_dirs["config"] / "practice-tree.yaml").unlink()
    shown = run_cli("setup", "--show", env=SPANISH)
    assert shown.exit_code == 0
    assert "practice.yaml:4:7: el archivo del árbol «clinic-tree.yaml» no está junto" in \
        shown.stderr
    assert "aviso: ya no se puede cargar, así que la comprobación usa el árbol incluido; pida "\
        "a su terapeuta un archivo actualizado." in said(shown)
    removed = run_cli("setup", "--remove", env=SPANISH)
    assert "Se ha eliminado el archivo de la consulta instalado." in removed.stdout
    assert not (private_dirs["config"] / "practice.yaml").exists()


@pytest.mark.parametrize(("args", "spanish"), [
    ((), "indique el archivo de la consulta: contactcheck setup practice.yaml"),
    (("--show", "--remove"), "--show y --remove no llevan FILE, y no se pueden usar a la vez"),
])
def test_setup_usage_mistakes_in_spanish(run_cli, args, spanish):
    in_english = run_cli("setup", *args)
    in_spanish = run_cli("setup", *args, env=SPANISH)
    assert in_english.exit_code == in_spanish.exit_code == 2
    assert spanish in in_spanish.stderr


@pytest.mark.terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_ctrl_c_at_the_install_question_stops_with_130_in_spanish(tmp_path, clinic):
    from tests.terminal import Terminal

    home = tmp_path / "person"
    term = Terminal("setup", str(clinic / "practice.yaml"), home=home,
                    env={"CONTACTCHECK_LANG": "es"})
    term.wait_for("¿Quiere instalarlo? [s/N]")
    term.send("\x03")
    assert term.finish() == 130
    shown = " ".join(term.shown().split())
    assert "Se ha detenido — no se ha instalado nada. (Use --yes para instalar sin que se le " \
        "pregunte.)" in shown
    assert "Traceback" not in shown
    assert not (home / "practice.yaml").exists()


# -- questions: the text listing follows the language; JSON stays the tree as written --------

def test_questions_text_is_in_spanish_and_keeps_ids_and_values(run_cli):
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_translation, load_tree, translation_path

    path = find_tree("default")
    assert path is not None
    spanish_path = translation_path(path, "es")
    assert spanish_path is not None
    tree, spanish_tree = load_tree(path), load_translation(spanish_path, path)
    in_english = run_cli("questions")
    in_spanish = run_cli("questions", env=SPANISH)
    assert in_english.exit_code == in_spanish.exit_code == 0
    for spanish, english in [
        ("la primera pregunta es «danger».", "the first question is 'danger'."),
        ("(se sigue aceptando el valor antiguo: suicidal_now)",
         "(old value still accepted: suicidal_now)"),
        ("\nResultados:\n", "\nOutcomes:\n"),
        (f"{tree.start}: {spanish_tree.start_question.text}",  # the tree's own translation
         f"{tree.start}: {tree.start_question.text}"),
    ]:
        assert english in in_english.stdout
        assert spanish in in_spanish.stdout
        assert english not in in_spanish.stdout
    # What a script types and reads stays as it is: flags, ids, values, decisions.
    for kept in ("--answer danger=about_to_act", "-> emergency_now", "contact_now (emergency)"):
        assert kept in in_english.stdout and kept in in_spanish.stdout
    assert in_english.stdout.count("--answer ") == in_spanish.stdout.count("--answer ")


@pytest.mark.parametrize("how", ["--lang", "CONTACTCHECK_LANG"])
def test_questions_json_gives_a_front_end_the_texts_in_the_language_and_keeps_the_values(
        run_cli, how):
    import json

    english = json.loads(run_cli("questions", "--format", "json").stdout)
    ran = (run_cli("questions", "--format", "json", "--lang", "es") if how == "--lang"
           else run_cli("questions", "--format", "json", env=SPANISH))
    assert ran.exit_code == 0
    spanish = json.loads(ran.stdout)
    assert (english["tree"]["lang"], spanish["tree"]["lang"]) == ("en", "es")
    assert spanish["tree"]["start"] == english["tree"]["start"] == "danger"

    def machine(data):  # what a script types and follows
        return ([(q["id"], q["policy"], [(c["value"], c["next"]) for c in q["choices"]])
                 for q in data["questions"]],
                [(o["id"], o["decision"], o["emergency"], o["urgency"])
                 for o in data["outcomes"]])

    assert machine(spanish) == machine(english)
    danger = {q["id"]: q for q in spanish["questions"]}["danger"]
    assert danger["text"].startswith("Primero:")
    assert "No está pasando nada de esto ahora mismo" in [c["label"] for c in danger["choices"]]


def test_questions_in_a_language_the_tree_lacks_says_so_and_lists_the_tree_as_written(
        run_cli, write_tree):
    from tests.helpers import MINIMAL_TREE

    ran = run_cli("questions", "--tree", str(write_tree(MINIMAL_TREE)), "--lang", "es")
    assert ran.exit_code == 0
    assert ran.stderr.count("este árbol no tiene traducción a «es»") == 1
    assert "danger" in ran.stdout


def test_a_policy_question_is_marked_in_spanish(run_cli):
    ran = run_cli("questions", env=SPANISH)  # the bundled tree asks `urge_support` of a profile
    assert ran.exit_code == 0
    assert "[la responde el dato de las normas «urge_support» cuando su perfil lo indica]" in \
        ran.stdout
    assert "answered by policy fact" not in ran.stdout


def test_a_tree_without_the_language_is_listed_in_its_own_language_throughout(
        run_cli, write_tree):
    from tests.helpers import COACHING_TREE

    ran = run_cli("questions", "--tree", str(write_tree(COACHING_TREE)), env=SPANISH)
    assert ran.exit_code == 0
    assert ran.stderr.count("este árbol no tiene traducción a «es»") == 1  # said, in Spanish
    # then one language on the screen, as in `check`: the tree's, around its own texts
    assert "[answered by policy fact 'dbt_coaching' when your profile says]" in ran.stdout
    assert "la responde" not in ran.stdout


@pytest.mark.parametrize(("tree", "words", "other"), [
    # The bundled tree has Spanish: the practice's details are said in Spanish.
    ("tree: default\n", ["(según el archivo de la consulta de Harbour Street Therapy del "
                         "2026-11-20, GB)", "horario: las 24 horas del día",
                         "la región de su consulta, según el archivo de la consulta de "
                         "Harbour Street Therapy"], ["practice file", "24 hours a day"]),
    # The clinic's own tree is English only: the whole result is English, none of it Spanish
    # (the practice file is read before the tree decides the language).
    ("tree: clinic-tree.yaml\n", ["(from Harbour Street Therapy's practice file of "
                                  "2026-11-20, GB)", "hours: 24 hours a day",
                                  "as your practice's region, from Harbour Street Therapy's "
                                  "practice file"], ["según", "archivo de la consulta", "horario"]),
])
def test_a_practices_details_in_a_check_follow_the_results_language(run_cli, clinic, tree,
                                                                    words, other):
    text = PRACTICE.replace("tree: clinic-tree.yaml\n", tree)
    (clinic / "practice.yaml").write_text(text, encoding="utf-8")
    assert run_cli("setup", str(clinic / "practice.yaml"), "--yes").exit_code == 0
    danger = "suicidal_now" if tree == "tree: default\n" else "suicide"
    ran = run_cli("check", "--lang", "es", "-a", f"danger={danger}")
    assert ran.exit_code == 0, ran.output
    for shown in words:
        assert shown in " ".join(ran.stdout.split()), ran.stdout
    for gone in other:
        assert gone not in ran.stdout


def test_questions_with_a_broken_translation_lists_the_tree_as_written(run_cli, write_tree):
    from tests.helpers import COACHING_TREE

    path = write_tree(COACHING_TREE, "coach.yaml")
    write_tree("nonsense: 1\n", "coach.es.yaml")
    in_english = run_cli("questions", "--tree", str(path))
    ran = run_cli("questions", "--tree", str(path), env=SPANISH)
    assert ran.exit_code == in_english.exit_code == 0
    assert "coach.es.yaml:1:1: " in ran.stderr
    assert "aviso:" in ran.stderr and "«es»" in ran.stderr
    # The warning in the language asked for; then the tree as written, in one language, as
    # `check` shows it.
    assert ran.stdout == in_english.stdout
