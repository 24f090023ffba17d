"""`contactcheck agenda`: what to bring up in the next session."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from contactcheck.commands.group import Group
from contactcheck.commands.options import format_option
from contactcheck.errors import terminal_safe
from contactcheck.output import formats

if TYPE_CHECKING:
    from contactcheck.personal.agenda import Agenda

_HELP = {"help_option_names": ["-h", "--help"]}


@click.group(cls=Group, context_settings=_HELP)
def agenda() -> None:
    """Keep a list of what to bring up in your next session.

    Kept only on this computer, in your own data folder (see `contactcheck
    where`); nothing is stored until you add something.
    """


@agenda.command(context_settings=_HELP)
@click.argument("text", nargs=-1)
def add(text: tuple[str, ...]) -> None:
    """Add TEXT to the agenda: a short note in your own words.

    Without TEXT you are asked for it; with `-` it is read from standard input.
    Both keep the note out of your shell history.
    """
    save_note(read_text(text, "agenda add", "What do you want to bring up?"))


def read_text(words: tuple[str, ...], command: str, question: str) -> str:
    """Text from the arguments, standard input (`-`), or a prompt at a terminal."""
    from contactcheck.errors import NoTerminal, has_terminal

    if words == ("-",):
        return sys.stdin.read()
    if words:
        return " ".join(words)
    if not has_terminal():  # a question written into a redirected output is never seen
        raise NoTerminal(f"no text given: write it after `{command}`, or give `-` to "
                                "read it from standard input")
    value: str = click.prompt(question, prompt_suffix=" ")
    return value


def save_note(note: str) -> None:
    """Add `note` to the stored agenda and say so (exit 2 if the note is unusable)."""
    from contactcheck.errors import ContactcheckError
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    store = Store()
    try:
        item = model.add(store, note)
    except ValueError as error:
        raise ContactcheckError(f"not added to your agenda: {error}") from None
    click.echo(terminal_safe(f"Added to your agenda as number {item.id}: {item.text}"))
    if item.id == 1:
        click.echo(terminal_safe(f"(Kept only on this computer, in {store.directory})"))


@agenda.command("list", context_settings=_HELP)
@format_option(*formats.names("agenda"))
def list_(output_format: str) -> None:
    """Show the agenda.

    `--format markdown` is a page to print, bring or read out in the session;
    `--format json` is a list of {"id", "text", "added", "done"}.
    """
    from contactcheck.output.formats import emit
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    emit("agenda", output_format, model.load(Store()))
    if output_format == "text":
        _say_next_session()


def _say_next_session() -> None:
    """The next session under the agenda, when it is known."""
    import datetime as dt

    from contactcheck.check.clock import session_timing
    from contactcheck.commands.session import next_session_at, saved_zone
    from contactcheck.errors import ContactcheckError

    now = dt.datetime.now(saved_zone())
    try:
        at = next_session_at(now)
    except ContactcheckError as error:
        click.echo(f"warning: {error.message}", err=True)
        return
    if at is not None:
        click.echo(f"Your next session is {session_timing(at, now).words()}.")


@agenda.command(context_settings=_HELP)
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID...")
def done(ids: tuple[int, ...]) -> None:
    """Mark items as talked about (by the numbers `agenda list` shows)."""
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    def mark(current: model.Agenda) -> model.Agenda:
        _refuse_unknown(current, ids)
        for item_id in ids:
            current = current.mark_done(item_id)
        return current

    updated = model.change(Store(), mark)
    for item_id in ids:
        item = updated.find(item_id)
        assert item is not None
        click.echo(terminal_safe(f"Talked about: {item.id}. {item.text}"))


@agenda.command(context_settings=_HELP)
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID...")
def remove(ids: tuple[int, ...]) -> None:
    """Delete exactly these items (by the numbers `agenda list` shows); the rest stay.

    A number that is not on the agenda changes nothing (exit 2). Numbers are never
    reused for other items, so a number you saw earlier still means the same item.
    """
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    removed: list[model.Item] = []

    def drop(current: model.Agenda) -> model.Agenda:
        _refuse_unknown(current, ids)
        removed[:] = [item for item in current.items if item.id in ids]
        return current.without(tuple(removed))

    model.change(Store(), drop)
    for item in removed:
        click.echo(terminal_safe(f"Removed: {item.id}. {item.text}"))


def _refuse_unknown(current: Agenda, ids: tuple[int, ...]) -> None:
    """Exit 2, changing nothing, if any of `ids` is not on the agenda."""
    from contactcheck.errors import ContactcheckError

    unknown = [str(item_id) for item_id in ids if current.find(item_id) is None]
    if unknown:
        known = ", ".join(str(item.id) for item in current.items) or "none: the agenda is empty"
        raise ContactcheckError(f"no agenda item numbered {', '.join(unknown)} "
                                f"(the numbers are: {known}); nothing was changed")


@agenda.command(context_settings=_HELP)
@click.option("--done", "only_done", is_flag=True,
              help="Remove only the items already talked about (without asking).")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking first.")
def clear(only_done: bool, yes: bool) -> None:
    """Delete every item on the agenda (asks first; `--yes` skips the question).

    Clearing everything deletes the agenda file itself.
    """
    from contactcheck.commands.privacy import confirm
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    store = Store()
    current = model.load(store)
    if only_done:
        removed: list[int] = []

        def drop_done(agenda: model.Agenda) -> model.Agenda:
            removed[:] = [item.id for item in agenda.items if item.done]
            return agenda.without_done()

        model.change(store, drop_done)
        count = len(removed)
        click.echo(f"Removed {count} item{'s' if count != 1 else ''} already talked about.")
        return
    if not current.items:
        click.echo("Your agenda is already empty.")
        return
    count = len(current.items)
    noun = "item" if count == 1 else "items"
    if not confirm(f"Delete all {count} {noun} on your agenda?", yes):
        click.echo("Nothing was deleted.")
        return
    shown = current.items
    # Only what was counted in the question: an item added meanwhile stays.
    left = model.change(store, lambda agenda: agenda.without(shown))
    if left.items:
        kept = len(left.items)
        click.echo(f"Deleted the {count} {noun} you were asked about; {kept} added meanwhile "
                   f"{'was' if kept == 1 else 'were'} kept (`contactcheck agenda list`).")
    else:
        click.echo(f"Deleted your agenda ({count} {noun}).")
