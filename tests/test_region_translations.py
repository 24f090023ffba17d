"""The regions file in other languages: one reader checks every translation, located."""

from __future__ import annotations

import textwrap

import pytest

from contactcheck.check.regionfile import regions_from_bytes
from contactcheck.errors import InvalidFile

BASE = """\
format: 1
translations:
  es:
    "Anywhere else": "cualquier otro lugar"
    "24/7": "24 horas, todos los días"
    "free": "gratis"
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
        unverified: "a test"
      - name: "Helpline"
        kind: "crisis"
        how:
          - {call: "116 123"}
          - {text: "116 123"}
        hours: "24/7"
        source: "https://example.org/helpline"
        unverified: "a test"
"""


def _read(text: str):
    return regions_from_bytes(text.encode(), "regions.yaml")


def test_a_translated_file_reads_each_text_in_its_language():
    region = _read(BASE)["fallback"]
    spanish = region.in_language("es")
    assert spanish.name == "cualquier otro lugar"
    assert [(line.name, line.hours, line.cost) for line in spanish.lines] == [
        ("112", "24 horas, todos los días", "gratis"),
        ("Helpline", "24 horas, todos los días", None)]
    assert region.in_language("fr") == region  # a language the file lacks: as written
    assert region.in_language("es-MX").name == "cualquier otro lugar"


def test_a_description_around_a_service_s_name_is_translated_and_the_name_kept():
    text = BASE.replace('"Helpline"', '"Helpline (for adults)"') + \
        '        translations: {es: {describe: "Helpline (para adultos)"}}\n'
    line = _read(text)["fallback"].in_language("es").lines[1]
    assert line.name == "Helpline (para adultos)"


def test_a_service_has_its_own_how_to_in_a_language():
    text = BASE + textwrap.indent(textwrap.dedent("""\
        translations:
          es:
            how:
              - {call: "116 123", press: "2"}
              - {text: "116 123", keyword: "AYUDA"}
        """), " " * 8)
    line = _read(text)["fallback"].in_language("es").lines[1]
    assert [(c.method, c.address, c.keyword, c.press) for c in line.how] == [
        ("call", "116 123", None, "2"), ("text", "116 123", "AYUDA", None)]
    assert line.name == "Helpline"  # no name of its own in Spanish: it keeps its name


@pytest.mark.parametrize(("change", "line", "words"), [
    # a text of the file with no translation
    (lambda t: t.replace('    "free": "gratis"\n', ""), 15, "has no translation into es"),
    # an entry that translates nothing (the English text changed)
    (lambda t: t.replace('"free": "gratis"', '"free": "gratis"\n    "fre": "gratis"'), 7,
     "is not a region name, hours, cost"),
    # a Spanish name without its source
    (lambda t: t + '        translations: {es: {name: "Línea de ayuda"}}\n', 27,
     "without 'name_source'"),
    # a translation that changes the numbers
    (lambda t: t + '        translations: {es: {how: [{call: "116 124"}]}}\n', 27,
     "does not reach the line's numbers"),
    # a language the file does not translate into
    (lambda t: t + '        translations: {fr: {how: [{call: "116 123"}]}}\n', 27,
     "does not list"),
    (lambda t: t.replace("  es:\n", "  Spanish:\n"), 3, "not a language tag"),
    # a description keeps the service's own name as written, and an emergency line's numbers
    (lambda t: t + '        translations: {es: {describe: "Línea de ayuda"}}\n', 27,
     "drops Helpline"),
    (lambda t: t.replace('        hours: "24/7"\n        cost: "free"',
                         '        translations: {es: {describe: "Emergencias"}}\n'
                         '        hours: "24/7"\n        cost: "free"'), 15, "drops 112"),
    (lambda t: t + '        translations: {es: {name: "Ayuda", name_source: "https://a.org/", '
     'describe: "Helpline (ayuda)"}}\n', 27, "both 'name' and 'describe'"),
    (lambda t: t + '        translations: {es: {how: [{call: "116 123", press: "two"}]}}\n',
     27, "not a key"),
])
def test_a_bad_translation_is_refused_and_located(change, line, words):
    with pytest.raises(InvalidFile) as error:
        _read(change(BASE))
    problems = error.value.problems
    assert any(problem.line == line and words in problem.message for problem in problems), \
        [(problem.line, problem.message) for problem in problems]
