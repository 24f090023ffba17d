"""The one Markdown escaper: text from trees and people stays text."""

from __future__ import annotations

import pytest

from contactcheck.output.markdown import escape_markdown


@pytest.mark.parametrize(("text", "expected"), [
    ("plain words", "plain words"),
    ("~~~", "\\~\\~\\~"),
    ("```code", "\\`\\`\\`code"),
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("=== rule", "\\=== rule"),
    ("1. numbered", "1\\. numbered"),
    ("12) numbered", "12\\) numbered"),
    ("    indented code", "indented code"),
    ("line one\n# two", "line one \\# two"),
    ("<script>x</script>", "\\<script\\>x\\</script\\>"),
    ("[link](http://x)", "\\[link\\](http://x)"),
    ("![img](x)", "\\!\\[img\\](x)"),
    ("*bold* _it_", "\\*bold\\* \\_it\\_"),
    ("a | b", "a \\| b"),
    ("&amp;", "\\&amp;"),
    ("call\x1b[31m 999", "call \\[31m 999"),
])
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected
