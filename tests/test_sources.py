"""ew_sources: who the text attributes each event to, and how sure it is.

Attribution needs the dependency parse, so these tests run the trained spaCy model with only the
sources stage added; the triggers are set by hand so each test is about attribution alone.
"""

from __future__ import annotations

import json

import pytest
import spacy

from eventwire.model import Document
from eventwire.stages import sources  # noqa: F401  (registers ew_sources)
from eventwire.stages.base import Trigger, register_extensions
from eventwire.stages.sources import _quote_spans, load_lexicon


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_base_model

    register_extensions()
    pipeline = load_base_model()
    pipeline.add_pipe("ew_sources")
    return pipeline


def annotate(nlp, text: str, words: list[str], outlet: str | None = "Wire"):
    """Run the model, put a trigger on each `words` item ('context::word' picks the word after context)."""
    doc = nlp.make_doc(text)
    doc._.ew_document = Document(id="t", text=text, outlet=outlet)
    for _, proc in nlp.pipeline[:-1]:
        doc = proc(doc)
    triggers = []
    for spec in words:
        context, _, word = spec.rpartition("::")
        start = text.index(word, text.index(context) if context else 0)
        token = doc.char_span(start, start + len(word), alignment_mode="expand")[0]
        triggers.append(Trigger(start, start + len(word), word, token.i, token.sent.start, token.sent.end,
                                "Battles", "Armed clash"))
    doc._.ew_triggers = triggers
    doc = nlp.get_pipe("ew_sources")(doc)
    return doc._.ew_sources


def one(nlp, text: str, word: str):
    (ann,) = annotate(nlp, text, [word])
    return ann


@pytest.mark.parametrize("text, word, speaker", [
    ("Gunmen killed five villagers on Sunday, police said.", "killed", "police"),
    ("At least 15 trucks were seen leaving the area, the SDF spokesman told AFP.", "leaving", "SDF spokesman"),
    ("According to the Syrian Observatory for Human Rights, rebels seized the village.", "seized",
     "Syrian Observatory for Human Rights"),
    ("The ministry tweeted that troops had shelled the rebel positions overnight.", "shelled", "ministry"),
    ('"They shelled our homes all night," Amina Yusuf, a teacher, said.', "shelled", "Amina Yusuf"),
    ("A statement from the Interior Ministry said police arrested twelve protesters.", "arrested",
     "Interior Ministry"),
    ("The clashes were reported by local media.", "clashes", "local media"),
    ("An ONLF statement said troops burned three villages.", "burned", "ONLF"),
    # the parser hangs a closing speaker on the clause before it
    ("Jets struck a market on Tuesday, killing six traders, a war monitor and rescuers said.", "struck",
     "war monitor and rescuers"),
])
def test_reported_by_is_the_speaker(nlp, text, word, speaker):
    ann = one(nlp, text, word)
    assert ann.values["reported_by"] == speaker
    span = ann.evidence["reported_by"]
    assert text[span.start:span.end] == speaker


@pytest.mark.parametrize("text, word", [
    ("On 9 May 2020, troops repulsed an attack on a base near the border. No casualties reported.", "repulsed"),
    ("Militants attacked a village. Six fatalities reported.", "attacked"),
])
def test_reported_things_are_not_speakers(nlp, text, word):
    assert "reported_by" not in one(nlp, text, word).values


def test_an_unnamed_report_is_no_speaker_but_still_reported(nlp):
    ann = one(nlp, "Reports said gunmen attacked the convoy.", "attacked")
    assert "reported_by" not in ann.values and ann.values["certainty"] == "reported"


def test_pronoun_speaker_resolves_to_last_named_speaker(nlp):
    text = ('"We evacuated the first group today," said Mustefa Bali. '
            '"Gunmen attacked the convoy near the bridge," he said.')
    ann = one(nlp, text, "Gunmen::attacked")
    assert ann.values["reported_by"] == "Mustefa Bali"


