"""Commands for people who write trees: `graph`, `paths`, `test`, `trees` and `lint`.

Thin: each parses its flags, calls one core function (graph.py, paths.py,
scenarios.py, lint.py) and prints what it returns. Results go to stdout,
problems with files to stderr.
"""

from __future__ import annotations

from pathlib import Path

import click

from contactcheck.commands.group import Command
from contactcheck.commands.options import TreeParam, format_option, tree_option
from contactcheck.errors import ExitCode, InvalidFile, UnreadableFile, terminal_safe
from contactcheck.output import formats, jsondoc
from contactcheck.output.formats import emit

_CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.command(cls=Command, context_settings=_CONTEXT)
@tree_option
@format_option(*formats.names("graph"), default="mermaid")
def graph(tree_path: Path, output_format: str) -> None:
    """Draw the whole tree: questions, choices on the edges, outcomes by decision.

    Mermaid (GitHub and many editors render it in a ```mermaid block) or Graphviz
    DOT (`contactcheck graph --format dot | dot -Tsvg > tree.svg`). Emergency
    outcomes have their own shape and say EMERGENCY; policy questions are dashed.
    """
    from contactcheck.tree.load import load_tree

    emit("graph", output_format, load_tree(tree_path))


@click.command(cls=Command, context_settings=_CONTEXT)
@tree_option
@format_option("text", "json", "csv")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="List at most N paths; a tree with more is refused, not cut short "
                   "[default: 10,000].")
def paths(tree_path: Path, output_format: str, limit: int | None) -> None:
    """List every path from the start to an outcome, with its answers and decision.

    A table to review line by line (text), a spreadsheet (csv: one column per
    question) or a JSON list of {"answers", "outcome", "decision", ...}. Questions a
    policy profile can answer are listed with both answers and marked as policy
    facts. Paths are counted first: past --limit the tree is refused (exit 2).
    """
    from contactcheck.authoring import routes as core
    from contactcheck.tree.load import load_tree

    tree = load_tree(tree_path)
    count, found = core.list_paths(tree, limit if limit is not None else core.DEFAULT_LIMIT)
    emit("paths", output_format, core.PathListing(tree, count, found))


SCENARIO_FOLDERS = ("scenarios", "tests/scenarios")
"""Where `contactcheck test` with no FILES looks for scenario files (from the current folder)."""


def find_scenario_files(root: Path) -> list[Path]:
    """The `*.yaml` / `*.yml` files in the scenario folders under `root`, sorted."""
    found: list[Path] = []
    for folder in SCENARIO_FOLDERS:
        place = root / folder
        if place.is_dir():
            found += sorted(path for path in place.iterdir()
                            if path.suffix in (".yaml", ".yml") and path.is_file())
    return found


@click.command(cls=Command, context_settings=_CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tree", "tree_path", type=TreeParam(), default=None,
              help="Run every file against this tree (a bundled name or a path) instead of "
                   "the one the file names with `tree:`.")
@click.option("--min-coverage", type=click.FloatRange(0, 100), default=None, metavar="PERCENT",
              help="Also fail (exit 1) if the choice coverage of a tree is below PERCENT.")
@click.pass_context
def test(ctx: click.Context, files: tuple[Path, ...], tree_path: Path | None,
         min_coverage: float | None) -> None:
    """Run the scenarios in FILES and report choice coverage.

    With no FILES, runs every scenario file in scenarios/ and tests/scenarios/ of
    the current folder (so a pre-commit hook needs no arguments).

    Each file is YAML: `tree:` (a bundled name or a path relative to the file;
    default: the bundled tree) and `scenarios:`, a list of {name, answers: {ID:
    VALUE}, policy: {...} (optional), expect: {decision, outcome (optional)}}.
    Prints each failure with the path actually taken, then which choices no
    scenario exercises. Exits 0 when all pass, 1 when any fails, 3 when a file is
    invalid.
    """
    from contactcheck.authoring import scenarios as core
    from contactcheck.i18n import _, ngettext
    from contactcheck.tree.model import Tree

    if not files:
        files = tuple(find_scenario_files(Path.cwd()))
        if not files:
            click.echo(_("Error: {message}").format(message=_(
                "no scenario files given, and none found in {folders}; name them: "
                "contactcheck test FILE...").format(
                    folders=_(" or ").join(f + "/" for f in SCENARIO_FOLDERS))), err=True)
            ctx.exit(ExitCode.INVALID)
    trees: dict[Path, Tree] = {}
    loaded: list[core.ScenarioFile] = []
    invalid = unreadable = False
    for path in files:
        try:
            loaded.append(core.load_scenarios(path, tree_path, trees))
        except InvalidFile as error:
            invalid = True
            unreadable = unreadable or isinstance(error, UnreadableFile)
            click.echo(error.format(), err=True)
            click.echo(_("Error: {message}").format(message=error.message), err=True)
    runs = [(scenario_file, core.run_file(scenario_file)) for scenario_file in loaded]
    if not runs:
        ctx.exit(ExitCode.USAGE if unreadable else ExitCode.INVALID)
    failed = [run for _, file_runs in runs for run in file_runs if not run.passed]
    for run in failed:
        click.echo(terminal_safe("\n".join(core.describe_failure(run))))
        click.echo()
    total = sum(len(file_runs) for _file, file_runs in runs)
    click.echo(_("{scenarios} in {files}: {passed} passed, {failed} failed").format(
        scenarios=ngettext("{count} scenario", "{count} scenarios", total).format(count=total),
        files=ngettext("{count} file", "{count} files", len(loaded)).format(count=len(loaded)),
        passed=total - len(failed), failed=len(failed)))
    low = False
    for cover in core.coverage(runs):
        click.echo(terminal_safe("\n".join(core.describe_coverage(cover, _shown(cover.tree_path)))))
        done = cover.total - len(cover.uncovered)
        if min_coverage is not None and 100 * done < min_coverage * cover.total:
            low = True
            click.echo(_("  below --min-coverage {percent}%").format(
                percent=f"{min_coverage:g}"))
    if invalid:
        ctx.exit(ExitCode.USAGE if unreadable else ExitCode.INVALID)
    ctx.exit(ExitCode.FAILED if failed or low else ExitCode.OK)


