"""eventwire: conflict news in, ACLED-style events out.

    >>> import eventwire
    >>> events = eventwire.extract(text, published="2019-02-21", outlet="AFP")

The NLP pipeline (and spaCy) is imported on first use, so `eventwire.model`, the store and the
API stay light to import.
"""

from __future__ import annotations

from typing import Any

from .model import Document, Event, Evidence

__version__ = "0.1.0"
__all__ = ["Document", "Event", "Evidence", "Result", "Settings", "extract", "extract_many", "__version__"]

_PIPELINE_NAMES = {"Result", "Settings", "extract", "extract_many"}


def __getattr__(name: str) -> Any:
    if name in _PIPELINE_NAMES:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
