"""The map page in a real browser: Debian's chromium driven by Playwright, over a live uvicorn server.

The store holds the seed article ingested through the real pipeline. Skips only when
/usr/bin/chromium is absent (`.ci/browser-deps.sh` installs it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from eventwire.model import Document, Event
from eventwire.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (run .ci/browser-deps.sh)"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    path = tmp_path_factory.mktemp("web") / "events.db"
    seed = Document(id="baghouz", text=seed_text, published=date(2019, 2, 21), outlet="The National")
    with Store(path) as store:
        report = store.ingest([seed])
    assert not report.errors, report.errors
    return path


@pytest.fixture(scope="module")
def events(db: Path) -> list[dict[str, Any]]:
    with Store(db) as store:
        return store.query_events(limit=None)


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """A live uvicorn server over `db` on a free localhost port, in a background thread."""
    import uvicorn

    from eventwire.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Loaded:
    """A page loaded and ready, with the JS errors and the requests it made."""

    def __init__(self, browser: Any, base_url: str, path: str = "/") -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # console errors include Content-Security-Policy violations and failed loads
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(base_url + path)
        self.page.wait_for_selector("body[data-ready=true]", timeout=30_000)

    def markers(self) -> Any:
        return self.page.locator("path.ew-marker")


@pytest.fixture()
def loaded(browser: Any, base_url: str) -> Iterator[Loaded]:
    page = Loaded(browser, base_url)
    yield page
    page.page.close()


def located(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["latitude"] is not None and e["longitude"] is not None]


def test_page_draws_one_marker_per_located_event(loaded: Loaded, events: list[dict[str, Any]]) -> None:
    assert located(events), "the seed article should give events with coordinates"
    assert loaded.markers().count() == len(located(events))
    assert loaded.page.locator(".leaflet-overlay-pane path:not(.ew-marker)").count() > 100  # country borders


def test_page_runs_offline_without_errors(loaded: Loaded, base_url: str) -> None:
    assert loaded.errors == []
    assert [u for u in loaded.requests if not u.startswith(base_url) and not u.startswith("data:")] == []


def evacuation(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The seed's main event: the one whose evidence holds "evacuated" (the gold's required event)."""
    found = [e for e in located(events) if any("evacuat" in ev["text"] for ev in e["evidence"])]
    assert found, "the evacuation should be extracted with coordinates"
    return found[0]


def test_the_evacuation_is_placed_at_baghouz(events: list[dict[str, Any]]) -> None:
    event = evacuation(events)
    assert "bagh" in (event["location"] or "").lower()
    assert abs(event["latitude"] - 34.46) < 0.2 and abs(event["longitude"] - 40.94) < 0.2


def test_clicking_the_evacuation_shows_its_highlighted_evidence(
    loaded: Loaded, events: list[dict[str, Any]]
) -> None:
    target = evacuation(events)
    page = loaded.page
    page.locator(f'path.ew-marker[data-event-id="{target["event_id"]}"]').click()
    page.wait_for_selector("#panel .report-text mark[data-field]")
    assert (target["sub_event_type"] or target["event_type"]) in page.locator("#panel h2").inner_text()
    marks = page.locator("#panel .report-text mark[data-field]")
    marked = [(marks.nth(i).get_attribute("data-field"), marks.nth(i).inner_text()) for i in range(marks.count())]
    spans = {(e["field"], e["text"]) for e in target["evidence"]}
    assert marked, "the report text shows highlighted evidence"
    # every highlight names fields this event has evidence for, and whole spans are highlighted as such
    assert all(set(fields.split()) <= {f for f, _ in spans} for fields, _ in marked)
    assert any((fields.split()[0], text) in spans for fields, text in marked)
    assert any("evacuat" in text for _, text in marked)
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)  # let the map settle after the panel opened
    page.screenshot(path=str(ARTIFACTS / "map.png"))


