"""The person's own data in a self-check: their safety plan in the result, notes for the agenda.

Called by `commands/check.py` (and by the interactive flow) after the report
is built. Reading the plan can never stop a result from being shown: a plan
that cannot be read becomes a short note, and the crisis numbers still come
first. Nothing is written here unless the person asked (`--save-to-agenda`, or
yes to the offer after an interactive result).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import click
from msgspec.structs import replace

from contactcheck.check.report import PlanStep, Report
from contactcheck.errors import Interrupted
from contactcheck.folders import SAFETY_PLAN_FILE, data_dir, home_dir
from contactcheck.personal import agenda, safetyplan
from contactcheck.personal.storage import StorageError, Store, write_private
from contactcheck.tree.model import Decision, Result

PLAN_MENTION = "Your own safety plan is there for you too: `contactcheck safety-plan show`."
AGENDA_DECISIONS = (Decision.WAIT_FOR_SESSION, Decision.RAISE_IN_SESSION)
"""Results whose topic belongs on the agenda for the next session."""


def with_safety_plan(report: Report, store: Store | None = None) -> Report:
    """The report with the person's safety plan where it belongs.

    Emergency and urgent results: every filled step of the plan, after the crisis numbers
    (`Report.sections` for text and Markdown; `"safety_plan"` in JSON, null when
    there is none). Other results: a mention in the safety net when a plan exists.
    """
    if not report.numbers_first:
        # Only whether a plan exists (an empty plan is never kept as a file): no YAML to
        # parse, nor the modules that read it, so a routine check stays fast.
        # `safety-plan show` reports a damaged file.
        folder = store.directory if store is not None else data_dir()
        if not (folder / SAFETY_PLAN_FILE).is_file():
            return report
        return replace(report, safety_net=f"{report.safety_net} {PLAN_MENTION}")

    plan, problem = safetyplan.peek(store or Store())
    sections = [(f"Your safety plan, step {info.number}: {info.title}", items)
                for _, info, items in (plan.filled() if plan else [])]
    steps = None if plan is None else tuple(
        PlanStep(name, info.number, info.title, tuple(plan.steps[name]))
        for name, info in safetyplan.STEPS.items())
    if problem:
        sections.append(("Your safety plan", (problem,)))
    return replace(report, sections=(*report.sections, *sections), safety_plan=steps,
                   safety_plan_problem=problem or None)


def agenda_refusal(result: Result) -> str | None:
    """Why this result's topic is not added to the agenda, or None when it can be."""
    outcome = result.outcome
    if outcome.emergency:
        return ("this is an emergency result: get help now rather than waiting for the session")
    if outcome.decision not in AGENDA_DECISIONS:
        return (f"the suggestion is '{outcome.decision.words.lower()}', so this is not one to "
                "keep for the session; `contactcheck agenda add` adds it anyway if you want")
    return None


def default_note(result: Result) -> str:
    """The note used when the person leaves theirs empty: the result's title."""
    return f"{result.decision.words}: {result.outcome.title}"


def save_to_agenda(result: Result, note: str, store: Store | None = None) -> agenda.Item | None:
    """Add `note` to the agenda if the result is wait/raise; None (nothing saved) otherwise.

    Raises ValueError for an unusable note, `StorageError` if it cannot be saved.
    """

    if agenda_refusal(result) is not None:
        return None
    return agenda.add(store or Store(), note.strip() or default_note(result))


def offer_agenda(result: Result, *, confirm: Callable[[str], bool],
                 ask_note: Callable[[str], str | None], tell: Callable[[str], None],
                 store: Store | None = None) -> agenda.Item | None:
    """After an interactive result: offer to add the topic to the agenda, and do it if wanted.

    Only for wait_for_session / raise_in_session results. `confirm(question)`
    must default to no (Enter = no); `ask_note(prompt)` returns the note, or
    None when the person cancels (then nothing is saved); `tell` shows a line.
    Returns the added item, or None.
    """
    if agenda_refusal(result) is not None:
        return None
    if not confirm("Add this to your agenda for the next session?"):
        tell("Not added to your agenda.")
        return None
    while True:
        note = ask_note("A short note in your own words (Enter to use the result's title)")
        if note is None:
            tell("Nothing was added to your agenda.")
            return None
        try:
            item = save_to_agenda(result, note, store)
        except ValueError as error:
            tell(f"That note cannot be used: {error}. Try again, or cancel.")
            continue
        assert item is not None
        tell(f"Added to your agenda as number {item.id}: {item.text}")
        tell("See it with `contactcheck agenda list`; it is kept only on this computer.")
        return item


def offer_agenda_in_terminal(result: Result, store: Store | None = None) -> agenda.Item | None:
    """`offer_agenda` with plain click prompts: Enter means no.

    For the interactive check, after the result has been shown. Ctrl-C or Ctrl-D
    stops here as at every other prompt: nothing is added, and the caller says so
    with the crisis line (`Interrupted`, exit 130).
    """


    def ask_note(prompt: str) -> str | None:
        try:
            note: str = click.prompt(prompt, default="", show_default=False)
        except click.Abort:
            raise Interrupted() from None
        return note

    return offer_agenda(result, confirm=confirm_in_terminal, ask_note=ask_note,
                        tell=click.echo, store=store)


def confirm_in_terminal(question: str) -> bool:
    """A yes/no question where Enter means no; Ctrl-C or Ctrl-D stops (`Interrupted`)."""


    try:
        answer: bool = click.confirm(question, default=False)
    except click.Abort:
        raise Interrupted() from None
    return answer


# -- the result as a note the person can bring (`check --output`, the offer after a result) --

NOTE_OFFER = "Save this as a note to bring?"


class NoteExists(Exception):
    """The note's file already exists, and replacing it was not asked for."""


def default_note_path(result: Result, today: str) -> Path:
    """Where the offer suggests saving the note: the home folder, named by the date."""

    return home_dir() / f"contactcheck-{today}.md"


def write_note(path: Path, text: str, *, replace: bool = False) -> None:
    """Write the note as a private (0600) file, atomically; `NoteExists` rather than replace."""

    if not replace and (path.exists() or path.is_symlink()):
        raise NoteExists(str(path))
    write_private(path, text)


def offer_note_in_terminal(result: Result, markdown: str) -> Path | None:
    """After an interactive result: offer (Enter = no) to save it as a Markdown note.

    Asks for the file (a suggested name in the home folder), never replaces a file
    without asking, and says what it did. Returns the path written, or None.
    """



    if not confirm_in_terminal(NOTE_OFFER):
        return None  # the caller says when nothing at all was saved
    suggested = default_note_path(result, datetime.date.today().isoformat())
    try:
        answer: str = click.prompt("Save it as (Enter for the name shown)",
                                   default=str(suggested))
    except click.Abort:
        raise Interrupted() from None
    path = Path(answer.strip() or str(suggested)).expanduser()
    try:
        try:
            write_note(path, markdown)
        except NoteExists:
            if not confirm_in_terminal(f"{path} already exists. Replace it?"):
                return None  # the caller says that nothing was saved
            write_note(path, markdown, replace=True)
    except StorageError as error:
        click.echo(f"No note was saved: {error.message}")
        return None
    click.echo(f"Saved the note as {path} (only you can read it).")
    return path
