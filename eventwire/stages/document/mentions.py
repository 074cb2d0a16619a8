"""Mentions: each factual trigger with the fields every stage filled for it, one per place when the
deed was told at several places, and where in the document it stands (headline, lead, body)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from ...model import interaction_code
from ..base import Annotation, CharSpan, Trigger, first_body_sentence, headline_end, paragraph_starts
from ..dates import dates_a_statement
from ..places.dateline import find_dateline
from ..triggers.syntax import person_arrested
from .lexicon import DocumentLexicon

STAGE_ATTRS = ("ew_actors", "ew_dates", "ew_counts", "ew_places", "ew_sources")

PLACE_FIELDS = ("country", "iso", "iso3", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                "geo_precision")

# the lead: at most the first two sentences of the story's first paragraph
LEAD_SENTENCES = 2

_DEFINITE = {"the", "this", "that", "these", "those"}


@dataclass
class Mention:
    """One telling of a deed: a trigger's fields (after a per-place split) and its place in the text."""

    trigger: Trigger
    values: dict[str, Any]
    evidence: dict[str, CharSpan]
    order: int  # position among the document's mentions, in text order
    sentence: int  # index of the trigger's sentence in the document
    headline: bool = False
    lead: bool = False
    # "the attack", "Thursday's blast", "two soldiers were killed in the attack": a deed told before
    anaphoric: bool = False
    # "In a separate incident, ...": the sentence announces another happening
    separate: bool = False
    per_event: bool = False  # its count is already the count of this one place's event
    toll: bool = False  # the trigger only tells deaths or wounds ("were killed"): a toll of some deed
    quoted: bool = False  # inside a quotation: its "today" is the speaker's day, not the report's
    told_date: bool = False  # its date is when it was told ("officials said Monday"), maybe after the deed
    filed_place: bool = False  # its place is only the dateline's town: where the story was filed
    person_arrest: bool = False  # the arrest of one person: a deed of its own, never a protest's intervention

    @property
    def dated(self) -> bool:
        """The text itself dates it (not the publication-day default)."""
        return "event_date" in self.evidence

    @property
    def span(self) -> CharSpan:
        return CharSpan(self.trigger.start, self.trigger.end, self.trigger.text)


def merge_annotations(trigger: Trigger, annotations: list[Annotation]) -> tuple[dict, dict[str, CharSpan]]:
    """The SPEC fields of one trigger: its type and what each stage filled, with their evidence."""
    values: dict = {"event_type": trigger.event_type, "sub_event_type": trigger.sub_event_type}
    trig_span = CharSpan(trigger.start, trigger.end, trigger.text)
    evidence: dict[str, CharSpan] = {"event_type": trig_span, "sub_event_type": trig_span}
    for ann in annotations:
        values.update({k: v for k, v in ann.values.items() if v is not None})
        evidence.update(ann.evidence)
    finish_actors(values)
    return values, evidence


def finish_actors(values: dict) -> None:
    """The fields that follow from the actors: interaction, inter2 = 0 for a lone actor, civilian targeting."""
    if values.get("actor1") and not values.get("inter2"):
        values["inter2"] = 0
    values["interaction"] = interaction_code(values.get("inter1"), values.get("inter2"))
    values.pop("civilian_targeting", None)
    if values.get("inter2") == 7 or (values.get("actor2") or "").startswith("Civilians"):
        if values.get("event_type") in ("Violence against civilians", "Explosions/Remote violence"):
            values["civilian_targeting"] = "Civilian targeting"


