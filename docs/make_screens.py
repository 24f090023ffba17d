"""Make the screenshots in docs/screens/: each decision's result, and a whole session.

Run from the repository (after `pip install -e '.[test]'`):

    python docs/make_screens.py

The results are rendered by the same code as `contactcheck check` (region GB,
no policy profile), recorded by rich as SVG (colours as people see them) and
as plain text. The session is the real interactive check in a pty, read
through a terminal emulator, as a person at an 80-column terminal sees it.
The same, in Spanish (`--lang es`, region US, where 988 answers in Spanish), makes
docs/screens.es.md: the danger screen and a result of each kind (`SCREENS_ES`).
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
SCREENS_ES = {
    # file name: (title, answers on the path), shown with --lang es
    "es-emergency": ("Emergencia", SCREENS["emergency"][1]),
    "es-urgent": ("Urgente", SCREENS["urgent"][1]),
    "es-wait-for-session": ("Esperar a la sesión", SCREENS["wait-for-session"][1]),
}
REGION_ES = "US"
"""The Spanish screens' region: the US, whose crisis line has a Spanish service (988, press 2)."""
WIDTH = 80


def result_console() -> object:
    """Like output.make_console (no markup, highlighting or emoji), recording, in colour."""
    from rich.console import Console

    return Console(file=io.StringIO(), record=True, width=WIDTH, force_terminal=True,
                   color_system="truecolor", markup=False, highlight=False, emoji=False,
                   soft_wrap=False, legacy_windows=False)


def render(answers: dict[str, str], lang: str = "en") -> tuple[str, str]:
    """The result screen for `answers` in `lang` (en: region GB; es: region US): (svg, text)."""
    from contactcheck.check.answers import GivenAnswers
    from contactcheck.check.engine import walk
    from contactcheck.check.region_choice import choose_region
    from contactcheck.check.report import build_report
    from contactcheck.i18n import language, use_language
    from contactcheck.output.text import render_result
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_translation, load_tree, translation_path

    path = find_tree("default")
    assert path is not None
    tree = load_tree(path)
    if lang != "en":
        translated = translation_path(path, lang)
        assert translated is not None
        tree = load_translation(translated, path)
    before = language()
    use_language(lang)
    try:
        result = walk(tree, GivenAnswers(answers))
        report = build_report(result, choose_region("GB" if lang == "en" else REGION_ES), None)
        console = result_console()
        console.print(render_result(report, console))  # type: ignore[attr-defined]
    finally:
        use_language(before)
    text = console.export_text(clear=False)  # type: ignore[attr-defined]
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    svg = console.export_svg(title="contactcheck")  # type: ignore[attr-defined]
    return svg, text


ROWS = 24


def session() -> str:
    """A whole interactive check, as the screen of an 80x24 terminal shows it at each step."""
    from tests.terminal import Terminal

    from contactcheck.interactive.prompts import display_choices
    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_tree

    path = find_tree("default")
    assert path is not None
    tree = load_tree(path)
    shots: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as home:
        term = Terminal("check", home=Path(home), rows=ROWS, cols=WIDTH,
                        env={"NO_COLOR": "1"})
        for number, (question_id, value) in enumerate(SCREENS["wait-for-session"][1].items()):
            question = tree.questions[question_id]
            shown = [choice.value for choice in display_choices(tree, question)]
            term.wait_for(question.text)
            if number == 0:
                shots.append(("The danger screen comes first", term.visible()))
            term.send(f"{shown.index(value) + 1}\r")
            term.wait_for_output(f"-> {question.choice(value).label}")  # type: ignore[union-attr]
        term.wait_for("Ready for the suggestion?")
        shots.append(("The answers, once each, before the suggestion", term.visible()))
        term.send("1\r")
        term.wait_for("Add this to your agenda for the next session? [y/N]")
        shots.append(("Right after the result (its top has scrolled up; the end restates it)",
                      term.visible()))
        code = term.decline_offers()  # Enter: no, at each offer
        assert code == 0, code
        shots.append(("After Enter (no) at each offer", "\n".join(
            term.visible().rstrip().splitlines()[-4:])))
    return "".join(f"{title}:\n\n```text\n{screen.rstrip()}\n```\n\n"
                   for title, screen in shots)


