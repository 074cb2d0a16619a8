"""A user-trainable event sub-type classifier (`eventwire train`), TF-IDF + logistic regression.

eventwire ships no fitted model: ACLED's terms forbid redistributing anything derived from its
data. A user who holds coded events (an ACLED export, their own coding) fits one for their own use;
`classifier_dir` on the ew_triggers stage (`--model` on the CLI) loads it. The rules still decide
which event mentions exist and their modality; the model only re-labels each mention's sub-type.
"""

from __future__ import annotations

import csv
import json
import pickle
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model import SUB_EVENT_TYPE_PARENT

MODEL_FILE = "model.pkl"
META_FILE = "meta.json"
FORMAT_VERSION = 1


class ClassifierError(ValueError):
    pass


def read_coded(path: str | Path) -> tuple[list[str], list[str]]:
    """(texts, sub_event_types) from a CSV with ACLED's `notes` and `sub_event_type` columns."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            columns = set(reader.fieldnames or ())
            missing = {"notes", "sub_event_type"} - columns
            if missing:
                raise ClassifierError(f"{path}: missing column(s) {', '.join(sorted(missing))} "
                                      "(an ACLED export or a CSV with notes and sub_event_type)")
            texts, labels = [], []
            for n, row in enumerate(reader, 2):
                text, label = (row.get("notes") or "").strip(), (row.get("sub_event_type") or "").strip()
                if not text or not label:
                    continue
                if label not in SUB_EVENT_TYPE_PARENT:
                    raise ClassifierError(f"{path}:{n}: unknown sub_event_type {label!r}")
                texts.append(text)
                labels.append(label)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClassifierError(f"{path}: cannot read coded events ({exc})") from exc
    if len(set(labels)) < 2:
        raise ClassifierError(f"{path}: need coded events of at least two sub-event types, found {len(set(labels))}")
    return texts, labels


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    # word uni/bigrams: "tear gas", "shot dead", "air strike" carry the class; digits (dates,
    # counts) carry none, so tokens are letters only
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b[^\W\d_]{2,}\b"),
        LogisticRegression(max_iter=2000, C=10.0),
    )


@dataclass
class SubTypeClassifier:
    """A fitted text -> sub_event_type model and what it was fitted on."""

    model: object
    labels: list[str]
    n_train: int

    @classmethod
    def fit(cls, texts: list[str], labels: list[str]) -> SubTypeClassifier:
        if len(texts) != len(labels) or not texts:
            raise ClassifierError("need as many labels as texts, and at least one of each")
        model = _pipeline()
        model.fit(texts, labels)
        return cls(model, sorted(set(labels)), len(texts))

    def predict(self, texts: Iterable[str]) -> list[tuple[str, float]]:
        """(sub_event_type, probability) per text."""
        texts = list(texts)
        if not texts:
            return []
        probs = self.model.predict_proba(texts)
        classes = list(self.model.classes_)
        out = []
        for row in probs:
            best = max(range(len(classes)), key=row.__getitem__)
            out.append((classes[best], float(row[best])))
        return out

    def save(self, directory: str | Path) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / MODEL_FILE).open("wb") as fh:
            pickle.dump(self.model, fh)
        meta = {"format": FORMAT_VERSION, "labels": self.labels, "n_train": self.n_train,
                "kind": "tfidf+logreg sub_event_type classifier"}
        (directory / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> SubTypeClassifier:
        """Load a model written by `save` (a pickle: load only models you trained yourself)."""
        directory = Path(directory)
        meta_path, model_path = directory / META_FILE, directory / MODEL_FILE
        if not meta_path.exists() or not model_path.exists():
            raise ClassifierError(f"{directory}: not a model directory (run `eventwire train` to make one)")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with model_path.open("rb") as fh:
                model = pickle.load(fh)  # noqa: S301 - the user's own model, see docstring
        except (OSError, ValueError, pickle.UnpicklingError) as exc:
            raise ClassifierError(f"{directory}: cannot load the model ({exc})") from exc
        if meta.get("format") != FORMAT_VERSION:
            raise ClassifierError(f"{directory}: model format {meta.get('format')!r}, expected {FORMAT_VERSION}")
        return cls(model, list(meta.get("labels", [])), int(meta.get("n_train", 0)))


@dataclass
class TrainReport:
    out: str
    n_train: int
    labels: list[str]


def train(coded: str | Path, out: str | Path) -> TrainReport:
    """Fit on every coded event of `coded` and save the model to directory `out`."""
    texts, labels = read_coded(coded)
    clf = SubTypeClassifier.fit(texts, labels)
    clf.save(out)
    return TrainReport(str(out), clf.n_train, clf.labels)


@dataclass
class CVReport:
    """k-fold scores of the learned model beside the shipped rules, on the same events."""

    n: int
    k: int
    model_accuracy: float
    model_macro_f1: float
    rules_accuracy: float | None
    rules_macro_f1: float | None

    def to_dict(self) -> dict:
        return asdict(self)


def rule_predictions(texts: list[str]) -> list[str]:
    """The shipped rules' sub-type for each text: its first factual event mention ("" for none)."""
    from ..nlp import load_base_model
    from .base import register_extensions

    register_extensions()
    nlp = load_base_model()
    nlp.add_pipe("ew_triggers")
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        factual = [t for t in doc._.ew_triggers if t.is_factual]
        out.append(factual[0].sub_event_type if factual else "")
    return out


def _scores(gold: list[str], pred: list[str]) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = sorted(set(gold))
    return float(accuracy_score(gold, pred)), float(f1_score(gold, pred, labels=labels, average="macro",
                                                             zero_division=0))


def cross_validate(path: str | Path, k: int = 5, *, with_rules: bool = True, seed: int = 0) -> CVReport:
    """Train on k-1 folds, predict the held-out fold; score the pooled predictions (and the rules)."""
    from sklearn.model_selection import KFold

    if k < 2:
        raise ClassifierError(f"--cv needs at least 2 folds, got {k}")
    texts, labels = read_coded(path)
    if len(texts) < k:
        raise ClassifierError(f"{path}: {len(texts)} coded events are too few for {k} folds")
    pred = [""] * len(texts)
    # plain (not stratified) folds: rare sub-types may be absent from a training fold, as in life
    for train_idx, test_idx in KFold(n_splits=k, shuffle=True, random_state=seed).split(texts):
        clf = SubTypeClassifier.fit([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        for i, (label, _) in zip(test_idx, clf.predict([texts[i] for i in test_idx]), strict=True):
            pred[i] = label
    acc, f1 = _scores(labels, pred)
    rules_acc = rules_f1 = None
    if with_rules:
        rules_acc, rules_f1 = _scores(labels, rule_predictions(texts))
    return CVReport(len(texts), k, acc, f1, rules_acc, rules_f1)
