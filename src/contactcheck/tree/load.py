"""Load a tree: from the cache when the file is unchanged, else bytes -> YAML -> `Tree`.

The checks themselves live in treecheck.py and run on every load from the
file; a tree served from the cache (cache.py) is checked again by
treecache.py. Either way a `Tree` is valid by construction. A cache hit
imports neither the YAML layer nor the validators, which is most of what a
small `check` would otherwise cost at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contactcheck.tree import cache
from contactcheck.tree import cachecheck as treecache
from contactcheck.tree.model import Tree

if TYPE_CHECKING:
    from pathlib import Path


def load_tree(path: Path | str, *, name: str | None = None) -> Tree:
    """Read and validate the tree at `path`; raise `InvalidFile` listing every problem.

    An unchanged file is served from the cache (cache.py, treecache.py), which
    checks every rule again before it is used.
    """
    return cache.load_checked(path, "tree", treecache.KIND, build=tree_from_bytes,
                              to_json=treecache.tree_to_json, from_json=treecache.tree_from_json,
                              name=name)


def tree_from_bytes(data: bytes, name: str) -> Tree:
    """Validate a tree given as bytes (`name` is used in messages); raise `InvalidFile`."""
    from contactcheck.tree.rules import tree_from_yaml
    from contactcheck.tree.yamlread import decode, parse

    source = decode(data, name)
    return tree_from_yaml(parse(source), source)
