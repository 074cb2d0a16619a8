"""Places: toponyms -> gazetteer candidates -> the event's place, admin names and geo_precision.

Three pure steps and one write, per document:
1. `mentions`: place-like spans (spaCy GPE/LOC/FAC entities, and other entities or capitalised runs
   that the gazetteer knows and the text puts in a locative slot: "in X", "near X", "X's outskirts"),
   each with its modifiers ("near", "northern", "countryside", "X province") and its qualifiers
   ("Tafas, Dar'a", "X (Y district, Z)", "Syria's X").
2. `resolve`: each mention's gazetteer candidates scored by the document's country context
   (country names, demonyms, admin names), its qualifiers, its closeness to the other places,
   population and feature class.
3. `attach`: for each trigger, the mention tied to it (same clause, locative preposition, short
   dependency path; not a convoy's origin "from X", where a statement was made, a reference point
   "east of X", a town the text puts far away, or a newspaper's or government's town), else the
   document's main place. The story's dateline (`dateline`) is where it was filed: the deed's place
   only when nothing else places it.
Then `set_annotations` writes `doc._.ew_places` once.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...gazetteer.lookup import Gazetteer, open_gazetteer
from .attach import Resolved, _point, attach
from .cues import find_cues
from .lexicon import qualifies_foreign_thing
from .mentions import Mention, find_mentions
from .resolve import resolve
from .write import _annotation, _country_fallback

__all__ = ["PlaceResolver", "qualifies_foreign_thing"]


class PlaceResolver:
    """The ew_places component: find mentions, resolve them, attach one to each trigger, write once."""

    def __init__(self, gazetteer_path: str = ""):
        self.gazetteer_path = gazetteer_path
        self._gaz: Gazetteer | None = None

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = open_gazetteer(self.gazetteer_path)
        return self._gaz

    def find(self, doc: Doc) -> tuple[list[Mention], list[Resolved | None]]:
        hits = find_cues(doc)  # one scan of the text for both the mentions and the country vote
        mentions = find_mentions(doc, self.gaz, hits)
        cues: list[tuple[str, int, int]] = []
        ctx = resolve(doc, mentions, self.gaz, cues, hits)
        fallback = _country_fallback(doc, self.gaz, ctx, cues)
        if fallback is not None and not any(_point(m, mentions) is not None for m in mentions):
            mentions = [fallback]
        return mentions, attach(doc, mentions)

    def __call__(self, doc: Doc) -> Doc:
        mentions, resolved = self.find(doc)
        self.set_annotations(doc, mentions, resolved)
        return doc

    def set_annotations(self, doc: Doc, mentions: list[Mention], resolved: list[Resolved | None]) -> None:
        annotations = []
        for r in resolved:
            ann = _annotation(doc, self.gaz, r, mentions)
            if r is not None:
                ann.splits = [_annotation(doc, self.gaz, r2, mentions) for r2 in r.also]
            annotations.append(ann)
        doc._.ew_places = annotations


@Language.factory(
    "ew_places",
    assigns=["doc._.ew_places"],
    requires=["doc._.ew_triggers"],
    default_config={"gazetteer_path": ""},
)
def make_places(nlp: Language, name: str, gazetteer_path: str) -> PlaceResolver:
    return PlaceResolver(gazetteer_path)
