"""Run a snippet file (TSV: id, text, label) through the pipeline: shared by the held-out and blind tests."""

from __future__ import annotations

from pathlib import Path


def snippet_outcomes(path: Path, published: str) -> list[tuple[str, str, str]]:
    """(id, gold sub-type or "not an event", predicted first sub-type or "not an event") per snippet."""
    import eventwire
    from eventwire.evaluate import NOT_AN_EVENT, gold_sub_type, load_label_map, read_snippets

    mapping = load_label_map()
    out = []
    for sid, text, label in read_snippets(path):
        events = eventwire.extract(text, published=published, doc_id=sid)
        predicted = (events[0].sub_event_type if events else None) or NOT_AN_EVENT
        out.append((sid, gold_sub_type(label, mapping), predicted))
    return out
