"""`contactcheck setup`: install the practice file your therapist or clinic gave you."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from contactcheck.commands.group import Command
from contactcheck.errors import terminal_safe

if TYPE_CHECKING:
    from contactcheck.personal.policy import Policy
    from contactcheck.personal.practice import Practice

_HELP = {"help_option_names": ["-h", "--help"]}


@click.command(cls=Command, context_settings=_HELP)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Install without asking first.")
@click.option("--check", "check_only", is_flag=True,
              help="Only check FILE and show what it would use; install nothing.")
@click.option("--show", is_flag=True, help="Show the installed practice file.")
@click.option("--remove", is_flag=True, help="Remove the installed practice file.")
def setup(file: Path | None, yes: bool, check_only: bool, show: bool, remove: bool) -> None:
    """Install the practice file (practice.yaml) your therapist or clinic gave you.

    It is checked strictly first: every problem is listed with its line, and
    nothing is installed (exit 3). Then it shows, in plain words, what the
    self-check will use and asks once. Installed, it is kept only in your
    settings folder, readable only by you; from then on `contactcheck` with no
    options uses it. Your own `policy init` answers still win where they differ.
    """
    from contactcheck.i18n import _
    from contactcheck.personal import practice as model

    if show or remove:
        if file is not None or (show and remove):
            raise click.UsageError(_("--show and --remove take no FILE, and not both at once"))
        _remove() if remove else _show()
        return
    if file is None:
        raise click.UsageError(_("give the practice file: contactcheck setup practice.yaml"))
    practice = model.load_practice(file)
    for line in describe(practice):
        click.echo(terminal_safe(line))
    if check_only:
        click.echo("\n" + _("The practice file is valid (nothing was installed: --check)."))
        return
    target = model.installed_path()
    question = (_("Replace the practice file installed now with this one?")
                if target.exists() else _("Install it?"))
    if not _confirm(f"\n{question}", yes):
        click.echo(_("Nothing was installed."))
        return
    install(file, practice)
    click.echo(terminal_safe(_("Installed in {folder} (only you can read it).").format(
        folder=target.parent)))
    click.echo(_("`contactcheck` now uses it; `contactcheck setup --show` shows it, "
                 "`contactcheck setup --remove` removes it."))


def _confirm(question: str, yes: bool) -> bool:
    """Ask once (Enter is no); `yes` answers it. No answer to read is exit 2; Ctrl-C, 130."""
    import sys

    from contactcheck.errors import Interrupted, NoTerminal
    from contactcheck.i18n import _
    from contactcheck.interactive.yesno import ask_yes_no

    if yes:
        return True
    try:
        return ask_yes_no(question)
    except click.Abort:
        if not sys.stdin.isatty():  # end of piped input: nobody there to answer
            raise NoTerminal(_("installing asks first, and there was no answer to read (no "
                               "terminal), so nothing was installed; add --yes to install "
                               "without being asked")) from None
        raise Interrupted(_("Stopped — nothing was installed. (Use --yes to install without "
                            "being asked.)")) from None


def install(file: Path, practice: Practice) -> None:
    """Copy the file (and the tree beside it) into the config folder, 0600, atomically."""
    from contactcheck.files import read_capped
    from contactcheck.personal import practice as model
    from contactcheck.personal.storage import write_private
    from contactcheck.tree.yamlread import decode

    def read(path: Path) -> str:
        return decode(read_capped(path, str(path), model.WHAT), str(path), model.WHAT).text

    text = read(file)
    tree_path = model.installed_tree_path()
    if practice.tree_file is not None:
        write_private(tree_path, read(practice.tree_file))
    elif tree_path.exists():
        tree_path.unlink()
    write_private(model.installed_path(), text)


def describe(practice: Practice) -> list[str]:
    """What the self-check will use from `practice`, in plain words, in the interface's
    language (the practice's own texts as written)."""
    from contactcheck.i18n import _

    lines = [_("Practice: {name} (details checked by them on {date})").format(
        name=practice.name, date=practice.updated.isoformat())]
    if practice.contact:
        lines.append(_("Contact: {contact}").format(contact=practice.contact))
    if practice.tree_spec == "inline":
        lines.append(_("Tree: the practice's own, written in the file (it keeps the bundled "
                       "danger screen)"))
    elif practice.tree_file is not None:
        lines.append(_("Tree: the practice's own, {file} (copied in; it keeps the bundled "
                       "danger screen)").format(file=practice.tree_spec))
    else:
        lines.append(_("Tree: the bundled tree '{name}'").format(name=practice.tree_spec))
    if practice.region:
        lines.append(_("Region: {code}, the practice's region, for the national emergency "
                       "and crisis numbers (not in this country? use --region)").format(
                           code=practice.region))
    if practice.policy is not None:
        lines += _policy_lines(practice.policy)
    if practice.lines:
        from contactcheck.check.report import line_text

        lines.append(_("The practice's own crisis lines, shown after (never instead of) the "
                       "national ones:"))
        lines += [f"  {line_text(line)}" for line in practice.own_lines()]
    return lines


def _policy_lines(policy: Policy) -> list[str]:
    """The practice's policy: its details as a result labels them, what it does not offer,
    and the usual session (a day name and the language's clock, never the system's)."""
    from contactcheck.check.clock import clock_words, day_name
    from contactcheck.i18n import _, ngettext
    from contactcheck.personal.policy import NOT_OFFERED, OFFERS

    lines = []
    if policy.therapist:
        lines.append(_("Therapist: {name}").format(name=policy.therapist))
    if policy.zone is not None:
        lines.append(_("Time zone of every time below: {zone}").format(zone=policy.zone))
    for name in ("channels", "response_time", "fees", "office", *OFFERS):
        lines += [f"  {line}" for line in policy.details(name)]
    lines += [f"  {_(NOT_OFFERED[name])}" for name in OFFERS
              if policy.offers.get(name, ...) is None]
    if policy.weekly is not None:
        day, minute = policy.weekly
        # Counted by the hour: some languages say the time so ("a la 1:00", "a las 15:00").
        lines.append("  " + ngettext("Usual session: every {day} at {time}",
                                     "Usual session: every {day} at {time}",
                                     minute // 60).format(day=day_name(day),
                                                          time=clock_words(minute)))
    return lines


def _show() -> None:
    from contactcheck.errors import InvalidFile
    from contactcheck.i18n import _
    from contactcheck.personal import practice as model

    path = model.installed_path()
    if not path.is_file():
        click.echo(terminal_safe(_("No practice file is installed (it would be {file}).")
                                 .format(file=path)))
        click.echo(_("Your therapist or clinic can give you one: `contactcheck setup FILE`."))
        return
    click.echo(terminal_safe(_("Installed practice file: {file}").format(file=path)))
    try:
        practice = model.load_practice(path, installed=True)
    except InvalidFile as error:
        click.echo(error.format(), err=True)
        click.echo(_("warning: it no longer loads, so the self-check uses the bundled tree; "
                     "ask your therapist for an updated file."), err=True)
        return
    for line in describe(practice):
        click.echo(terminal_safe(line))


def _remove() -> None:
    from contactcheck.i18n import _
    from contactcheck.personal import practice as model

    removed = False
    for path in (model.installed_path(), model.installed_tree_path()):
        if path.exists() or path.is_symlink():
            path.unlink()
            removed = True
    click.echo(_("Removed the installed practice file.") if removed
               else _("No practice file is installed."))
