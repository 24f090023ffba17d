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


@pytest.mark.parametrize("name", list(SCREENS))
def test_each_capture_is_what_the_tool_shows_now(name):
    # The whole result, as text: a changed word, line or number makes the page stale (where
    # lines wrap is left to the rich release installed).
    shown = (DOCS / "screens" / f"{name}.txt").read_text(encoding="utf-8")
    now = make_screens().render(SCREENS[name][1])[1]
    assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", now), (
        "docs/screens/ is stale: run `python docs/make_screens.py`")
