"""A yes/no question at a terminal, in the interface's language, where Enter means no."""

from __future__ import annotations

import click

from contactcheck.i18n import _


def ask_yes_no(question: str, *, err: bool = False, default: bool = False) -> bool:
    """Ask `question` with the language's keys (`[y/N]`, `[s/N]`); Enter means `default`,
    which is no unless a caller says otherwise (only to go on editing what the person typed).

    `y` and `n` work in every language; anything else is asked again, never taken for an
    answer. Ctrl-C or Ctrl-D raise `click.Abort` (each caller says what was not done).
    """
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
