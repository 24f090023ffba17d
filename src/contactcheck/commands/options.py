"""Options and parameter types shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # imported when completing only: every command start imports this module
    from click.shell_completion import CompletionItem

    from contactcheck.tree.model import Tree

from contactcheck.tree.bundled import DEFAULT_TREE, bundled_names, find_tree


class TreeParam(click.ParamType):  # type: ignore[type-arg]
    """`--tree NAME|PATH`: a bundled tree's name, or a path to a tree file."""

    name = "tree"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        text = str(value)
        bundled = find_tree(text)
        if bundled is not None:
            return bundled
        path = Path(text)
        if path.exists() or path.is_symlink() or _looks_like_a_path(text):
            # A file, a pipe such as --tree <(generate-tree), or a path that cannot be
            # read: the reader says why, with the same exit code (2) from every command.
            return path
        names = ", ".join(bundled_names()) or "none"
        self.fail(f"'{text}' is neither a bundled tree ({names}) nor a file", param, ctx)
        return None  # not reached: fail() raises

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        names = [CompletionItem(name) for name in bundled_names() if name.startswith(incomplete)]
        return [*names, CompletionItem(incomplete, type="file")]


def _looks_like_a_path(text: str) -> bool:
    """Whether `--tree TEXT` was meant as a file: it has a folder or a YAML suffix."""
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


tree_option = click.option(
    "--tree", "tree_path", type=TreeParam(), default=DEFAULT_TREE, show_default=True,
    help="A bundled tree's name, or the path of a tree file.")


_F = TypeVar("_F", bound=Callable[..., Any])


class RegionParam(click.ParamType):  # type: ignore[type-arg]
    """`--region CC`: a country code (any case); completes the known ones.

    Any value is accepted here: an unknown one must never block the danger screen or an
    emergency result, so `check` decides what it means once the result is known.
    """

    name = "region"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        return str(value).strip().upper()

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from contactcheck.check.resources import known_codes

        return [CompletionItem(code) for code in known_codes()
                if code.startswith(incomplete.upper())]


region_option = click.option(
    "--region", type=RegionParam(), default=None,
    help="Your country (two letters, e.g. US, GB, IE) for emergency numbers and crisis lines; "
         "default: CONTACTCHECK_REGION, then your saved region (`contactcheck region set`), "
         "then your system's language settings (a guess).")


lang_option = click.option(
    "--lang", "lang", metavar="LANG",
    help="The language of the questions and result (a tag such as es or es-MX); default: "
         "CONTACTCHECK_LANG, then your locale, then the tree's own. A language the tree has "
         "no translation into falls back to the tree's own.")


def format_option(*formats: str, default: str = "text") -> Callable[[_F], _F]:
    """`--format`, limited to `formats`."""
    return click.option("--format", "output_format", type=click.Choice(formats),
                        default=default, show_default=True, help="Output format.")


def load_in_chosen_language(tree_path: Path, lang: str | None) -> Tree:
    """`in_chosen_language(load_tree(tree_path), tree_path, lang)`, without reading the tree
    itself when the language chosen is one of its translations.

    A translation holds every id of its tree and the tree's own language (`source_lang`),
    so the choice is first made as if the tree's language were none of those asked for, then
    made again with the language the translation names: only when both agree is the
    translation used alone. Otherwise, and whenever the translation cannot be used, it is the
    path every tree takes (its problems said there, once).
    """
    from contactcheck.errors import InvalidFile
    from contactcheck.i18n import use_language
    from contactcheck.language import UNDETERMINED, choose_language
    from contactcheck.tree.load import load_translation, load_tree, translation_path

    has = _has_translation(tree_path)
    first = choose_language(lang, UNDETERMINED, has)
    path = None if first.lang == UNDETERMINED else translation_path(tree_path, first.lang)
    if path is not None:
        try:
            translated = load_translation(path, tree_path)
        except InvalidFile:
            pass
        else:
            if choose_language(lang, translated.source_lang, has) == first:
                use_language(translated.lang)
                return translated
    return in_chosen_language(load_tree(tree_path), tree_path, lang)


def in_chosen_language(tree: Tree, tree_path: Path | None, lang: str | None) -> Tree:
    """The tree in the chosen language (`lang` from --lang, CONTACTCHECK_LANG, the locale, else
    its own), and the interface in the language of the texts shown.

    Nothing here stops a command: a language the tree lacks, or a translation that no longer
    passes the checks, is said once on stderr and the tree's own language is used.
    """
    from contactcheck.errors import terminal_safe
    from contactcheck.i18n import use_language
    from contactcheck.language import choose_language

    choice = choose_language(lang, tree.lang, _has_translation(tree_path))
    if choice.fell_back:
        # Said in the language asked for, if the interface has it: the one the person reads.
        use_language(choice.wanted or "en")
        click.echo(terminal_safe(choice.note or ""), err=True)
    use_language(choice.lang)
    chosen = tree_in_language(tree, tree_path, choice.lang)
    use_language(chosen.lang)  # the interface follows the tree's texts, whichever is used
    return chosen


def _has_translation(tree_path: Path | None) -> Callable[[str], bool]:
    """Whether the tree at `tree_path` has a translation into a tag (a tree read from no file
    has none): what `choose_language` asks."""
    def has(tag: str) -> bool:
        from contactcheck.tree.load import translation_path

        return tree_path is not None and translation_path(tree_path, tag) is not None

    return has


def tree_in_language(tree: Tree, tree_path: Path | None, lang: str) -> Tree:
    """The tree in `lang` if a translation into it loads; else the tree as written (a
    translation that no longer passes the checks is said on stderr, and nothing stops)."""
    if lang == tree.lang or tree_path is None:
        return tree
    from contactcheck.errors import InvalidFile
    from contactcheck.tree.load import load_translation, translation_path

    path = translation_path(tree_path, lang)
    if path is None:
        return tree
    try:
        return load_translation(path, tree_path)
    except InvalidFile as error:
        from contactcheck.i18n import _

        click.echo(error.format(), err=True)
        click.echo(_("warning: the translation into '{lang}' could not be used, so the tree is "
                     "shown in the language it was written in.").format(lang=lang), err=True)
        return tree
