"""`contactcheck safety-plan`: write and show the person's own safety plan."""

from __future__ import annotations

import click

from contactcheck.commands.agenda import read_text
from contactcheck.commands.group import Group
from contactcheck.commands.options import format_option
from contactcheck.errors import terminal_safe
from contactcheck.output import formats

_HELP = {"help_option_names": ["-h", "--help"]}

# The step keys, here rather than imported, so that `--help` needs no YAML module;
# a test checks they are the same as `safetyplan.STEPS`.
STEP_KEYS = ("warning_signs", "coping", "distractions", "people", "professionals",
             "environment", "reasons")


@click.group("safety-plan", cls=Group, context_settings=_HELP)
def safety_plan() -> None:
    """Write and show your own safety plan.

    A safety plan (Stanley & Brown) lists, in seven steps, what you will do
    when things get hard: 1 warning signs, 2 things you can do on your own,
    3 people and places that distract you, 4 people you can ask for help,
    5 professionals and crisis services, 6 making your surroundings safe,
    7 reasons for living. Every emergency result shows it after the crisis
    numbers. It is kept only on this computer (see `contactcheck where`).
    """


@safety_plan.command(context_settings=_HELP)
@click.argument("step", type=click.Choice(STEP_KEYS), metavar="STEP")
@click.argument("text", nargs=-1)
def add(step: str, text: tuple[str, ...]) -> None:
    """Add TEXT to STEP of your plan.

    STEP is one of: warning_signs, coping, distractions, people,
    professionals, environment, reasons. Without TEXT you are asked for it;
    with `-` it is read from standard input.
    """
    from contactcheck.commands.agenda import kept_here
    from contactcheck.errors import ContactcheckError
    from contactcheck.i18n import _
    from contactcheck.personal import safetyplan as model
    from contactcheck.personal.storage import Store

    info = model.STEPS[step]
    title = _(info.title)
    note = read_text(text, f"safety-plan add {step}", f"{title}:")
    try:
        item = model.check_text(note)
    except ValueError as error:
        raise ContactcheckError(_("not added to your safety plan: {reason}").format(
            reason=error)) from None
    store = Store()
    created = store.read(model.FILE_NAME) is None
    model.add(store, step, item)
    click.echo(_("Added to step {number}, {title}: {text}").format(number=info.number,
                                                                    title=title, text=item))
    if created:
        click.echo(terminal_safe(kept_here(store.directory)))


@safety_plan.command(context_settings=_HELP)
@format_option(*formats.names("safety-plan"))
def show(output_format: str) -> None:
    """Show your safety plan.

    `--format json` is a list of the seven steps as {"step", "number", "title",
    "items"}; `--format markdown` is a page to print or keep on your phone.
    """
    from contactcheck.output.formats import emit
    from contactcheck.personal import safetyplan as model
    from contactcheck.personal.storage import Store

    emit("safety-plan", output_format, model.load(Store()))


@safety_plan.command(context_settings=_HELP)
@click.pass_context
def edit(ctx: click.Context) -> None:
    """Edit your whole plan in your editor ($VISUAL or $EDITOR).

    The plan opens as a commented YAML page. If what you save cannot be read,
    the problem is shown with its line, your plan is left as it was, and what
    you typed is kept so you can edit it again. Needs a terminal (exit 2
    without one, or without an editor).
    """
    import sys

    from contactcheck.commands.agenda import kept_here
    from contactcheck.errors import ContactcheckError, ExitCode, InvalidFile
    from contactcheck.i18n import _, ngettext
    from contactcheck.interactive.yesno import ask_yes_no
    from contactcheck.personal import safetyplan as model
    from contactcheck.personal.storage import StorageError, Store

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ContactcheckError(_("`safety-plan edit` needs a terminal to open your editor in; "
                                  "use `contactcheck safety-plan add STEP TEXT` instead"))
    editor = find_editor()
    if editor is None:
        raise ContactcheckError(_("no editor found: set $EDITOR (for example EDITOR=nano), or "
                                  "use `contactcheck safety-plan add STEP TEXT`"))
    store = Store()
    plan = model.load(store)
    expected = store.read(model.FILE_NAME)
    current = model.to_yaml(plan).encode("utf-8")
    buffer = store.path(model.UNSAVED_NAME)
    start = current
    unsaved = store.read(model.UNSAVED_NAME)
    if unsaved is not None and unsaved != current and ask_yes_no(
            _("An edit you could not save before is kept in {file}.\nContinue from it?")
            .format(file=buffer), default=True, err=True):
        start = unsaved
    with store.locked():
        store.write(model.UNSAVED_NAME, start)
    while True:
        try:
            click.edit(editor=editor, filename=str(buffer))
        except click.ClickException as error:
            raise ContactcheckError(_("{problem}; your plan was not changed (the text is kept "
                                      "in {file})").format(problem=error.message,
                                                           file=buffer)) from None
        edited = store.read(model.UNSAVED_NAME)
        if edited is None:
            raise StorageError(_("{file} disappeared while you were editing; your plan was "
                                 "not changed").format(file=buffer))
        if edited == current:
            store.remove(model.UNSAVED_NAME)
            click.echo(_("No changes; your safety plan is as it was."))
            return
        try:
            new = model.from_yaml(edited, str(buffer))
        except InvalidFile as error:
            click.echo(error.format(), err=True)
            click.echo(_("Your safety plan was not changed. What you typed is kept in {file}.")
                       .format(file=buffer), err=True)
            if ask_yes_no(_("Edit it again?"), default=True, err=True):
                continue
            ctx.exit(ExitCode.INVALID)
        break
    if not model.replace(store, expected, new):
        raise StorageError(_("your safety plan was changed elsewhere while you were editing, "
                             "so your edit was not saved over it; it is kept in {file}. Run "
                             "`contactcheck safety-plan edit` again to continue from it.")
                           .format(file=buffer))
    store.remove(model.UNSAVED_NAME)
    if new.empty:
        click.echo(_("Your safety plan is now empty, so its file was deleted."))
        return
    count = sum(len(items) for items in new.steps.values())
    click.echo(ngettext("Saved your safety plan ({count} item in {steps} of 7 steps).",
                        "Saved your safety plan ({count} items in {steps} of 7 steps).",
                        count).format(count=count, steps=len(new.filled())))
    if expected is None:
        click.echo(terminal_safe(kept_here(store.directory)))


def find_editor() -> str | None:
    """The editor click would run ($VISUAL, $EDITOR, or a usual one), or None if there is none."""
    import os
    import shutil
    import sys

    for key in ("VISUAL", "EDITOR"):
        value = os.environ.get(key)
        if value:
            return value
    if sys.platform == "win32":
        return "notepad"
    return next((name for name in ("sensible-editor", "vim", "nano", "vi")
                 if shutil.which(name) is not None), None)
