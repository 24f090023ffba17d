"""The command groups' own class: a mistyped command gets a suggestion, in our words."""

from __future__ import annotations

import click


class Command(click.Command):
    """A command that speaks the person's language once it runs (never for its `--help`).

    `CONTACTCHECK_LANG`, then the locale, when the interface has a catalog for it; else
    English. `check` chooses its own (`--lang`, and the tree's translations).
    """

    def invoke(self, ctx: click.Context) -> object:
        from contactcheck.i18n import use_language
        from contactcheck.language import interface_language

        use_language(interface_language())
        return super().invoke(ctx)


class Group(click.Group):
    """A group that suggests the command meant when a name is mistyped (exit 2).

    Our own words, on every click release we support: click's own suggestion needs click
    8.4 and never sees the lazy group's commands. Its commands are `Command`s.
    """

    command_class = Command

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if (not ctx.resilient_parsing and not name.startswith("-")
                and self.get_command(ctx, name) is None):
            raise click.UsageError(no_such_command(name, self.list_commands(ctx)), ctx)
        return super().resolve_command(ctx, args)


def no_such_command(name: str, known: list[str]) -> str:
    """"No such command 'chek'; did you mean 'check'?", else the commands there are."""
    from contactcheck.tree.fields import did_you_mean  # only for a mistake

    hint = did_you_mean(name, known)
    if hint is not None:
        return f"No such command '{name}'; {hint}"
    return f"No such command '{name}'. The commands are: {', '.join(known)}."
