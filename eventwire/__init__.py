"""eventwire: conflict news in, ACLED-style events out.

    >>> import eventwire
    >>> events = eventwire.extract(text, published="2019-02-21", outlet="AFP")
"""

from .model import Document, Event, Evidence
from .pipeline import Result, Settings, extract, extract_many

__version__ = "0.1.0"
__all__ = ["Document", "Event", "Evidence", "Result", "Settings", "extract", "extract_many", "__version__"]
