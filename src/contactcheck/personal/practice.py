"""A practice file: what a therapist or clinic hands to clients, read strictly, installed once.

`practice.yaml` names the practice, the tree (bundled, a file beside it, or inline), the
policy (the policy-profile format), the region and the practice's own crisis lines. Every
problem is reported with its line in one pass (`InvalidFile`, exit 3). A practice's own tree
must keep the bundled danger screen (tree/screen.py), checked here at setup and at every load.
Installed, it lives in the config folder as two exact names: `practice.yaml` (the file's bytes,
unchanged) and `practice-tree.yaml` (the tree beside it, if any).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Final

from msgspec import Struct

from contactcheck.errors import InvalidFile, Problem
from contactcheck.files import read_capped
from contactcheck.folders import PRACTICE_FILE, PRACTICE_TREE_FILE, config_dir
from contactcheck.i18n import N_, _
from contactcheck.personal.storage import StoredPath
from contactcheck.tree.fields import Reader
from contactcheck.tree.yamlread import Source, YMap, YNode, decode, parse

if TYPE_CHECKING:
    from contactcheck.check.resources import Line
    from contactcheck.personal.policy import Policy
    from contactcheck.tree.model import Tree

WHAT: Final = "practice file"
PRACTICE_KEYS: Final = ("practice", "updated", "region", "tree", "contact", "policy",
                        "crisis_lines")


class Practice(Struct, frozen=True):
    """A validated practice file."""

    name: str
    updated: dt.date
    tree: Tree
    tree_spec: str
    """`default` (or another bundled name), the file name beside it, or `inline`."""
    region: str | None = None
    contact: str | None = None
    policy: Policy | None = None
    lines: tuple[Line, ...] = ()
    """The practice's own crisis lines, read as a clinic's `--resources` lines are; shown
    through `own_lines`, which says whose they are."""
    source: str = ""
    tree_file: Path | None = None
    """The tree file beside the practice file (copied in at setup)."""

    @property
    def tree_path(self) -> Path | None:
        """The file the tree was read from, with its translations beside it: the bundled
        tree's, or the tree file beside the practice file; None for a tree written inline."""
        if self.tree_file is not None:
            return self.tree_file
        if self.tree_spec == "inline":
            return None
        from contactcheck.tree.bundled import find_tree

        return find_tree(self.tree_spec)

    def own_lines(self) -> tuple[Line, ...]:
        """The practice's own crisis lines, each labelled whose it is in the interface's
        language now ("Harbour Street Therapy's practice file of 2026-11-20, GB"): the file
        is read before a check's language is final."""
        from msgspec.structs import replace

        if self.region:
            whose = _("{name}'s practice file of {date}, {region}").format(
                name=self.name, date=self.updated.isoformat(), region=self.region)
        else:
            whose = _("{name}'s practice file of {date}").format(name=self.name,
                                                                date=self.updated.isoformat())
        return tuple(replace(line, provider=whose) for line in self.lines)


def installed_path() -> Path:
    """Where an installed practice file lives."""
    return config_dir() / PRACTICE_FILE


def installed_tree_path() -> Path:
    """Where the tree file of an installed practice file lives."""
    return config_dir() / PRACTICE_TREE_FILE


def stored_paths() -> list[StoredPath]:
    """The installed practice file and its tree, for `where` and `forget`."""
    return [
        StoredPath(installed_path(), N_("your therapist's practice file (`contactcheck setup`)"),
                   "config"),
        StoredPath(installed_tree_path(), N_("the tree that came with your practice file"),
                   "config"),
    ]


def load_practice(path: Path, *, installed: bool = False) -> Practice:
    """Read and check a practice file; `InvalidFile` (exit 3) lists every problem.

    `installed`: the copy in the config folder, whose tree file is `practice-tree.yaml`.
    """
    data = read_capped(path, str(path), WHAT)
    source = decode(data, str(path), WHAT)
    reader = _PracticeReader(source, path, installed)
    practice = reader.practice(parse(source, WHAT))
    if reader.problems or practice is None:
        order = sorted(reader.problems,
                       key=lambda p: (p.file != source.name, p.file, p.line, p.col))
        raise InvalidFile(order, WHAT)
    return practice


