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

from contactcheck.check.report import DISCLAIMER, Report
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
    return "".join(ch if ch.isprintable() or ch in "\n" else " " for ch in text)


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


def crisis_block(report: Report, console: Console, indent: int = 2,
                 lines: Sequence[str] | None = None) -> list[RenderableType]:
    """The region's numbers (or `lines`), each on lines of its own that never split a number."""
    rows: list[RenderableType] = []
    for line in report.crisis_lines if lines is None else lines:
        rows += _lines(line, console.width, indent, style="bold")
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
                  extra_sections: Sequence[tuple[str, Sequence[str]]] = (),
                  disclaimer: bool = True) -> RenderableType:
    """The whole result screen: decision, (numbers,) why, what to do, safety net.

    `disclaimer=False` when the person has already been told, once, that this is a
    suggestion and not a diagnosis (the interactive intro says so).
    """
    width = console.width
    parts: list[RenderableType] = [headline(report, console)]
    if report.numbers_first:
        parts += _section("Get help now", [*_lines(report.urgency_note or "", width, 2),
                                           *crisis_block(report, console,
                                                         lines=report.first_lines)])
        if report.stale_note:
            parts += _lines(report.stale_note, width, 2, style="italic")
    for title, lines in (*report.sections, *extra_sections):
        parts += _section(title, _bullets(lines, width))
    if explain:
        from contactcheck.check.sources import reference
    why = [r.text + (f" (source: {reference(r.source)})" if explain and r.source else "")
           for r in report.why]
    parts += _section("Why", _bullets(why, width))
    parts += _section("What to do", _bullets(report.do, width, numbered=True))
    if report.draft:
        parts += _section("A draft message you could adapt",
                          _lines(report.draft, width, 4, style="italic"))
    if report.policy_lines:
        parts += _section(report.policy_title, _bullets(report.policy_lines, width))
    # Every result ends with the numbers, emergencies too: the end is what stays on the screen
    # (an emergency's first block has scrolled away on a small terminal), and the tree's
    # "the crisis line below" must always have something below it.
    net: list[RenderableType] = _lines(report.safety_net, width, 2)
    net += crisis_block(report, console)
    if report.stale_note and not report.numbers_first:
        net += _lines(report.stale_note, width, 2, style="italic")
    parts += _section("If things change or get worse", net)
    if explain:
        steps = [f"{s.question_id}: {s.question} -> {s.label} [{s.value}]"
                 + (" (from your policy profile)" if s.from_policy else "") + f" -> {s.next}"
                 for s in report.trail]
        parts += _section("How your answers led here",
                          _bullets(steps or ["(no questions)"], width))
        parts.append(Text(f"  Region: {report.region.region.name} ({report.region.how})",
                          style="dim"))
    if disclaimer:
        parts += [Text(""), Rule(style="dim"), Text(DISCLAIMER, style="dim")]
    return Group(*parts)
