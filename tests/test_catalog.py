"""The interface's strings go through gettext catalogs made with Babel, and shipped compiled."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import REPO

babel_extract = pytest.importorskip("babel.messages.extract")
pofile = pytest.importorskip("babel.messages.pofile")
mofile = pytest.importorskip("babel.messages.mofile")

LOCALE = REPO / "src" / "contactcheck" / "locale"
LANGUAGES = ("es",)


def _in_code() -> set[str]:
    """Every string the code marks for translation, as Babel extracts it (babel.cfg)."""
    method_map = [("**.py", "python")]  # as babel.cfg says
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in babel_extract.extract_from_dir(
                str(REPO / "src" / "contactcheck"), method_map)}


def _catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "contactcheck.po").open("rb") as file:
        return pofile.read_po(file)


def test_there_are_strings_to_translate():
    found = _in_code()
    assert {"Why", "What to do", "If things change or get worse",
            "Ready for the suggestion?"} <= found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalog_and_translated(lang):
    catalog = _catalog(lang)
    missing = sorted(message for message in _in_code()
                     if catalog.get(message) is None or not catalog.get(message).string)
    assert missing == [], "run the commands in docs/translation.md (pybabel extract, update)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shipped_compiled_catalog_is_the_catalog(lang):
    compiled = LOCALE / lang / "LC_MESSAGES" / "contactcheck.mo"
    with compiled.open("rb") as file:
        shipped = {_key(message.id): _key(message.string)
                   for message in mofile.read_mo(file) if message.id}
    wanted = {_key(message.id): _key(message.string) for message in _catalog(lang)
              if message.id and message.string and not message.fuzzy}
    assert shipped == wanted, "run: pybabel compile -d src/contactcheck/locale -D contactcheck"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_looked_up_as_stdlib_gettext_reads_it(lang):
    """The catalog is searched where it lies (i18n.py), not decoded whole: every entry, every
    plural form, and strings it lacks, must read as `gettext.GNUTranslations` reads them."""
    import gettext

    from contactcheck.i18n import _, ngettext, use_language

    compiled = LOCALE / lang / "LC_MESSAGES" / "contactcheck.mo"
    with compiled.open("rb") as file:
        stdlib = gettext.GNUTranslations(file)
    counts = [*range(30), 100, 101, 1_000_000, 1_000_001, 2_000_000]
    use_language(lang)
    try:
        for message in _catalog(lang):
            if isinstance(message.id, tuple):
                one, many = message.id
                assert _(one) == stdlib.gettext(one), one
                for count in counts:
                    assert ngettext(one, many, count) == stdlib.ngettext(one, many, count), \
                        (one, count)
            else:
                assert _(message.id) == stdlib.gettext(message.id), message.id
                assert ngettext(message.id, "many", 2) == stdlib.ngettext(message.id, "many", 2)
        for absent in ("not in any catalog", "zzzz", "{what} is", "\u00f1", " Why"):
            assert _(absent) == stdlib.gettext(absent) == absent
            assert ngettext(absent, "many", 1) == absent
            assert ngettext(absent, "many", 5) == "many"
    finally:
        use_language("en")


def _key(value):
    """A message id or string as a dict key (a plural entry's are lists or tuples)."""
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang):
    import re

    field = re.compile(r"\{[a-z_]*\}")
    for message in _catalog(lang):
        if not (message.id and message.string):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), message.id  # every plural form is written
        for string in strings:  # each form keeps the plural's fields (`{count}` and the rest)
            assert sorted(field.findall(ids[-1])) == sorted(field.findall(string)), message.id


PROBE = """
import contextlib, io, json, sys
from contactcheck.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps(sorted(name for name in sys.modules
                        if name.split(".")[0] == "babel" or name == "contactcheck.i18n")))
"""


@pytest.mark.slow
@pytest.mark.parametrize("env", [{"CONTACTCHECK_LANG": "es"}, {"LANG": "es_ES.UTF-8"}, {}])
@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["agenda", "add", "--help"],
                                  ["safety-plan", "--help"]])
def test_help_loads_no_catalog_in_any_language(env, args):
    """Translations cost `--help` nothing: no Babel, no catalog, in every language."""
    import os

    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, check=False, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.slow
def test_a_spanish_check_uses_stdlib_gettext_never_babel(invoke):
    done = subprocess.run(
        [sys.executable, "-c", PROBE.replace('name == "contactcheck.i18n"', "False"),
         "check", "--lang", "es", "--region", "US", "-a", "danger=about_to_act"],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_spanish_headings_and_english_json(invoke):
    args = ["check", "--region", "US", "--no-policy", "-a", "danger=none", "-a", "urgent=none",
            "-a", "topic=connection", "-a", "connection_kind=more_contact"]
    text = invoke(*args, "--lang", "es").stdout
    assert "Por qué" in text and "Qué hacer" in text and "Si las cosas cambian" in text
    assert "Why" not in text.split()
    markdown = invoke(*args, "--lang", "es", "--format", "markdown").stdout
    assert "## Por qué" in markdown
    data = json.loads(invoke(*args, "--lang", "es", "--format", "json").stdout)
    assert data["decision"] == "raise_in_session"
    english = invoke(*args).stdout
    assert "Why" in english  # the language does not stick between runs
