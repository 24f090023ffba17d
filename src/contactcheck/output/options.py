"""What a person asked about how a document is shown, for every renderer alike."""

from __future__ import annotations

from msgspec import Struct


class RenderOptions(Struct, frozen=True):
    """How to show a document; each renderer uses what applies to it."""

    explain: bool = False
    """Also show how the answers led to the result (`--explain`)."""
    no_color: bool = False
    """No colour even on a colour terminal (`--no-color`; NO_COLOR is honoured anyway)."""
    disclaimer: bool = True
    """Say that this is a suggestion, not a diagnosis (False when the person was just told)."""
    plain: bool = False
    """Plain mode asked for (`--plain`; ACCESSIBLE=1 and TERM=dumb count too): no glyphs."""
