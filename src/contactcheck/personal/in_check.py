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
from typing import TYPE_CHECKING

import click
from msgspec.structs import replace

from contactcheck.check.report import PlanStep, Report
from contactcheck.errors import Interrupted
from contactcheck.folders import SAFETY_PLAN_FILE, data_dir, home_dir
from contactcheck.i18n import N_, _
from contactcheck.personal import safetyplan
from contactcheck.personal.storage import StorageError, Store, shown, write_private
from contactcheck.textsafe import describe, first_unsafe
from contactcheck.tree.model import Decision, Result

if TYPE_CHECKING:  # imported where an agenda is written: a check with flags writes none
    from contactcheck.personal import agenda

PLAN_MENTION = N_("Your own safety plan is there for you too: `contactcheck safety-plan show`.")
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
        return replace(report, safety_net=f"{report.safety_net} {_(PLAN_MENTION)}")

    plan, problem = safetyplan.peek(store or Store())
    sections = [(_("Your safety plan, step {number}: {title}").format(number=info.number,
                                                                       title=_(info.title)),
                 items)
                for _name, info, items in (plan.filled() if plan else [])]
    steps = None if plan is None else tuple(
        PlanStep(name, info.number, _(info.title), tuple(plan.steps[name]))
        for name, info in safetyplan.STEPS.items())
    if problem:
        sections.append((_("Your safety plan"), (problem,)))
    return replace(report, sections=(*report.sections, *sections), safety_plan=steps,
                   safety_plan_problem=problem or None)


def agenda_refusal(result: Result) -> str | None:
    """Why this result's topic is not added to the agenda, or None when it can be."""
    outcome = result.outcome
    if outcome.emergency:
        return _("this is an emergency result: get help now rather than waiting for the session")
    if outcome.decision not in AGENDA_DECISIONS:
        return _("the suggestion is '{decision}', so this is not one to keep for the session; "
                 "`contactcheck agenda add` adds it anyway if you want").format(
            decision=outcome.decision.words.lower())
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
    from contactcheck.personal.agenda import add

    return add(store or Store(), note.strip() or default_note(result))


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
    if not confirm(_("Add this to your agenda for the next session?")):
        tell(_("Not added to your agenda."))
        return None
    while True:
        note = ask_note(_("A short note in your own words (Enter to use the result's title)"))
        if note is None:
            tell(_("Nothing was added to your agenda."))
            return None
        try:
            item = save_to_agenda(result, note, store)
        except ValueError as error:
            tell(_("That note cannot be used: {reason}. Try again, or cancel.").format(
                reason=error))
            continue
        assert item is not None
        tell(_("Added to your agenda as number {number}: {text}").format(number=item.id,
                                                                          text=item.text))
        tell(_("See it with `contactcheck agenda list`; it is kept only on this computer."))
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
    """A yes/no question where Enter means no; Ctrl-C or Ctrl-D stops (`Interrupted`).

    The keys are the language's own (`[y/N]`, `[s/N]`); `y` and `n` work in every language.
    Anything else is asked again, never taken for an answer.
    """
    from contactcheck.interactive.yesno import ask_yes_no

    try:
        return ask_yes_no(question)
    except click.Abort:
        raise Interrupted() from None


# -- the result as a note the person can bring (`check --output`, the offer after a result) --

NOTE_OFFER = N_("Save this as a note to bring?")


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



    if not confirm_in_terminal(_(NOTE_OFFER)):
        return None  # the caller says when nothing at all was saved
    suggested = default_note_path(result, datetime.date.today().isoformat())
    try:
        answer: str = click.prompt(_("Save it as (Enter for the name shown)"),
                                   default=str(suggested))
    except click.Abort:
        raise Interrupted() from None
    typed = answer.strip()
    if typed.startswith("\x1b"):  # Esc, then Enter: a stop, as at every other prompt
        raise Interrupted()
    unsafe = first_unsafe(typed)
    if unsafe is not None:
        click.echo(_("No note was saved: a file name cannot hold {what}.").format(
            what=describe(unsafe)))
        return None
    try:
        path = Path(typed or str(suggested)).expanduser()
    except RuntimeError:  # `~name/...` for a user this system does not know
        click.echo(_("No note was saved: {file} starts with the home folder of a user this "
                     "system does not know.").format(file=shown(Path(typed))))
        return None
    try:
        try:
            write_note(path, markdown)
        except NoteExists:
            if not confirm_in_terminal(_("{file} already exists. Replace it?").format(
                    file=shown(path))):
                return None  # the caller says that nothing was saved
            write_note(path, markdown, replace=True)
    except StorageError as error:
        click.echo(_("No note was saved: {reason}").format(reason=error.message))
        return None
    click.echo(_("Saved the note as {file} (only you can read it).").format(file=shown(path)))
    return path
