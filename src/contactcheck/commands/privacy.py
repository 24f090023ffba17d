"""`contactcheck where` and `contactcheck forget`: what is stored, and deleting it all."""

from __future__ import annotations

import click

from contactcheck.commands.group import Command
from contactcheck.commands.options import format_option
from contactcheck.errors import terminal_safe
from contactcheck.output.formats import emit

_HELP = {"help_option_names": ["-h", "--help"]}


@click.command(cls=Command, context_settings=_HELP)
@format_option("text", "json")
def where(output_format: str) -> None:
    """Print every path contactcheck reads or writes, and whether it exists.

    contactcheck uses no network. Besides these paths it reads only the files
    you name on the command line (such as --tree, --policy, --answers-file).
    """

    from contactcheck.personal.stored import stored_paths

    emit("where", output_format, stored_paths())


@click.command(cls=Command, context_settings=_HELP)
@click.option("--yes", "-y", is_flag=True, help="Delete without asking first.")
@click.option("--keep-policy", is_flag=True,
              help="Keep your therapist's contact policy profile and practice file; delete "
                   "everything else.")
@click.pass_context
def forget(ctx: click.Context, yes: bool, keep_policy: bool) -> None:
    """Delete everything contactcheck stored, and say what was deleted.

    That is your agenda, your safety plan, your therapist's contact policy
    profile (unless --keep-policy) and the cache. Asks once first; `--yes` skips
    the question. Exits 1 if anything could not be deleted.
    """
    from contactcheck.errors import ExitCode
    from contactcheck.i18n import _
    from contactcheck.personal.stored import existing, stored_paths
    from contactcheck.personal.stored import forget as forget_all

    paths = stored_paths()
    targets = existing(paths, include_policy=not keep_policy)
    if not targets:
        if existing(paths):
            click.echo(_("Nothing to delete besides your policy profile, which --keep-policy "
                         "keeps."))
        else:
            click.echo(_("contactcheck has nothing stored about you; nothing to delete."))
        return
    if not yes:
        click.echo(_("This deletes, for good:"))
        for entry in targets:
            click.echo(terminal_safe(f"  {entry.path}{'/' if entry.directory else ''}  "
                                     f"({_(entry.what)})"))
    if not confirm(_("Delete all of this?"), yes):
        click.echo(_("Nothing was deleted."))
        return
    done = forget_all(include_policy=not keep_policy)
    if done.deleted:
        click.echo(_("Deleted:"))
        for entry in done.deleted:
            click.echo(terminal_safe(f"  {entry.path}{'/' if entry.directory else ''}  "
                                     f"({_(entry.what)})"))
    for path in done.kept:
        click.echo(terminal_safe(_("Left alone (not made by contactcheck): {file}").format(
            file=path)))
    for path, reason in done.failed:
        click.echo(terminal_safe(_("Error: could not delete {file}: {reason}").format(
            file=path, reason=reason)), err=True)
    if done.failed:
        ctx.exit(ExitCode.FAILED)
    if keep_policy:
        click.echo(_("Your therapist's contact policy profile was kept (--keep-policy)."))
    click.echo(_("contactcheck has nothing else stored about you now."))


def confirm(question: str, yes: bool) -> bool:
    """Ask a yes/no question (default no); `yes` answers it. No answer at all stops (130).

    With no terminal and no answer to read, nothing is deleted and it exits 2 naming `--yes`.
    """
    import sys

    from contactcheck.errors import Interrupted, NoTerminal
    from contactcheck.i18n import _
    from contactcheck.interactive.yesno import ask_yes_no

    if yes:
        return True
    try:
        return ask_yes_no(question, err=True)
    except click.Abort:
        if not sys.stdin.isatty():  # end of piped input: nobody there to answer
            raise NoTerminal(_("this asks before deleting, and there was no answer to read "
                               "(no terminal), so nothing was deleted; add --yes to delete "
                               "without being asked")) from None
        raise Interrupted(_("Stopped — nothing was deleted. (Use --yes to delete without "
                            "being asked.)")) from None
