"""Who a report attributes each event to (`reported_by`), how sure the text is (`certainty`), and
the outlet (`source`).

Attribution is found, in order: a reporting verb that governs the trigger in the parse ("X said",
"told AFP", "Y tweeted", "claimed"), an "according to Y" in the sentence, the quotation the trigger
stands in (a quote may run over several sentences and name its speaker after the first), and
neighbouring sentences ("According to Y," just before a quote; a bare '..., he said.' just after).
Certainty comes from cue words (data/attribution.jsonl), strongest doubt first:
denied > unverified > claimed > reported > confirmed.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .base import Annotation, CharSpan, Trigger, document_of

CERTAINTY_RANK = {"confirmed": 0, "reported": 1, "claimed": 2, "unverified": 3, "denied": 4}

# speakers that are only pronouns are resolved to the last named speaker before them
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "us", "one", "who", "which", "that"}
# a party speaking of its own act ("the army said it killed"; "we evacuated") makes the event a claim
_SELF_PRONOUNS = {"it", "we", "its", "our", "us"}
_EDGE_DROP = {"the", "a", "an", "this", "that", "these", "those", ",", '"', "'", "“", "”", "-", "–", "—", "(", ")"}
_SPEAKER_DROP_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "parataxis", "prep_time"}
_QUOTES_OPEN = "“«"
_TOLL_NOUNS = {"life", "lives", "toll", "victim", "casualty"}
# heads of noun phrases that are reported things, never reporters (terse notes: "No casualties reported")
_NON_SPEAKERS = {"casualty", "fatality", "death", "injury", "injured", "outcome", "damage", "number", "toll",
                 "figure", "loss", "detail", "information", "size", "arrest", "incident", "event", "attack"}
_QUOTES_CLOSE = "”»"


@dataclass(frozen=True)
class Cue:
    certainty: str
    scope: str  # clause | sentence | sentence_or_next | next
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]  # reporting-verb lemma -> certainty it implies
    carriers: frozenset[str]  # "statement", "report": the speaker is whoever issued it
    cues: tuple[Cue, ...]
    # verbs that attribute only with a given object: "took responsibility" (lemma -> (certainty, objects))
    object_verbs: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)


@dataclass
class Attribution:
    speaker: CharSpan | None
    cue: CharSpan
    certainty: str
    verb: int | None = None  # token index of the reporting verb, when there is one


@dataclass
class SourceFinding:
    """What the stage found for one trigger, before it is written to the Doc."""

    reported_by: CharSpan | None
    certainty: str
    certainty_cue: CharSpan | None


def _default_lexicon_path() -> Path:
    return Path(str(resources.files("eventwire") / "data" / "attribution.jsonl"))


@lru_cache(maxsize=4)
def load_lexicon(path: str = "") -> Lexicon:
    """Read the cue file (see eventwire/data/README.md); an empty path means the packaged one."""
    file = Path(path) if path else _default_lexicon_path()
    verbs: dict[str, str] = {}
    object_verbs: dict[str, tuple[str, frozenset[str]]] = {}
    carriers: set[str] = set()
    cues: list[Cue] = []
    with open(file, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                kind = entry["kind"]
                if kind == "verb" and entry.get("objects"):
                    objects = frozenset(entry["objects"])
                    object_verbs.update({lemma: (entry["certainty"], objects) for lemma in entry["lemmas"]})
                elif kind == "verb":
                    verbs.update({lemma: entry["certainty"] for lemma in entry["lemmas"]})
                elif kind == "carrier":
                    carriers.update(entry["lemmas"])
                elif kind == "phrase":
                    if entry["certainty"] not in CERTAINTY_RANK:
                        raise ValueError(f"unknown certainty {entry['certainty']!r}")
                    cues.append(Cue(entry["certainty"], entry.get("scope", "sentence"),
                                    re.compile(entry["pattern"], re.I)))
            except (KeyError, ValueError, re.error) as exc:
                raise ValueError(f"{file}:{lineno}: bad attribution entry: {exc}") from None
    return Lexicon(verbs, frozenset(carriers), tuple(cues), object_verbs)


@Language.factory(
    "ew_sources",
    assigns=["doc._.ew_sources"],
    requires=["doc._.ew_triggers"],
    default_config={"lexicon_path": ""},
)
def make_sources(nlp: Language, name: str, lexicon_path: str) -> SourceStage:
    return SourceStage(load_lexicon(lexicon_path))


class SourceStage:
    """Find attribution and certainty for every trigger, then write `doc._.ew_sources` once."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        findings = self.find(doc)
        self.set_annotations(doc, findings)
        return doc

    def find(self, doc: Doc) -> list[SourceFinding]:
        triggers: list[Trigger] = doc._.ew_triggers or []
        if not triggers:
            return []
        ctx = _Context(doc, self.lexicon)
        return [ctx.find(i, trigger) for i, trigger in enumerate(triggers)]

    @staticmethod
    def set_annotations(doc: Doc, findings: list[SourceFinding]) -> None:
        outlet = document_of(doc).outlet
        annotations = []
        for finding in findings:
            ann = Annotation()
            if outlet:
                ann.set("source", outlet)  # metadata, not a span of the text: no evidence
            if finding.reported_by is not None:
                ann.set("reported_by", finding.reported_by.text, finding.reported_by)
            ann.set("certainty", finding.certainty, finding.certainty_cue)
            annotations.append(ann)
        doc._.ew_sources = annotations


