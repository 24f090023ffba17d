"""No text a person reads is left out of the catalogs.

`tests/test_catalog.py` checks that every string the code marks is in each catalog and
translated; this checks the other half, that the code marks what it shows. It reads every
module's syntax tree and looks at what is given to the places text leaves the program: output
(`click.echo`, prompts), errors (`raise SomeError(...)`, `click.UsageError`), a file's located
problems (`problem`, `fail`, `warn`, `Problem`) and the field reader's names of what it reads.
Text there must go through `_()`, `N_()` or `ngettext()`.

It sees text written where it is shown, not text first kept in a variable; the walks in
`tests/test_spanish*.py`, which fail on English words left in a Spanish run, cover those.
"""

from __future__ import annotations

import ast
import re

import pytest

from contactcheck.errors import INVALID
from tests.helpers import REPO

SOURCE = REPO / "src" / "contactcheck"
MARKERS = {"_", "N_", "ngettext"}
OUTPUT = {"echo", "secho", "prompt", "confirm", "UsageError", "BadParameter", "ClickException",
          "problem", "fail", "warn", "Problem"}
READER_WHAT = {"mapping", "text", "identifier", "items", "choose", "flag", "read_map"}
"""The field reader's methods (tree/fields.py): their second argument names what is read, and
is said inside a problem ("the tree's title must be text")."""
WORDS = re.compile(r"[A-Za-z]{2,}[,;:.']*\s+[A-Za-z]{2,}")
"""Two words apart: a sentence or a phrase, not an id (`many-choices`) or a single token."""

SAID_BEFORE_A_LANGUAGE: dict[tuple[str, str], str] = {
    # (module, text): why. Each is said while click parses the command line, before the
    # command runs and chooses the language, like click's own parsing errors around it
    # (docs/translation.md, "What stays English").
    ("commands/options.py", "' is neither a bundled tree ("): "--tree, parsed by click",
}

STAYS_ENGLISH = {
    # module: why its text is not translated
    "cli.py": "the top level's --help texts and the errors said before any language is chosen",
    "tree/schema.py": "the JSON Schema's descriptions: machine data, read by editors",
}


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _unmarked(node: ast.AST):
    """Text constants under `node` that are not inside a marker call."""
    if isinstance(node, ast.Call) and _name(node) in MARKERS:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if WORDS.search(node.value) and node.value not in INVALID:  # a key: what the file is
            yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _unmarked(child)


def _shown(tree: ast.AST):
    """The expressions whose text a person reads."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            yield from node.exc.args
        elif isinstance(node, ast.Call):
            name = _name(node)
            if name in OUTPUT:
                yield from node.args
                yield from (keyword.value for keyword in node.keywords
                            if keyword.arg in {"message", "hint"})
            elif (name in READER_WHAT and isinstance(node.func, ast.Attribute)
                    and len(node.args) >= 2):
                yield node.args[1]


def _modules():
    return sorted(path.relative_to(SOURCE).as_posix() for path in SOURCE.rglob("*.py"))


def unmarked_text(code: str) -> list[tuple[int, str]]:
    """(line, text) of each unmarked text `code` shows."""
    tree = ast.parse(code)
    return sorted({(constant.lineno, constant.value) for shown in _shown(tree)
                   for constant in _unmarked(shown)})


@pytest.mark.parametrize("relative", [module for module in _modules()
                                      if module not in STAYS_ENGLISH])
def test_every_text_a_person_reads_is_marked_for_translation(relative):
    code = (SOURCE / relative).read_text(encoding="utf-8")
    found = [f"{relative}:{line}: {text!r}" for line, text in unmarked_text(code)
             if (relative, text) not in SAID_BEFORE_A_LANGUAGE]
    assert found == [], "mark them with _() or N_(), then run docs/translation.md's commands"


def test_the_stays_english_lists_name_what_is_there():
    for module in STAYS_ENGLISH:
        assert (SOURCE / module).is_file(), module
    for module, text in SAID_BEFORE_A_LANGUAGE:
        code = (SOURCE / module).read_text(encoding="utf-8")
        assert text in [found for _, found in unmarked_text(code)], (module, text)


@pytest.mark.parametrize(("code", "found"), [
    ('click.echo("Nothing was saved.")', ["Nothing was saved."]),
    ('click.echo(f"Saved in {path}, only yours.")', ["Saved in ", ", only yours."]),
    ('raise NoTerminal("there is no terminal to ask on")', ["there is no terminal to ask on"]),
    ('self.fail(node, "must be text", "write it as one line")',
     ["must be text", "write it as one line"]),
    ('reader.text(node, "the tree\'s title")', ["the tree's title"]),
    ('source.problem(1, 2, "bad key " + key)', ["bad key "]),
    ('click.echo("{n} items were kept".format(n=n))', ["{n} items were kept"]),
    ('click.echo(_("Nothing was saved."))', []),
    ('click.echo(_("Saved in {path}.").format(path=p))', []),
    ('raise ContactcheckError(N_("a constant"))', []),
    ('click.echo(ngettext("one item", "{n} items", n))', []),
    ('click.echo(style="bold white on red")', []),
    ('click.echo(text, err=True)', []),
    ('names = {"policy profile": 1}', []),
])
def test_the_check_finds_text_that_is_not_marked(code, found):
    assert [text for _, text in unmarked_text(code)] == sorted(found)
