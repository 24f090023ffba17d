"""A broken policy profile, said in Spanish: the problems a person meets in their own profile.

Each broken profile is read twice, in English and in Spanish (`check --lang es --policy FILE`,
and `CONTACTCHECK_LANG=es contactcheck policy show --policy FILE`): the exit code is the same,
every problem is at the same line and column, the Spanish text names the profile's keys and
values as they are typed (never translated), and a check still shows the crisis line.
"""

from __future__ import annotations

import json
import re

import pytest

CHECK = ("check", "--region", "US", "-a", "danger=none", "-a", "urgent=none")
LOCATION = re.compile(r"^\S*policy\.yaml:(\d+:\d+): ", re.MULTILINE)

# (name, profile text, Spanish words, English words that must not be left)
BROKEN = [
    ("unknown key", "therapst: Dr Rivera\n",
     ["clave desconocida «therapst» en el perfil de normas", "¿quería decir «therapist»?"],
     "unknown key"),
    ("empty text", 'therapist: ""\n', ["«therapist» está en blanco"], "is empty"),
    ("two lines", 'fees: "one\\ntwo"\n', ["«fees» debe ocupar una sola línea",
                                         "escríbalo en una sola línea"], "single line"),
    ("text that is a list", "therapist: [a, b]\n",
     ["«therapist» debe ser un texto, no una lista", "ponga todo el texto entre comillas"],
     "must be text"),
    ("offer that is neither yes nor no", "after_hours: maybe\n",
     ["«after_hours» debe ser yes, no o un mapa de datos", "after_hours: no"],
     "must be yes, no"),
    ("unknown time zone", "timezone: Mars/Base\n",
     ["«Mars/Base» no es una zona horaria que este equipo conozca", "nombre IANA"],
     "time zone this computer knows"),
    ("hours with no time zone", 'office: {hours: {mon-fri: "09:00-17:00"}}\n',
     ["estas horas necesitan la zona horaria del perfil", "timezone: Europe/Madrid"],
     "need the profile's time zone"),
    ("a day that is not a day", 'timezone: Europe/Madrid\n'
     'dbt_coaching: {hours: {mon-fry: "09:00-17:00"}}\n',
     ["en «hours» de «dbt_coaching»: «mon-fry» no es un día ni un intervalo de días",
      "los días se escriben en inglés"], "is not a day"),
    ("hours that are not a range", 'timezone: Europe/Madrid\n'
     'after_hours: {number: "555", hours: {sat: "9-5"}}\n',
     ["«9-5» no es un horario como 09:00-17:00", 'escriba "09:00-17:00"'], "time range"),
    ("a day listed twice", 'timezone: Europe/Madrid\n'
     'office: {hours: {mon-fri: "09:00-17:00", mon: "10:00-11:00"}}\n',
     ["«mon» aparece dos veces («mon-fri» y «mon»)", "nombre cada día una sola vez"],
     "listed twice"),
    ("weekly session that is not a day and time", 'timezone: Europe/Madrid\n'
     'sessions: {weekly: someday}\n', ["«someday» no es un día con una hora"],
     "is not a day and a time"),
    ("away with a bad date", 'away: {until: "2026-13-01"}\n',
     ["«until» de «away» no es una fecha como 2026-12-20"], "is not a date"),
    ("channel of an unknown kind", "channels:\n  - {name: Portal, kind: pigeon}\n",
     ["el tipo de elemento 1 de «channels» es «pigeon», que no es ninguno de estos valores"],
     "which is not one of"),
    ("channel missing its kind", "channels:\n  - {name: Portal}\n",
     ["falta la clave obligatoria «kind» en elemento 1 de «channels»"], "is missing"),
    ("channel that is text", "channels:\n  - just text\n",
     ["elemento 1 de «channels» debe ser un mapa con name, kind, secure y for"],
     "must be a mapping"),
    ("empty channel list", "channels: []\n",
     ["«channels» no puede ser una lista vacía"], "must not be empty"),
]


def _locations(stderr: str) -> list[str]:
    return LOCATION.findall(stderr)


@pytest.mark.parametrize(("name", "text", "spanish", "english"), BROKEN,
                         ids=[case[0] for case in BROKEN])
def test_a_broken_profile_is_said_in_spanish_at_the_same_place(run_cli, profile, name, text,
                                                               spanish, english):
    path = profile(text)
    for command, spanish_env, spanish_args in (
            ((*CHECK, "--policy", path), None, ("--lang", "es")),
            (("policy", "show", "--policy", path), {"CONTACTCHECK_LANG": "es"}, ())):
        in_english = run_cli(*command)
        in_spanish = run_cli(*command, *spanish_args, env=spanish_env)
        assert in_spanish.exit_code == in_english.exit_code == 3, in_spanish.stderr
        assert english in in_english.stderr  # English runs keep their words
        assert _locations(in_spanish.stderr) == _locations(in_english.stderr) != []
        said = " ".join(in_spanish.stderr.split())
        for words in spanish:
            assert words in said, in_spanish.stderr
        assert english not in said
        assert "perfil de normas no válido" in said
        if command[0] == "check":
            assert "988" in in_spanish.stderr  # the crisis line, after the profile's problems


