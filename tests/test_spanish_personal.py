"""The person's own files, said in Spanish: what a person meets about what they stored.

Each case is run twice, in English and in Spanish (`CONTACTCHECK_LANG=es`, or `check --lang
es`): the exit code is the same, a located problem is at the same line and column, the
Spanish words are there and the English ones gone, there is no traceback, and nothing of the
person's is lost or changed (a damaged file is kept aside byte for byte; a plan written with
either language's page reads back the same in both).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactcheck.personal import safetyplan
from tests.helpers import Ran, person_lines
from tests.terminal import edit_in_terminal

CONTACTCHECK = str(Path(sys.executable).with_name("contactcheck"))
SRC = Path(__file__).resolve().parents[1] / "src" / "contactcheck"
TREES = Path(__file__).resolve().parents[1] / "trees"
SPANISH = {"CONTACTCHECK_LANG": "es"}


def said(ran: Ran) -> str:
    """Everything a run printed, with line breaks and runs of spaces made one space."""
    return " ".join((ran.stdout + ran.stderr).split())


def both(run_cli: Callable[..., Ran], *args: str,
         setup: Callable[[], None] | None = None) -> tuple[Ran, Ran]:
    """The command run in English, then in Spanish, each from the same starting files."""
    runs = []
    for env in ({"CONTACTCHECK_LANG": "en"}, SPANISH):
        if setup is not None:
            setup()
        runs.append(run_cli(*args, env=env))
    return runs[0], runs[1]


def assert_spanish(english: Ran, spanish: Ran, words: Sequence[str], gone: Sequence[str],
                   code: int) -> None:
    assert english.exit_code == spanish.exit_code == code, said(spanish)
    text = said(spanish)
    for word in words:
        assert word in text, text
    for word in gone:
        assert word in said(english), said(english)  # the English run keeps its words
        assert word not in text, text
    assert "Traceback" not in text and "Traceback" not in said(english)


# -- a damaged stored file: kept aside, said in Spanish ----------------------------------

DAMAGED = [
    # (name, file, bytes, command, Spanish words)
    ("agenda not JSON", "agenda.json", b"{bad", ("agenda", "list"),
     ["no se ha podido leer su agenda para la sesión: no es JSON válido:", "en la línea 1"]),
    ("agenda of another program", "agenda.json", b'{"format": "notes"}\n', ("agenda", "list"),
     ["no es una agenda de contactcheck"]),
    ("agenda of a newer version", "agenda.json",
     b'{"format": "contactcheck-agenda", "version": 9, "next_id": 1, "items": []}',
     ("agenda", "add", "dormir"),
     ["tiene la versión de formato 9, y este contactcheck lee la versión 1"]),
    ("agenda missing its items", "agenda.json",
     b'{"format": "contactcheck-agenda", "version": 1}', ("agenda", "list"),
     ["falta «items» o «next_id», o es de un tipo que no corresponde"]),
    ("agenda item missing a key", "agenda.json",
     b'{"format": "contactcheck-agenda", "version": 1, "next_id": 2, "items": [{"id": 1}]}',
     ("agenda", "list"), ["el tema 1 no tiene exactamente id, text, added y done"]),
    ("agenda with one id twice", "agenda.json",
     b'{"format": "contactcheck-agenda", "version": 1, "next_id": 3, "items": ['
     b'{"id": 1, "text": "a", "added": "2026-12-01T10:00:00+00:00", "done": false},'
     b'{"id": 1, "text": "b", "added": "2026-12-01T10:00:00+00:00", "done": false}]}',
     ("agenda", "list"), ["dos temas tienen el mismo identificador"]),
    ("agenda nested far too deeply", "agenda.json", b"[" * 100_000 + b"]" * 100_000,
     ("agenda", "list"), ["tiene demasiados niveles anidados para ser una agenda"]),
    ("session date with no offset", "session.json", b'{"next": "2026-12-04T15:00"}\n',
     ("session", "show"),
     ["no se ha podido leer la fecha de su próxima sesión: la fecha guardada no tiene "
      "diferencia horaria", "la próxima fecha que indique empieza un archivo nuevo"]),
    ("session not JSON", "session.json", b"next: tomorrow", ("session", "show"),
     ["no es JSON"]),
    ("session of another shape", "session.json", b'{"when": "2026-12-04T15:00+01:00"}',
     ("session", "show"), ['se esperaba {"next": "<fecha y hora>"}']),
    ("safety plan with an unknown step", "safety-plan.yaml", b"copin:\n  - a walk\n",
     ("safety-plan", "show"),
     ["no se ha podido leer su plan de seguridad: línea 1:",
      "el próximo cambio empieza un plan de seguridad nuevo"]),
]


@pytest.mark.parametrize(("name", "file", "content", "command", "words"), DAMAGED,
                         ids=[case[0] for case in DAMAGED])
def test_a_damaged_file_is_kept_aside_and_said_in_spanish(run_cli, private_dirs, name, file,
                                                          content, command, words):
    folder = private_dirs["data"]

    def damaged() -> None:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / file).write_bytes(content)

    english, spanish = both(run_cli, *command, setup=damaged)
    assert_spanish(english, spanish, [*words, "Se ha guardado, sin cambios, como",
                                      "para que no se pierda nada de lo que contiene"],
                   ["could not be read", "It was kept, unchanged"], 1)
    [kept] = [path for path in folder.iterdir() if ".damaged-" in path.name]
    assert kept.read_bytes() == content  # nothing of the person's lost
    assert str(kept) in spanish.stderr


# -- files that are not the person's own, or cannot be made ---------------------------

def _open_folder(dirs: dict[str, Path]) -> None:
    dirs["data"].mkdir(parents=True)
    (dirs["data"] / "agenda.json").write_text("{}")
    dirs["data"].chmod(0o777)


def _open_file(dirs: dict[str, Path]) -> None:
    dirs["data"].mkdir(parents=True, mode=0o700)
    (dirs["data"] / "safety-plan.yaml").write_text('coping:\n  - "a walk"\n')
    (dirs["data"] / "safety-plan.yaml").chmod(0o666)


def _fifo(dirs: dict[str, Path]) -> None:
    dirs["data"].mkdir(parents=True, mode=0o700)
    os.mkfifo(dirs["data"] / "session.json")


def _file_for_folder(dirs: dict[str, Path]) -> None:
    dirs["data"].parent.mkdir(parents=True, exist_ok=True)
    dirs["data"].write_text("not a folder")


REFUSED = [
    # (name, setup, command, Spanish words, English words gone, exit code)
    ("a folder others can write in", _open_folder, ("agenda", "list"),
     ["no se puede leer", "su carpeta no es una carpeta privada suya"],
     ["its folder is not a private folder"], 1),
    ("a file others can change", _open_file, ("safety-plan", "show"),
     ["no se puede leer", "no es un archivo privado de este usuario"],
     ["not a private file of this user"], 1),
    ("a pipe where the date is kept", _fifo, ("session", "next", "2030-01-01 10:00"),
     ["no se puede leer", "una tubería (FIFO), no un archivo"], ["not a file"], 1),
    ("a file where the folder should be", _file_for_folder, ("agenda", "add", "dormir"),
     ["no se puede crear la carpeta", "No es una carpeta"],
     ["cannot create the folder", "Not a directory"], 1),
]


@pytest.mark.skipif(os.name != "posix", reason="POSIX owners, modes and FIFOs")
@pytest.mark.parametrize(("name", "setup", "command", "words", "gone", "code"), REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_a_file_that_is_not_the_persons_own_is_refused_in_spanish(
        run_cli, private_dirs, name, setup, command, words, gone, code):
    def fresh() -> None:
        for path in (private_dirs["data"],):
            if path.is_dir():
                path.chmod(0o700)
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        setup(private_dirs)

    english, spanish = both(run_cli, *command, setup=fresh)
    assert_spanish(english, spanish, words, gone, code)


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_policy_init_never_replaces_a_special_file_and_says_so_in_spanish(invoke, tmp_path):
    fifo = tmp_path / "policy.yaml"
    os.mkfifo(fifo)
    answers = "Dra. Ruiz\n\nn\n" + "\n" * 5
    for lang, words in (("en", "it is not a regular file, so it is never replaced "
                               "(nothing was changed)"),
                        ("es", "no es un archivo normal, así que nunca se reemplaza "
                               "(no se ha cambiado nada)")):
        result = invoke("policy", "init", "--policy", str(fifo), "--force", input=answers,
                        env={"CONTACTCHECK_LANG": lang})
        assert result.exit_code == 1, result.output
        assert words in " ".join(result.output.split())
        assert Path(fifo).is_fifo()  # never replaced by a file


# -- --answer ------------------------------------------------------------------------------

ANSWERS = [
    ("no '='", "danger", "«danger» no tiene la forma ID=VALOR (por ejemplo --answer danger=none)",
     "is not ID=VALUE"),
    ("no id", "=none", "«=none» no tiene el identificador de la pregunta antes de «=»",
     "has no question id"),
    ("no value", "danger=", "«danger=» no tiene ningún valor después de «=» (nunca se supone "
     "una respuesta vacía)", "has no value after"),
]


@pytest.mark.parametrize(("name", "flag", "words", "gone"), ANSWERS,
                         ids=[case[0] for case in ANSWERS])
@pytest.mark.parametrize("how", ["--lang first", "CONTACTCHECK_LANG"])
def test_a_malformed_answer_is_said_in_spanish_when_the_language_is_known(
        run_cli, name, flag, words, gone, how):
    english = run_cli("check", "--answer", flag)
    if how == "--lang first":
        spanish = run_cli("check", "--lang", "es", "--answer", flag)
    else:
        spanish = run_cli("check", "--answer", flag, env=SPANISH)
    assert_spanish(english, spanish, [words, "número de emergencias"], [gone], 2)


def test_a_malformed_answer_before_lang_is_still_said_and_refused(run_cli):
    # `--lang` after the mistake is not read yet: the words stay English, the exit is the same.
    ran = run_cli("check", "--answer", "danger", "--lang", "es")
    assert ran.exit_code == 2
    assert "is not ID=VALUE" in ran.stderr


# -- strict YAML's limits, in a profile a Spanish check reads ---------------------------

LOCATION = re.compile(r"^\S*policy\.yaml:(\d+:\d+): ", re.MULTILINE)
LIMITS = [
    ("merge key", "office:\n  <<: {hours: x}\n",
     ["no se admiten claves de fusión (<<)", "escriba las claves completas"],
     "merge keys"),
    ("nesting too deep", "fees: " + "[" * 40 + "]" * 40 + "\n",
     ["el archivo tiene demasiados niveles anidados (más de 32)"], "nested too deeply"),
    ("a list far too long", "fees: [" + "a, " * 10_001 + "a]\n",
     ["la lista que empieza en la línea 1 tiene más de 10 000 elementos",
      "¿es el archivo correcto?"], "has more than"),
]


@pytest.mark.parametrize(("name", "text", "words", "gone"), LIMITS,
                         ids=[case[0] for case in LIMITS])
def test_yaml_limits_in_a_profile_are_said_in_spanish_at_the_same_place(
        run_cli, profile, name, text, words, gone):
    path = profile(text)
    check = ("check", "--region", "US", "-a", "danger=none", "-a", "urgent=none",
             "--policy", path)
    for english, spanish in ((run_cli(*check), run_cli(*check, "--lang", "es")),
                             both(run_cli, "policy", "show", "--policy", path)):
        assert_spanish(english, spanish, [*words, "perfil de normas no válido"], [gone], 3)
        assert LOCATION.findall(spanish.stderr) == LOCATION.findall(english.stderr) != []
    assert "988" in run_cli(*check, "--lang", "es").stderr  # the crisis line, still there


# -- the built-in numbers, when the regions file cannot be read ---------------------------

@pytest.fixture
def no_regions_file(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The package copied with a regions file that cannot be read: a way to run it."""
    site = tmp_path / "site"
    shutil.copytree(SRC, site / "contactcheck", ignore=shutil.ignore_patterns("__pycache__"))
    if not (site / "contactcheck" / "trees").exists():
        shutil.copytree(TREES, site / "contactcheck" / "trees")
    (site / "contactcheck" / "data" / "regions.yaml").write_text("regions: [\n")

    def run(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(site), "CONTACTCHECK_LANG": lang}
        return subprocess.run([sys.executable, "-m", "contactcheck", *args], env=env,
                              capture_output=True, text=True, timeout=60, check=False)

    return run


