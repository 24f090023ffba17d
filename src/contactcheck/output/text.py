"""Rich renderables for a result: the only module that builds them.

Layout only: `report.build_report` has already decided what is shown. Tree
text is always plain `Text` (never markup) with control characters removed,
and crisis numbers are wrapped so that a number never breaks across lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, Literal

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from contactcheck.check.report import CONTEXT_TITLE, DISCLAIMER, Report, crisis_line_text
from contactcheck.check.sources import reference
from contactcheck.i18n import _
from contactcheck.output.console import make_console, wants_plain
from contactcheck.output.options import RenderOptions
from contactcheck.textsafe import keep_numbers_whole, safe_text
from contactcheck.tree.model import Decision

_STYLES = {
    Decision.CONTACT_NOW: "bold yellow",
    Decision.WAIT_FOR_SESSION: "bold green",
    Decision.RAISE_IN_SESSION: "bold cyan",
}
_EMERGENCY_STYLE = "bold white on red"
_URGENT_STYLE = "bold black on yellow"


def safe(text: str) -> str:
    """Tree text without control characters or escape sequences (no driving the terminal)."""
    return safe_text(text, keep="\n")


def _ascii_only(console: Console) -> bool:
    return not (console.encoding or "").lower().startswith("utf")


def headline_words(report: Report, plain: bool = False) -> str:
    """The decision in words; in plain mode read as a sentence ("Suggestion: wait for ...")."""
    if not plain:
        return safe(report.headline)
    outcome = report.result.outcome
    if report.emergency:
        return safe(_("Emergency: {title}").format(title=outcome.title))
    words = report.result.decision.words
    return safe(_("Suggestion: {decision}. {title}").format(
        decision=words[:1].lower() + words[1:], title=outcome.title))


def _headline_style(report: Report) -> str:
    return (_EMERGENCY_STYLE if report.emergency else _URGENT_STYLE if report.numbers_first
            else _STYLES[report.result.decision])


def headline(report: Report, console: Console, plain: bool = False) -> Text:
    """The decision first: symbol and words, so urgency never rests on colour.

    Plain mode (screen readers) says it in words only, with no symbol to read aloud.
    """
    style = _headline_style(report)
    if plain:
        return Text(headline_words(report, plain=True), style=style)
    return Text(f" {report.symbol(_ascii_only(console))} {safe(report.headline)} ", style=style)


# -- the closing lines: what must be in view when the result has been printed ----------------

RESERVED_ROWS: Final = 3
"""Rows under a result kept for what follows it: an offer (two rows at 40 columns), the cursor."""

ClosingPart = Literal["decision", "crisis", "first_step"]

CLOSING_PRIORITY: Final[tuple[tuple[ClosingPart, bool], ...]] = (
    ("decision", True),
    ("crisis", True),
    ("first_step", False),
)
"""The one line budget of a result, in priority order: (part, always shown).

