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
    from contactcheck.i18n import _

    save_note(read_text(text, "agenda add", _("What do you want to bring up?")))


def read_text(words: tuple[str, ...], command: str, question: str) -> str:
    """Text from the arguments, standard input (`-`), or a prompt at a terminal."""
    from contactcheck.errors import NoTerminal, has_terminal
    from contactcheck.i18n import _

    if words == ("-",):
        return sys.stdin.read()
    if words:
        return " ".join(words)
    if not has_terminal():  # a question written into a redirected output is never seen
        raise NoTerminal(_("no text given: write it after `{command}`, or give `-` to read it "
                           "from standard input").format(command=command))
    value: str = click.prompt(question, prompt_suffix=" ")
    return value


def save_note(note: str) -> None:
    """Add `note` to the stored agenda and say so (exit 2 if the note is unusable)."""
    from contactcheck.errors import ContactcheckError
    from contactcheck.i18n import _
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    store = Store()
    try:
        item = model.add(store, note)
    except ValueError as error:
        raise ContactcheckError(_("not added to your agenda: {reason}").format(
            reason=error)) from None
    click.echo(terminal_safe(_("Added to your agenda as number {number}: {text}").format(
        number=item.id, text=item.text)))
    if item.id == 1:
        click.echo(terminal_safe(kept_here(store.directory)))


def kept_here(folder: object) -> str:
    """Said when the first thing is stored: where, and that it stays on this computer."""
    from contactcheck.i18n import _

    return _("(Kept only on this computer, in {folder})").format(folder=folder)


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
    from contactcheck.i18n import _

    now = dt.datetime.now(saved_zone())
    try:
        at = next_session_at(now)
    except ContactcheckError as error:
        click.echo(_("warning: {message}").format(message=error.message), err=True)
        return
    if at is not None:
        click.echo(_("Your next session is {when}.").format(
            when=session_timing(at, now).words()))


@agenda.command(context_settings=_HELP)
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID...")
def done(ids: tuple[int, ...]) -> None:
    """Mark items as talked about (by the numbers `agenda list` shows)."""
    from contactcheck.i18n import _
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
        click.echo(terminal_safe(_("Talked about: {number}. {text}").format(number=item.id,
                                                                              text=item.text)))


@agenda.command(context_settings=_HELP)
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID...")
def remove(ids: tuple[int, ...]) -> None:
    """Delete exactly these items (by the numbers `agenda list` shows); the rest stay.

    A number that is not on the agenda changes nothing (exit 2). Numbers are never
    reused for other items, so a number you saw earlier still means the same item.
    """
    from contactcheck.i18n import _
    from contactcheck.personal import agenda as model
    from contactcheck.personal.storage import Store

    removed: list[model.Item] = []

    def drop(current: model.Agenda) -> model.Agenda:
        _refuse_unknown(current, ids)
        removed[:] = [item for item in current.items if item.id in ids]
        return current.without(tuple(removed))

    model.change(Store(), drop)
    for item in removed:
        click.echo(terminal_safe(_("Removed: {number}. {text}").format(number=item.id,
                                                                         text=item.text)))


def _refuse_unknown(current: Agenda, ids: tuple[int, ...]) -> None:
    """Exit 2, changing nothing, if any of `ids` is not on the agenda."""
    from contactcheck.errors import ContactcheckError
    from contactcheck.i18n import _

    unknown = [str(item_id) for item_id in ids if current.find(item_id) is None]
    if unknown:
        numbers = ", ".join(unknown)
        if not current.items:
            raise ContactcheckError(_("no agenda item numbered {numbers} (the numbers are: "
                                      "none: the agenda is empty); nothing was changed")
                                    .format(numbers=numbers))
        known = ", ".join(str(item.id) for item in current.items)
        raise ContactcheckError(_("no agenda item numbered {numbers} (the numbers are: "
                                  "{known}); nothing was changed").format(numbers=numbers,
                                                                          known=known))


@agenda.command(context_settings=_HELP)
@click.option("--done", "only_done", is_flag=True,
              help="Remove only the items already talked about (without asking).")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking first.")
def clear(only_done: bool, yes: bool) -> None:
    """Delete every item on the agenda (asks first; `--yes` skips the question).

    Clearing everything deletes the agenda file itself.
    """
    from contactcheck.commands.privacy import confirm
    from contactcheck.i18n import _, ngettext
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
        click.echo(ngettext("Removed {count} item already talked about.",
                            "Removed {count} items already talked about.", count)
                   .format(count=count))
        return
    if not current.items:
        click.echo(_("Your agenda is already empty."))
        return
    count = len(current.items)
    if not confirm(ngettext("Delete all {count} item on your agenda?",
                            "Delete all {count} items on your agenda?", count)
                   .format(count=count), yes):
        click.echo(_("Nothing was deleted."))
        return
    shown = current.items
    # Only what was counted in the question: an item added meanwhile stays.
    left = model.change(store, lambda agenda: agenda.without(shown))
    if left.items:
        asked = ngettext("Deleted the {count} item you were asked about.",
                         "Deleted the {count} items you were asked about.", count)
        kept = ngettext("{kept} item added meanwhile was kept (`contactcheck agenda list`).",
                        "{kept} items added meanwhile were kept (`contactcheck agenda list`).",
                        len(left.items))
        click.echo(f"{asked.format(count=count)} {kept.format(kept=len(left.items))}")
    else:
        click.echo(ngettext("Deleted your agenda ({count} item).",
                            "Deleted your agenda ({count} items).", count).format(count=count))
