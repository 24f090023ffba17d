"""A broken resources file, crisis line or regions file, said in Spanish at the same place.

A clinic's `--resources FILE` is read by `check` once the language is chosen (`--lang es`);
a practice file's `crisis_lines:` goes through the same reader; the shipped regions file
(and its `translations:`) too, read here in-process in each language. Each case is read in
English and in Spanish: the same exit code, every problem at the same line and column, the
Spanish words with the file's keys and values as typed, our English words gone, and the
crisis line still shown where English shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from contactcheck.check.regionfile import regions_from_bytes
from contactcheck.errors import InvalidFile, Problem
from contactcheck.i18n import use_language
from tests.helpers import Ran

CHECK = ("check", "--no-policy", "--region", "GB", "-a", "danger=suicidal_now")


def _located(stderr: str, name: str) -> list[str]:
    return re.findall(rf"^\S*{re.escape(name)}:(\d+:\d+): ", stderr, re.MULTILINE)


def _line(body: str) -> str:
    """A clinic line as YAML, with `body` added to a good one."""
    return '{name: "Team", kind: crisis, how: [{call: "0300 555 0100"}], hours: "24/7"' + body


# (name, the clinic file's text, Spanish words, our English words that must be gone)
CLINIC = [
    ("emergency line",
     'format: 1\nfrom: "Riverside"\nlines:\n  - ' + _line("}").replace("crisis", "emergency"),
     ["elemento 1 de «lines» es una línea de emergencias", "ponga el equipo de crisis"],
     ["is an emergency line", "national emergency number is always"]),
    ("unknown kind",
     'format: 1\nfrom: "Riverside"\nlines:\n  - ' + _line("}").replace("crisis", "crisiss"),
     ["«kind» de elemento 1 de «lines» es «crisiss»", "¿quería decir «crisis»?"],
     ["which is not one of", "did you mean"]),
    ("number with letters",
     'format: 1\nfrom: "Riverside"\nlines:\n  - '
     + _line("}").replace("0300 555 0100", "0300-CRISIS"),
     ["«call» de elemento 1 de «how» de elemento 1 de «lines» es «0300-CRISIS», que no es un "
      "número", "solo cifras, espacios y guiones"], ["not a number", "digits, spaces"]),
    ("no hours",
     'format: 1\nfrom: "Riverside"\nlines:\n  - ' + _line("}").replace(', hours: "24/7"', ""),
     ["falta la clave obligatoria «hours» en elemento 1 de «lines»"], ["is missing"]),
    ("chat not https",
     'format: 1\nfrom: "Riverside"\nlines:\n  - '
     + _line("}").replace('call: "0300 555 0100"', 'chat: "http://team.example"'),
     ["«chat» de elemento 1 de «how» de elemento 1 de «lines» debe ser una dirección https"],
     ["must be an https address"]),
    ("unknown key",
     'format: 1\nfrom: "Riverside"\nlines:\n  - ' + _line(", colour: red}"),
     ["clave desconocida «colour» en elemento 1 de «lines»", "claves permitidas"],
     ["unknown key", "allowed keys"]),
    ("a way that is not call, text or chat",
     'format: 1\nfrom: "Riverside"\nlines:\n  - '
     + _line("}").replace('call: "0300 555 0100"', 'phone: "0300 555 0100"'),
     ["elemento 1 de «how» de elemento 1 de «lines» empieza por «phone»",
      "use uno de estos: call, text, chat"], ["starts with", "use one of"]),
    ("a way that is text",
     'format: 1\nfrom: "Riverside"\nlines:\n  - '
     + _line("}").replace('[{call: "0300 555 0100"}]', '["0300 555 0100"]'),
     ["debe ser {call: NÚMERO}, {text: NÚMERO} (con keyword: PALABRA si hace falta) o "
      "{chat: https://...}"], ["must be one of", "if needed"]),
    ("a key to press that is not a key",
     'format: 1\nfrom: "Riverside"\nlines:\n  - '
     + _line("}").replace('call: "0300 555 0100"', 'call: "0300 555 0100", press: "two"'),
     ["«press» de elemento 1 de «how» de elemento 1 de «lines» es «two», que no es una tecla",
      'una cifra, * o # (press: "2")'], ["not a key", "a digit"]),
    ("a language that is not a code",
     'format: 1\nfrom: "Riverside"\nlines:\n  - ' + _line(", languages: [English]}"),
     ["elemento 1 de «languages» de elemento 1 de «lines» es «English», que no es un código de "
      "idioma como en o cy"], ["not a language code", "such as"]),
    ("a nation that is not one",
     'format: 1\nfrom: "Riverside"\nlines:\n  - ' + _line(", nation: Cornwall}"),
     ["«nation» de elemento 1 de «lines» es «Cornwall», que no es ninguno de estos valores: "
      "England"], ["not one of"]),
    ("format 2", 'format: 2\nfrom: "Riverside"\nlines:\n  - ' + _line("}"),
     ["«format» debe ser 1", "esta versión lee el formato 1"],
     ["must be 1", "this version reads"]),
    ("no provider", "format: 1\nlines:\n  - " + _line("}"),
     ["falta la clave obligatoria «from» en el archivo de recursos"],
     ["is missing", "the resources file"]),
    ("not a mapping", "- just a list\n",
     ["el nivel superior debe ser un mapa de claves y valores"], ["must be a mapping"]),
    ("empty from", 'format: 1\nfrom: ""\nlines:\n  - ' + _line("}"),
     ["«from» está en blanco"], ["is empty"]),
]


def _english_then_spanish(run_cli: Callable[..., Ran], args: tuple[str, ...]) -> tuple[Ran, Ran]:
    english = run_cli(*args)
    spanish = run_cli(*args, "--lang", "es")
    use_language("en")
    return english, spanish


@pytest.mark.parametrize(("name", "text", "spanish", "english"), CLINIC,
                         ids=[case[0] for case in CLINIC])
def test_a_broken_resources_file_is_said_in_spanish_at_the_same_place(
        run_cli, tmp_path, name, text, spanish, english):
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(text, encoding="utf-8")
    in_english, in_spanish = _english_then_spanish(run_cli,
                                                   (*CHECK, "--resources", str(clinic)))
    assert in_english.exit_code == in_spanish.exit_code == 3, in_spanish.output
    assert _located(in_english.stderr, "clinic.yaml"), in_english.stderr
    assert _located(in_spanish.stderr, "clinic.yaml") == _located(in_english.stderr,
                                                                  "clinic.yaml")
    said = " ".join(in_spanish.stderr.split())
    for words in spanish:
        assert words in said, in_spanish.stderr
    for words in english:
        assert words in " ".join(in_english.stderr.split()), in_english.stderr
        assert words not in said, in_spanish.stderr
    assert "archivo de recursos no válido" in said
    assert "Traceback" not in in_spanish.output
    # The crisis line is still shown, where English shows it.
    assert "999" in in_english.stderr and "999" in in_spanish.stderr
    assert "llame al 999" in said


# (name, the crisis line as YAML, Spanish words, our English words that must be gone)
CRISIS_LINES = [
    ("emergency line", _line("}").replace("crisis", "emergency"),
     ["elemento 1 de «crisis_lines» es una línea de emergencias"], ["is an emergency line"]),
    ("number with letters", _line("}").replace("0300 555 0100", "0300-CRISIS"),
     ["que no es un número", "solo cifras, espacios y guiones"], ["not a number"]),
    ("chat not https", _line("}").replace('call: "0300 555 0100"', 'chat: "http://x.example"'),
     ["debe ser una dirección https"], ["must be an https address"]),
    ("no hours", _line("}").replace(', hours: "24/7"', ""),
     ["falta la clave obligatoria «hours» en elemento 1 de «crisis_lines»"], ["is missing"]),
]


@pytest.mark.parametrize(("name", "line", "spanish", "english"), CRISIS_LINES,
                         ids=[case[0] for case in CRISIS_LINES])
def test_a_broken_crisis_line_of_a_practice_file_is_said_in_spanish_and_the_check_goes_on(
        run_cli, tmp_path, private_dirs, name, line, spanish, english):
    good = tmp_path / "practice.yaml"
    good.write_text('practice: "Riverside"\nupdated: "2026-11-20"\n', encoding="utf-8")
    assert run_cli("setup", str(good), "--yes").exit_code == 0
    installed = private_dirs["config"] / "practice.yaml"
    installed.write_text(f'practice: "Riverside"\nupdated: "2026-11-20"\ncrisis_lines:\n'
                         f"  - {line}\n", encoding="utf-8")  # edited after it was installed
    in_english, in_spanish = _english_then_spanish(run_cli, CHECK)
    assert in_english.exit_code == in_spanish.exit_code == 0, in_spanish.output
    assert _located(in_english.stderr, "practice.yaml"), in_english.stderr
    assert _located(in_spanish.stderr, "practice.yaml") == _located(in_english.stderr,
                                                                    "practice.yaml")
    said = " ".join(in_spanish.stderr.split())
    for words in spanish:
        assert words in said, in_spanish.stderr
    for words in english:
        assert words in " ".join(in_english.stderr.split()), in_english.stderr
        assert words not in said, in_spanish.stderr
    assert "Traceback" not in in_spanish.output
    # The emergency result, with its number, as in English.
    assert "999" in in_english.stdout and "999" in in_spanish.stdout
    assert "Busque ayuda ahora" in in_spanish.stdout


@pytest.mark.parametrize(("name", "line", "spanish", "english"), CRISIS_LINES,
                         ids=[case[0] for case in CRISIS_LINES])
def test_setup_check_says_a_broken_crisis_line_in_spanish_at_the_same_place(
        run_cli, tmp_path, name, line, spanish, english):
    practice = tmp_path / "practice.yaml"
    practice.write_text(f'practice: "Riverside"\nupdated: "2026-11-20"\ncrisis_lines:\n'
                        f"  - {line}\n", encoding="utf-8")
    in_english = run_cli("setup", "--check", str(practice))
    in_spanish = run_cli("setup", "--check", str(practice), env={"CONTACTCHECK_LANG": "es"})
    assert in_english.exit_code == in_spanish.exit_code == 3, in_spanish.output
    assert _located(in_english.stderr, "practice.yaml")
    assert _located(in_spanish.stderr, "practice.yaml") == _located(in_english.stderr,
                                                                    "practice.yaml")
    said = " ".join(in_spanish.stderr.split())
    for words in spanish:
        assert words in said, in_spanish.stderr
    for words in english:
        assert words not in said, in_spanish.stderr
    assert "Traceback" not in in_spanish.output


# -- the regions file, in-process (it ships with the tool; a person meets it after editing) -


REGIONS = """\
format: 1
translations:
  es:
    "Anywhere else": "cualquier otro lugar"
    "24/7": "24 horas, todos los días"
    "free": "gratis"
    "No national line.": "No hay línea nacional."
    "your local service": "el servicio de su zona"