def test_brushing_the_timeline_filters_the_map(loaded: Loaded, events: list[dict[str, Any]]) -> None:
    page = loaded.page
    first_bar = page.locator("#timeline .bars rect").first.bounding_box()
    assert first_bar is not None
    y = first_bar["y"] + first_bar["height"] - 2
    page.mouse.move(first_bar["x"] - 2, y)
    page.mouse.down()
    page.mouse.move(first_bar["x"] + first_bar["width"] / 2, y, steps=4)
    page.mouse.up()
    day = page.locator("#filters input[name=since]").input_value()
    assert day and page.locator("#filters input[name=until]").input_value() == day
    expected = [e for e in located(events) if e["event_date"] == day]
    expect(page.locator("path.ew-marker")).to_have_count(len(expected))
    page.click("#clear-brush")
    expect(page.locator("path.ew-marker")).to_have_count(len(located(events)))
    assert page.locator("#filters input[name=since]").input_value() == ""


def test_type_filter_keeps_only_that_type(loaded: Loaded, events: list[dict[str, Any]]) -> None:
    most = max({e["event_type"] for e in located(events)}, key=lambda t: [e["event_type"] for e in events].count(t))
    expected = [e for e in located(events) if e["event_type"] == most]
    page = loaded.page
    page.select_option("#filters select[name=type]", most)
    page.click("#filters button[type=submit]")
    expect(page.locator("path.ew-marker")).to_have_count(len(expected))
    ids = page.eval_on_selector_all("path.ew-marker", "els => els.map(e => e.dataset.eventId)")
    assert sorted(ids) == sorted(e["event_id"] for e in expected)


def test_filters_in_the_url_are_restored(browser: Any, base_url: str, events: list[dict[str, Any]]) -> None:
    country = located(events)[0]["country"]
    loaded = Loaded(browser, base_url, "/#" + urlencode({"country": country}))
    try:
        assert loaded.page.locator("#filters select[name=country]").input_value() == country
        assert loaded.markers().count() == len([e for e in located(events) if e["country"] == country])
    finally:
        loaded.page.close()


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("Clashes in Baghouz today", [("location", 11, 18, "Baghouz")], [("location", "Baghouz")]),
    # offsets are code points (Python); JavaScript strings count an emoji as two units
    ("\U0001F525 Clashes in Baghouz", [("location", 13, 20, "Baghouz")], [("location", "Baghouz")]),
    ("Islamic State fighters", [("actor1", 0, 13, "Islamic State"), ("event_type", 8, 22, "State fighters")],
     [("actor1", "Islamic "), ("actor1 event_type", "State"), ("event_type", " fighters")]),
    ("Clashes in Baghouz", [("location", 0, 7, "Baghouz")], [("location", "Baghouz")]),  # stale offsets
    ("Clashes in Hajin", [("location", 0, 7, "Baghouz")], []),  # text not there: no wrong highlight
])
def test_evidence_highlighting(
    loaded: Loaded, text: str, spans: list[tuple[str, int, int, str]], expected: list[tuple[str, str]]
) -> None:
    marks = loaded.page.evaluate(
        """([text, spans]) => [...highlighted(text, spans.map(([field, start, end, t]) => ({field, start, end, text: t})))
             .querySelectorAll("mark")].map((m) => [m.dataset.field, m.textContent])""",
        [text, spans],
    )
    assert [tuple(m) for m in marks] == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("not a url", None),
])
def test_report_links_only_to_http(loaded: Loaded, url: str, expected: str | None) -> None:
    assert loaded.page.evaluate("(url) => safeUrl(url)", url) == expected


def test_events_without_coordinates_are_listed_and_open(
    browser: Any, tmp_path: Path, seed_text: str
) -> None:
    seed = Document(id="baghouz", text=seed_text, published=date(2019, 2, 21), outlet="The National")
    unplaced = Event(event_id="ew-unplaced", doc_id=seed.id, event_date="2019-02-20", country="Syria",
                     event_type="Strategic developments", sub_event_type="Other", certainty="confirmed")
    db = tmp_path / "unplaced.db"
    with Store(db) as store:
        store.add_document(seed, [unplaced])
    with serving(db) as url:
        loaded = Loaded(browser, url)
        try:
            assert loaded.markers().count() == 0
            loaded.page.click("#unplaced")
            loaded.page.click("#panel-body a")
            loaded.page.wait_for_selector("#panel .fields")
            assert "Syria" in loaded.page.locator("#panel .subtitle").inner_text()
        finally:
            loaded.page.close()
