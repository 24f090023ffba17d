"""Every output format on every encoding a terminal can have: the result always appears.

With `LC_ALL=C` and UTF-8 mode off, stdout's error handler is `surrogateescape`,
not `strict`; an ASCII or Latin-1 terminal cannot show an em dash or a warning
sign. None of it may stop an emergency result half-printed: symbols get ASCII
stand-ins and no run ends in a UnicodeEncodeError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import (
    assert_emergency_shown,
    assert_no_traceback,
    emergency_answer,
    emergency_args,
    person_env,
    run,
)

LOCALES = {
    "C": {"LC_ALL": "C", "LANG": "C"},
    "POSIX": {"LC_ALL": "POSIX", "LANG": "POSIX"},
    "C.UTF-8": {"LC_ALL": "C.UTF-8"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "ascii-surrogateescape": {"PYTHONIOENCODING": "ascii:surrogateescape"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "latin-1-strict": {"PYTHONIOENCODING": "latin-1:strict", "LC_ALL": "C"},
}
UTF8_MODE = {"utf8-mode-off": {"PYTHONUTF8": "0"}, "utf8-mode-on": {"PYTHONUTF8": "1"},
             "-X utf8": {}}


@pytest.mark.parametrize("mode", UTF8_MODE)
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_an_emergency_result_prints_whole_on_any_encoding(
        tmp_path: Path, locale: str, mode: str, output_format: str) -> None:
    env = {**person_env(tmp_path), **LOCALES[locale], **UTF8_MODE[mode]}
    done = run([*emergency_args(), "--format", output_format, "--explain"], env,
               python=("-X", "utf8") if mode == "-X utf8" else ())
    assert done.code == 0, done.output
    assert_no_traceback(done)
    assert "UnicodeEncodeError" not in done.output
    assert_emergency_shown(done.stdout)


@pytest.mark.parametrize("locale", ["C", "ascii", "latin-1"])
@pytest.mark.parametrize("args", [
    ["resources", "--all"],
    ["questions"],
    ["paths", "--limit", "100000"],
    ["graph"],
    ["where"],
    ["trees"],
    ["safety-plan", "show"],
    ["agenda", "list"],
    ["validate"],
    ["lint"],
    ["--help"],
])
def test_every_command_prints_on_a_narrow_encoding(
        tmp_path: Path, locale: str, args: list[str]) -> None:
    env = {**person_env(tmp_path), **LOCALES[locale], "PYTHONUTF8": "0"}
    # Something of the person's with symbols in it (typed on a UTF-8 terminal), to show.
    typed = person_env(tmp_path)
    done = run(["safety-plan", "add", "coping", "Walk — 10 min ⚠ café"], typed)
    assert done.code == 0, done.output
    done = run(["agenda", "add", "Ask about “homework” — café"], typed)
    assert done.code == 0, done.output
    done = run(args, env)
    assert_no_traceback(done)
    assert "UnicodeEncodeError" not in done.output
    assert done.code in (0, 1), done.output  # lint may warn


@pytest.mark.parametrize("locale", ["C", "ascii", "latin-1"])
def test_an_error_prints_with_the_crisis_line_on_a_narrow_encoding(
        tmp_path: Path, locale: str) -> None:
    env = {**person_env(tmp_path), **LOCALES[locale], "PYTHONUTF8": "0"}
    question, _ = emergency_answer()
    done = run(["check", "-a", f"{question}=not\u2013a\u2013value"], env)
    assert done.code == 2, done.output
    assert_no_traceback(done)
    assert_emergency_shown(done.stderr)


NARROW = ["C", "POSIX", "ascii", "ascii-surrogateescape"]


@pytest.mark.parametrize("locale", NARROW)
@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_an_ascii_terminal_gets_only_ascii_with_stand_ins(
        tmp_path: Path, locale: str, output_format: str) -> None:
    import subprocess
    import sys

    env = {**person_env(tmp_path), **LOCALES[locale], "PYTHONUTF8": "0"}
    done = subprocess.run([sys.executable, "-m", "contactcheck", *emergency_args(),
                           "--format", output_format], env=env, capture_output=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii(), [b for b in done.stdout if b > 127][:5]
    assert_emergency_shown(done.stdout.decode("ascii"))


@pytest.mark.parametrize("locale", ["ascii", "latin-1", "C"])
def test_json_on_a_narrow_encoding_keeps_every_character(tmp_path: Path, locale: str) -> None:
    import json

    note = "café — “quoted” ⚠"
    assert run(["agenda", "add", note], person_env(tmp_path)).code == 0
    env = {**person_env(tmp_path), **LOCALES[locale], "PYTHONUTF8": "0"}
    done = run(["agenda", "list", "--format", "json"], env)
    assert done.code == 0, done.output
    assert json.loads(done.stdout)[0]["text"] == note
