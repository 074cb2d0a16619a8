"""`eventwire extract` and `eventwire demo` through the real CLI (typer's runner, the real model)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.model import ACLED_COLUMNS, EVENT_FIELDS

ENGLISH = ("Gunmen attacked a police checkpoint on the outskirts of Kaduna on Tuesday night, killing two "
           "officers, a local official said.")
FRENCH = ("Au moins quinze personnes ont été tuées samedi dans une attaque contre un village du nord du pays, "
          "selon des sources locales. Les assaillants, arrivés à moto, ont ouvert le feu sur les habitants.")

pytestmark = pytest.mark.slow


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture()
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


def bad_inputs(tmp_path) -> dict[str, tuple]:
    """name -> (path, a word the error must contain)"""
    files = {
        "empty.txt": (b"", "empty"),
        "binary.txt": (bytes(range(256)) * 16, "binary"),
        "latin1.txt": ("Le café de la gare a été attaqué hier.".encode("latin-1"), "UTF-8"),
        "french.txt": (FRENCH.encode(), "not English"),
        "broken.jsonl": (b'{"id": "x", "text": "unterminated\n', "invalid JSON"),
    }
    out = {}
    for name, (content, word) in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        out[name] = (path, word)
    big = tmp_path / "big.txt"
    line = (ENGLISH + "\n").encode()
    big.write_bytes(line * (20_000_000 // len(line) + 1))
    out["big.txt"] = (big, "too large")
    return out


def test_extract_txt_prints_jsonl_with_every_field(runner, good):
    result = run(runner, "extract", str(good), "--published", "2020-05-07", "--outlet", "Example Wire")
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert records, "no event from a clear attack report"
    for record in records:
        assert list(record)[: len(EVENT_FIELDS)] == list(EVENT_FIELDS)
        assert record["doc_id"] == "good" and record["source"] == "Example Wire"


def test_each_bad_input_is_named_on_stderr_and_the_batch_goes_on(runner, tmp_path, good):
    bad = bad_inputs(tmp_path)
    paths = [str(p) for p, _ in bad.values()]
    result = run(runner, "extract", *paths, str(good), "--published", "2020-05-07")
    assert result.exit_code == 0, result.stderr
    for name, (path, word) in bad.items():
        lines = [line for line in result.stderr.splitlines() if str(path) in line]
        assert lines, f"{name} not named on stderr:\n{result.stderr}"
        assert any(word in line for line in lines), f"{name}: {lines}"
    assert {r["doc_id"] for r in jsonl(result.stdout)} == {"good"}


@pytest.mark.parametrize("name", ["empty.txt", "binary.txt", "latin1.txt", "french.txt", "broken.jsonl", "big.txt"])
def test_only_bad_input_exits_non_zero(runner, tmp_path, name):
    path, word = bad_inputs(tmp_path)[name]
    result = run(runner, "extract", str(path))
    assert result.exit_code != 0
    assert word in result.stderr and "no document could be read" in result.stderr
    assert result.stdout == ""


def test_missing_file_is_named(runner, tmp_path, good):
    missing = tmp_path / "missing.txt"
    result = run(runner, "extract", str(missing), str(good))
    assert result.exit_code == 0
    assert f"{missing}: no such file" in result.stderr.replace("\n", "")


def test_stdin(runner):
    result = run(runner, "extract", "-", "--published", "2020-05-07", input=ENGLISH)
    assert result.exit_code == 0, result.stderr
    assert {r["doc_id"] for r in jsonl(result.stdout)} == {"stdin"}


def test_jsonl_input_and_csv_output(runner, tmp_path):
    src = tmp_path / "batch.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": ENGLISH, "published": "2020-05-07", "outlet": "Wire"}) + "\n"
                   + "not json\n", encoding="utf-8")
    out = tmp_path / "events.csv"
    result = run(runner, "extract", str(src), "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"{src}:2" in result.stderr
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(out)
    assert tuple(frame.columns[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert set(frame["doc_id"]) == {"n1"} and set(frame["source"]) == {"Wire"}


def test_acled_input_never_passes_coded_columns(runner, tmp_path):
    import csv

    src = tmp_path / "export.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS))
        writer.writeheader()
        writer.writerow({**dict.fromkeys(ACLED_COLUMNS, ""), "event_id_cnty": "ABC12", "event_date": "5-May-20",
                         "notes": ENGLISH, "source": "Secret Gold Outlet", "fatalities": "99"})
    result = run(runner, "extract", str(src), "--input-format", "acled")
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert records and all(r["doc_id"] == "ABC12" for r in records)
    assert "Secret Gold Outlet" not in result.stdout and all(r["fatalities"] != 99 for r in records)


@pytest.mark.parametrize("fmt", ["geojson", "parquet"])
def test_binary_and_geo_outputs_to_file(runner, tmp_path, good, fmt):
    out = tmp_path / f"events.{fmt}"
    result = run(runner, "extract", str(good), "--published", "2020-05-07", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    if fmt == "geojson":
        assert json.loads(out.read_text())["type"] == "FeatureCollection"
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows >= 1


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "unknown --format 'xml'"),
    (["--input-format", "pdf"], "unknown input format 'pdf'"),
    (["--published", "21/02/2019"], "ISO date"),
    (["--gazetteer", "/nonexistent/gaz.sqlite"], "no such file"),
])
def test_bad_options_fail_clearly(runner, good, args, message):
    result = run(runner, "extract", str(good), *args)
    assert result.exit_code != 0
    assert message in result.stderr.replace("\n", "")


def test_demo_shows_events_with_evidence(runner):
    result = run(runner, "demo")
    assert result.exit_code == 0, result.stderr
    for expected in ("Convoy evacuates civilians", "2019-02-21",  # the article's title and date
                     "Strategic developments", "evidence", "evacuated"):
        assert expected in result.stdout


def test_demo_jsonl_records_are_complete(runner):
    result = run(runner, "demo", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert 1 <= len(records) <= 6
    for record in records:
        assert set(EVENT_FIELDS) <= set(record) and record["doc_id"] == "baghouz"
        assert record["evidence"], "an event without evidence"


RECALL = ("AMMAN, March 20 (Wire) - Artillery shelling killed three civilians in the town of Ariha in Idlib "
          "province on Tuesday, residents said.\n\nIn 2018, government forces shelled the town of Saraqib, "
          "killing 12 people, according to a monitor.\n")


@pytest.mark.parametrize(("option", "dates"), [
    ((), ["2024-03-19"]),  # the default window: the 2018 shelling is background
    (("--background-days", "0"), ["2024-03-19", "2018-07-02"]),  # 0 keeps every dated deed
])
def test_background_days_option_decides_whether_a_recalled_deed_is_an_event(runner, tmp_path, option, dates):
    path = tmp_path / "recall.txt"
    path.write_text(RECALL, encoding="utf-8")
    result = run(runner, "extract", str(path), "--published", "2024-03-20", *option)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["event_date"] for line in result.stdout.splitlines()] == dates


def test_background_days_option_refuses_a_negative_window(runner, tmp_path):
    path = tmp_path / "recall.txt"
    path.write_text(RECALL, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--background-days", "-5"])
    assert result.exit_code != 0 and "background-days" in result.output
