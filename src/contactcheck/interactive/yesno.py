"""A yes/no question at a terminal, in the interface's language, where Enter means no."""

from __future__ import annotations

import sys

import click

from contactcheck.errors import is_terminal
from contactcheck.i18n import _


def ask_yes_no(question: str, *, err: bool = False, default: bool = False) -> bool:
    """Ask `question` with the language's keys (`[y/N]`, `[s/N]`); Enter means `default`,
    which is no unless a caller says otherwise (only to go on editing what the person typed).

    `y` and `n` work in every language; anything else is asked again, never taken for an
    answer. Ctrl-C or Ctrl-D raise `click.Abort` (each caller says what was not done).

    `err` asks on stderr, so that what a command lists on stdout can go to a file; when
    stderr is the one going to a file (`2>log`) and stdout is a terminal, it asks on stdout:
    a question must be seen by the person it waits for.
    """
    if err and not is_terminal(sys.stderr) and is_terminal(sys.stdout):
        err = False
    yes = {"y", "yes", *_words(_("y, yes"))}
    no = {"n", "no", *_words(_("n, no"))}
    keys = _("{question} [Y/n]") if default else _("{question} [y/N]")
    while True:
        answer: str = click.prompt(keys.format(question=question), default="",
                                   show_default=False, err=err)
        word = answer.strip().lower()
        if word in yes or (not word and default):
            return True
        if not word or word in no:
            return False
        click.echo(_("Please answer y or n (Enter means yes).") if default
                   else _("Please answer y or n (Enter means no)."), err=err)


def _words(listed: str) -> set[str]:
    """`"s, sí, si"` -> {"s", "sí", "si"}: the words a translation accepts."""
    return {word.strip().lower() for word in listed.split(",") if word.strip()}