class _Context:
    """Per-document lookups shared by every trigger: sentences, quotations, cue matches."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.parsed = doc.has_annotation("DEP")
        self.sents: list[Span] = list(doc.sents) if (self.parsed or doc.has_annotation("SENT_START")) \
            else [doc[:]]
        self.sent_of_token = {}
        for k, sent in enumerate(self.sents):
            for t in range(sent.start, sent.end):
                self.sent_of_token[t] = k
        self.quotes = _quote_spans(doc.text)
        self._starts = [t.idx for t in doc]
        self._quote_attr: dict[int, Attribution | None] = {}
        self._cues = [self._match_cues(sent) for sent in self.sents]
        self._speakers_before: list[tuple[int, CharSpan]] = []  # (char offset, named speaker) in text order
        self._collect_named_speakers()

    # ---- per trigger
    def find(self, index: int, trigger: Trigger) -> SourceFinding:
        head = self.doc[min(trigger.head, len(self.doc) - 1)]
        k = self.sent_of_token.get(head.i, 0)
        attribution = (self._governing_verb(head) or self._according_to(self.sents[k], trigger.start)
                       or self._quote_attribution(trigger.start) or self._neighbour_attribution(k))
        certainty, cue = "confirmed", CharSpan(trigger.start, trigger.end, trigger.text)
        if attribution is not None:
            certainty, cue = attribution.certainty, attribution.cue
            if certainty in ("reported", "confirmed") and self._is_own_claim(index, head, attribution):
                certainty = "claimed"
        quote = self._quote_group(trigger.start)
        for cue_certainty, span, cue_token in self._cues_for(k, quote):
            if cue_token is not None and self.parsed and not _governs(cue_token, head):
                continue
            if self._line_break_between(span.start, trigger.start) and not _inside(span.start, quote):
                continue  # a headline or another paragraph parsed into the same sentence
            if CERTAINTY_RANK[cue_certainty] > CERTAINTY_RANK[certainty]:
                certainty, cue = cue_certainty, span
        speaker = attribution.speaker if attribution else None
        return SourceFinding(speaker, certainty, cue)

    # ---- attribution
    def _governing_verb(self, head: Token) -> Attribution | None:
        if not self.parsed:
            return None
        for anc in [head, *head.ancestors]:
            if anc.pos_ not in ("VERB", "AUX"):
                continue
            certainty = self._object_verb(anc) or self.lex.verbs.get(anc.lemma_.lower())
            if certainty is None:
                carrier = self._carrier_phrase(anc)
                if carrier is not None:  # "the group, in a statement, took ...": whoever issued it
                    return Attribution(self._speaker_of_verb(anc), carrier, "reported", anc.i)
                continue
            if anc.i == head.i and not _has_clausal_object(anc):
                continue  # the trigger itself is not a report of itself
            if any(c.dep_ == "dobj" and c.lemma_.lower() in _TOLL_NOUNS for c in anc.children):
                continue  # "the blast claimed five lives" reports nothing
            if anc.i != head.i and _is_subject_side(head, anc):
                continue  # "the report that X said" : the trigger is in the subject, not what is said
            return self._verb_attribution(anc, certainty)
        return None

    def _object_verb(self, verb: Token) -> str | None:
        entry = self.lex.object_verbs.get(verb.lemma_.lower())
        if entry and any(c.dep_ == "dobj" and c.lemma_.lower() in entry[1] for c in verb.children):
            return entry[0]
        return None

    def _carrier_phrase(self, verb: Token) -> CharSpan | None:
        """'in a statement' / 'in a video' attached to the verb: the words of whoever did the verb."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "via", "through"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.lemma_.lower() in self.lex.carriers:
                        return CharSpan(prep.idx, obj.idx + len(obj.text), self.doc.text[prep.idx:obj.idx + len(obj.text)])
        return None

    def _line_break_between(self, a: int, b: int) -> bool:
        return "\n" in self.doc.text[min(a, b):max(a, b)]

    def _according_to(self, sent: Span, near: int | None = None) -> Attribution | None:
        for tok in sent:
            if near is not None and self._line_break_between(tok.idx, near):
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
                target = self._according_target(tok)
                cue = CharSpan(tok.idx, self.doc[tok.i + 1].idx + 2, self.doc.text[tok.idx:self.doc[tok.i + 1].idx + 2])
                return Attribution(target, cue, "reported")
        return None

    def _according_target(self, according: Token) -> CharSpan | None:
        to = self.doc[according.i + 1]
        if self.parsed:
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                return self._noun_speaker(objs[0])
        # no parse: the words up to the next comma
        end = according.i + 2
        while end < len(self.doc) and self.doc[end].text not in {",", ".", ";", ":"} and end - according.i < 12:
            end += 1
        return _clean_span(self.doc, according.i + 2, end)

    def _verb_attribution(self, verb: Token, certainty: str) -> Attribution:
        return Attribution(self._speaker_of_verb(verb), _tok_span(verb), certainty, verb.i)

    def _quote_attribution(self, char: int) -> Attribution | None:
        for qi, (start, end, _) in enumerate(self.quotes):
            if start <= char < end:
                if qi not in self._quote_attr:
                    self._quote_attr[qi] = self._attribute_quote(qi)
                return self._quote_attr[qi]
        return None

    def _attribute_quote(self, qi: int) -> Attribution | None:
        start, end, continued = self.quotes[qi]
        if continued and qi > 0:
            # a quote continued after its attribution ('"A," X said. "B.') keeps the first part's speaker
            if qi - 1 not in self._quote_attr:
                self._quote_attr[qi - 1] = self._attribute_quote(qi - 1)
            return self._quote_attr[qi - 1]
        if self.doc.text[end - 2:end - 1] not in (".", "!", "?"):  # '...," X said' follows
            after = self._verb_near(end, forward=True)
            if after is not None:
                return after
        return self._verb_near(start, forward=False)  # 'X said: "...'

    def _verb_near(self, char: int, *, forward: bool) -> Attribution | None:
        """A reporting verb right after a closing quote ('," X said') or right before an opening one,
        in the same sentence."""
        tok = self._token_at(char if forward else max(char - 1, 0))
        if tok is None or (not forward and tok.idx >= char):
            return None
        sent = self.sents[self.sent_of_token.get(tok.i, 0)]
        if forward:
            tokens = list(self.doc[tok.i:min(tok.i + 10, sent.end)])
        else:
            tokens = list(reversed(self.doc[max(tok.i - 12, sent.start):tok.i + 1]))
        for t in tokens:
            if "\n" in t.text or (t.text in _QUOTES_CLOSE + '"' and t.idx != char - 1 and not forward):
                break
            certainty = self.lex.verbs.get(t.lemma_.lower())
            if certainty is not None and t.pos_ in ("VERB", "AUX"):
                return self._verb_attribution(t, certainty)
        return None

    def _neighbour_attribution(self, k: int) -> Attribution | None:
        # '"..." <sentence break> he said.' : a short next sentence that only attributes a quote
        if k + 1 < len(self.sents) and self._ends_quoted(self.sents[k]):
            nxt = self.sents[k + 1]
            if len(nxt) <= 12:
                for t in nxt:
                    certainty = self.lex.verbs.get(t.lemma_.lower())
                    if certainty and t.pos_ == "VERB" and not any(
                            c.dep_ in ("ccomp", "xcomp", "parataxis", "dobj", "advcl") for c in t.children):
                        return self._verb_attribution(t, certainty)
        # 'According to Y, ...' or 'Y said:' just before a quoted sentence
        if k > 0 and self._starts_quoted(self.sents[k]):
            prev = self.sents[k - 1]
            found = self._according_to(prev)
            if found is not None:
                return found
            if prev.text.rstrip().endswith(":"):
                for t in prev:
                    certainty = self.lex.verbs.get(t.lemma_.lower())
                    if certainty and t.pos_ == "VERB":
                        return self._verb_attribution(t, certainty)
        return None

    def _ends_quoted(self, sent: Span) -> bool:
        tail = sent.text.rstrip()[-2:]
        return any(q in tail for q in ('"', *_QUOTES_CLOSE))

    def _starts_quoted(self, sent: Span) -> bool:
        return sent.text.lstrip()[:1] in ('"', *_QUOTES_OPEN) or \
            any(s <= sent.start_char < e for s, e, _ in self.quotes)

    # ---- speakers
    def _speaker_of_verb(self, verb: Token) -> CharSpan | None:
        if not self.parsed:
            return None
        for child in verb.children:
            if child.dep_ == "nsubj":
                return None if _not_a_speaker(child) else self._noun_speaker(child)
        for child in verb.children:  # "was reported by local media"
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return self._noun_speaker(objs[0])
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            return self._speaker_of_verb(verb.head)  # "X arrived and said", "X went on to say"
        return self._trailing_speaker(verb)

    def _trailing_speaker(self, verb: Token) -> CharSpan | None:
        """"..., killing four civilians, a war monitor and rescuers said.": the parser hangs the speaker
        on the clause before it; a closing "said" takes the noun phrase between the last comma and itself."""
        sent = verb.sent
        if verb.i + 1 < sent.end and not all(t.is_punct for t in self.doc[verb.i + 1:sent.end]):
            return None
        start = verb.i
        while start > sent.start and verb.i - start < 8 and self.doc[start - 1].text != ",":
            start -= 1
        if start == verb.i or self.doc[start - 1].text != ",":
            return None
        words = self.doc[start:verb.i]
        if any(t.pos_ in ("VERB", "AUX") for t in words) or not any(t.pos_ in ("NOUN", "PROPN") for t in words):
            return None
        if any(_not_a_speaker(t) for t in words if t.pos_ in ("NOUN", "PROPN")):
            return None
        return _clean_span(self.doc, start, verb.i)

    def _noun_speaker(self, noun: Token) -> CharSpan | None:
        if noun.lower_ in _PRONOUNS:
            return self._resolve_pronoun(noun)
        if noun.lemma_.lower() in self.lex.carriers:  # "a statement from the army" -> the army
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                    objs = [c for c in prep.children if c.dep_ == "pobj"]
                    if objs:
                        return self._noun_speaker(objs[0])
            for child in noun.children:  # "the army's statement"
                if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
                    return self._noun_speaker(child)
            compounds = [c for c in noun.children if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.text[:1].isupper())]
            if compounds:  # "an NAS statement" -> NAS
                return _clean_span(self.doc, compounds[0].left_edge.i, compounds[-1].i + 1)
            return None  # "reports said", "a statement said": no one named
        keep = [t for t in noun.subtree if not _under_dropped(t, noun)]
        if not keep:
            return None
        return _clean_span(self.doc, min(t.i for t in keep), max(t.i for t in keep) + 1)

    def _resolve_pronoun(self, pronoun: Token) -> CharSpan | None:
        """'he said' after 'Mustefa Bali said': the last named speaker before the pronoun."""
        best = None
        for offset, span in self._speakers_before:
            if offset >= pronoun.idx:
                break
            best = span
        return best

    def _collect_named_speakers(self) -> None:
        if not self.parsed:
            return
        for tok in self.doc:
            if self.lex.verbs.get(tok.lemma_.lower()) and tok.pos_ == "VERB":
                for child in tok.children:
                    if child.dep_ == "nsubj" and child.lower_ not in _PRONOUNS and not _not_a_speaker(child):
                        span = self._noun_speaker(child)
                        if span is not None:
                            self._speakers_before.append((tok.idx, span))

    def _is_own_claim(self, index: int, head: Token, attribution: Attribution) -> bool:
        """The speaker is a party to the event: its own words about its own act are a claim."""
        if self.parsed:
            # the trigger's own clause: up through control and coordination ("we were able to evacuate"),
            # never into a clause that merely mentions it ("we are aware of reports of X surrendering")
            node = head
            while node.pos_ in ("NOUN", "PROPN") and node.dep_ in ("pobj", "prep", "dobj", "nsubj", "nsubjpass") \
                    and node.head.i != node.i and node.head.i != attribution.verb:
                node = node.head  # a noun trigger ("in an airstrike") belongs to the clause of its verb
            while node.dep_ == "prep" and node.head.i != node.i and node.head.i != attribution.verb:
                node = node.head
            clause = [head, node]
            while node.dep_ in ("xcomp", "acomp", "conj", "advcl", "aux", "auxpass") and node.head.i != node.i:
                node = node.head
                if node.i == attribution.verb:
                    break
                clause.append(node)
            for tok in clause:
                for child in tok.children:
                    if child.dep_ in ("nsubj", "nsubjpass", "poss") and child.lower_ in _SELF_PRONOUNS:
                        return True
                    if child.dep_ == "nsubj":
                        for grand in child.children:
                            if grand.dep_ == "poss" and grand.lower_ in _SELF_PRONOUNS:
                                return True
        speaker = attribution.speaker
        actors = self.doc._.ew_actors or []
        if speaker is None or index >= len(actors) or actors[index] is None:
            return False
        said = speaker.text.lower()
        for name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            span = actors[index].evidence.get(name)
            if span is None:
                continue
            words = span.text.lower().strip()
            if len(words) > 2 and words not in _PRONOUNS and (
                    re.search(rf"\b{re.escape(words)}\b", said) or re.search(rf"\b{re.escape(said)}\b", words)):
                return True
        return False

    # ---- certainty cues
    def _match_cues(self, sent: Span) -> list[tuple[str, str, CharSpan, Token | None]]:
        found = []
        text = sent.text
        for cue in self.lex.cues:
            for m in cue.pattern.finditer(text):
                group = "cue" if "cue" in cue.pattern.groupindex and m.group("cue") else 0
                start, end = sent.start_char + m.start(group), sent.start_char + m.end(group)
                token = self._token_at(start) if cue.scope == "clause" else None
                found.append((cue.certainty, cue.scope, CharSpan(start, end, self.doc.text[start:end]), token))
        return found

    def _token_at(self, char: int) -> Token | None:
        """The token covering this character (or the next one after it)."""
        if not self._starts:
            return None
        i = max(bisect.bisect_right(self._starts, char) - 1, 0)
        return self.doc[i]

    def _quote_group(self, char: int) -> tuple[int, int] | None:
        """The quotation around this character, with the parts that continue it ('"A," X said. "B.')."""
        for qi, (start, end, _) in enumerate(self.quotes):
            if start <= char < end:
                first = qi
                while first > 0 and self.quotes[first][2]:
                    first -= 1
                last = qi
                while last + 1 < len(self.quotes) and self.quotes[last + 1][2]:
                    last += 1
                return self.quotes[first][0], self.quotes[last][1]
        return None

    def _cues_for(self, k: int, quote: tuple[int, int] | None) -> Iterable[tuple[str, CharSpan, Token | None]]:
        for certainty, scope, span, token in self._cues[k]:
            if scope != "next":
                yield certainty, span, token
        sent_end = self.sents[k].end_char
        if k + 1 < len(self.sents) and "\n\n" not in self.doc.text[sent_end:self.sents[k + 1].start_char + 1]:
            # "The coalition has yet to confirm this." right after the claim
            for certainty, scope, span, _ in self._cues[k + 1]:
                if scope in ("sentence_or_next", "next"):
                    yield certainty, span, None
        if quote is not None:  # the same speaker's doubt later in the same quotation
            for j in range(k + 2, len(self.sents)):
                if self.sents[j].start_char >= quote[1]:
                    break
                for certainty, scope, span, _ in self._cues[j]:
                    if scope == "sentence_or_next" and _inside(span.start, quote):
                        yield certainty, span, None


