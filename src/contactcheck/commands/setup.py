"""`contactcheck setup`: install the practice file your therapist or clinic gave you."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from contactcheck.personal.practice import Practice

_HELP = {"help_option_names": ["-h", "--help"]}


@click.command(context_settings=_HELP)
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
    from contactcheck.personal import practice as model

    if show or remove:
        if file is not None or (show and remove):
            raise click.UsageError("--show and --remove take no FILE, and not both at once")
        _remove() if remove else _show()
        return
    if file is None:
        raise click.UsageError("give the practice file: contactcheck setup practice.yaml")
    practice = model.load_practice(file)
    for line in describe(practice):
        click.echo(line)
    if check_only:
        click.echo("\nThe practice file is valid (nothing was installed: --check).")
        return
    target = model.installed_path()
    question = ("Replace the practice file installed now with this one?"
                if target.exists() else "Install it?")
    if not _confirm(f"\n{question}", yes):
        click.echo("Nothing was installed.")
        return
    install(file, practice)
    click.echo(f"Installed in {target.parent} (only you can read it).")
    click.echo("`contactcheck` now uses it; `contactcheck setup --show` shows it, "
               "`contactcheck setup --remove` removes it.")


def _confirm(question: str, yes: bool) -> bool:
    """Ask once (default no); `yes` answers it. No answer to read is exit 2; Ctrl-C, 130."""
    import sys

    from contactcheck.errors import Interrupted, NoTerminal

    if yes:
        return True
    try:
        answer: bool = click.confirm(question, default=False)
    except click.Abort:
        if not sys.stdin.isatty():  # end of piped input: nobody there to answer
            raise NoTerminal("installing asks first, and there was no answer to read (no "
                             "terminal), so nothing was installed; add --yes to install "
                             "without being asked") from None
        raise Interrupted("Stopped — nothing was installed. (Use --yes to install without "
                          "being asked.)") from None
    return answer


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
    """What the self-check will use from `practice`, in plain words."""
    lines = [f"Practice: {practice.name} (details checked by them on "
             f"{practice.updated.isoformat()})"]
    if practice.contact:
        lines.append(f"Contact: {practice.contact}")
    if practice.tree_spec == "inline":
        lines.append("Tree: the practice's own, written in the file (it keeps the bundled "
                     "danger screen)")
    elif practice.tree_file is not None:
        lines.append(f"Tree: the practice's own, {practice.tree_spec} (copied in; it keeps the "
                     "bundled danger screen)")
    else:
        lines.append(f"Tree: the bundled tree '{practice.tree_spec}'")
    if practice.region:
        lines.append(f"Region: {practice.region}, the practice's region, for the national "
                     "emergency and crisis numbers (not in this country? use --region)")
    policy = practice.policy
    if policy is not None:
        from contactcheck.personal.policy import OFFERS

        if policy.therapist:
            lines.append(f"Therapist: {policy.therapist}")
        if policy.zone is not None:
            lines.append(f"Time zone of every time below: {policy.zone}")
        for name in ("channels", "response_time", "fees", "office", *OFFERS):
            lines += [f"  {line}" for line in policy.details(name)]
        for name in OFFERS:
            if policy.offers.get(name, ...) is None:
                lines.append(f"  Not offered: {name.replace('_', ' ')}")
        if policy.weekly is not None:
            from contactcheck.check.clock import DAY_NAMES, clock_words

            day, minute = policy.weekly
            lines.append(f"  Usual session: every {DAY_NAMES[day]} at {clock_words(minute)}")
    if practice.lines:
        from contactcheck.check.report import line_text

        lines.append("The practice's own crisis lines, shown after (never instead of) the "
                     "national ones:")
        lines += [f"  {line_text(line)}" for line in practice.lines]
    return lines


def _show() -> None:
    from contactcheck.errors import InvalidFile
    from contactcheck.personal import practice as model

    path = model.installed_path()
    if not path.is_file():
        click.echo(f"No practice file is installed (it would be {path}).")
        click.echo("Your therapist or clinic can give you one: `contactcheck setup FILE`.")
        return
    click.echo(f"Installed practice file: {path}")
    try:
        practice = model.load_practice(path, installed=True)
    except InvalidFile as error:
        click.echo(error.format(), err=True)
        click.echo("warning: it no longer loads, so the self-check uses the bundled tree; "
                   "ask your therapist for an updated file.", err=True)
        return
    for line in describe(practice):
        click.echo(line)


def _remove() -> None:
    from contactcheck.personal import practice as model

    removed = False
    for path in (model.installed_path(), model.installed_tree_path()):
        if path.exists() or path.is_symlink():
            path.unlink()
            removed = True
    click.echo("Removed the installed practice file." if removed
               else "No practice file is installed.")
