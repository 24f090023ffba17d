"""The screenshots in docs/ exist, are linked from the README, and still show what the tool does.

Refresh them with `python docs/make_screens.py`.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def make_screens():
    spec = importlib.util.spec_from_file_location("make_screens", DOCS / "make_screens.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCREENS = make_screens().SCREENS
SCREENS_ES = make_screens().SCREENS_ES


def test_the_readme_links_the_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/screens.md)" in readme
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        assert (ROOT / image).is_file(), image


def test_the_screens_page_shows_every_decision_and_a_session():
    page = (DOCS / "screens.md").read_text(encoding="utf-8")
    for name in SCREENS:
        for suffix in ("svg", "txt"):
            assert f"(screens/{name}.{suffix})" in page
            assert (DOCS / "screens" / f"{name}.{suffix}").is_file()
    assert (DOCS / "screens" / "session.txt").read_text(encoding="utf-8") in page


def test_the_spanish_screens_page_shows_the_danger_screen_and_each_result():
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_translation, translation_path

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/screens.es.md)" in readme
    page = (DOCS / "screens.es.md").read_text(encoding="utf-8")
    for name in SCREENS_ES:
        for suffix in ("svg", "txt"):
            assert f"(screens/{name}.{suffix})" in page
            assert (DOCS / "screens" / f"{name}.{suffix}").is_file()
    danger = (DOCS / "screens" / "es-danger.txt").read_text(encoding="utf-8")
    assert danger in page
    path = find_tree("default")
    assert path is not None
    translated = translation_path(path, "es")
    assert translated is not None
    spanish = load_translation(translated, path)
    # The capture still shows the Spanish danger screen as the tree words it now.
    first = spanish.start_question
    for text in (first.text, *(choice.label for choice in first.choices)):
        assert " ".join(text.split()) in " ".join(danger.split()), (
            "docs/screens/es-danger.txt is stale: run `python docs/make_screens.py`")
    assert "988" in danger  # the crisis line, before the first question


@pytest.mark.parametrize(("name", "lang"), [*((name, "en") for name in SCREENS),
                                            *((name, "es") for name in SCREENS_ES)])
def test_each_capture_is_what_the_tool_shows_now(name, lang):
    # The whole result, as text: a changed word, line or number makes the page stale (where
    # lines wrap is left to the rich release installed).
    shown = (DOCS / "screens" / f"{name}.txt").read_text(encoding="utf-8")
    screens = SCREENS if lang == "en" else SCREENS_ES
    now = make_screens().render(screens[name][1], lang)[1]
    assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", now), (
        "docs/screens/ is stale: run `python docs/make_screens.py`")