regions:
  - code: "fallback"
    name: "Anywhere else"
    lines:
      - name: "112"
        kind: "emergency"
        how:
          - {call: "112"}
        hours: "24/7"
        cost: "free"
        source: "https://example.org/112"
        verified: "2026-12-01"
        quote: "Call 112."
      - name: "Helpline"
        kind: "crisis"
        how:
          - {call: "116 123"}
          - {text: "116 123"}
        hours: "24/7"
        source: "https://example.org/helpline"
        unverified: "a test"
    no_national:
      - kind: child_protection
        says: "No national line."
        named: "your local service"
        source: "https://www.example.gov/children"
        verified: "2026-12-01"
        quote: "Each state runs its own."
"""

_HELPLINE = '        unverified: "a test"\n'

# (name, the change, Spanish words, our English words that must be gone)
BROKEN_REGIONS = [
    ("a text with no translation", ('    "free": "gratis"\n', ""),
     ["«cost» de la línea 1 de la región fallback («free») no tiene traducción a es",
      "añádala en «translations: es:», al principio del archivo"],
     ["has no translation", "add it under"]),
    ("a translation of nothing", ('"free": "gratis"', '"free": "gratis"\n    "fre": "gratis"'),
     ["«fre», en «translations: es», no es un nombre de región, un horario, un precio",
      "corríjalo"], ["is not a region name", "correct it"]),
    ("a Spanish name without its source",
     (_HELPLINE, _HELPLINE + '        translations: {es: {name: "Línea de ayuda"}}\n'),
     ["«translations: es» de la línea 2 de la región fallback da un nombre sin «name_source»",
      "solo un nombre que el propio servicio usa"], ["gives a name without", "only a name"]),
    ("a translation that changes the numbers",
     (_HELPLINE, _HELPLINE + '        translations: {es: {how: [{call: "116 124"}]}}\n'),
     ["no lleva a los números de la línea", "nunca los números: 116 123"],
     ["does not reach", "never the numbers"]),
    ("a language the file does not list",
     (_HELPLINE, _HELPLINE + '        translations: {fr: {how: [{call: "116 123"}]}}\n'),
     ["tiene «fr», que no figura en el «translations» del archivo", "idiomas del archivo: es"],
     ["which the file's", "languages of the file"]),
    ("not a language tag", ("  es:\n", "  Spanish:\n"),
     ["«Spanish», en «translations», no es una etiqueta de idioma",
      "escriba una etiqueta BCP 47"], ["is not a language tag", "write a BCP 47"]),
    ("a description that drops the name",
     (_HELPLINE, _HELPLINE + '        translations: {es: {describe: "Línea de ayuda"}}\n'),
     ["omite Helpline del nombre «Helpline»", "una descripción traduce solo las palabras"],
     ["drops", "a description translates"]),
    ("both name and describe",
     (_HELPLINE, _HELPLINE + '        translations: {es: {name: "Ayuda", name_source: '
      '"https://a.org/", describe: "Helpline (ayuda)"}}\n'),
     ["tiene a la vez «name» y «describe»", "deje solo una de las dos"],
     ["has both", "keep one"]),
    ("no fallback region", ('code: "fallback"', 'code: "GB"'),
     ["no hay región por defecto (code: fallback)", "da los números que funcionan"],
     ["there is no fallback", "it lists the numbers"]),
    ("a code that is not a country", ('code: "fallback"', 'code: "Britain"'),
     ["«code» de elemento 1 de «regions» es «Britain», que no es un código de país",
      "use las dos letras mayúsculas"], ["not a country code", "use the two capital"]),
    ("no emergency number", ('kind: "emergency"', 'kind: "poison"'),
     ["la región fallback no tiene número de emergencias",
      "cada región da primero su número de emergencias"],
     ["has no emergency number", "every region names"]),
    ("no national crisis line", ("kind: child_protection", "kind: crisis"),
     ["dice que no hay ninguna línea «crisis»", "cada región tiene su número de emergencias"],
     ["says there is no", "every region lists"]),
    ("a kind listed and said to be absent", ('kind: "crisis"', "kind: child_protection"),
     ["la región fallback tiene una línea «child_protection» y a la vez dice que no tiene "
      "ninguna nacional", "deje solo una de las dos"], ["also says", "keep one"]),
    ("neither verified nor unverified", (_HELPLINE, ""),
     ["la línea 2 de la región fallback no tiene ni «verified»"], ["has neither"]),
    ("verified and unverified", ('        quote: "Call 112."\n',
                                 '        quote: "Call 112."\n        unverified: "no"\n'),
     ["la línea 1 de la región fallback tiene a la vez «verified» y «unverified»"],
     ["is both verified"]),
    ("verified on a day that is not a date", ('verified: "2026-12-01"\n        quote: "Call',
                                              'verified: "1 Dec"\n        quote: "Call'),
     ["«verified» de la línea 1 de la región fallback no es una fecha",
      "escríbala como AAAA-MM-DD"], ["is not a date", "write it as"]),
    ("verified in the future", ('verified: "2026-12-01"\n        quote: "Call',
                                'verified: "2999-01-01"\n        quote: "Call'),
     ["«verified» de la línea 1 de la región fallback es una fecha futura"],
     ["is in the future"]),
    ("verified with no quote", ('        quote: "Call 112."\n', ""),
     ["la línea 1 de la región fallback tiene «verified» pero ninguna «quote»",
      "copie la frase de la fuente"], ["keeps no 'quote'", "copy the sentence"]),
    ("a source that is not https", ('"https://example.org/112"', '"http://example.org/112"'),
     ["«source» de la línea 1 de la región fallback no es una dirección web https"],
     ["is not an https web address"]),
    ("an empty source", ('"https://example.org/112"', '""'),
     ["«source» de la línea 1 de la región fallback está en blanco",
      "cada línea indica la página oficial"], ["is empty", "every line names"]),
    ("a 'see' that is not https", ("        says:", '        see: "ftp://x"\n        says:'),
     ["«see» de elemento 1 de «no_national» de la región fallback no es una dirección web "
      "https"], ["is not an https web address"]),
    ("members outside the EU", ('    name: "Anywhere else"\n',
                                '    name: "Anywhere else"\n    members: [FR]\n'),
     ["solo la entrada EU tiene «members»"], ["only the EU entry"]),
    ("a member that is not a code", ('    name: "Anywhere else"\n',
                                     '    name: "Anywhere else"\n    members: [France]\n'),
     ["es «France», que no es un código de país de dos letras en mayúsculas"],
     ["not a two-letter"]),
]


def _problems(text: str, lang: str) -> list[Problem]:
    use_language(lang)
    try:
        with pytest.raises(InvalidFile) as refused:
            regions_from_bytes(text.encode(), "regions.yaml")
    finally:
        use_language("en")
    return list(refused.value.problems)


def _words(problems: list[Problem]) -> str:
    return " ".join(f"{problem.message} {problem.hint or ''}" for problem in problems)


@pytest.mark.parametrize(("name", "change", "spanish", "english"), BROKEN_REGIONS,
                         ids=[case[0] for case in BROKEN_REGIONS])
def test_a_broken_regions_file_is_said_in_spanish_at_the_same_place(name, change, spanish,
                                                                    english):
    regions_from_bytes(REGIONS.encode(), "regions.yaml")  # the table starts from a good file
    old, new = change
    assert old in REGIONS
    text = REGIONS.replace(old, new, 1)
    in_english, in_spanish = _problems(text, "en"), _problems(text, "es")
    assert [(p.line, p.col) for p in in_spanish] == [(p.line, p.col) for p in in_english]
    assert all(problem.line > 0 for problem in in_spanish)
    said = _words(in_spanish)
    for words in spanish:
        assert words in said, said
    for words in english:
        assert words in _words(in_english), _words(in_english)
        assert words not in said, said
    assert "116 123, 116 123" not in said  # a number the line is reached on is named once


def test_the_sources_file_s_problems_are_said_in_spanish(tmp_path):
    from contactcheck.check.sources import load_sources

    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - just text\n  - {id: Not-An-Id, title: t, publisher: p, "
                    'section: s, url: "https://a.org", checked: "2026-12-01"}\n',
                    encoding="utf-8")
    found = {}
    for lang in ("en", "es"):
        use_language(lang)
        try:
            with pytest.raises(InvalidFile) as refused:
                load_sources(path)
        finally:
            use_language("en")
        found[lang] = refused.value
    assert [(p.line, p.col) for p in found["es"].problems] == \
        [(p.line, p.col) for p in found["en"].problems]
    said = _words(list(found["es"].problems))
    assert "elemento 1 de «sources» debe ser un mapa con id, title" in said
    assert "el identificador de elemento 2 de «sources» no es un identificador simple" in said
    assert "must be a mapping" not in said and "plain id" not in said