# ---------------------------------------------------------------- helpers

def _tok_span(tok: Token) -> CharSpan:
    return CharSpan(tok.idx, tok.idx + len(tok.text), tok.text)


def _inside(char: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= char < span[1]


def _governs(cue: Token, head: Token) -> bool:
    """The cue word belongs to the trigger's clause: it is the trigger, an ancestor of it, or hangs off one."""
    chain = {head.i}
    node = head
    while node.head.i != node.i:
        if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            break  # "X reportedly did A, and Y did B": the hedge stays with A
        node = node.head
        chain.add(node.i)
    return cue.i in chain or cue.head.i in chain or any(c.i in chain for c in cue.children)


def _not_a_speaker(noun: Token) -> bool:
    """'No casualties (were) reported', 'the outcome reported': what is reported, not who reports."""
    if noun.lemma_.lower() in _NON_SPEAKERS:
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in noun.children)


def _has_clausal_object(verb: Token) -> bool:
    return any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children)


def _is_subject_side(head: Token, verb: Token) -> bool:
    """True when the path from the trigger up to the verb enters through the verb's subject."""
    node = head
    while node.head.i != node.i and node.head.i != verb.i:
        node = node.head
    # a passive subject is what is reported ("the clashes were reported by local media")
    return node.head.i == verb.i and node.dep_ in ("nsubj", "csubj")


