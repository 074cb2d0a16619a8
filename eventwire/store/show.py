"""Side-by-side view of a merged event and each report's version of it (`eventwire events --show-reports`)."""

from __future__ import annotations

from typing import Any

from ..model import EVENT_FIELDS

_SHOWN = [name for name in EVENT_FIELDS if name not in ("evidence", "doc_id")]


def _cell(value: Any) -> str:
    if isinstance(value, bool):  # `main`: only a true value is worth a row
        return "yes" if value else ""
    return "" if value is None else str(value)


def side_by_side(event: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """(column headers, rows): one row per field, the merged value first, then each report's.

    Rows where every version is empty are left out; the last rows list each report's document and
    its evidence spans ("field: text").
    """
    reports = event.get("reports") or []
    headers = ["field", "merged", *(f"{r['document']['doc_id']} ({r['document'].get('outlet') or 'no outlet'})"
                                    for r in reports)]
    rows = [["doc_ids", ", ".join(event.get("doc_ids") or []), *(r["document"]["doc_id"] for r in reports)],
            ["n_sources", _cell(event.get("n_sources")), *("" for _ in reports)]]
    for name in _SHOWN:
        values = [_cell(event.get(name)), *(_cell(r["report"].get(name)) for r in reports)]
        if any(values):
            rows.append([name, *values])
    rows.append(["published", "", *(_cell(r["document"].get("published")) for r in reports)])
    rows.append(["evidence", "", *("\n".join(f"{e.get('field')}: {e.get('text')}" for e in r["evidence"])
                                   for r in reports)])
    return headers, rows
