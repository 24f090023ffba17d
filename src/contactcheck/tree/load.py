"""Load a tree: bytes -> strict YAML -> the one rule set -> `Tree`.

Every tree is validated by `tree/rules.py` and nothing else. The bundled
trees are built once and kept while the installed package is unchanged
(`prebuilt.py`); a tree of the person's own is read and checked every time,
and never stored.
"""

from __future__ import annotations

from pathlib import Path

from contactcheck import prebuilt
from contactcheck.tree.model import Tree
from contactcheck.tree.rules import tree_from_yaml
from contactcheck.tree.yamlread import decode, parse

KIND = "tree"


def load_tree(path: Path | str, *, name: str | None = None) -> Tree:
    """Read and validate the tree at `path`; raise `InvalidFile` listing every problem."""
    return prebuilt.load_own(Path(path), KIND, tree_from_bytes, Tree, name=name or str(path),
                             what="tree")


def tree_from_bytes(data: bytes, name: str) -> Tree:
    """Validate a tree given as bytes (`name` is used in messages); raise `InvalidFile`."""
    source = decode(data, name)
    return tree_from_yaml(parse(source), source)