def test_an_unreadable_regions_file_still_shows_the_emergency_numbers_in_spanish(
        no_regions_file):
    emergency = ("check", "--answer", "danger=suicidal_now")
    english = no_regions_file(*emergency, lang="en")
    spanish = no_regions_file(*emergency, "--lang", "es", lang="es")
    assert english.returncode == spanish.returncode == 0, spanish.stderr
    assert "on a mobile across the EU" in english.stdout  # the built-in fallback is in use
    for number in ("112", "911", "999"):
        assert f"Llame al {number}" in spanish.stdout
    for words in ("112, desde un móvil, en toda la UE y en muchos otros países",
                  "911 en Estados Unidos, Canadá, México y muchos otros países",
                  "999 en el Reino Unido, Irlanda y muchos otros países",
                  "Busque ayuda ahora"):
        assert words in spanish.stdout, spanish.stdout
    for english_words in ("on a mobile across the EU", "in the US, Canada", "in the UK, Ireland",
                          "Traceback"):
        assert english_words not in spanish.stdout + spanish.stderr
    listed = no_regions_file("resources", lang="es")
    assert listed.returncode == 0, listed.stderr
    text = " ".join(listed.stdout.split())
    for words in ("Cualquier lugar (sin país elegido) [fallback]", "24 horas, todos los días",
                  "sin verificar: incluido en el programa: no se ha podido leer el archivo de "
                  "regiones"):
        assert words in text, text
    assert "anywhere" not in text and "built in" not in text and "24/7" not in text