def test_attribution_after_a_quote_spanning_sentences(nlp):
    text = ('"Fighters surrendered in the valley," the coalition tweeted on Wednesday night. '
            'We cannot independently verify these reports."')
    ann = one(nlp, text, "surrendered")
    assert ann.values["reported_by"] == "coalition"
    assert ann.values["certainty"] == "unverified"
    assert ann.evidence["certainty"].text == "verify"


@pytest.mark.parametrize("text, word, certainty, cue", [
    ("Rebels seized the town on Monday.", "seized", "confirmed", "seized"),
    ("Rebels reportedly seized the town on Monday.", "seized", "reported", "reportedly"),
    ("Seven Iraqis are thought to have been killed by ISIS last weekend.", "killed", "reported", "thought"),
    ("Three people were allegedly abducted from the market.", "abducted", "reported", "allegedly"),
    ("Gunmen killed five villagers, police said.", "killed", "reported", "said"),
    ("Islamic State claimed responsibility for the bombing in a statement.", "bombing", "claimed", "claimed"),
    ("The army said it killed 20 militants in an airstrike.", "killed", "claimed", "said"),
    ("Rebels seized the town, which could not be independently verified.", "seized", "unverified", "verified"),
    ("Militants seized the base, according to residents. The army has yet to confirm this.", "seized",
     "unverified", "confirm"),
    ("Activists said troops shelled the village. The army denied the reports.", "shelled", "denied", "denied"),
    ("The army denied that its troops shelled the village.", "shelled", "denied", "denied"),
    ("Unconfirmed reports say militias burned the market.", "burned", "unverified", "Unconfirmed"),
    ("Police confirmed that gunmen killed two guards.", "killed", "confirmed", "confirmed"),
    ("The car bomb claimed the lives of nine soldiers.", "bomb", "confirmed", "bomb"),
    ("The attack was claimed by the Islamic State group.", "attack", "claimed", "claimed"),
    ("Al-Shabaab took responsibility for the bombing.", "bombing", "claimed", "took"),
    ("The rebels claimed to have shot down a drone, a claim the coalition denied.", "shot", "denied", "denied"),
    ("The army said it repelled an attack on the base, killing 15 militants.", "killing", "claimed", "said"),
    ("The group admitted responsibility for the kidnapping.", "kidnapping", "claimed", "admitted"),
    ("The rebels, in a video posted online, executed two hostages.", "executed", "reported", "in a video"),
])
def test_certainty_and_its_cue(nlp, text, word, certainty, cue):
    ann = one(nlp, text, word)
    assert ann.values["certainty"] == certainty
    assert ann.evidence["certainty"].text == cue


def test_hedge_applies_only_to_its_own_clause(nlp):
    text = "Rebels reportedly seized the town, and troops shelled the hills."
    seized, shelled = annotate(nlp, text, ["seized", "shelled"])
    assert seized.values["certainty"] == "reported"
    assert shelled.values["certainty"] == "confirmed"


def test_headline_hedge_does_not_leak_into_the_first_sentence(nlp):
    text = "Fighters reportedly among those evacuated\n\nA convoy evacuated dozens of people on Wednesday."
    ann = one(nlp, text, "A convoy::evacuated")
    assert ann.values["certainty"] == "confirmed"


def test_doubt_two_paragraphs_away_does_not_apply(nlp):
    text = "Rebels seized the town.\n\nThe ministry could not confirm the figures on oil exports."
    assert one(nlp, text, "seized").values["certainty"] == "confirmed"


def test_source_is_the_outlet_without_evidence(nlp):
    (ann,) = annotate(nlp, "Rebels seized the town.", ["seized"], outlet="AFP")
    assert ann.values["source"] == "AFP" and "source" not in ann.evidence


def test_no_outlet_no_source(nlp):
    (ann,) = annotate(nlp, "Rebels seized the town.", ["seized"], outlet=None)
    assert "source" not in ann.values


