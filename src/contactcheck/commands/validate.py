"""`contactcheck validate` and `contactcheck schema`."""

from __future__ import annotations

from pathlib import Path

import click

from contactcheck.commands.group import Command
from contactcheck.commands.options import format_option
from contactcheck.errors import (
    ContactcheckError,
    ExitCode,
    InvalidFile,
    UnreadableFile,
    terminal_safe,
)
from contactcheck.output import jsondoc
from contactcheck.tree.bundled import bundled_translations, bundled_trees


@click.command(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@format_option("text", "json")
@click.option("--strict", is_flag=True,
              help="Also warn about likely mistakes (the checks of `contactcheck lint`); "
                   "exit 1 if there is any warning.")
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], output_format: str,
             strict: bool) -> None:
    """Check tree FILES and translations (default: the bundled trees and theirs).

    A translation (`default.es.yaml`) is checked against the tree beside it
    (`default.yaml`): exactly its ids, every text. Exits 0 when every file is
    valid and 3 when any is not; each problem is printed on stderr as
    FILE:LINE:COL: message, with the line and a hint. With --strict,
    warnings are printed too and exit 1.
    """
    from contactcheck.i18n import _, ngettext
    from contactcheck.tree.load import is_translation, load_translation, load_tree

    paths = list(files) or [*bundled_trees(), *bundled_translations()]
    if not paths:
        raise ContactcheckError(_("no tree files given, and no bundled trees were found"))
    if strict:
        from contactcheck.commands.authoring import run_lint

        ctx.exit(run_lint(paths, output_format, strict_validate=True))
    report = []
    unreadable = 0
    for path in paths:
        translation = is_translation(path)
        try:
            tree = load_translation(path) if translation else load_tree(path)
        except InvalidFile as error:
            unreadable += isinstance(error, UnreadableFile)
            report.append({"file": str(path), "valid": False,
                           "problems": [p.as_json() for p in error.problems]})
            if output_format == "text":
                click.echo(error.format(), err=True)
        else:
            report.append({"file": str(path), "valid": True, "problems": [],
                           **({"lang": tree.lang} if translation else {})})
            if output_format == "text" and translation:
                click.echo(terminal_safe(_("{file}: valid translation of {tree} {version} "
                                           "into {lang}").format(
                    file=path, tree=tree.id, version=tree.version, lang=tree.lang)))
            elif output_format == "text":
                count = len(tree.questions) + len(tree.outcomes)
                click.echo(terminal_safe(_("{file}: valid ({tree} {version}, {questions}, "
                                           "{outcomes}, {nodes})").format(
                    file=path, tree=tree.id, version=tree.version,
                    questions=ngettext("{count} question", "{count} questions",
                                       len(tree.questions)).format(count=len(tree.questions)),
                    outcomes=ngettext("{count} outcome", "{count} outcomes",
                                      len(tree.outcomes)).format(count=len(tree.outcomes)),
                    nodes=ngettext("{count} node", "{count} nodes", count).format(
                        count=count))))
    invalid = sum(1 for entry in report if not entry["valid"])
    if output_format == "json":
        click.echo(jsondoc.dumps({"valid": invalid == 0, "files": report}, indent=2))
    elif invalid:
        click.echo(files_invalid(invalid, len(report)), err=True)
    # A path that cannot be read is exit 2 for every command (README: exit codes).
    ctx.exit(ExitCode.USAGE if unreadable else ExitCode.INVALID if invalid else ExitCode.OK)


def files_invalid(invalid: int, total: int) -> str:
    """`2 of 5 files invalid`, the last line of `validate` and `lint` when any is."""
    from contactcheck.i18n import _

    return _("{invalid} of {total} files invalid").format(invalid=invalid, total=total)


@click.command(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--write", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Write tree.schema.json into this folder (made if needed) instead of "
                   "printing it, and print the modeline to use.")
def schema(folder: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the tree format.

    Point your editor at it with a modeline on a tree's first line, e.g.
    `# yaml-language-server: $schema=tree.schema.json` when it sits beside your
    trees: `--write DIR` saves it there and prints the line.
    """
    from contactcheck.tree.schema import SCHEMA_FILE, tree_schema

    text = jsondoc.dumps(tree_schema(), indent=2) + "\n"
    if folder is None:
        click.echo(text, nl=False)
        return
    from contactcheck.files import write_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.FileError(str(folder), error.strerror or str(error)) from None
    from contactcheck.i18n import _

    target = folder / SCHEMA_FILE
    write_atomic(target, text.encode("utf-8"), mode=0o644)
    click.echo(_("Wrote {file}").format(file=target))
    click.echo(_("Put this on the first line of each tree in that folder (or use the path "
                 "from the tree to this file):"))
    click.echo(f"# yaml-language-server: $schema={SCHEMA_FILE}")
