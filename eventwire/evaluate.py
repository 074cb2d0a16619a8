"""Score extracted events against expert-coded data (ACLED exports, snippet-label files).

Everything here but the two `evaluate_*` runners is a pure function over plain dicts, so the
matcher and every metric can be tested on hand-made cases; the runners import the pipeline (and
so spaCy) only when called.

Scoring rules (the same for every field):
- the denominator of every per-field score is the number of GOLD events: a gold event with no
  predicted event matched to it counts as a miss on every field;
- a note ACLED coded as one event is scored against the FIRST event extracted from it (no picking
  the best of many); a note coded as k events (the same `notes` text on k rows) is matched event to
  event by best assignment (most agreeing fields; ties go to extraction order);
- extra predicted events are not misses of any field: they show in `extra_events_per_note`.
"""

from __future__ import annotations

import csv
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

from .model import SUB_EVENT_TYPE_PARENT

# Per-gold-event boolean scores, in the order they are printed.
SCORED_FIELDS: tuple[str, ...] = (
    "event_type", "sub_event_type", "event_date", "time_precision",
    "country", "admin1", "location", "within_25km", "geo_precision",
    "fatalities", "fatalities_within_1", "inter1", "inter2", "actor1", "actor2",
)
# The gold columns carried into error records and the values compared.
GOLD_COLUMNS: tuple[str, ...] = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "inter1", "inter2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities",
)
NAME_MATCH_THRESHOLD = 85
WITHIN_KM = 25.0
NOT_AN_EVENT = "not an event"
NO_PREDICTION = "(none)"  # the confusion-table column for a gold event nothing was matched to

# ---------------------------------------------------------------- value normalisation

_REGIME_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")  # ACLED's "(2014-)", "(2011-2019)"
_ADMIN_WORDS = re.compile(r"\b(?:governorate|province)\b")
_ARTICLE_PREFIX = re.compile(r"\b(?:al|el)-")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_name(value: str | None) -> str:
    """Case, diacritics, regime years, 'al-'/'el-' and 'governorate'/'province' removed; spaces collapsed."""
    if not value:
        return ""
    text = unidecode(str(value)).lower()
    text = _REGIME_YEARS.sub(" ", text)
    text = _ARTICLE_PREFIX.sub("", text)
    text = _ADMIN_WORDS.sub(" ", text)
    text = text.replace("'", "").replace("`", "")  # "Ma'rib" = "Marib"
    return _NON_ALNUM.sub(" ", text).strip()


def names_match(gold: str | None, predicted: str | None, threshold: int = NAME_MATCH_THRESHOLD) -> bool:
    """Two names are the same when, normalised, their rapidfuzz ratio is >= threshold. Both empty match."""
    a, b = normalize_name(gold), normalize_name(predicted)
    if not a or not b:
        return a == b
    return fuzz.ratio(a, b) >= threshold


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a 6,371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y/%m/%d")


