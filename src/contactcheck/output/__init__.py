"""Showing things: the rich consoles, text, Markdown and JSON renderers."""
