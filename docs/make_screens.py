"""Make the screenshots in docs/screens/: each decision's result, and a whole session.

Run from the repository (after `pip install -e '.[test]'`):

    python docs/make_screens.py

The results are rendered by the same code as `contactcheck check` (region GB,
no policy profile), recorded by rich as SVG (colours as people see them) and
as plain text. The session is the real interactive check in a pty, read
through a terminal emulator, as a person at an 80-column terminal sees it.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screens"
sys.path.insert(0, str(ROOT))

SCREENS = {
    # file name: (title, answers on the path)
    "emergency": ("Emergency", {"danger": "about_to_act"}),
    "urgent": ("Urgent", {"danger": "none", "urgent": "suicidal_thoughts",
                          "thoughts_using": "no"}),
    "contact-now": ("Contact now", {"danger": "none", "urgent": "none", "topic": "admin",
                                    "admin_kind": "cancel"}),
    "wait-for-session": ("Wait for the session",
                         {"danger": "none", "urgent": "none", "topic": "share",
                          "share_kind": "good_news", "msg_allowed": "no"}),
    "raise-in-session": ("Raise it in session",
                         {"danger": "none", "urgent": "none", "topic": "connection",
                          "connection_kind": "more_contact"}),
}
WIDTH = 80


def result_console() -> object:
    """Like output.make_console (no markup, highlighting or emoji), recording, in colour."""
    from rich.console import Console

    return Console(file=io.StringIO(), record=True, width=WIDTH, force_terminal=True,
                   color_system="truecolor", markup=False, highlight=False, emoji=False,
                   soft_wrap=False, legacy_windows=False)


def render(answers: dict[str, str]) -> tuple[str, str]:
    """The result screen for `answers`: (svg, text)."""
    from contactcheck.check.answers import GivenAnswers
    from contactcheck.check.engine import walk
    from contactcheck.check.region_choice import choose_region
    from contactcheck.check.report import build_report
    from contactcheck.output.text import render_result
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_tree

    path = find_tree("default")
    assert path is not None
    result = walk(load_tree(path), GivenAnswers(answers))
    report = build_report(result, choose_region("GB"), None)
    console = result_console()
    console.print(render_result(report, console))  # type: ignore[attr-defined]
    text = console.export_text(clear=False)  # type: ignore[attr-defined]
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    svg = console.export_svg(title="contactcheck")  # type: ignore[attr-defined]
    return svg, text


def session() -> str:
    """A whole interactive check, as seen in an 80x30 terminal."""
    from tests.terminal import Terminal

    from contactcheck.interactive.prompts import display_choices
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_tree

    path = find_tree("default")
    assert path is not None
    tree = load_tree(path)
    with tempfile.TemporaryDirectory() as home:
        term = Terminal("check", home=Path(home), rows=30, cols=WIDTH,
                        env={"NO_COLOR": "1"})
        for question_id, value in SCREENS["wait-for-session"][1].items():
            question = tree.questions[question_id]
            shown = [choice.value for choice in display_choices(tree, question)]
            term.wait_for(question.text)
            term.send(f"{shown.index(value) + 1}\r")
            term.wait_for(f"-> {question.choice(value).label}")  # type: ignore[union-attr]
        term.wait_for("Ready for the suggestion?")
        term.send("1\r")
        term.wait_for("Add this to your agenda for the next session? [y/N]")
        term.send("\r")  # Enter: no
        code = term.finish()
        assert code == 0, code
        return term.transcript().rstrip() + "\n"


PAGE_INTRO = """\
# What contactcheck looks like

Made by `python docs/make_screens.py` from the bundled tree, for someone in the UK
(`--region GB`) with no policy profile. Every result leads with its decision in words and a
symbol, so it never rests on colour alone.

## A whole session

In an 80-column terminal: the two danger checks first, then three questions, the review where any
answer can be changed, and the result. Arrow keys or a number, then Enter; `?` shows help; Back
re-answers the previous question; Esc or Ctrl-C stops (nothing is saved; the crisis line is shown).

```text
{session}```

## Each decision's result
"""


def page(session_text: str) -> str:
    """docs/screens.md: the session, then each result as an image with its text."""
    parts = [PAGE_INTRO.format(session=session_text)]
    for name, (title, answers) in SCREENS.items():
        path = ", ".join(f"{question}={value}" for question, value in answers.items())
        parts.append(f"\n### {title}\n\n`{path}` ([as text](screens/{name}.txt))\n\n"
                     f"![The result: {title.lower()}](screens/{name}.svg)\n")
    return "".join(parts)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (_title, answers) in SCREENS.items():
        svg, text = render(answers)
        (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")
        (OUT / f"{name}.txt").write_text(text, encoding="utf-8")
    transcript = session()
    (OUT / "session.txt").write_text(transcript, encoding="utf-8")
    (ROOT / "docs" / "screens.md").write_text(page(transcript), encoding="utf-8")
    print(f"wrote docs/screens.md and {len(SCREENS) * 2 + 1} files in docs/screens/",
          file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("CONTACTCHECK_REGION", "GB")
    main()