# -- the safety plan's page ---------------------------------------------------------------

PLAN_EDITOR = """\
import json, sys
from pathlib import Path

state = Path(sys.argv[1])
edits = json.loads(state.read_text())
target = Path(sys.argv[2])
seen = state.with_name(f"page{len(list(state.parent.glob('page*')))}.yaml")
seen.write_bytes(target.read_bytes())  # the page as the person was shown it
if not edits:
    sys.exit(0)
edit = edits.pop(0)
state.write_text(json.dumps(edits))
if edit == "DELETE":
    target.unlink()
    sys.exit(0)
if isinstance(edit, dict) and "meanwhile" in edit:
    import subprocess
    subprocess.run(edit["meanwhile"], check=True, capture_output=True)
    edit = edit["text"]
if isinstance(edit, list):  # replace a part of the page, as a person types into it
    text = target.read_text(encoding="utf-8")
    assert edit[0] in text, text
    edit = text.replace(edit[0], edit[1])
target.write_text(edit, encoding="utf-8")
"""


@pytest.fixture
def plan_editor(tmp_path: Path) -> Callable[..., tuple[str, Path]]:
    """An $EDITOR that keeps each page it is shown and makes the given edits, in turn."""
    script = tmp_path / "plan_editor.py"
    script.write_text(PLAN_EDITOR)
    folder = tmp_path / "editor"
    folder.mkdir()

    def edits(*steps: object) -> tuple[str, Path]:
        for page in folder.glob("page*"):
            page.unlink()
        (folder / "edits.json").write_text(json.dumps(list(steps)))
        return f"{sys.executable} {script} {folder / 'edits.json'}", folder

    return edits