class _PracticeReader(Reader):
    def __init__(self, source: Source, path: Path, installed: bool) -> None:
        super().__init__(source)
        self.path = path
        self.installed = installed

    def practice(self, root: YMap) -> Practice | None:
        if self.mapping(root, _("the practice file"), PRACTICE_KEYS,
                        ("practice", "updated")) is None:
            return None
        texts = {key: self.text(node, _quoted(key), one_line=True)
                 for key in ("practice", "contact") if (node := self.get(root, key)) is not None}
        updated = self.date(self.get(root, "updated"))
        region = self.region(self.get(root, "region"))
        policy = self.policy(self.get(root, "policy"))
        tree_node = self.get(root, "tree")
        tree, spec, tree_file = self.tree(tree_node)
        if tree is not None:
            self.danger_screen(tree, tree_node or root)
        name = texts.get("practice")
        lines = self.lines(self.get(root, "crisis_lines"), name)
        if self.problems or name is None or updated is None or tree is None:
            return None
        return Practice(name, updated, tree, spec, region, texts.get("contact"), policy,
                        tuple(lines), self.source.name, tree_file)

    def date(self, node: YNode | None) -> dt.date | None:
        if node is None:
            return None
        text = self.text(node, _quoted("updated"), one_line=True)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(node, _("'updated' is '{text}', which is not a date like 2026-11-20")
                      .format(text=text))
            return None

    def region(self, node: YNode | None) -> str | None:
        if node is None:
            return None
        from contactcheck.check.resources import known_codes, region_for

        text = self.text(node, _quoted("region"), one_line=True)
        if text is not None and (len(text) != 2 or region_for(text) is None):
            self.fail(node, _("'region' is '{text}', which is not the two-letter code of a "
                              "region contactcheck knows").format(text=text),
                      _("known regions: {codes}").format(codes=", ".join(known_codes())))
            return None
        return text.upper() if text else None

    def policy(self, node: YNode | None) -> Policy | None:
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.fail(node, _("'policy' must be a mapping in the policy-profile format"))
            return None
        from contactcheck.personal.policy import policy_from_yaml

        try:
            return policy_from_yaml(node, self.source)
        except InvalidFile as error:
            self.problems += error.problems
            return None

    def lines(self, node: YNode | None, name: str | None) -> tuple[Line, ...]:
        """`crisis_lines:` in the format of a clinic's `--resources` lines (one reader); whose
        they are is said when they are shown (`Practice.own_lines`)."""
        if node is None:
            return ()
        from contactcheck.check.regionfile import read_lines

        return read_lines(self, node, _quoted("crisis_lines"),
                          provider=name or "")

    def tree(self, node: YNode | None) -> tuple[Tree | None, str, Path | None]:
        from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
        from contactcheck.tree.load import load_tree

        if node is None:
            bundled = find_tree(DEFAULT_TREE)
            assert bundled is not None
            return load_tree(bundled), DEFAULT_TREE, None
        if isinstance(node, YMap):
            from contactcheck.tree.rules import tree_from_yaml

            try:
                return tree_from_yaml(node, self.source), "inline", None
            except InvalidFile as error:
                self.problems += error.problems
                return None, "inline", None
        text = self.text(node, _quoted("tree"), one_line=True)
        if text is None:
            return None, "", None
        bundled = find_tree(text)
        if bundled is not None:
            return load_tree(bundled), text, None
        if "/" in text or "\\" in text or text.startswith(".") or \
                not text.endswith((".yaml", ".yml")):
            self.fail(node, _("'tree' is '{text}': give 'default', a whole tree, or the plain "
                              "name of a .yaml file beside this one (no folders)").format(
                                  text=text))
            return None, text, None
        path = installed_tree_path() if self.installed else self.path.parent / text
        if not path.is_file():
            self.fail(node, _("the tree file '{name}' is not beside the practice file "
                              "({path})").format(name=text, path=path),
                      _("put the tree file in the same folder"))
            return None, text, None
        try:
            return load_tree(path), text, path
        except InvalidFile as error:
            self.problems += error.problems
            return None, text, None

    def danger_screen(self, tree: Tree, node: YNode) -> None:
        from contactcheck.tree.bundled import DEFAULT_TREE, find_tree
        from contactcheck.tree.load import load_tree
        from contactcheck.tree.screen import screen_gaps

        bundled = find_tree(DEFAULT_TREE)
        assert bundled is not None
        for gap in screen_gaps(tree, load_tree(bundled)):
            self.fail(node, _("the practice's tree would weaken the danger screen: {gap}")
                      .format(gap=gap),
                      _("use tree: default, or start your tree with every danger choice of "
                        "the bundled one (with its tags)"))


def _quoted(key: str) -> str:
    """A key of the file as a message names it ('region'); the key itself is never translated."""
    return _("'{key}'").format(key=key)


def problems_of(error: InvalidFile) -> list[Problem]:
    """The problems of a refused practice file (for `setup`'s JSON)."""
    return list(error.problems)
