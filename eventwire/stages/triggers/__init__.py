"""Event mentions: find trigger words, decide their modality, fold them into mentions, classify each.

The stage works in three pure steps and one write:
1. `TriggerFinder.find`: lexicon hits (single lemmas and multi-word phrases from data/triggers.jsonl), each with
   its modality from the dependency parse (future "will", hypothetical "could", negated "not",
   generic "have staged attacks", policy "order"/"call for") and its argument classes (is the
   target armed? civilians? is the agent a mob? the state?).
2. `TriggerStage._episodes`: factual hits are folded per paragraph: the words that describe one
   happening ("clashed ... killing two ... injured") make one mention (the headline is a paragraph
   of its own); the document stage folds the mentions of one happening told in several paragraphs.
   Hits in a cause clause ("protest over the killing of") or in an accident, disaster or ordinary
   crime sentence (veto words, no armed or political actor) make no event.
3. `classify`: the ordered decision rules of the lexicon file turn an episode's cue set into an
   ACLED sub-event type (first matching rule wins). A user-trained classifier, when configured,
   overrides the sub-type of factual mentions; rules still decide which mentions exist.
Then `set_annotations` writes `doc._.ew_triggers` once.
"""

from __future__ import annotations

from spacy.language import Language

from .finder import TriggerFinder
from .lexicon import (
    DATA_FILE,
    Lexicon,
    LexiconError,
    classify,
    load_lexicon,
    named_actor_classes,
    parse_lexicon,
)
from .stage import TriggerStage, _load_classifier


@Language.factory(
    "ew_triggers",
    assigns=["doc._.ew_triggers"],
    default_config={"classifier_dir": ""},
)
def make_triggers(nlp: Language, name: str, classifier_dir: str) -> TriggerStage:
    return TriggerStage(load_lexicon(DATA_FILE), _load_classifier(classifier_dir))


__all__ = ["DATA_FILE", "Lexicon", "LexiconError", "TriggerFinder", "TriggerStage", "classify", "load_lexicon",
           "named_actor_classes", "parse_lexicon"]