A result ends with these lines, so they are what stays on screen however long the
result is (its top scrolls away on a small terminal). Parts are taken in this order
while they fit in the terminal's height less `RESERVED_ROWS`; parts marked always are
shown even when they do not fit. A new line that must stay in view (a clinic's line, an
abuse line) goes here, at its priority, and into `_closing_text`; it is shown in the
order of `CLOSING_ORDER`. The test of every path at 80x24 and 40x20 is the budget's proof.
"""

CLOSING_ORDER: Final[tuple[ClosingPart, ...]] = ("decision", "first_step", "crisis")
"""The order the closing lines read in: the decision, what to do first, where to get help."""


def first_step(report: Report) -> str:
    """The first thing to do, as the result words it."""
    return report.do[0] if report.do else ""


def _closing_text(report: Report, part: ClosingPart, plain: bool) -> str:
    if part == "decision":
        return headline_words(report, plain)
    if part == "first_step":
        step = first_step(report)
        return _("First: {step}").format(step=step) if step else ""
    return crisis_line_text(report.region)


def closing(report: Report, console: Console, *, plain: bool = False,
            rows: int | None = None) -> list[RenderableType]:
    """The result's last lines: the decision restated, the first step, the crisis line.

    Sized by `CLOSING_PRIORITY` to the terminal's height (`rows`, else the console's).
    """
    width = console.width
    budget = (rows if rows is not None else console.height) - RESERVED_ROWS - 2  # rule, gap
    chosen: dict[ClosingPart, list[RenderableType]] = {}
    used = 0
    for part, always in CLOSING_PRIORITY:
        text = _closing_text(report, part, plain)
        if not text:
            continue
        if part == "decision":
            lines: list[RenderableType] = (_lines(text, width, 0, style="bold") if plain
                                           else _headline_lines(report, console))
        else:
            lines = _lines(text, width, 2, style="bold" if part == "crisis" else "")
        if always or used + len(lines) <= budget:
            chosen[part] = lines
            used += len(lines)
    rows_out: list[RenderableType] = [Text("")]
    if not plain:
        rows_out.append(Rule(style="dim"))
    for part in CLOSING_ORDER:
        rows_out += chosen.get(part, [])
    return rows_out


def _headline_lines(report: Report, console: Console) -> list[RenderableType]:
    """The headline wrapped at words, the symbol on its first line (narrow terminals)."""
    style = _headline_style(report)
    mark = f" {report.symbol(_ascii_only(console))} "
    return _lines(safe(report.headline), console.width, len(mark), style=style,
                  first_prefix=mark)


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


def _list(items: Sequence[str], width: int, numbered: bool = False,
          plain: bool = False) -> list[RenderableType]:
    """A list with hanging indents; wrapped lines stay under their item, numbers stay whole.

    Plain mode (screen readers) has no bullet glyph to read aloud; numbers stay.
    """
    if plain and not numbered:
        return [row for item in items for row in _lines(item, width, 2)]
    marks = [f"{n}." if numbered else "•" for n in range(1, len(items) + 1)]
    mark_width = max((len(mark) for mark in marks), default=1)
    indent = 2 + mark_width + 1
    rows: list[RenderableType] = []
    for mark, item in zip(marks, items, strict=True):
        rows += _lines(item, width, indent, first_prefix=f"  {mark:>{mark_width}} ")
    return rows


def render_result(report: Report, console: Console, *, explain: bool = False,
                  disclaimer: bool = True, plain: bool = False,
                  rows: int | None = None) -> RenderableType:
    """The whole result screen, part by part in the report's order (`Report.order`), then
    `closing` (the lines that must stay in view).

    `disclaimer=False` when the person has already been told, once, that this is a
    suggestion and not a diagnosis (the interactive intro says so). `plain`: no glyphs
    (screen readers). It ends with `closing`, sized to `rows` (default: the console's).
    """
    width = console.width
    parts: list[RenderableType] = [headline(report, console, plain)]
    for part in report.order:
        if part == "crisis":
            parts += _section(_("Get help now"), [*_lines(report.urgency_note or "", width, 2),
                                               *crisis_block(report, console)])
            if report.stale_note:
                parts += _lines(report.stale_note, width, 2, style="italic")
        elif part == "sections":
            for title, lines in report.sections:
                parts += _section(title, _list(lines, width, plain=plain))
        elif part == "context" and report.context:
            parts += _section(_(CONTEXT_TITLE), _list(report.context, width, plain=plain))
        elif part == "why":
            why = [r.text + (" " + _("(source: {reference})").format(
                reference=reference(r.source)) if explain and r.source else "")
                   for r in report.why]
            parts += _section(_("Why"), _list(why, width, plain=plain))
        elif part == "do":
            parts += _section(_("What to do"), _list(report.do, width, numbered=True))
        elif part == "draft" and report.draft:
            parts += _section(_("A draft message you could adapt"),
                              _lines(report.draft, width, 4, style="italic"))
        elif part == "policy" and report.policy_lines:
            parts += _section(report.policy_title,
                              _list(report.policy_lines, width, plain=plain))
        elif part == "safety_net_and_crisis":
            net: list[RenderableType] = _lines(report.safety_net, width, 2)
            net += crisis_block(report, console)
            if report.stale_note and not report.numbers_first:
                net += _lines(report.stale_note, width, 2, style="italic")
            parts += _section(_("If things change or get worse"), net)
        elif part == "trail" and explain:
            arrow = _(", then") if plain else " ->"
            steps = [f"{s.question_id}: {s.question}{arrow} {s.label} [{s.value}]"
                     + (" " + _("(from your policy profile)") if s.from_policy else "")
                     + (" " + _("(from the hours in your policy)") if s.from_clock else "")
                     + f"{arrow} {s.next}" for s in report.trail]
            parts += _section(_("How your answers led here"),
                              _list(steps or [_("(no questions)")], width, plain=plain))
            parts.append(Text("  " + _("Region: {name} ({reason})").format(
                name=safe(report.region.region.in_language().name),
                reason=safe(report.region.reason)), style="dim"))
    parts += closing(report, console, plain=plain, rows=rows)
    if disclaimer:
        parts.append(Text(_(DISCLAIMER), style="dim"))
    return Group(*parts)


def print_result(report: Report, options: RenderOptions) -> str:
    """Print the result screen on the one kind of console (`output/console.py`); nothing left."""
    console = make_console(no_color=options.no_color)
    console.print(render_result(report, console, explain=options.explain,
                                disclaimer=options.disclaimer, plain=wants_plain(options.plain)))
    return ""