def _under_dropped(tok: Token, root: Token) -> bool:
    node = tok
    while node.i != root.i and node.head.i != node.i:
        if node.dep_ in _SPEAKER_DROP_DEPS:
            return True
        node = node.head
    return False


def _clean_span(doc: Doc, start: int, end: int) -> CharSpan | None:
    while start < end and doc[start].lower_ in _EDGE_DROP:
        start += 1
    while end > start and doc[end - 1].lower_ in _EDGE_DROP:
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    return CharSpan(span.start_char, span.end_char, span.text)


def _quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Character ranges of quotations. Straight quotes are told apart by what stands beside them;
    a closing quote with no opening one closes a quote that began earlier in its paragraph (a quote
    continued after its attribution: '"A," X said. B."')."""
    spans: list[tuple[int, int, bool]] = []  # (start, end, continues the previous quote)
    open_at: int | None = None
    last_end = 0
    for m in re.finditer(r'["“”«»]', text):
        ch, i = m.group(), m.start()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in _QUOTES_OPEN:
            is_open = True
        elif ch in _QUOTES_CLOSE:
            is_open = False
        else:
            is_open = before.isspace() or before in "([{—–-" or (open_at is None and not after.isspace())
        if is_open:
            open_at = i
            continue
        if open_at is not None:
            spans.append((open_at, i + 1, False))
        else:
            paragraph = text.rfind("\n", 0, i) + 1
            continued = bool(spans) and last_end > paragraph
            spans.append((max(paragraph, last_end), i + 1, continued))
        last_end = i + 1
        open_at = None
    return spans
