"""The console script, and ``python -m contactcheck``."""

from __future__ import annotations

import gc


def main() -> None:
    """Start the command line with the cyclic garbage collector off.

    A run builds many objects (click's classes, our model) and almost no
    reference cycles, and most runs end within milliseconds: the collector's
    passes over them were a tenth of a `check`. An interactive session, which
    can last, turns it back on just before its first question (interactive/prompts.py),
    so the prompt library also loads without it. Off before click is imported, so this is
    the one import not at the top of a module.
    """
    gc.disable()
    from contactcheck.cli import main as run

    run()


if __name__ == "__main__":
    main()