PAGE_INTRO = """\
# What contactcheck looks like

Made by `python docs/make_screens.py` from the bundled tree, for someone in the UK
(`--region GB`) with no policy profile. Every result leads with its decision in words and a
symbol, so it never rests on colour alone. In Spanish (`--lang es`): [screens.es.md](screens.es.md).

## A whole session

In an 80x24 terminal: the danger check first, then two questions, the review where any
answer can be changed, and the result. Arrow keys or a number, then Enter; `?` shows help in
place; Back re-answers the previous question; Esc or Ctrl-C stops (nothing is saved; the crisis
line is shown). The questions are cleared before the review and the result, so the result's
decision, first step and crisis line stay on the screen.

{session}
## Each decision's result
"""


def page(session_text: str) -> str:
    """docs/screens.md: the session, then each result as an image with its text."""
    return PAGE_INTRO.format(session=session_text) + _results(SCREENS, "as text",
                                                              "The result")


def _results(screens: dict[str, tuple[str, dict[str, str]]], as_text: str, alt: str) -> str:
    """Each result's section: its answers, a link to its text, and its image."""
    parts = []
    for name, (title, answers) in screens.items():
        path = ", ".join(f"{question}={value}" for question, value in answers.items())
        parts.append(f"\n### {title}\n\n`{path}` ([{as_text}](screens/{name}.txt))\n\n"
                     f"![{alt}: {title.lower()}](screens/{name}.svg)\n")
    return "".join(parts)


def danger_screen_es() -> str:
    """The Spanish danger screen, as an 80x24 terminal shows it (`check --lang es`)."""
    from tests.terminal import Terminal

    from contactcheck.tree.bundled import find_tree
    from contactcheck.tree.load import load_translation, translation_path

    path = find_tree("default")
    assert path is not None
    translated = translation_path(path, "es")
    assert translated is not None
    first = load_translation(translated, path).start_question
    with tempfile.TemporaryDirectory() as home:
        term = Terminal("check", "--lang", "es", home=Path(home), rows=ROWS, cols=WIDTH,
                        env={"NO_COLOR": "1", "CONTACTCHECK_REGION": REGION_ES})
        term.wait_for(first.choices[-1].label)
        shown = term.visible()
        term.child.close(force=True)
    return shown.rstrip() + "\n"


PAGE_ES = """\
# Cómo se ve contactcheck en español

Hecho por `python docs/make_screens.py` con el árbol incluido y su traducción
(`contactcheck check --lang es`), para alguien en Estados Unidos (`--region US`: la línea
988 tiene un servicio en español) sin perfil de normas. Cada resultado empieza por su
decisión en palabras y un símbolo, para que nunca dependa solo del color. Las mismas
pantallas en inglés: [screens.md](screens.md).

## La pantalla de peligro, primero

En un terminal de 80x24 ([como texto](screens/es-danger.txt)):

```text
{danger}```

## Resultados
"""


def page_es(danger: str) -> str:
    """docs/screens.es.md: the Spanish danger screen, then each Spanish result."""
    return PAGE_ES.format(danger=danger) + _results(SCREENS_ES, "como texto", "El resultado")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang, screens in (("en", SCREENS), ("es", SCREENS_ES)):
        for name, (_title, answers) in screens.items():
            svg, text = render(answers, lang)
            (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")
            (OUT / f"{name}.txt").write_text(text, encoding="utf-8")
    transcript = session()
    (OUT / "session.txt").write_text(transcript, encoding="utf-8")
    (ROOT / "docs" / "screens.md").write_text(page(transcript), encoding="utf-8")
    danger = danger_screen_es()
    (OUT / "es-danger.txt").write_text(danger, encoding="utf-8")
    (ROOT / "docs" / "screens.es.md").write_text(page_es(danger), encoding="utf-8")
    count = (len(SCREENS) + len(SCREENS_ES)) * 2 + 2
    print(f"wrote docs/screens.md, docs/screens.es.md and {count} files in docs/screens/",
          file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("CONTACTCHECK_REGION", "GB")
    main()
