"""Load a tree: bytes -> strict YAML -> the one rule set -> `Tree`; and its translations.

Every tree is validated by `tree/rules.py` and nothing else. The bundled
trees are built once and kept while the installed package is unchanged
(`prebuilt.py`); a tree of the person's own is read and checked every time,
and never stored.

A translation is a sibling file named by its language, `default.es.yaml` beside
`default.yaml`, holding the same ids with the texts in that language
(docs/tree-format.md, "Translations"). It is read by the same strict reader and
checked against its tree by the same rule set (`translation_from_yaml`).
"""

from __future__ import annotations

from pathlib import Path

from contactcheck import prebuilt
from contactcheck.errors import InvalidFile, Problem
from contactcheck.i18n import _
from contactcheck.language import normalize_tag
from contactcheck.tree.model import Tree

KIND = "tree"
SUFFIXES = (".yaml", ".yml")


def load_tree(path: Path | str, *, name: str | None = None) -> Tree:
    """Read and validate the tree at `path`; raise `InvalidFile` listing every problem."""
    return prebuilt.load_own(Path(path), KIND, tree_from_bytes, Tree, name=name or str(path),
                             what="tree")


def tree_from_bytes(data: bytes, name: str) -> Tree:
    """Validate a tree given as bytes (`name` is used in messages); raise `InvalidFile`."""
    # The reader and the rules are imported only here: a bundled tree's stored form needs
    # neither.
    from contactcheck.tree.rules import tree_from_yaml
    from contactcheck.tree.yamlread import decode, parse

    source = decode(data, name)
    return tree_from_yaml(parse(source), source)


def translation_name(path: Path | str) -> tuple[Path, str] | None:
    """For `default.es.yaml`: the tree file it translates (`default.yaml`) and `es`; None when
    the name is not that of a translation."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        return None
    stem, dot, tag = path.stem.rpartition(".")
    if not dot or not stem or normalize_tag(tag) != tag:
        return None
    return path.with_name(stem + path.suffix), tag


def translation_path(tree_path: Path | str, lang: str) -> Path | None:
    """The translation of the tree at `tree_path` into `lang`, if that file exists."""
    tree_path = Path(tree_path)
    candidate = tree_path.with_name(f"{tree_path.stem}.{lang}{tree_path.suffix or '.yaml'}")
    return candidate if candidate.is_file() else None


def translations(tree_path: Path | str) -> dict[str, Path]:
    """Every translation beside the tree at `tree_path`, by language."""
    tree_path = Path(tree_path)
    try:
        siblings = sorted(tree_path.parent.glob(f"{tree_path.stem}.*{tree_path.suffix}"))
    except OSError:
        return {}
    found = {}
    for path in siblings:
        named = translation_name(path)
        if named is not None and named[0].name == tree_path.name:
            found[named[1]] = path
    return found


def load_translation(path: Path | str, tree_path: Path | str | None = None) -> Tree:
    """The tree in the language of the translation at `path`, checked against its tree.

    The tree is `tree_path`, or the file its name points at (`default.es.yaml` ->
    `default.yaml` beside it). Kept like the tree when both are the package's own (the
    fingerprint covers every file of the package, this one too); raise `InvalidFile`.
    """
    path = Path(path)
    named = translation_name(path)
    if tree_path is None:
        if named is None:
            raise InvalidFile([Problem(str(path), 0, 0, _(
                "a translation is named after its tree and its language, e.g. default.es.yaml "
                "beside default.yaml"))], "translation")
        tree_path = named[0]
    tree_path = Path(tree_path)
    if not tree_path.is_file():
        raise InvalidFile([Problem(str(path), 0, 0, _(
            "the tree it translates, {tree}, was not found").format(tree=tree_path),
            _("keep a translation beside its tree"))], "translation")

    def build(data: bytes, name: str) -> Tree:
        return translation_from_bytes(load_tree(tree_path), data, name,
                                      named[1] if named else None)

    return prebuilt.load_own(path, KIND, build, Tree, name=str(path), what="translation")


def translation_from_bytes(tree: Tree, data: bytes, name: str, named: str | None = None) -> Tree:
    """Validate a translation of `tree` given as bytes; raise `InvalidFile`."""
    from contactcheck.tree.rules import translation_from_yaml
    from contactcheck.tree.yamlread import decode, parse

    source = decode(data, name, "translation")
    return translation_from_yaml(tree, parse(source, "translation"), source, named)


def is_translation(path: Path | str) -> bool:
    """Whether the file at `path` is a translation: its name says so and its tree is beside
    it (a tree of its own may have a dot in its name)."""
    named = translation_name(path)
    return named is not None and named[0].is_file()