def edit(command: str, lang: str, answers: Sequence[tuple[str, str]] = ()) -> tuple[int, str]:
    """`safety-plan edit` in a pty, in `lang`; (exit code, what was shown, as one line)."""
    code, shown = edit_in_terminal(command, answers, env={"CONTACTCHECK_LANG": lang})
    return code, " ".join(shown.split())


def items(run_cli: Callable[..., Ran], lang: str) -> dict[str, list[str]]:
    ran = run_cli("safety-plan", "show", "--format", "json", env={"CONTACTCHECK_LANG": lang})
    assert ran.exit_code == 0, ran.stderr
    return {step["step"]: step["items"] for step in json.loads(ran.stdout)}


TYPED = ['Pasear con «Toby» # sin prisa', 'Llamar a Ana: 555 0123 "si no contesta, a Luis"',
         "Mi gata \\ Misha"]
"""What a person types: their words, quotes, a backslash and a ` #`, kept exactly."""


def test_the_spanish_page_is_in_spanish_and_keeps_what_the_person_wrote(plan_editor, run_cli,
                                                                        private_dirs):
    typed = "".join(f"  - {safetyplan._quote(text)}\n" for text in TYPED)
    command, pages = plan_editor(['coping:\n  # - ""\n', f"coping:\n{typed}"])
    code, shown = edit(command, "es")
    assert code == 0, shown
    assert "Se ha guardado su plan de seguridad (3 elementos en 1 de los 7 pasos)" in shown
    page = (pages / "page0.yaml").read_text(encoding="utf-8")
    for words in ("# Mi plan de seguridad", "# 1. Señales de alarma",
                  "# 2. Lo que puedo hacer por mi cuenta", "# 7. Razones para vivir",
                  "Pensamientos, imágenes, estados de ánimo",
                  "llame al número de emergencias de su zona", "warning_signs:", "reasons:"):
        assert words in page, page
    for english in ("My safety plan", "Warning signs", "Thoughts, images", "Write each thing"):
        assert english not in page
    # Read back identically, in either language; the stored file is the page that was saved.
    assert items(run_cli, "es")["coping"] == items(run_cli, "en")["coping"] == TYPED
    stored = (private_dirs["data"] / "safety-plan.yaml").read_bytes()
    # Opened again and closed unchanged: nothing changes, said in Spanish.
    command, pages = plan_editor()
    code, shown = edit(command, "es")
    assert code == 0 and "Sin cambios; su plan de seguridad sigue como estaba." in shown
    assert (private_dirs["data"] / "safety-plan.yaml").read_bytes() == stored


