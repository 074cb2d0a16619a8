"""Score events extracted from whole news articles against article-level gold (`eventwire eval --articles`).

The gold is a JSON object `{article_id: {"no_event": bool, "events": [...]}}`, each event coded as
ACLED codes it (event_type, sub_event_type, main, country or country_any, admin1, location, latitude,
longitude, event_date, date_window, fatalities, actor1, actor2); ../shared/data/news-dev/CODING.md
describes it. The figures, their names, their order and every rule behind them are those of the team's
reference scorer, ../shared/tools/score_articles.py, reproduced to the last decimal (a test runs both
on one fixture), so numbers quoted from either can be compared:

- a predicted event matches a gold event when event_type is equal, the country is the gold one (or one
  of `country_any`), and the predicted event_date is inside the gold date_window widened by one day;
- each gold event is credited to the FIRST prediction of its article that matches it;
- on a matched main event, sub_event_type must be equal, admin1 and actor1 the same name (see
  `same_name`), fatalities the same value, and the point within 25 km of the gold point.

Everything but `evaluate_articles` is a pure function over plain dicts; it alone imports the pipeline.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .evaluate import WITHIN_KM, extract_all, haversine_km

NAME_RATIO = 0.85
DATE_SLACK = timedelta(days=1)
# What an errors-file record shows of a spurious prediction.
SPURIOUS_FIELDS: tuple[str, ...] = (
    "event_type", "sub_event_type", "event_date", "country", "admin1", "location", "fatalities",
    "actor1", "actor2",
)


class ArticleEvalError(ValueError):
    """A gold, articles or predictions file that cannot be used; the message names the file."""


# ---------------------------------------------------------------- the reference's comparisons
# Not eventwire.evaluate's normalize_name/names_match: the reference drops more Arabic articles and
# admin words and compares with difflib, and the figures must be the reference's exactly.

_REGIME_YEARS = re.compile(r"\(\d{4}-\d{0,4}\)")  # ACLED's "(2014-)", "(2011-2019)"
_ARTICLE_PREFIX = re.compile(r"\b(al|el|ad|ar|as|an|at|az)[- ]")
_ADMIN_WORDS = re.compile(r"\b(governorate|province|region|state|district|county|muhafazat|wilayah)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def norm_name(value: Any) -> str:
    """Lower-case ASCII without regime years, Arabic articles ("al-", "ad ") or admin words, spaces collapsed."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode().lower()
    text = _REGIME_YEARS.sub(" ", text)
    text = _ARTICLE_PREFIX.sub("", text)
    text = _ADMIN_WORDS.sub(" ", text)
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def same_name(gold: Any, predicted: Any) -> bool:
    """Equal after `norm_name`, or a difflib ratio >= 0.85; nothing coded and nothing predicted agree."""
    a, b = norm_name(gold), norm_name(predicted)
    if not a and not b:
        return True
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= NAME_RATIO)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def in_window(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """The predicted event_date is inside the gold date_window (default: the gold day), one day either side."""
    lo, hi = gold.get("date_window") or [gold.get("event_date"), gold.get("event_date")]
    first, last, day = _day(lo), _day(hi), _day(pred.get("event_date"))
    return bool(first and last and day) and first - DATE_SLACK <= day <= last + DATE_SLACK


def same_country(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """The predicted country is the gold one, or one of `country_any` (an event on a disputed border)."""
    return norm_name(pred.get("country")) in {norm_name(c) for c in gold.get("country_any") or [gold.get("country")]}


def event_matches(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Same event_type, same country, date inside the window: the prediction reports this gold event."""
    return gold.get("event_type") == pred.get("event_type") and same_country(gold, pred) and in_window(gold, pred)


def _point_km(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float | None:
    """km between the gold and the predicted points; None when the prediction has no usable point."""
    try:
        lat1, lon1, lat2, lon2 = (float(v) for v in (gold.get("latitude"), gold.get("longitude"),
                                                     pred.get("latitude"), pred.get("longitude")))
    except (TypeError, ValueError):
        return None
    return haversine_km(lat1, lon1, lat2, lon2)


def main_event_diffs(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The scored fields of a matched main event that disagree: field -> {gold, predicted} (and km).

    Fatalities are compared as text, as the reference does: a prediction with no figure is not the
    gold 0. A gold event without a point is not scored on distance.
    """
    diffs: dict[str, dict[str, Any]] = {}
    if gold.get("sub_event_type") != pred.get("sub_event_type"):
        diffs["sub_event_type"] = {"gold": gold.get("sub_event_type"), "predicted": pred.get("sub_event_type")}
    for name in ("admin1", "actor1"):
        if not same_name(gold.get(name), pred.get(name)):
            diffs[name] = {"gold": gold.get(name), "predicted": pred.get(name)}
    if str(gold.get("fatalities")) != str(pred.get("fatalities")):
        diffs["fatalities"] = {"gold": gold.get("fatalities"), "predicted": pred.get("fatalities")}
    if gold.get("latitude") is not None:
        km = _point_km(gold, pred)
        if km is None or km > WITHIN_KM:
            diffs["within_25km"] = {
                "gold": [gold.get("latitude"), gold.get("longitude")],
                "predicted": [pred.get("latitude"), pred.get("longitude")],
                "km": None if km is None else round(km, 1),
            }
    return diffs


# ---------------------------------------------------------------- scoring a set of articles


@dataclass
class ArticleReport:
    """The reference's figures, its per-article rows, and what went wrong in each article."""

    figures: dict[str, Any]
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (id, gold side, predicted side)
    errors: list[dict[str, Any]] = field(default_factory=list)  # one record per article with a problem
    skipped: list[str] = field(default_factory=list)  # inputs that could not be read or coded, with why
    unread: list[str] = field(default_factory=list)  # gold articles the articles file did not give

    def figure_lines(self) -> list[str]:
        """The figures as the reference prints them: name padded to 26 characters, then the value."""
        return [f"{name:26s} {value}" for name, value in self.figures.items()]

    def row_lines(self) -> list[str]:
        """One line per article, as the reference's --by-article prints it."""
        return ["  ".join(row) for row in self.rows]

    def to_json(self, *, by_article: bool = False) -> dict[str, Any]:
        """The figures; with `by_article`, also the rows as {id, gold, predicted} under "by_article"."""
        out: dict[str, Any] = dict(self.figures)
        if by_article:
            out["by_article"] = [{"id": a, "gold": g, "predicted": p} for a, g, p in self.rows]
        return out


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def _spurious(pred: Mapping[str, Any]) -> dict[str, Any]:
    shown = {k: pred.get(k) for k in SPURIOUS_FIELDS}
    # the words that made it an event: the evidence of its event_type
    shown["trigger"] = next((e.get("text") for e in pred.get("evidence") or []
                             if isinstance(e, dict) and e.get("field") == "event_type"), None)
    return shown


def score_articles(gold: Mapping[str, Mapping[str, Any]],
                   predicted: Mapping[str, Sequence[Mapping[str, Any]]]) -> ArticleReport:
    """Score predictions (article id -> event dicts, in extraction order) against article-level gold.

    Articles are taken in gold order; predictions for articles the gold does not have are ignored.
    """
    n: Counter = Counter()
    hits: Counter = Counter()
    rows: list[tuple[str, str, str]] = []
    errors: list[dict[str, Any]] = []
    for aid, article in gold.items():
        preds = list(predicted.get(aid, []))
        if article.get("no_event"):
            n["noevent_articles"] += 1
            n["noevent_clean"] += not preds
            rows.append((aid, "no-event", "clean" if not preds else f"{len(preds)} spurious"))
            if preds:
                errors.append({"id": aid, "no_event": True, "n_gold": 0, "n_predicted": len(preds),
                               "missed": [], "spurious": [_spurious(p) for p in preds], "wrong_fields": []})
            continue
        events = article.get("events") or []
        n["pred_events"] += len(preds)
        spurious = [p for p in preds if not any(event_matches(g, p) for g in events)]
        n["pred_matched"] += len(preds) - len(spurious)
        missed: list[Mapping[str, Any]] = []
        wrong: list[dict[str, Any]] = []
        for index, g in enumerate(events):
            n["gold_events"] += 1
            hit = next((p for p in preds if event_matches(g, p)), None)
            if hit is None:
                missed.append(g)
            if not g.get("main"):
                continue
            n["main"] += 1
            if hit is None:
                continue
            n["main_found"] += 1
            n["main_with_point"] += g.get("latitude") is not None
            diffs = main_event_diffs(g, hit)
            hits.update(k for k in ("sub_event_type", "admin1", "fatalities", "actor1") if k not in diffs)
            hits["within_25km"] += g.get("latitude") is not None and "within_25km" not in diffs
            if diffs:
                wrong.append({"gold_index": index, "fields": diffs})
        found = len(events) - len(missed)
        n["gold_found"] += found
        rows.append((aid, f"{found}/{len(events)} gold found", f"{len(preds)} predicted"))
        if missed or spurious or wrong:
            errors.append({"id": aid, "no_event": False, "n_gold": len(events), "n_predicted": len(preds),
                           "missed": [dict(g) for g in missed], "spurious": [_spurious(p) for p in spurious],
                           "wrong_fields": wrong})
    # the reference's names, in the order it prints them
    figures: dict[str, Any] = {
        "articles": len(gold),
        "main_event_recall": _ratio(n["main_found"], n["main"]),
        "all_event_recall": _ratio(n["gold_found"], n["gold_events"]),
        "precision": _ratio(n["pred_matched"], n["pred_events"]),
        "events_per_article": _ratio(n["pred_events"], n["gold_events"]),
        "no_event_articles_clean": f"{n['noevent_clean']}/{n['noevent_articles']}",
    }
    for name in ("sub_event_type", "admin1", "fatalities", "actor1"):
        figures[f"main_{name}"] = _ratio(hits[name], n["main_found"])
    figures["main_within_25km"] = _ratio(hits["within_25km"], n["main_with_point"])
    return ArticleReport(figures, rows, errors)


def group_by_article(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Event dicts by article id (`doc_id`, or each of a merged event's `doc_ids`), order kept."""
    by_article: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        for doc_id in record.get("doc_ids") or [record.get("doc_id")]:
            by_article.setdefault(str(doc_id), []).append(record)
    return by_article


# ---------------------------------------------------------------- files


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleEvalError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ArticleEvalError(f"{path}: the {what} is not UTF-8 text (invalid byte at offset {exc.start})") from None
    except OSError as exc:
        raise ArticleEvalError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """The article-level gold file, checked enough that scoring cannot fail half-way on a bad entry."""
    path = Path(path)
    try:
        gold = json.loads(_read_text(path, "gold file"))
    except json.JSONDecodeError as exc:
        raise ArticleEvalError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(gold, dict):
        raise ArticleEvalError(f"{path}: expected a JSON object of article id -> "
                               f"{{\"no_event\", \"events\"}}, got a {type(gold).__name__}")
    for aid, article in gold.items():
        if not isinstance(article, dict):
            raise ArticleEvalError(f"{path}: article {aid!r} is a {type(article).__name__}, not an object")
        if article.get("no_event"):
            continue
        events = article.get("events")
        if not isinstance(events, list):
            raise ArticleEvalError(f"{path}: article {aid!r} has no 'events' list (and is not 'no_event': true)")
        for i, event in enumerate(events, 1):
            if not isinstance(event, dict) or not event.get("event_type"):
                raise ArticleEvalError(f"{path}: article {aid!r}, event {i}: no event_type")
    return gold


def read_predictions(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Event dicts from a JSONL file, and a note for each line that is not a JSON object (skipped,
    as the reference scorer skips them, so one broken line does not stop the scoring)."""
    path = Path(path)
    records: list[dict[str, Any]] = []
    skipped: list[str] = []
    for lineno, line in enumerate(_read_text(path, "predictions file").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(f"{path}:{lineno}: invalid JSON ({exc.msg}), line skipped")
            continue
        if not isinstance(record, dict):
            skipped.append(f"{path}:{lineno}: a {type(record).__name__}, not an event object, line skipped")
            continue
        records.append(record)
    return records, skipped


def _extracted_events(articles: Path, wanted: set[str], *, settings: Any,
                      workers: int) -> tuple[list[dict[str, Any]], list[str], set[str]]:
    """Events of the wanted articles, the articles that could not be read or coded, and the ids read."""
    from .io.readers import DocumentError, read_documents

    if not articles.is_file():
        raise ArticleEvalError(f"{articles}: no such file" if not articles.exists() else f"{articles}: not a file")
    documents = []
    skipped: list[str] = []
    for item in read_documents([str(articles)], input_format="jsonl"):
        if isinstance(item, DocumentError):
            skipped.append(str(item))
        elif item.id in wanted:  # no time spent on articles the gold does not score
            documents.append(item)
    records: list[dict[str, Any]] = []
    for result in extract_all(documents, settings=settings, workers=workers):
        if result.error:
            skipped.append(f"{result.document.id}: {result.error}")
        records.extend(event.to_dict() for event in result.events)
    return records, skipped, {d.id for d in documents}


def evaluate_articles(
    gold_path: str | Path,
    articles_path: str | Path | None = None,
    *,
    predictions_path: str | Path | None = None,
    limit: int | None = None,
    settings: Any = None,
    workers: int = 1,
) -> ArticleReport:
    """Extract events from the articles (JSONL: id, url, published, outlet, text) and score them.

    With `predictions_path` instead, score events already extracted (eventwire's JSONL). `limit` keeps
    the first N gold articles; `workers` > 1 extracts in that many processes. Raises ArticleEvalError
    for a file that cannot be read; an article that cannot be coded is listed in `skipped` and scores
    as an article with no prediction.
    """
    if (articles_path is None) == (predictions_path is None):
        raise ValueError("give the articles to extract from or a predictions file, not both")
    gold = load_gold(gold_path)
    if limit is not None:
        gold = dict(list(gold.items())[:limit])
    unread: list[str] = []
    if predictions_path is not None:
        records, skipped = read_predictions(predictions_path)
    else:
        records, skipped, read = _extracted_events(Path(articles_path), set(gold), settings=settings,
                                                   workers=workers)
        unread = [aid for aid in gold if aid not in read]
    report = score_articles(gold, group_by_article(records))
    report.skipped, report.unread = skipped, unread
    return report


def write_errors(report: ArticleReport, path: str | Path) -> int:
    """The per-article error records (missed, spurious, wrong fields), one JSON object a line; how many."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for record in report.errors:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(report.errors)


__all__ = [
    "ArticleEvalError", "ArticleReport", "evaluate_articles", "event_matches", "group_by_article",
    "in_window", "load_gold", "main_event_diffs", "norm_name", "read_predictions", "same_country",
    "same_name", "score_articles", "write_errors",
]
