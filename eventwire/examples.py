"""The bundled example: the seed article on the evacuation of Baghouz, Syria (published 2019-02-21)."""

from __future__ import annotations

from datetime import date
from importlib import resources

from .model import Document

EXAMPLE_ID = "baghouz"
EXAMPLE_PUBLISHED = date(2019, 2, 21)
EXAMPLE_OUTLET = "AFP (via seed article)"


def example_document() -> Document:
    """The packaged example article as a Document, with its publication date and outlet."""
    text = (resources.files("eventwire") / "data" / "examples" / "baghouz.txt").read_text(encoding="utf-8")
    return Document(id=EXAMPLE_ID, text=text, published=EXAMPLE_PUBLISHED, outlet=EXAMPLE_OUTLET,
                    title=text.splitlines()[0].strip() or None)