def test_a_plan_written_with_the_english_page_still_reads_in_spanish(plan_editor, run_cli,
                                                                     private_dirs):
    for text in TYPED:
        assert run_cli("safety-plan", "add", "reasons", text).exit_code == 0
    stored = (private_dirs["data"] / "safety-plan.yaml").read_bytes()
    assert b"# My safety plan" in stored
    assert items(run_cli, "es")["reasons"] == TYPED
    command, pages = plan_editor()  # opened in Spanish and closed: the file is left as it was
    code, shown = edit(command, "es")
    assert code == 0, shown
    assert "# 7. Razones para vivir" in (pages / "page0.yaml").read_text(encoding="utf-8")
    assert (private_dirs["data"] / "safety-plan.yaml").read_bytes() == stored
    # An edit of the Spanish page keeps the English-page items and adds the new one.
    command, pages = plan_editor(['coping:\n  # - ""\n', 'coping:\n  - "Respirar hondo"\n'])
    code, shown = edit(command, "es")
    assert code == 0, shown
    assert items(run_cli, "en") == {**items(run_cli, "es"), "reasons": TYPED,
                                    "coping": ["Respirar hondo"]}


EDIT_PROBLEMS = [
    # (name, edits, prompts and replies, exit code, Spanish words, English words gone)
    ("the page disappeared", ["DELETE"], [], 1,
     ["ha desaparecido mientras lo editaba; su plan no ha cambiado"], "disappeared"),
    ("changed meanwhile elsewhere",
     [{"meanwhile": [CONTACTCHECK, "safety-plan", "add", "people", "Ana: 555 0123"],
       "text": 'coping:\n  - "música"\n'}], [], 1,
     ["su plan de seguridad se cambió en otro sitio mientras lo editaba",
      "Ejecute `contactcheck safety-plan edit` de nuevo"], "changed elsewhere"),
    ("a mistake, then stop", ['coping:\n  - Llamar #112\n'], [("¿Editarlo de nuevo?", "n")], 3,
     ["Su plan de seguridad no ha cambiado. Lo que escribió se guarda en"], "was not changed"),
]


@pytest.mark.parametrize(("name", "edits", "answers", "code", "words", "gone"), EDIT_PROBLEMS,
                         ids=[case[0] for case in EDIT_PROBLEMS])
