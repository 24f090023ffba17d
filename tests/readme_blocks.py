"""The README's generated and example blocks: read them, and rewrite the generated ones.

`python -m tests.readme_blocks` rewrites the Mermaid diagram of each bundled tree between
`<!-- graph:NAME:start -->` and `<!-- graph:NAME:end -->` from `contactcheck graph`.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from contactcheck.authoring.graph import render_graph
from contactcheck.tree.bundled import find_tree
from contactcheck.tree.load import load_tree

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def graph_markers(name: str) -> tuple[str, str]:
    """The start and end markers of a tree's diagram in the README."""
    return f"<!-- graph:{name}:start -->", f"<!-- graph:{name}:end -->"


def expected_graph_block(name: str) -> str:
    """What belongs between the markers: the tool's own Mermaid output, fenced."""
    path = find_tree(name)
    assert path is not None, f"no bundled tree named {name}"
    return "```mermaid\n" + render_graph(load_tree(path), "mermaid") + "```\n"


def graph_block(text: str, name: str) -> str | None:
    """What is between the markers now, or None without markers."""
    start, end = graph_markers(name)
    match = re.search(re.escape(start) + r"\n(.*?)" + re.escape(end), text, re.DOTALL)
    return match.group(1) if match else None


def example_block(text: str, marker: str) -> str:
    """The fenced block right after `<!-- marker -->`, dedented (it may sit in a list)."""
    pattern = rf"<!-- {re.escape(marker)} -->\n( *)```[a-z]*\n(.*?)\n\1```"
    match = re.search(pattern, text, re.DOTALL)
    assert match, f"README.md has no block after <!-- {marker} -->"
    return textwrap.dedent(match.group(2)) + "\n"


def rewrite(names: list[str]) -> None:
    """Replace each named tree's diagram in the README with the current one."""
    text = README.read_text(encoding="utf-8")
    for name in names:
        start, end = graph_markers(name)
        assert graph_block(text, name) is not None, f"README.md lacks {start} ... {end}"
        block = f"{start}\n{expected_graph_block(name)}{end}"
        pattern = re.compile(re.escape(start) + r"\n.*?" + re.escape(end), flags=re.DOTALL)
        text = pattern.sub(block.replace("\\", "\\\\"), text)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    rewrite(["default"])
