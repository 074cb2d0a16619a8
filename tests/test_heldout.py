"""End to end on the real model: the team's own held-out set (notes, snippets, articles no stage was tuned on).

Everything under tests/fixtures/heldout.csv, nonevents.tsv and articles/ was written and hand-coded by the
team from the ACLED taxonomy and general knowledge, never from eventwire's output and never from the dev
set. It covers what the dev set lacks: Syria, Iraq and Yemen notes with their transliteration variants,
thin regions (Myanmar, Sahel, Ethiopia, Sudan ...), non-event snippets and full articles with background
paragraphs. The floors sit a little below today's scores, so a regression fails here; raise them as the
stages improve.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .snippets import snippet_outcomes
from .test_seed import check, events_within

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HELDOUT = FIXTURES / "heldout.csv"
SNIPPETS = FIXTURES / "nonevents.tsv"
ARTICLES = FIXTURES / "articles"
GOLD_FILES = sorted(ARTICLES.glob("*.gold.json"))
SNIPPET_PUBLISHED = "2024-05-15"  # an anchor for "on Tuesday"; no snippet names a year

# Field -> floor on the whole held-out note set (105 events; one miss = 1 point).
NOTE_FLOORS = {
    "event_type": 0.93,
    "sub_event_type": 0.90,
    "event_date": 0.97,
    "country": 0.92,
    "admin1": 0.70,
    "within_25km": 0.77,
    "fatalities": 0.96,
    "inter1": 0.75,
    "actor1": 0.63,
}
# The three countries the dev set lacks, scored on their own.
REGION_FLOORS = {
    "Syria": {"event_type": 0.92, "country": 0.92, "within_25km": 0.72},
    "Iraq": {"event_type": 0.95, "country": 0.86, "within_25km": 0.72},
    "Yemen": {"event_type": 0.91, "country": 0.95, "within_25km": 0.82},
}


@pytest.fixture(scope="module")
def note_report():
    from eventwire.evaluate import evaluate_acled

    return evaluate_acled(HELDOUT)


@pytest.mark.parametrize("field", sorted(NOTE_FLOORS))
def test_heldout_notes_field_floor(note_report, field):
    score = note_report.scores[field]
    assert score >= NOTE_FLOORS[field], f"{field}: {score:.3f} < floor {NOTE_FLOORS[field]}"


def test_heldout_notes_extract_without_errors(note_report):
    # every note is plain English; a rejection ("not English") loses the whole event
    assert note_report.n_errors == 0


@pytest.fixture(scope="module")
def region_reports():
    from eventwire.evaluate import evaluate_acled

    return {country: evaluate_acled(HELDOUT, country=country) for country in REGION_FLOORS}


@pytest.mark.parametrize(("country", "field"),
                         [(c, f) for c, floors in REGION_FLOORS.items() for f in floors])
def test_heldout_region_floor(region_reports, country, field):
    score = region_reports[country].scores[field]
    floor = REGION_FLOORS[country][field]
    assert score >= floor, f"{country} {field}: {score:.3f} < floor {floor}"


# ---------------------------------------------------------------- snippets: non-events and labelled events


@pytest.fixture(scope="module")
def snippet_results() -> list[tuple[str, str, str]]:
    return snippet_outcomes(SNIPPETS, SNIPPET_PUBLISHED)


def test_snippet_file_has_both_kinds(snippet_results):
    from eventwire.evaluate import NOT_AN_EVENT

    gold = [g for _, g, _ in snippet_results]
    assert gold.count(NOT_AN_EVENT) >= 40 and len(gold) - gold.count(NOT_AN_EVENT) >= 20


def test_non_events_yield_no_event(snippet_results):
    from eventwire.evaluate import NOT_AN_EVENT

    non = [(sid, p) for sid, g, p in snippet_results if g == NOT_AN_EVENT]
    leaked = [f"{sid} -> {p}" for sid, p in non if p != NOT_AN_EVENT]
    assert 1 - len(leaked) / len(non) >= 0.78, f"non-events that became events: {leaked}"


def test_event_snippets_yield_an_event(snippet_results):
    from eventwire.evaluate import NOT_AN_EVENT

    pos = [(sid, p) for sid, g, p in snippet_results if g != NOT_AN_EVENT]
    missed = [sid for sid, p in pos if p == NOT_AN_EVENT]
    assert len(missed) / len(pos) <= 0.05, f"event snippets with no event: {missed}"


def test_event_snippets_sub_type(snippet_results):
    from eventwire.evaluate import NOT_AN_EVENT

    pos = [(sid, g, p) for sid, g, p in snippet_results if g != NOT_AN_EVENT]
    wrong = [f"{sid}: {g} -> {p}" for sid, g, p in pos if g != p]
    assert 1 - len(wrong) / len(pos) >= 0.90, f"wrong sub-types: {wrong}"


def test_precision_of_predicted_events(snippet_results):
    # of the snippets that produced an event, how many were meant to
    from eventwire.evaluate import NOT_AN_EVENT

    fired = [g for _, g, p in snippet_results if p != NOT_AN_EVENT]
    assert sum(g != NOT_AN_EVENT for g in fired) / len(fired) >= 0.62


# ---------------------------------------------------------------- full articles


def _load(gold_path: Path) -> tuple[dict, str, list[dict]]:
    import eventwire

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (ARTICLES / gold["article"]).read_text(encoding="utf-8")
    events = [e.to_dict() for e in eventwire.extract(text, published=gold["published"], doc_id=gold_path.stem)]
    return gold, text, events


@pytest.fixture(scope="module")
def articles() -> dict[str, tuple[dict, str, list[dict]]]:
    return {p.name: _load(p) for p in GOLD_FILES}


def _cases(kind: str) -> list[tuple[str, str]]:
    return [(p.name, spec["id"]) for p in GOLD_FILES
            for spec in json.loads(p.read_text(encoding="utf-8"))[kind]]


CORE_KEYS = ("event_type", "country")
ARTICLE_FIELD_FLOOR = 0.65  # share of all gold fields of all required events that agree (70 of 102 today)
# Today's known misses (listed in /work/brief/heldout-findings.md); each is a real failure
# of a stage, listed so the test still guards everything else. Remove an entry when its stage is fixed.
KNOWN_CORE_MISSES = {
    ("iraq-kirkuk.gold.json", "tuz-clash"), ("syria-idlib.gold.json", "busayrah-arrests"),
    ("sudan-talks.gold.json", "khartoum-north-airstrike"),  # placed in Jeddah (dateline / talks venue)
    ("syria-hama-state-media.gold.json", "jabal-zawiya-shelling"),
}
KNOWN_FORBIDDEN_LEAKS = {
    ("sudan-talks.gold.json", "truce-under-talks"), ("sudan-talks.gold.json", "un-sexual-violence"),
}
KNOWN_TOO_MANY_EVENTS: set[str] = set()


@pytest.mark.parametrize(("gold_file", "event_id"), _cases("required"))
def test_article_required_event_found(articles, gold_file, event_id):
    if (gold_file, event_id) in KNOWN_CORE_MISSES:
        pytest.xfail("known miss, see KNOWN_CORE_MISSES")
    gold, text, events = articles[gold_file]
    spec = next(e for e in gold["required"] if e["id"] == event_id)
    candidates = events_within(events, text, spec["evidence"])
    assert candidates, f"no event extracted from: {spec['evidence']!r}"
    core = {k: spec[k] for k in CORE_KEYS + ("sub_event_type",) if k in spec}
    assert min((check(ev, core) for ev in candidates), key=len) == []


@pytest.mark.parametrize(("gold_file", "event_id"), _cases("forbidden"))
def test_article_background_is_not_an_event(articles, gold_file, event_id):
    if (gold_file, event_id) in KNOWN_FORBIDDEN_LEAKS:
        pytest.xfail("known leak, see KNOWN_FORBIDDEN_LEAKS")
    gold, text, events = articles[gold_file]
    spec = next(e for e in gold["forbidden"] if e["id"] == event_id)
    assert events_within(events, text, spec["evidence"]) == []


def test_article_field_agreement_floor(articles):
    """All gold fields of all required events: the share that agree must not drop."""
    total = agree = 0
    for gold, text, events in articles.values():
        for spec in gold["required"]:
            keys = [k for k in spec if k not in ("id", "evidence", "max_km", "longitude")]
            total += len(keys)
            candidates = events_within(events, text, spec["evidence"])
            if candidates:
                agree += len(keys) - min(len(check(ev, spec)) for ev in candidates)
    assert agree / total >= ARTICLE_FIELD_FLOOR, f"{agree}/{total} gold fields agree"



@pytest.mark.parametrize("gold_file", [p.name for p in GOLD_FILES])
def test_article_event_count_bounded(articles, gold_file):
    if gold_file in KNOWN_TOO_MANY_EVENTS:
        pytest.xfail("known: background statements become events, see KNOWN_FORBIDDEN_LEAKS")
    gold, _, events = articles[gold_file]
    assert len(events) <= gold["max_events"] + 2, f"{gold_file}: {len(events)} events"