def test_an_edit_that_cannot_be_saved_is_said_in_spanish_and_keeps_the_plan(
        plan_editor, run_cli, private_dirs, name, edits, answers, code, words, gone):
    results = {}
    for lang in ("en", "es"):
        plan = private_dirs["data"] / "safety-plan.yaml"
        for path in private_dirs["data"].glob("*") if private_dirs["data"].exists() else []:
            path.unlink()
        assert run_cli("safety-plan", "add", "coping", "un paseo").exit_code == 0
        before = plan.read_bytes()
        command, _ = plan_editor(*edits)
        english_answers = [("Edit it again?", reply) for _, reply in answers]
        results[lang] = edit(command, lang, answers if lang == "es" else english_answers)
        assert results[lang][0] == code, results[lang][1]
        if name != "changed meanwhile elsewhere":
            assert plan.read_bytes() == before  # the plan as it was
        assert "un paseo" in items(run_cli, "en")["coping"]
    for word in words:
        assert word in results["es"][1], results["es"][1]
    assert gone in results["en"][1] and gone not in results["es"][1]
    assert "Traceback" not in results["es"][1]


@settings(max_examples=40, deadline=None)
@given(st.lists(person_lines(80), min_size=1, max_size=4), st.sampled_from(["en", "es"]))
def test_a_plan_reads_back_as_written_whichever_page_it_was_saved_with(texts, lang):
    from contactcheck.i18n import use_language

    plan = safetyplan.SafetyPlan()
    for text in texts:
        plan = plan.add("people", safetyplan.check_text(text))
    use_language(lang)
    try:
        page = safetyplan.to_yaml(plan)
    finally:
        use_language("en")
    for reading in ("en", "es"):
        use_language(reading)
        try:
            assert safetyplan.from_yaml(page.encode("utf-8"), "plan") == plan
        finally:
            use_language("en")


# -- the policy profile's top lines ---------------------------------------------------------

def test_policy_init_writes_its_notes_in_spanish_and_the_file_loads_in_both(invoke, tmp_path):
    answers = "Dra. Ruiz\n\nn\n" + "no\n" * 4 + "\n"
    paths = {}
    for lang in ("en", "es"):
        folder = tmp_path / lang
        result = invoke("policy", "init", input=answers,
                        env={"CONTACTCHECK_CONFIG_HOME": str(folder), "CONTACTCHECK_LANG": lang})
        assert result.exit_code == 0, result.output
        paths[lang] = folder / "policy.yaml"
    english, spanish = (paths[lang].read_text(encoding="utf-8") for lang in ("en", "es"))
    assert english.startswith("# Your therapist's contact policy, for contactcheck.\n")
    assert spanish.startswith("# Las normas de contacto de su terapeuta, para contactcheck.\n"
                              "# Cada sección:")
    assert "Your therapist" not in spanish and "Sections" not in spanish
    # Only the notes differ: the keys and values are the same, and read the same in both.
    assert english.splitlines()[2:] == spanish.splitlines()[2:]
    assert 'therapist: "Dra. Ruiz"' in spanish and "dbt_coaching: no" in spanish
    shown = [json.loads(invoke("policy", "show", "--policy", str(paths[written]), "--format",
                               "json", env={"CONTACTCHECK_LANG": reading}).stdout)
             for written in ("en", "es") for reading in ("en", "es")]
    assert shown[0]["therapist"] == "Dra. Ruiz" and shown[0]["facts"]["dbt_coaching"] == "no"
    assert all({**each, "path": None} == {**shown[0], "path": None} for each in shown)


# -- what is written as English stays readable: a file from a test of the old layout ------

def test_the_english_page_is_unchanged(tmp_path):
    page = safetyplan.to_yaml(safetyplan.SafetyPlan())
    assert page.startswith("# My safety plan\n#\n# Seven steps to go through")
    assert "# 1. Warning signs\n#    Thoughts, images, moods" in page
    assert textwrap.dedent("""\
        # 7. Reasons for living
        #    What matters most to me and is worth living for.
        reasons:
          # - ""
        """) in page