def _shown(path: Path) -> str:
    """A path for messages: relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


@click.command(cls=Command, context_settings=_CONTEXT)
@format_option("text", "json")
@click.pass_context
def trees(ctx: click.Context, output_format: str) -> None:
    """List the bundled trees: the name --tree takes, id, title, version and path."""
    from contactcheck.tree.bundled import bundled_trees
    from contactcheck.tree.load import load_tree

    listed: list[dict[str, str]] = []
    invalid = False
    for path in bundled_trees():
        try:
            tree = load_tree(path)
        except InvalidFile as error:
            invalid = True
            click.echo(error.format(), err=True)
            continue
        listed.append({"name": path.stem, "id": tree.id, "title": tree.title,
                       "version": tree.version, "path": str(path)})
    emit("trees", output_format, listed)
    ctx.exit(ExitCode.INVALID if invalid else ExitCode.OK)


@click.command(cls=Command, context_settings=_CONTEXT)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@format_option("text", "json")
@click.pass_context
def lint(ctx: click.Context, files: tuple[Path, ...], output_format: str) -> None:
    """Warn about likely mistakes in valid tree FILES (default: the bundled trees).

    Questions with more than 7 choices, labels that differ only in case, text
    cut short by an unquoted ` #` (YAML reads `Call #112 now` as `Call`),
    contact-now outcomes without a draft message, paths longer than 10 questions,
    reasons without a source; in a translation, texts left as the tree has them.
    Exits 0 when clean, 1 when there are warnings, 3 when a file is invalid
    (its problems go to stderr, as with `validate`).
    """
    from contactcheck.tree.bundled import bundled_translations, bundled_trees

    code = run_lint(list(files) or [*bundled_trees(), *bundled_translations()], output_format)
    ctx.exit(code)


def run_lint(paths: list[Path], output_format: str, *, strict_validate: bool = False) -> int:
    """Lint `paths`, print the report, and return the exit code (0, 1 or 3).

    Shared with `validate --strict` (`strict_validate` keeps validate's summary lines).
    """
    from contactcheck.authoring.lint import lint_file
    from contactcheck.commands.validate import files_invalid
    from contactcheck.i18n import _, ngettext

    report: list[dict[str, object]] = []
    invalid = warned = unreadable = 0
    for path in paths:
        try:
            result = lint_file(path)
        except InvalidFile as error:
            invalid += 1
            unreadable += isinstance(error, UnreadableFile)
            report.append({"file": str(path), "valid": False, "warnings": [],
                           "problems": [p.as_json() for p in error.problems]})
            if output_format == "text":
                click.echo(error.format(), err=True)
            continue
        warned += bool(result.warnings)
        report.append({"file": str(path), "valid": True, "problems": [],
                       "warnings": [w.as_json() for w in result.warnings]})
        if output_format == "text":
            for warning in result.warnings:
                click.echo(warning.format())
            count = len(result.warnings)
            warnings = ngettext("{count} warning", "{count} warnings", count).format(
                count=count)
            if strict_validate or not count:
                tree = result.tree
                state = _("valid") if strict_validate else _("no warnings")
                if count:
                    state = _("{state}, {warnings}").format(state=state, warnings=warnings)
                click.echo(terminal_safe(_("{file}: {state} ({tree} {version})").format(
                    file=path, state=state, tree=tree.id, version=tree.version)))
            else:
                click.echo(terminal_safe(_("{file}: {warnings}").format(file=path,
                                                                        warnings=warnings)))
    if output_format == "json":
        click.echo(jsondoc.dumps({"valid": invalid == 0, "clean": invalid == warned == 0,
                               "files": report}, indent=2))
    elif invalid:
        click.echo(files_invalid(invalid, len(report)), err=True)
    if unreadable:  # a path that cannot be read is exit 2 for every command
        return ExitCode.USAGE
    if invalid:
        return ExitCode.INVALID
    return ExitCode.FAILED if warned else ExitCode.OK
