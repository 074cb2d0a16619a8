"""The SQLite event store: `Store(path)` ingests documents, merges reports of one event, answers queries.

    >>> from eventwire.store import Store
    >>> with Store("eventwire.db") as store:
    ...     store.ingest(documents)
    ...     store.query_events(country="Syria", since="2019-02-01")

Layout: schema.py (named migrations), core.py (Store: ingest, merge, queries), queries.py (filters);
the same-event rules and the merged values are in eventwire/dedup.py.
"""

from __future__ import annotations

from .core import IngestReport, Store, StoreError
from .queries import FilterError
from .schema import MIGRATIONS

__all__ = ["FilterError", "IngestReport", "MIGRATIONS", "Store", "StoreError"]