def test_one_annotation_per_trigger_in_order(nlp):
    text = "Police said gunmen killed two. Rebels reportedly seized the town."
    anns = annotate(nlp, text, ["killed", "seized"])
    assert [a.values["certainty"] for a in anns] == ["reported", "reported"]
    assert anns[0].values["reported_by"] == "Police" and "reported_by" not in anns[1].values


def test_no_triggers_gives_empty_list(nlp):
    doc = nlp.make_doc("Nothing happened.")
    doc._.ew_triggers = []
    assert nlp.get_pipe("ew_sources")(doc)._.ew_sources == []


def test_blank_pipeline_without_parser_still_annotates():
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ew_sources")
    text = "According to local officials, rebels seized the town. The army has yet to confirm this."
    doc = nlp.make_doc(text)
    start = text.index("seized")
    token = doc.char_span(start, start + 6)[0]
    doc._.ew_triggers = [Trigger(start, start + 6, "seized", token.i, 0, 10, "Battles", "Armed clash")]
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    (ann,) = doc._.ew_sources
    assert ann.values["reported_by"] == "local officials"
    assert ann.values["certainty"] == "unverified"


@pytest.mark.parametrize("text, expected", [
    ('He said "we will win" today.', [(8, 21, False)]),
    ('"A," she said. "B."', [(0, 4, False), (15, 19, False)]),
    ('"A," she said. B."', [(0, 4, False), (4, 18, True)]),
    ("“Curly,” he said.", [(0, 8, False)]),
])
def test_quote_spans(text, expected):
    assert _quote_spans(text) == expected


def test_lexicon_file_errors_name_the_line(tmp_path):
    path = tmp_path / "cues.jsonl"
    path.write_text(json.dumps({"kind": "verb", "certainty": "reported", "lemmas": ["say"]}) + "\n"
                    + json.dumps({"kind": "phrase", "certainty": "maybe", "pattern": "x"}) + "\n")
    with pytest.raises(ValueError, match=r"cues.jsonl:2"):
        load_lexicon(str(path))


def test_custom_lexicon_adds_a_verb(tmp_path):
    path = tmp_path / "cues.jsonl"
    path.write_text(json.dumps({"kind": "verb", "certainty": "reported", "lemmas": ["whisper"]}) + "\n")
    lexicon = load_lexicon(str(path))
    assert lexicon.verbs == {"whisper": "reported"} and lexicon.cues == ()


# ---------------------------------------------------------------- the seed article, whole pipeline

@pytest.fixture(scope="module")
def seed_events(seed_text):
    import eventwire

    return eventwire.extract(seed_text, published="2019-02-21", outlet="AFP", doc_id="baghouz")


def events_near(events, seed_text: str, sentence: str):
    start = seed_text.replace("\xa0", " ").index(sentence)  # the article has no-break spaces
    end = start + len(sentence)
    return [e for e in events if any(ev.field == "event_type" and start <= ev.start < end for ev in e.evidence)]


@pytest.mark.slow
def test_seed_surrender_negotiations_attribution(seed_events, seed_text):
    found = events_near(seed_events, seed_text, "There have been negotiations for the surrender of the last ISIS fighters")
    assert found, "no event from the surrender-negotiations sentence"
    event = found[0]
    assert any(name in (event.reported_by or "") for name in
               ("Syrian Observatory for Human Rights", "SOHR", "Rami Abdel Rahman"))
    assert event.certainty in ("claimed", "unverified", "reported")


@pytest.mark.slow
def test_seed_najaf_killing_is_reported_or_unverified(seed_events, seed_text):
    found = events_near(seed_events, seed_text, "Seven Iraqis are thought to have been killed by ISIS")
    assert found, "no event from the Najaf/Anbar sentence"
    assert found[0].certainty in ("reported", "unverified")


@pytest.mark.slow
def test_seed_events_carry_the_outlet(seed_events):
    assert seed_events and all(e.source == "AFP" for e in seed_events)
