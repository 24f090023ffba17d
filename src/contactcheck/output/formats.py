"""Output formats, one registry per document: which formats it has, and which function renders.

`--format` offers exactly a document's formats, and a command prints with
`emit(document, format, value, options)`: no command chooses a renderer
itself. Renderers are named, not imported, here: the text renderer imports
rich, which a JSON result must never pay for. To add a format, write its
renderer (`(value, RenderOptions) -> str`, the text to print, or an iterable of
chunks to print one after another for a long document) and add one line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, Literal

import click

from contactcheck.errors import terminal_safe
from contactcheck.output.options import RenderOptions

Document = Literal["result", "agenda", "safety-plan", "where", "questions", "session",
                   "resources", "trees", "paths", "graph"]

REGISTRY: dict[Document, dict[str, str]] = {
    "result": {
        "text": "contactcheck.output.text:print_result",
        "json": "contactcheck.output.json:result_json",
        "markdown": "contactcheck.output.markdown:result_markdown",
    },
    "agenda": {
        "text": "contactcheck.output.pages:agenda_text_page",
        "json": "contactcheck.output.json:agenda_json",
        "markdown": "contactcheck.output.pages:agenda_markdown_page",
    },
    "safety-plan": {
        "text": "contactcheck.output.pages:plan_text_page",
        "json": "contactcheck.output.json:plan_json",
        "markdown": "contactcheck.output.pages:plan_markdown_page",
    },
    "where": {
        "text": "contactcheck.output.listings:where_text",
        "json": "contactcheck.output.listings:where_json",
    },
    "questions": {
        "text": "contactcheck.output.listings:questions_text",
        "json": "contactcheck.output.listings:questions_json",
    },
    "session": {
        "text": "contactcheck.output.listings:session_text",
        "json": "contactcheck.output.listings:session_json",
    },
    "resources": {
        "text": "contactcheck.output.listings:resources_text",
        "json": "contactcheck.output.listings:resources_json",
    },
    "trees": {
        "text": "contactcheck.output.listings:trees_text",
        "json": "contactcheck.output.listings:trees_json",
    },
    "graph": {
        "mermaid": "contactcheck.authoring.graph:graph_mermaid",
        "dot": "contactcheck.authoring.graph:graph_dot",
    },
    "paths": {  # streamed: a tree can have thousands of paths
        "text": "contactcheck.authoring.routes:paths_text",
        "json": "contactcheck.authoring.routes:paths_json",
        "csv": "contactcheck.authoring.routes:paths_csv",
    },
}
"""For each document, its formats (the first is the default) and `module:function`."""


def names(document: Document) -> tuple[str, ...]:
    """The formats `document` can be shown in, the default first."""
    return tuple(REGISTRY[document])


def emit(document: Document, output_format: str, value: Any,
         options: RenderOptions | None = None) -> None:
    """Render `value` as `document` in `output_format` and write it to stdout."""
    module, _, function = REGISTRY[document][output_format].partition(":")
    render = getattr(importlib.import_module(module), function)
    rendered: str | Iterable[str] = render(value, options or RenderOptions())
    for chunk in (rendered,) if isinstance(rendered, str) else rendered:
        if chunk:
            # JSON is escaped by its renderer; the other formats quote the person's files and
            # tree text, so nothing in them may drive the terminal.
            click.echo(chunk if output_format == "json" else terminal_safe(chunk), nl=False)
