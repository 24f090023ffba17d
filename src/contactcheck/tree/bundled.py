"""Where the bundled trees live, and how `--tree NAME|PATH` finds one."""

from __future__ import annotations

from pathlib import Path

DEFAULT_TREE = "default"
_PACKAGE = Path(__file__).resolve().parents[1]


def trees_dir() -> Path:
    """The bundled trees: inside the installed package, or `trees/` of a source checkout."""
    installed = _PACKAGE / "trees"
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / "trees"


def bundled_files() -> list[Path]:
    """Every bundled tree file and translation (`default.es.yaml`), sorted by name."""
    folder = trees_dir()
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in (".yaml", ".yml"))


def bundled_trees() -> list[Path]:
    """Every bundled tree file, sorted by name (not their translations)."""
    found = bundled_files()
    names = {path.name for path in found}
    return [path for path in found
            if path.stem.rpartition(".")[0] + path.suffix not in names]


def bundled_translations() -> list[Path]:
    """Every translation of a bundled tree (`default.es.yaml`), sorted by name."""
    trees = set(bundled_trees())
    return [path for path in bundled_files() if path not in trees]


def bundled_names() -> list[str]:
    """The names `--tree` accepts for the bundled trees."""
    return [path.stem for path in bundled_trees()]


def find_tree(spec: str) -> Path | None:
    """A bundled tree by name, or None (paths are the caller's business)."""
    for path in bundled_trees():
        if path.stem == spec:
            return path
    return None
