"""`contactcheck completion`: the tab-completion script for a shell, from click's own machinery."""

from __future__ import annotations

import click

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VARIABLE = "_CONTACTCHECK_COMPLETE"
"""The variable click's completion scripts set when they ask the program for completions."""


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the tab-completion script for SHELL (bash, zsh or fish).

    Commands, options, tree names and region codes then complete with Tab.
    Completion runs contactcheck itself and reads nothing of yours. To install:

    \b
      bash:  contactcheck completion bash > ~/.contactcheck-complete.bash
             and add  . ~/.contactcheck-complete.bash  to ~/.bashrc (bash 4.4 or later)
      zsh:   contactcheck completion zsh > ~/.contactcheck-complete.zsh
             and add  . ~/.contactcheck-complete.zsh  to ~/.zshrc
      fish:  contactcheck completion fish > ~/.config/fish/completions/contactcheck.fish
    """
    from click.shell_completion import get_completion_class

    from contactcheck.cli import cli

    complete = get_completion_class(shell)
    assert complete is not None  # every name in SHELLS is one of click's
    click.echo(complete(cli, {}, "contactcheck", COMPLETE_VARIABLE).source())