# (name, `policy edit` arguments, Spanish words, English words that must not be left)
EDITS = [
    ("not a field", ["--set", "nickname=Sam"],
     ["«nickname» no es un campo del perfil", "los campos son: therapist"], "is not a field"),
    ("not a detail", ["--set", "dbt_coaching.email=x"],
     ["«dbt_coaching.email» no es un dato de «dbt_coaching»: use dbt_coaching.number"],
     "is not a detail"),
    ("a change that would break the profile", ["--set", "timezone=Mars/Base"],
     ["ese cambio dejaría el perfil de normas no válido",
      "«Mars/Base» no es una zona horaria que este equipo conozca", "no se ha cambiado nada"],
     "nothing was changed"),
    ("a --set with no value", ["--set", "fees"],
     ["«fees» necesita un valor: CAMPO=VALOR"], "needs a value"),
    ("no change and no terminal", [],
     ["pregunta en un terminal qué campo cambiar", "--set CAMPO=VALOR"], "asks which field"),
    ("a change made", ["--set", "therapist=Dr. Ruiz"],
     ["Se ha cambiado therapist en", "Puede verlo con `contactcheck policy show`."],
     "Changed therapist"),
]


@pytest.mark.parametrize(("name", "args", "spanish", "english"), EDITS,
                         ids=[case[0] for case in EDITS])
def test_policy_edit_speaks_spanish_and_keeps_field_names(run_cli, profile, name, args, spanish,
                                                          english):
    for lang in ("en", "es"):
        path = profile("therapist: Dr. Kim\ndbt_coaching: no\n")
        ran = run_cli("policy", "edit", "--policy", path, *args,
                      env={"CONTACTCHECK_LANG": lang})
        said = " ".join((ran.stdout + ran.stderr).split())
        if lang == "en":
            in_english = ran
            assert english in said
            continue
        assert ran.exit_code == in_english.exit_code, said
        for words in spanish:
            assert words in said, said
        assert english not in said


def test_policy_show_says_what_is_not_offered_in_spanish(run_cli, profile):
    path = profile("therapist: Dr. Kim\ndbt_coaching: no\nafter_hours: no\n")
    in_english = run_cli("policy", "show", "--policy", path)
    in_spanish = run_cli("policy", "show", "--policy", path, env={"CONTACTCHECK_LANG": "es"})
    assert in_english.exit_code == in_spanish.exit_code == 0
    assert "Not offered: dbt coaching" in in_english.stdout
    assert "No se ofrece: coaching telefónico de DBT" in in_spanish.stdout
    assert "No se ofrece: contacto fuera de horario" in in_spanish.stdout
    assert "Not offered" not in in_spanish.stdout


SPANISH_INIT_ANSWERS = "\n".join([
    "Dra. Ruiz",        # therapist
    "",                 # response time: skipped
    "s", "Portal de la clínica", "Portal", "sí", "scheduling, clinical",
    "n",                # no more channels
    "sí", "Guardia", "555 0100",    # after hours
    "no",               # dbt coaching
    "no lo sé",         # covering colleague
    "si", "", "",       # between sessions, no details
    "",                 # fees
]) + "\n"


def test_policy_init_asks_in_spanish_and_takes_spanish_answers(invoke, tmp_path):
    env = {"CONTACTCHECK_CONFIG_HOME": str(tmp_path), "CONTACTCHECK_LANG": "es"}
    result = invoke("policy", "init", input=SPANISH_INIT_ANSWERS, env=env)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    for words in ("Nombre de su terapeuta (Intro para saltar)",
                  "¿Quiere añadir una forma de contactar con su terapeuta",
                  "[s/N]", "¿Su terapeuta ofrece coaching telefónico de DBT? "
                  "[sí/no/no lo sé; Intro: no lo sé]",
                  "Su perfil de normas se ha guardado en"):
        assert words in said, result.output
    for english in ("Enter to skip", "Do they offer", "Saved your policy profile"):
        assert english not in said
    shown = json.loads(invoke("policy", "show", "--format", "json", env=env).stdout)
    assert shown["facts"] == {"after_hours": "yes", "dbt_coaching": "no",
                              "between_sessions": "yes", "secure_messaging": "yes",
                              "urge_support": "after_hours"}  # as tests/test_commands.py's
    assert shown["therapist"] == "Dra. Ruiz"
    assert shown["channels"][0]["kind"] == "portal"  # values stay as typed: never translated


def test_policy_init_asks_again_after_an_answer_it_cannot_read_in_spanish(invoke, tmp_path):
    env = {"CONTACTCHECK_CONFIG_HOME": str(tmp_path), "CONTACTCHECK_LANG": "es"}
    answers = "\n\nn\nquizás\nno\n" + "\n" * 4
    result = invoke("policy", "init", input=answers, env=env)
    assert result.exit_code == 0, result.output
    assert "responda sí, no o no lo sé" in result.output
    assert "dbt_coaching" not in (tmp_path / "policy.yaml").read_text(encoding="utf-8")
    assert "after_hours: no" in (tmp_path / "policy.yaml").read_text(encoding="utf-8")