def parse_date(value: Any) -> str | None:
    """An ISO date string from ACLED's export formats ('9-May-20', '09 May 2020', '2020-05-09')."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def gold_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """The coded columns of one ACLED row, typed (ints, floats, ISO date) so they compare with predictions."""
    gold: dict[str, Any] = {k: (row.get(k) or "").strip() or None for k in GOLD_COLUMNS}
    gold["event_date"] = parse_date(row.get("event_date"))
    for k in ("time_precision", "inter1", "inter2", "geo_precision", "fatalities"):
        gold[k] = _int(row.get(k))
    gold["latitude"], gold["longitude"] = _float(row.get("latitude")), _float(row.get("longitude"))
    return gold


# ---------------------------------------------------------------- per-pair scoring


def field_hits(gold: dict[str, Any], pred: dict[str, Any] | None) -> dict[str, bool]:
    """For one gold event and the prediction matched to it (None = nothing matched): field -> correct.

    A predicted event with no fatality figure counts as 0 (ACLED codes 0 when none are reported),
    and with no actor2 as inter2 = 0 (SPEC: inter2 is 0 when there is no actor2).
    """
    if pred is None:
        return dict.fromkeys(SCORED_FIELDS, False)
    hits: dict[str, bool] = {}
    hits["event_type"] = bool(pred.get("event_type")) and pred.get("event_type") == gold.get("event_type")
    hits["sub_event_type"] = (bool(pred.get("sub_event_type"))
                              and pred.get("sub_event_type") == gold.get("sub_event_type"))
    hits["event_date"] = gold.get("event_date") is not None and parse_date(pred.get("event_date")) == gold["event_date"]
    hits["time_precision"] = (gold.get("time_precision") is not None
                              and _int(pred.get("time_precision")) == gold["time_precision"])
    hits["country"] = (bool(gold.get("country"))
                       and normalize_name(pred.get("country")) == normalize_name(gold.get("country")))
    hits["admin1"] = names_match(gold.get("admin1"), pred.get("admin1"))
    hits["location"] = names_match(gold.get("location"), pred.get("location"))
    glat, glon = gold.get("latitude"), gold.get("longitude")
    plat, plon = _float(pred.get("latitude")), _float(pred.get("longitude"))
    hits["within_25km"] = (None not in (glat, glon, plat, plon)
                           and haversine_km(glat, glon, plat, plon) <= WITHIN_KM)
    hits["geo_precision"] = (gold.get("geo_precision") is not None
                             and _int(pred.get("geo_precision")) == gold["geo_precision"])
    gf = gold.get("fatalities")
    pf = _int(pred.get("fatalities"))
    pf = 0 if pf is None else pf
    hits["fatalities"] = gf is not None and pf == gf
    hits["fatalities_within_1"] = gf is not None and abs(pf - gf) <= 1
    hits["inter1"] = gold.get("inter1") is not None and _int(pred.get("inter1")) == gold["inter1"]
    pi2 = _int(pred.get("inter2"))
    hits["inter2"] = gold.get("inter2") is not None and (0 if pi2 is None else pi2) == gold["inter2"]
    hits["actor1"] = names_match(gold.get("actor1"), pred.get("actor1"))
    hits["actor2"] = names_match(gold.get("actor2"), pred.get("actor2"))
    return hits


def _pair_score(gold: dict[str, Any], pred: dict[str, Any]) -> int:
    # fatalities_within_1 is implied by fatalities for most pairs; count only distinct evidence once
    hits = field_hits(gold, pred)
    return sum(hits[f] for f in SCORED_FIELDS if f != "fatalities_within_1")


def match_note(golds: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> list[int | None]:
    """For each gold event of one note, the index of the prediction scored against it (None = a miss).

    One gold event: the first prediction, whatever it says. k gold events: the assignment that
    maximises the total of agreeing fields; among equal totals, gold i prefers prediction i
    (extraction order), so results never depend on solver internals.
    """
    if not golds:
        return []
    if not preds:
        return [None] * len(golds)
    if len(golds) == 1:
        return [0]
    from scipy.optimize import linear_sum_assignment  # scipy is a scikit-learn dependency

    scores = [[_pair_score(g, p) for p in preds] for g in golds]
    # the tie-break term sums to < 1 over a whole assignment (k, n <= ~30), so it never outweighs a field
    eps = 1.0 / (len(golds) * len(preds) * (len(golds) + len(preds)) + 1)
    cost = [[-s + eps * abs(i - j) for j, s in enumerate(row)] for i, row in enumerate(scores)]
    rows, cols = linear_sum_assignment(cost)
    assigned: list[int | None] = [None] * len(golds)
    for r, c in zip(rows, cols, strict=True):
        assigned[int(r)] = int(c)
    return assigned


# ---------------------------------------------------------------- whole-set scoring


@dataclass
class NoteCase:
    """One note: its gold events (>= 1), the events extracted from it (dicts), and any extraction error."""

    note_id: str
    text: str
    gold: list[dict[str, Any]]
    predicted: list[dict[str, Any]]
    error: str | None = None


@dataclass
class Report:
    """Scores over a set of notes, plus the detail needed for the confusion table and the error file."""

    scores: dict[str, float]
    confusion: Counter = field(default_factory=Counter)  # (gold sub-type, predicted sub-type | "(none)") -> n
    misses: list[dict[str, Any]] = field(default_factory=list)
    n_notes: int = 0
    n_gold_events: int = 0
    n_errors: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: round(v, 4) for k, v in self.scores.items()}
        out.update(n_gold_events=self.n_gold_events, n_notes=self.n_notes,
                   n_errors=self.n_errors, seconds=round(self.seconds, 2))
        return out


def f1_scores(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> tuple[float, float]:
    """(macro-F1, support-weighted F1) over the labels present in the gold.

    A wrong prediction costs the gold class its recall and, when the predicted label is itself a
    gold class, that class its precision; every gold class counts once in the macro mean.
    """
    labels = sorted(set(gold_labels))
    if not labels:
        return 0.0, 0.0
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold_labels, pred_labels, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    support = Counter(gold_labels)
    f1 = {}
    for label in labels:
        denom = 2 * tp[label] + fp[label] + fn[label]
        f1[label] = 2 * tp[label] / denom if denom else 0.0
    macro = sum(f1.values()) / len(labels)
    weighted = sum(f1[label] * support[label] for label in labels) / len(gold_labels)
    return macro, weighted


def _shown(record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {k: record.get(k) for k in GOLD_COLUMNS}


def score_notes(cases: Iterable[NoteCase]) -> Report:
    """Every metric of issue 3 over a set of notes; see the module docstring for the rules."""
    totals: Counter = Counter()
    confusion: Counter = Counter()
    gold_sub: list[str] = []
    pred_sub: list[str] = []
    misses: list[dict[str, Any]] = []
    n_notes = n_gold = n_errors = no_event = extra = 0
    for case in cases:
        n_notes += 1
        n_gold += len(case.gold)
        n_errors += case.error is not None
        no_event += not case.predicted
        extra += max(0, len(case.predicted) - len(case.gold))
        for gi, pi in enumerate(match_note(case.gold, case.predicted)):
            gold = case.gold[gi]
            pred = case.predicted[pi] if pi is not None else None
            hits = field_hits(gold, pred)
            totals.update(f for f, ok in hits.items() if ok)
            g_label = gold.get("sub_event_type") or NO_PREDICTION
            p_label = (pred.get("sub_event_type") if pred else None) or NO_PREDICTION
            confusion[(g_label, p_label)] += 1
            gold_sub.append(g_label)
            pred_sub.append(p_label)
            missed = [f for f in SCORED_FIELDS if not hits[f]]
            if missed:
                misses.append({
                    "note_id": case.note_id, "note": case.text, "n_gold": len(case.gold),
                    "n_predicted": len(case.predicted), "gold_index": gi, "predicted_index": pi,
                    "error": case.error, "missed": missed, "causes": miss_causes(case.text, gold, pred, missed),
                    "gold": _shown(gold), "predicted": _shown(pred),
                })
    scores = {f: (totals[f] / n_gold if n_gold else 0.0) for f in SCORED_FIELDS}
    macro, _ = f1_scores(gold_sub, pred_sub)
    scores["sub_event_type_macro_f1"] = macro
    scores["no_event_share"] = no_event / n_notes if n_notes else 0.0
    scores["extra_events_per_note"] = extra / n_notes if n_notes else 0.0
    # sub_event_type_macro_f1 printed right after sub_event_type
    ordered = {}
    for k in ("event_type", "sub_event_type", "sub_event_type_macro_f1"):
        ordered[k] = scores.pop(k)
    ordered.update(scores)
    return Report(ordered, confusion, misses, n_notes, n_gold, n_errors)


# ---------------------------------------------------------------- error categories


def miss_causes(note: str, gold: dict[str, Any], pred: dict[str, Any] | None, missed: Sequence[str]) -> list[str]:
    """Short, groupable reasons for the misses of one gold event ("no event", "Protests vs Riots"...)."""
    if pred is None:
        return ["no event"]
    causes: list[str] = []
    gt, pt = gold.get("event_type"), pred.get("event_type")
    if "event_type" in missed:
        causes.append(f"event type: {gt} -> {pt or '(none)'}")
    elif "sub_event_type" in missed:
        causes.append(f"sub-type: {gold.get('sub_event_type')} -> {pred.get('sub_event_type') or '(none)'}")
    if "event_date" in missed:
        gd, pd = gold.get("event_date"), parse_date(pred.get("event_date"))
        if not pd:
            causes.append("date: none")
        else:
            days = (date.fromisoformat(pd) - date.fromisoformat(gd)).days if gd else None
            causes.append("date: wrong by 1 day" if days in (-1, 1) else "date: wrong")
    if "country" in missed:
        causes.append("country: none" if not pred.get("country") else "country: wrong")
    if "location" in missed or "within_25km" in missed:
        causes.append(_place_cause(note, gold, pred))
    if "fatalities" in missed:
        gf, pf = gold.get("fatalities") or 0, _int(pred.get("fatalities")) or 0
        causes.append("fatalities: missed deaths" if pf < gf else "fatalities: too many")
    if "admin1" in missed and "location" not in missed:
        # same place name: either the admin unit is spelled another way (Sud-Kivu / South Kivu) or
        # a namesake elsewhere was chosen
        causes.append("admin1: other spelling, right point" if "within_25km" not in missed
                      else "admin1: wrong, namesake place elsewhere")
    for name in ("actor1", "actor2"):
        if name in missed:
            if not pred.get(name):
                causes.append(f"{name}: none")
            elif not gold.get(name):
                causes.append(f"{name}: predicted, gold has none")
            else:
                causes.append(f"{name}: other name")
    for name in ("inter1", "inter2", "time_precision", "geo_precision"):
        if name in missed:
            causes.append(f"{name}: {gold.get(name)} -> {pred.get(name)}")
    return causes


def _place_cause(note: str, gold: dict[str, Any], pred: dict[str, Any]) -> str:
    gold_loc = normalize_name(gold.get("location"))
    named = bool(gold_loc) and gold_loc in normalize_name(note)
    if not pred.get("location") and pred.get("latitude") is None:
        return "place: none found, gold named in note" if named else "place: none found, gold not named in note"
    if names_match(gold.get("location"), pred.get("location")):
        return "place: right name, coordinates > 25 km"
    return "place: other place chosen" if named else "place: gold not named in note"


def top_causes(misses: Iterable[dict[str, Any]], n: int = 15) -> list[tuple[str, int]]:
    """The most frequent miss causes (each gold event counts once per cause)."""
    counts: Counter = Counter()
    for miss in misses:
        counts.update(set(miss.get("causes") or []))
    return counts.most_common(n)


# ---------------------------------------------------------------- runners (import the pipeline)


def group_notes(rows: Iterable[tuple[Any, dict[str, Any]]]) -> list[tuple[Any, list[dict[str, Any]]]]:
    """(document, raw row) pairs -> one (document, [gold rows]) per distinct notes text, in file order.

    ACLED codes one note as k events by repeating its text on k rows; the note is extracted once.
    """
    order: list[str] = []
    first: dict[str, Any] = {}
    rows_by_note: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for document, row in rows:
        key = (row.get("notes") or "").strip()
        if key not in first:
            order.append(key)
            first[key] = document
        rows_by_note[key].append(row)
    return [(first[k], rows_by_note[k]) for k in order]


def evaluate_acled(
    path: str | Path,
    *,
    limit: int | None = None,
    country: str | None = None,
    settings: Any = None,
    workers: int = 1,
) -> Report:
    """Extract every distinct note of an ACLED export and score the events against its coded columns.

    Only the note, its event_date (as the publication date) and its id reach the extractor.
    `country` keeps notes whose gold country matches (case-insensitive); `limit` keeps the first N notes;
    `workers` > 1 extracts in that many processes (each loads the pipeline once).
    """
    from .io.readers import iter_acled

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    notes = group_notes(iter_acled(str(path)))
    if country:
        wanted = normalize_name(country)
        notes = [(d, rows) for d, rows in notes if normalize_name(rows[0].get("country")) == wanted]
    if limit is not None:
        notes = notes[:limit]
    started = time.perf_counter()
    gold_by_id = {}
    documents = []
    for document, rows in notes:
        documents.append(document)
        gold_by_id[_doc_id(document)] = rows
    cases = []
    for result in extract_all(documents, settings=settings, workers=workers):
        rows = gold_by_id[result.document.id]
        cases.append(NoteCase(
            note_id=result.document.id, text=(rows[0].get("notes") or ""),
            gold=[gold_from_row(r) for r in rows],
            predicted=[e.to_dict() for e in result.events], error=result.error,
        ))
    report = score_notes(cases)
    report.seconds = time.perf_counter() - started
    return report


def extract_all(documents: list[Any], *, settings: Any = None, workers: int = 1,
                chunk: int = 64) -> Iterable[Any]:
    """pipeline.extract_many over the documents, in `workers` spawned processes when > 1 (order kept)."""
    from .pipeline import extract_many

    if workers <= 1 or len(documents) <= chunk:
        yield from extract_many(documents, settings=settings)
        return
    import multiprocessing as mp

    chunks = [documents[i:i + chunk] for i in range(0, len(documents), chunk)]
    with mp.get_context("spawn").Pool(workers) as pool:
        for results in pool.imap(_extract_chunk, [(c, settings) for c in chunks]):
            yield from results


def _extract_chunk(job: tuple[list[Any], Any]) -> list[Any]:
    from .pipeline import extract_many

    documents, settings = job
    return list(extract_many(documents, settings=settings))


def _doc_id(document: Any) -> str:
    # the reader may hand back a DocumentError for a bad row: it carries doc_id, not id
    return getattr(document, "id", None) or getattr(document, "doc_id", "")


# ---------------------------------------------------------------- snippet classification

LABELS_FILE = "classification_labels.csv"


def load_label_map(path: str | Path | None = None) -> dict[str, str]:
    """Snippet label (upper snake case) -> ACLED sub-event type, from eventwire/data/classification_labels.csv.

    Every ACLED sub-type also maps from its own upper-snake spelling ("AIR_DRONE_STRIKE").
    """
    mapping = {_snake(sub): sub for sub in SUB_EVENT_TYPE_PARENT}
    if path is None:
        text = resources.files("eventwire").joinpath("data", LABELS_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        label, sub = (row.get("label") or "").strip(), (row.get("sub_event_type") or "").strip()
        if not label:
            continue
        if sub and sub not in SUB_EVENT_TYPE_PARENT:
            raise ValueError(f"{path or LABELS_FILE}: {sub!r} (for {label}) is not an ACLED sub-event type")
        mapping[_snake(label)] = sub or NOT_AN_EVENT
    return mapping


def _snake(label: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")


def gold_sub_type(label: str, mapping: dict[str, str]) -> str:
    """The ACLED sub-type a snippet label stands for, or "not an event" for any other label."""
    return mapping.get(_snake(label), NOT_AN_EVENT)


def score_classification(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy, macro-F1 and weighted-F1 (over the gold classes, "not an event" included)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    n = len(gold)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n if n else 0.0
    macro, weighted = f1_scores(gold, predicted)
    return {"accuracy": accuracy, "macro_f1": macro, "weighted_f1": weighted, "n": n}


def read_snippets(path: str | Path) -> list[tuple[str, str, str]]:
    """(id, text, label) rows of a tab-separated snippet file; a header row id/text/label is skipped."""
    path = Path(path)
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, parts in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not parts or not any(p.strip() for p in parts):
                continue
            if lineno == 1 and [p.strip().lower() for p in parts[:3]] == ["id", "text", "label"]:
                continue
            if len(parts) < 3:
                raise ValueError(f"{path}:{lineno}: expected 3 tab-separated columns (id, text, label), got {len(parts)}")
            rows.append((parts[0].strip(), parts[1], parts[2].strip()))
    return rows


def evaluate_classification(path: str | Path, *, limit: int | None = None, settings: Any = None) -> dict[str, Any]:
    """Extract each snippet; its prediction is the first event's sub-type, or "not an event"."""
    from .model import Document
    from .pipeline import extract_many

    started = time.perf_counter()
    snippets = read_snippets(path)[:limit]
    mapping = load_label_map()
    documents = [Document(id=sid or f"row-{i}", text=text) for i, (sid, text, _) in enumerate(snippets)]
    predicted = []
    for result in extract_many(documents, settings=settings):
        first = result.events[0].sub_event_type if result.events else None
        predicted.append(first or NOT_AN_EVENT)
    gold = [gold_sub_type(label, mapping) for _, _, label in snippets]
    scores: dict[str, Any] = score_classification(gold, predicted)
    scores["seconds"] = round(time.perf_counter() - started, 2)
    return scores


