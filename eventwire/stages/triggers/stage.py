"""The ew_triggers component: hits folded per paragraph into classified event mentions."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...model import SUB_EVENT_TYPE_PARENT
from ..base import FACTUAL, CharSpan, Trigger, first_body_sentence, paragraph_starts
from .finder import TriggerFinder
from .lexicon import STRONG_CUES, WEAPON_CUES, Lexicon, classify, named_actor_classes
from .syntax import _CROWD_CUES, _VIOLENT_CUES, _WEAPON_CUES, Hit, _arg_tokens, person_arrested
from .vetoes import SentenceVetoes, _dated_news, _relative_clause_tokens

# cues that only count the dead or wounded of a deed
_TOLL_CUES = {"kill", "injure"}
_DEFINITE = {"the", "this", "that", "these", "those"}


def _refers_back(token: Token) -> bool:
    """ "the attack", "Thursday's blast", "the fighting": a deed noun told before."""
    return token.pos_ == "NOUN" and any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss"
                                        for c in token.children)


def _describes_a_noun(token: Token) -> bool:
    """ "the personnel targeted by the rebels", "the group that fought the government": a deed inside a
    clause that says who someone is, not a deed the sentence tells."""
    x = token
    while x.dep_ == "conj" and x.head is not x:
        x = x.head
    return x.dep_ in ("acl", "relcl") and x.head.pos_ in ("NOUN", "PROPN")


# cues that make a gathering a protest in an article (a demand, a riot, the police dispersing it)
_PROTEST_WORDS = {"protest", "demand", "demand_strong", "riot", "riot_act", "block_weak", "blockade", "intervene"}
# cues of people demanding something: with a crowd's cues, what lifts a story's frame
_DEMAND_CUES = {"demand_strong"}
# the sentences after the headline whose words frame a story (an accident told in the third sentence
# still makes the story an accident's)
STORY_LEAD_SENTENCES = 3


@dataclass
class Episode:
    hits: list[Hit]
    paragraph: int
    features: set[str]
    sub_event_type: str
    anchor: Hit
    text_start: int
    text_end: int
    score: float = 1.0  # the learned classifier's probability, when one re-labelled the event


class TriggerStage:
    """The ew_triggers component: find (pure), then set the annotation once."""

    def __init__(self, lexicon: Lexicon, classifier=None) -> None:
        self.finder = TriggerFinder(lexicon, named_actor_classes())
        self.vetoes = SentenceVetoes(self.finder)
        self.lexicon = lexicon
        self.classifier = classifier

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.predict(doc))

    def predict(self, doc: Doc) -> list[Trigger]:
        m, v = self.finder, self.vetoes
        hits = m.find(doc)
        if not hits:
            return []
        sents = list(doc.sents)
        starts = paragraph_starts(doc.text)
        sent_of = {}
        for k, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = k
        # a weapon or fighting phrase ("shoot-out", "gun battle") makes a sentence political like its words do
        strong = {sent_of[h.head] for h in hits if h.modality == FACTUAL and (
            h.cue in STRONG_CUES or (h.cue in ("attack", "kill", "injure") and m.mob_agent(doc[h.head])))}
        crowd = {sent_of[h.head] for h in hits if h.modality == FACTUAL and h.cue in _CROWD_CUES}
        # a drill or a match is no conflict, but a protest held during one is. A relative clause is judged
        # apart from its sentence: "killed 12 villagers, the latest attack in an insurgency that has killed
        # thousands" is news whose noun carries a tally, and the tally's own words stay vetoed
        vetoed: set[int] = set()
        vetoed_rel: set[int] = set()  # tokens of relative clauses whose words alone veto the sentence
        for k, s in enumerate(sents):
            if not ((k not in strong or (k not in crowd and v.vetoed_always(s))) and v.vetoed(s)):
                continue
            rel = _relative_clause_tokens(s)
            main = [t for t in s if t.i not in rel]
            if rel and _dated_news(main) and not (
                    (k not in strong or (k not in crowd and v.vetoed_always(main))) and v.vetoed(main)):
                vetoed_rel.update(rel)
            else:
                vetoed.add(k)
        # a story whose headline and lead tell an accident, a crime, a court case, talks, a drill ...:
        # its other sentences give events only where they name what lifts that frame
        # (a one-paragraph report has no story around its sentences: each is judged on its own words)
        body = first_body_sentence(doc, [s.start for s in sents])
        event_words = {i for h in hits if h.trigger for i in range(h.start, h.end)}  # "suicide" of "suicide bomber"
        frames = v.story_frames(sents[: body + STORY_LEAD_SENTENCES], event_words) if len(starts) > 1 else frozenset()
        if frames:
            # a crowd that protests, demands or takes justice into its own hands lifts every frame
            people = crowd | {sent_of[h.head] for h in hits if h.modality == FACTUAL and (
                h.cue in _DEMAND_CUES or (h.cue in ("attack", "kill", "injure") and m.mob_agent(doc[h.head])))}
            armed = {sent_of[h.head] for h in hits if h.modality == FACTUAL and h.cue in WEAPON_CUES}
            vetoed.update(k for k, s in enumerate(sents)
                          if k not in vetoed and v.vetoed_in_story(s, frames, k in people, k in armed))

        factual: dict[int, list[Hit]] = {}
        triggers: list[Trigger] = []
        violent_context: set[int] = set()
        for hit in hits:
            k = sent_of[hit.head]
            if hit.background and hit.cue in _VIOLENT_CUES and k not in vetoed:
                # "took the town after clashes": the fighting is context, but the town was not handed over
                violent_context.add(bisect_right(starts, doc[hit.head].idx) - 1)
            if k in vetoed or hit.head in vetoed_rel or hit.background:
                continue
            if hit.modality == FACTUAL:  # the sentence splitter may run across a line break: use the token
                factual.setdefault(bisect_right(starts, doc[hit.head].idx) - 1, []).append(hit)
            elif hit.trigger:
                sub, _ = classify(self.lexicon.rules, {hit.cue} | m.features(doc, hit))
                if sub is not None:
                    triggers.append(self._trigger(doc, sents[k], hit, sub, []))

        # each paragraph (the headline too) gives its own mention; the document stage folds the
        # mentions of one happening told in several paragraphs
        episodes = self._episodes(doc, factual, starts, violent_context)
        if self.classifier is not None and episodes:
            texts = [doc.text[e.text_start:e.text_end] for e in episodes]
            for ep, (label, score) in zip(episodes, self.classifier.predict(texts), strict=True):
                ep.sub_event_type, ep.score = label, score

        for ep in episodes:
            anchor = ep.anchor
            support = sorted({h.head for h in ep.hits if h.head != anchor.head})
            trig = self._trigger(doc, sents[sent_of[anchor.head]], anchor, ep.sub_event_type, support)
            trig.score = ep.score
            triggers.append(trig)
        triggers.sort(key=lambda t: t.start)
        return triggers

    def _episodes(self, doc: Doc, factual: dict[int, list[Hit]], starts: list[int],
                  violent_context: set[int] | frozenset[int] = frozenset()) -> list[Episode]:
        """Fold the factual hits of each deed told in a paragraph into one classified mention."""
        m = self.finder
        episodes: list[Episode] = []
        # an article's paragraph may tell several deeds; a one-paragraph report (a note) tells one
        article = len(starts) > 1
        deeds = self._deeds if article else (lambda _doc, hits: [hits])
        for para, phits in [(p, seg) for p in sorted(factual) for seg in deeds(doc, factual[p])]:
            if not any(h.trigger for h in phits):
                continue
            if article and all(h.cue == "gather" or not h.trigger for h in phits) \
                    and not any(h.cue in _PROTEST_WORDS for h in phits):
                continue  # in an article people gather to mourn, watch or meet: a protest says what it demands
            if article and all(_describes_a_noun(doc[h.head]) for h in phits):
                continue  # "the personnel targeted by the rebels were returning ...": who they are, not news
            seized: set[int] = set()  # "seized rifles and grenades": the weapons are the seizure's object
            for h in phits:
                if h.cue == "disarm":
                    verb = doc[h.head]
                    loose = [c for c in verb.children if c.dep_ == "dep" and c.pos_ in ("NOUN", "PROPN")]
                    for t in _arg_tokens(verb) + loose:  # a list the parser hung loose ("seized rifles, grenades")
                        seized.update(c.i for c in t.subtree)
            phits = [h for h in phits if not (h.cue in _WEAPON_CUES and h.head in seized)] or phits
            swapped = {c.i for h in phits if h.cue == "swap" for t in _arg_tokens(doc[h.head]) for c in t.subtree}
            # "swapped the bodies of 14 fighters": the dead are what was exchanged, not a killing
            phits = [h for h in phits if not (h.cue == "kill" and h.head in swapped)] or phits
            features: set[str] = set()
            for h in phits:
                feats = m.features(doc, h)
                if h.cue == "riot_weak" and ("agent_armed" in feats or "target_protesters" in m.features(
                        doc, Hit(h.start, h.end, h.head, "attack", False))):
                    continue  # police beating protesters, protesters injured: no violence by the protesters
                if h.cue in ("intervene", "arrest"):
                    feats -= {"agent_armed", "agent_state"}  # police who disperse or arrest do not arm a crowd
                features.add(h.cue)
                features |= feats
            if para in violent_context:
                features.add("context_violence")
            sub, rule = classify(self.lexicon.rules, features)
            if sub is None:
                continue  # words that only colour an event ("signed a trade agreement") make none
            # the most specific word of the winning rule speaks for the event: a phrase over a word
            anchors = sorted((h for h in phits if h.trigger and rule is not None and h.cue in rule.anchor_cues),
                             key=lambda h: (h.start - h.end, h.start))
            anchor = anchors[0] if anchors else next(h for h in phits if h.trigger)
            p_start = starts[para]
            p_end = starts[para + 1] if para + 1 < len(starts) else len(doc.text)
            ep = Episode(phits, para, features, sub, anchor, p_start, p_end)
            episodes.append(ep)
        return episodes

    def _deeds(self, doc: Doc, hits: list[Hit]) -> list[list[Hit]]:
        """A paragraph's hits, one group per deed it tells: a sentence that tells a deed of its own (an
        event word that is neither a toll nor a reference back: "Gunmen attacked X", "a gunfight broke
        out") starts a group; a sentence that only adds to the deed before it ("Two were killed", "Police
        dispersed them with tear gas", "633 were detained", "The attack lasted hours", "the personnel
        targeted by the rebels were returning from an operation") joins it. The arrest of one person is a
        deed of its own whatever else its sentence tells (ACLED codes it apart from the riot it followed)."""
        arrests: list[list[Hit]] = []
        by_sentence: dict[int, list[Hit]] = {}
        for h in sorted(hits, key=lambda h: h.start):
            if h.cue == "arrest" and h.trigger and person_arrested(doc[h.head]):
                arrests.append([h])  # "X was arrested after his supporters clashed with police": two events
                continue
            by_sentence.setdefault(doc[h.head].sent.start, []).append(h)
        groups: list[list[Hit]] = []
        for _, shits in sorted(by_sentence.items()):
            if not groups or any(h.trigger and h.cue not in _TOLL_CUES and not _refers_back(doc[h.head])
                                 and h.cue != "arrest" and not _describes_a_noun(doc[h.head]) for h in shits):
                groups.append(list(shits))
            else:
                groups[-1].extend(shits)
        return sorted(groups + arrests, key=lambda g: g[0].start)

    def _trigger(self, doc: Doc, sent, hit: Hit, sub: str, support: list[int]) -> Trigger:
        span = doc[hit.start:hit.end]
        cue = None
        if hit.cue_token is not None:
            ct = doc[hit.cue_token]
            cue = CharSpan(ct.idx, ct.idx + len(ct.text), ct.text)
        return Trigger(
            start=span.start_char, end=span.end_char, text=span.text, head=hit.head,
            sent_start=sent.start, sent_end=sent.end,
            event_type=SUB_EVENT_TYPE_PARENT[sub], sub_event_type=sub,
            modality=hit.modality, modality_cue=cue, support=support,
        )

    def set_annotations(self, doc: Doc, triggers: list[Trigger]) -> Doc:
        doc._.ew_triggers = triggers
        return doc


def _load_classifier(classifier_dir: str):
    if not classifier_dir:
        return None
    from .classifier import SubTypeClassifier

    return SubTypeClassifier.load(classifier_dir)


