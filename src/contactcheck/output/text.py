"""Rich renderables for a result: the only module that builds them.

Layout only: `report.build_report` has already decided what is shown. Tree
text is always plain `Text` (never markup) with control characters removed,
and crisis numbers are wrapped so that a number never breaks across lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from contactcheck.check.report import CONTEXT_TITLE, DISCLAIMER, Report
from contactcheck.check.sources import reference
from contactcheck.output.console import make_console
from contactcheck.output.options import RenderOptions
from contactcheck.textsafe import safe_text
from contactcheck.tree.model import Decision

_STYLES = {
    Decision.CONTACT_NOW: "bold yellow",
    Decision.WAIT_FOR_SESSION: "bold green",
    Decision.RAISE_IN_SESSION: "bold cyan",
}
_EMERGENCY_STYLE = "bold white on red"
_URGENT_STYLE = "bold black on yellow"
_NUMBERISH = re.compile(r"\+?\d[\d\- ]*\d")


def safe(text: str) -> str:
    """Tree text without control characters or escape sequences (no driving the terminal)."""
    return safe_text(text, keep="\n")


def keep_numbers_whole(text: str, width: int) -> list[str]:
    """Wrap `text` to `width`, never breaking inside a phone number like `116 123`."""
    # Split at spaces, except those inside a number; punctuation stays glued to its word
    # ("call 999." must not become "call 999 .").
    guarded = _NUMBERISH.sub(lambda match: match.group().replace(" ", "\0"), text)
    tokens = [token.replace("\0", " ") for token in guarded.split()]
    lines: list[str] = []
    current = ""
    for token in tokens:
        if current and len(current) + 1 + len(token) > width:
            lines.append(current)
            current = token
        else:
            current = f"{current} {token}" if current else token
    if current:
        lines.append(current)
    return lines or [""]


def _ascii_only(console: Console) -> bool:
    return not (console.encoding or "").lower().startswith("utf")


def headline(report: Report, console: Console) -> Text:
    """The decision first: symbol and words, so urgency never rests on colour."""
    style = (_EMERGENCY_STYLE if report.emergency else _URGENT_STYLE if report.numbers_first
             else _STYLES[report.result.decision])
    return Text(f" {report.symbol(_ascii_only(console))} {safe(report.headline)} ", style=style)


def _lines(text: str, width: int, indent: int, style: str = "",
           first_prefix: str | None = None) -> list[RenderableType]:
    """`text` wrapped at words to `width` (numbers kept whole), each line indented.

    `first_prefix` replaces the indent on the first line (a bullet or a number).
    """
    rows: list[RenderableType] = []
    room = max(10, width - indent)
    for paragraph in safe(text).split("\n"):
        for part in keep_numbers_whole(paragraph, room):
            lead = first_prefix if first_prefix is not None and not rows else " " * indent
            rows.append(Text(lead + part, style=style, no_wrap=True, overflow="fold"))
    return rows


def crisis_block(report: Report, console: Console, indent: int = 2) -> list[RenderableType]:
    """Which country the numbers are for, then each number on lines that never split it."""
    rows: list[RenderableType] = _lines(report.region_heading, console.width, indent,
                                        style="italic")
    for line in report.crisis_lines:
        rows += _lines(line, console.width, indent, style="bold")
    for note in report.region_notes:
        rows += _lines(note, console.width, indent)
    return rows


def _section(title: str, body: Iterable[RenderableType]) -> list[RenderableType]:
    return [Text(""), Text(title, style="bold underline"), *body]


def _bullets(items: Sequence[str], width: int, numbered: bool = False) -> list[RenderableType]:
    """A list with hanging indents; wrapped lines stay under their item, numbers stay whole."""
    marks = [f"{n}." if numbered else "•" for n in range(1, len(items) + 1)]
    mark_width = max((len(mark) for mark in marks), default=1)
    indent = 2 + mark_width + 1
    rows: list[RenderableType] = []
    for mark, item in zip(marks, items, strict=True):
        rows += _lines(item, width, indent, first_prefix=f"  {mark:>{mark_width}} ")
    return rows


def render_result(report: Report, console: Console, *, explain: bool = False,
                  disclaimer: bool = True) -> RenderableType:
    """The whole result screen, part by part in the report's order (`Report.order`).

    `disclaimer=False` when the person has already been told, once, that this is a
    suggestion and not a diagnosis (the interactive intro says so).
    """
    width = console.width
    parts: list[RenderableType] = [headline(report, console)]
    for part in report.order:
        if part == "crisis":
            parts += _section("Get help now", [*_lines(report.urgency_note or "", width, 2),
                                               *crisis_block(report, console)])
            if report.stale_note:
                parts += _lines(report.stale_note, width, 2, style="italic")
        elif part == "sections":
            for title, lines in report.sections:
                parts += _section(title, _bullets(lines, width))
        elif part == "context" and report.context:
            parts += _section(CONTEXT_TITLE, _bullets(report.context, width))
        elif part == "why":
            why = [r.text + (f" (source: {reference(r.source)})" if explain and r.source
                             else "") for r in report.why]
            parts += _section("Why", _bullets(why, width))
        elif part == "do":
            parts += _section("What to do", _bullets(report.do, width, numbered=True))
        elif part == "draft" and report.draft:
            parts += _section("A draft message you could adapt",
                              _lines(report.draft, width, 4, style="italic"))
        elif part == "policy" and report.policy_lines:
            parts += _section(report.policy_title, _bullets(report.policy_lines, width))
        elif part == "safety_net_and_crisis":
            net: list[RenderableType] = _lines(report.safety_net, width, 2)
            net += crisis_block(report, console)
            if report.stale_note and not report.numbers_first:
                net += _lines(report.stale_note, width, 2, style="italic")
            parts += _section("If things change or get worse", net)
        elif part == "trail" and explain:
            steps = [f"{s.question_id}: {s.question} -> {s.label} [{s.value}]"
                     + (" (from your policy profile)" if s.from_policy else "")
                     + (" (from the hours in your policy)" if s.from_clock else "")
                     + f" -> {s.next}" for s in report.trail]
            parts += _section("How your answers led here",
                              _bullets(steps or ["(no questions)"], width))
            parts.append(Text(f"  Region: {safe(report.region.region.name)} "
                              f"({safe(report.region.reason)})", style="dim"))
    if disclaimer:
        parts += [Text(""), Rule(style="dim"), Text(DISCLAIMER, style="dim")]
    return Group(*parts)


def print_result(report: Report, options: RenderOptions) -> str:
    """Print the result screen on the one kind of console (`output/console.py`); nothing left."""
    console = make_console(no_color=options.no_color)
    console.print(render_result(report, console, explain=options.explain,
                                disclaimer=options.disclaimer))
    return ""