__all__ = [
    "NoteCase", "Report", "SCORED_FIELDS", "evaluate_acled", "evaluate_classification",
    "f1_scores", "field_hits", "gold_from_row", "haversine_km", "load_label_map", "match_note",
    "names_match", "normalize_name", "score_classification", "score_notes", "top_causes",
]


# ---------------------------------------------------------------- output (rich tables, JSONL misses)


def write_misses(report: Report, path: str | Path) -> int:
    """Every gold event with at least one missed field, one JSON object a line; returns how many."""
    import json

    with Path(path).open("w", encoding="utf-8") as fh:
        for miss in report.misses:
            fh.write(json.dumps(miss, ensure_ascii=False) + "\n")
    return len(report.misses)


def report_tables(report: Report, top: int = 12) -> list[Any]:
    """Rich renderables: the scores, the sub-type confusion table (gold x predicted), the top miss causes."""
    from rich.table import Table

    scores = Table(title=f"eventwire eval: {report.n_gold_events} gold events in {report.n_notes} notes "
                         f"({report.seconds:.1f} s, {report.n_errors} extraction errors)")
    scores.add_column("field")
    scores.add_column("score", justify="right")
    for name, value in report.scores.items():
        scores.add_row(name, f"{value:.3f}" if name == "extra_events_per_note" else f"{value:.1%}")

    gold_counts = Counter()
    pred_counts = Counter()
    for (g, p), n in report.confusion.items():
        gold_counts[g] += n
        pred_counts[p] += n
    columns = [label for label, _ in pred_counts.most_common() if label != NO_PREDICTION]
    columns.sort(key=lambda lab: (-gold_counts[lab], -pred_counts[lab], lab))
    columns.append(NO_PREDICTION)
    code = {label: str(i + 1) for i, label in enumerate(columns[:-1])}
    code[NO_PREDICTION] = "-"
    confusion = Table(title="sub_event_type confusion: rows gold, columns predicted (numbers as in the rows; - = none)")
    confusion.add_column("gold", no_wrap=True)
    for label in columns:
        confusion.add_column(code[label], justify="right")
    for g, _ in sorted(gold_counts.items(), key=lambda kv: -kv[1]):
        cells = [str(report.confusion.get((g, p), "") or "") for p in columns]
        confusion.add_row(f"{code.get(g, ' ')} {g}", *cells)

    causes = Table(title="most frequent miss causes (gold events)")
    causes.add_column("cause")
    causes.add_column("n", justify="right")
    causes.add_column("share", justify="right")
    for cause, n in top_causes(report.misses, top):
        causes.add_row(cause, str(n), f"{n / max(1, report.n_gold_events):.1%}")
    return [scores, confusion, causes]


def classification_table(scores: dict[str, Any], path: str | Path) -> Any:
    from rich.table import Table

    table = Table(title=f"eventwire eval --classification {path}: {scores['n']} snippets ({scores['seconds']} s)")
    table.add_column("metric")
    table.add_column("score", justify="right")
    for name in ("accuracy", "macro_f1", "weighted_f1"):
        table.add_row(name, f"{scores[name]:.1%}")
    return table