def split_places(values: dict, evidence: dict[str, CharSpan],
                 annotations: list[Annotation]) -> list[tuple[dict, dict[str, CharSpan]]]:
    """One (values, evidence) per place when a stage says the deed happened at several places; the
    fatalities are shared out across them (ACLED: split evenly, the remainder to the first) unless the
    text already gave the count per event ("fatalities split across 3 events (2)")."""
    splits = [s for ann in annotations for s in ann.splits]
    if not splits:
        return [(values, evidence)]
    out = [(dict(values), dict(evidence))]
    for ann in splits:
        v, e = dict(values), dict(evidence)
        for name in PLACE_FIELDS:  # fields the split annotation leaves empty must not keep the first place's
            v.pop(name, None)
            e.pop(name, None)
        v.update({k: x for k, x in ann.values.items() if x is not None})
        e.update(ann.evidence)
        out.append((v, e))
    total = values.get("fatalities")
    if isinstance(total, int) and total > 0 and not any(ann.per_event for ann in annotations):
        share, rest = divmod(total, len(out))
        for k, (v, _) in enumerate(out):
            v["fatalities"] = share + (1 if k < rest else 0)
    return out


def build_mentions(doc: Doc, lexicon: DocumentLexicon) -> list[Mention]:
    """Every factual trigger of the Doc as mentions, in text order."""
    triggers: list[Trigger] = doc._.ew_triggers or []
    stage_lists = [getattr(doc._, attr) or [] for attr in STAGE_ATTRS]
    sent_starts = [s.start for s in doc.sents]
    title_end = headline_end(doc.text)
    dateline = find_dateline(doc.text)
    body_first = first_body_sentence(doc, sent_starts)
    # the lead: the first sentences of the story's first paragraph
    lead_end = next((p for p in paragraph_starts(doc.text) if p > title_end), len(doc.text))
    mentions: list[Mention] = []
    for i, trigger in enumerate(triggers):
        if not trigger.is_factual:
            continue
        annotations = [lst[i] for lst in stage_lists if i < len(lst) and lst[i] is not None]
        values, evidence = merge_annotations(trigger, annotations)
        sentence = bisect_right(sent_starts, trigger.sent_start) - 1
        headline = trigger.start < title_end
        lead = not headline and trigger.start < lead_end and sentence < body_first + LEAD_SENTENCES
        for v, e in split_places(values, evidence, annotations):
            mentions.append(Mention(
                trigger=trigger, values=v, evidence=e, order=len(mentions), sentence=sentence,
                headline=headline, lead=lead, anaphoric=is_anaphoric(doc, trigger, lexicon),
                separate=opens_another(doc, trigger, lexicon), toll=lexicon.is_toll(trigger.text),
                quoted=in_quotation(doc.text, trigger.start),
                told_date="event_date" in e and dates_a_statement(doc, e["event_date"].start, e["event_date"].end),
                person_arrest=v.get("sub_event_type") == "Arrests" and person_arrested(doc[trigger.head]),
                filed_place=dateline is not None and "location" in e
                and dateline.start <= e["location"].start < dateline.head_end,
                per_event=any(ann.per_event for ann in annotations)))
    return mentions


def in_quotation(text: str, pos: int) -> bool:
    """The position is inside a quotation of its paragraph (an open curly quote, or an odd number of
    straight ones, before it)."""
    start = text.rfind("\n", 0, pos) + 1
    before = text[start:pos]
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1


def is_anaphoric(doc: Doc, trigger: Trigger, lexicon: DocumentLexicon) -> bool:
    """The mention refers back to a deed told before: a definite or possessed deed noun ("the attack",
    "Thursday's blast"), or a toll whose sentence points back to one ("two soldiers were martyred in the
    attack")."""
    head = doc[trigger.head]
    if head.pos_ == "NOUN" and head.lower_ in lexicon.deed_nouns and any(
            (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in head.children):
        return True
    if not lexicon.is_toll(trigger.text):
        return False
    sent = doc[trigger.sent_start:trigger.sent_end]
    return bool(lexicon.back_reference.search(sent.text))


def opens_another(doc: Doc, trigger: Trigger, lexicon: DocumentLexicon) -> bool:
    """The trigger's sentence opens with a cue of another happening ("In a separate incident, ...")."""
    sent = doc[trigger.sent_start:trigger.sent_end]
    return bool(lexicon.separate.match(sent.text))
