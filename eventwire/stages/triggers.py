"""Event mentions: find trigger words, decide their modality, fold them into events, classify each.

The stage works in three pure steps and one write:
1. `TriggerFinder.find`: lexicon hits (single lemmas and multi-word phrases from data/triggers.jsonl), each with
   its modality from the dependency parse (future "will", hypothetical "could", negated "not",
   generic "have staged attacks", policy "order"/"call for") and its argument classes (is the
   target armed? civilians? is the agent a mob? the state?).
2. `TriggerStage._episodes`: factual hits are folded per paragraph: the words that describe one
   happening ("clashed ... killing two ... injured") make one mention; a later paragraph with the
   same kind of event and no other date is folded into the earlier one; a headline only supports.
   Hits in a cause clause ("protest over the killing of") or in an accident, disaster or ordinary
   crime sentence (veto words, no armed or political actor) make no event.
3. `classify`: the ordered decision rules of the lexicon file turn an episode's cue set into an
   ACLED sub-event type (first matching rule wins). A user-trained classifier, when configured,
   overrides the sub-type of factual mentions; rules still decide which mentions exist.
Then `set_annotations` writes `doc._.ew_triggers` once.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import SUB_EVENT_TYPE_PARENT
from .base import FACTUAL, MODALITIES, CharSpan, Trigger

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "triggers.jsonl"

# features computed from the parse (not lexicon cues) that rules may test
PARSE_FEATURES = ("target_armed", "target_civilian", "agent_mob", "agent_state", "agent_armed", "shell_main",
                  "fight_unarmed", "agent_civilian", "target_protesters", "force_on_protesters", "raid",
                  "off_duty", "from_armed", "melee", "context_violence", "target_people",
                  "protester_violence")

# dependency labels through which a verb hands its modal/negation down to a trigger it governs
_CLAUSE_BREAKS = {"relcl", "advcl", "acl", "parataxis"}
_OBJ_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
_AGENT_DEPS = {"nsubj"}
# veto lists that neither armed words nor weapon cues lift: a drill or a match, a tally or annual
# report, an accident with its stated cause, a wreath-laying
UNLIFTED_VETO = "pastime"
UNLIFTED_VETOES = (UNLIFTED_VETO, "tally", "mishap", "ceremony")
ANIMAL_VETO = "animal"  # vetoes only as the lower-case subject of the deed (see vetoed)
# cues whose words alone make a sentence political (never vetoed as crime or accident)
STRONG_CUES = {"protest", "riot", "mob", "air", "shell", "ied", "grenade", "suicide", "chem", "fight",
               "small_arms", "abduct", "blockade", "gather", "riot_act"}
# cues of an act that a participle adjective only describes
_ACT_CUES = {"attack", "kill", "injure", "fight", "loot", "abduct", "riot_weak"}
_RIOT_CUES = {"riot", "riot_act", "riot_weak"}
_REFLEXIVES = {"themselves", "himself", "herself", "itself", "ourselves"}
_REL_PRONOUNS = {"who", "that", "which"}
_NOBODY = {"nobody", "noone", "none"}
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "man", "woman")
# cues of lethal force on a protest, and the verbs that are lethal when police aim them at protesters
_LETHAL_CUES = {"lethal", "lethal_on_protest"}
_LETHAL_VERBS = {"kill", "shoot", "murder", "gun", "slay", "execute", "massacre"}
_CROWD_CUES = {"protest", "riot", "riot_act", "mob"}
_VIOLENT_CUES = {"fight", "attack", "kill", "injure", "shell", "air", "small_arms", "fire", "ied", "explode",
                 "grenade", "suicide"}
_WEAPON_CUES = {"small_arms", "heavy_mg", "shell", "grenade", "ied", "explode", "air"}
_VICTIM_LEMMAS = {"die", "find", "dead", "discover"}
_ANIMALS = {"lamb", "goat", "sheep", "cow", "chicken", "animal", "cattle", "camel", "pig", "bull", "ox"}
_HARM_LEMMAS = {"die", "kill", "injure", "wound", "death", "dead", "casualty", "damage", "destroy", "hurt", "suffer"}
_CAUSE_MARKS = {"after", "because", "since", "following", "over"}
# cues that name a demand: "protest against X" is the event, the policy words are its content
_DEMAND_CUES = {"protest"}
# cues that still happened inside a purpose clause: "police fired to disperse the mob" did meet a mob
# and a protest's purpose is its demand ("burned tyres to denounce water cuts")
_PURPOSE_OK = _DEMAND_CUES | _RIOT_CUES | {"intervene", "mob", "gather", "demand", "demand_strong"}
# a motive that makes a beating crowd justice ("over suspicion of witchcraft"): the cause is the news here
_MOTIVE_CUES = {"mob_motive"}
# cues a protest clause carries: "police dispersed workers who had gathered ... and shouted slogans"
_CROWD_CLAUSE_CUES = {"protest", "gather", "demand", "demand_strong"}
# verbs that make a purpose infinitive the deed itself: "used sticks to attack the people"
_MEANS_VERBS = {"use", "employ", "wield"}
# collective nouns for a body of people: "the staff padlocked the office"
_COLLECTIVES = ("group", "crowd", "mob", "gang", "band", "staff", "workforce", "personnel")


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class CueEntry:
    cue: str
    trigger: bool
    pos: frozenset[str] | None = None
    arg_in: str | None = None  # name of a word list one of the trigger's arguments must be in
    head_in: str | None = None  # name of a word list the word's governor must be in ("[found] the body")


@dataclass(frozen=True)
class Rule:
    sub_event_type: str
    all: frozenset[str] = frozenset()
    any: frozenset[str] = frozenset()
    none: frozenset[str] = frozenset()

    def matches(self, features: set[str]) -> bool:
        return (self.all <= features and (not self.any or bool(self.any & features))
                and not (self.none & features))

    @property
    def anchor_cues(self) -> frozenset[str]:
        return self.all | self.any


@dataclass
class Lexicon:
    words: dict[str, list[CueEntry]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], CueEntry]]] = field(default_factory=dict)
    wordlists: dict[str, frozenset[str]] = field(default_factory=dict)
    modals: dict[str, str] = field(default_factory=dict)
    governors: dict[str, str] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()
    background: frozenset[str] = frozenset()
    vetoes: dict[str, frozenset[str]] = field(default_factory=dict)
    political: frozenset[str] = frozenset()
    rules: list[Rule] = field(default_factory=list)

    @property
    def cues(self) -> set[str]:
        found = {e.cue for entries in self.words.values() for e in entries}
        found |= {e.cue for entries in self.phrases.values() for _, e in entries}
        return found

    def wordlist(self, name: str) -> frozenset[str]:
        return self.wordlists.get(name, frozenset())


def _words(record: dict, where: str) -> list[str]:
    words = record.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise LexiconError(f"{where}: 'words' must be a list of strings")
    return [w.lower() for w in words]


def _phrase_tokens(phrase: str) -> list[str]:
    """A phrase as spaCy tokenizes it: hyphens and apostrophes are tokens of their own."""
    return phrase.lower().replace("-", " - ").replace("'s", " 's").split()


def parse_lexicon(lines: Iterable[str], source: str = "<lexicon>") -> Lexicon:
    """Build a Lexicon from JSONL lines; errors name the file and line."""
    lex = Lexicon()
    wordlists: dict[str, set[str]] = {}
    vetoes: dict[str, set[str]] = {}
    political: set[str] = set()
    generic: set[str] = set()
    background: set[str] = set()
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{where}: invalid JSON ({exc.msg})") from exc
        kind = rec.get("kind")
        if kind == "comment":
            continue
        if kind == "cue":
            if not rec.get("cue"):
                raise LexiconError(f"{where}: a cue entry needs a 'cue' name")
            entry = CueEntry(
                cue=rec["cue"],
                trigger=bool(rec.get("trigger", True)),
                pos=frozenset(rec["pos"]) if rec.get("pos") else None,
                arg_in=rec.get("arg_in"),
                head_in=rec.get("head_in"),
            )
            phrases = list(rec.get("phrases", []))
            if "words" in rec:
                for w in _words(rec, where):
                    if "-" in w.strip("-"):  # spaCy splits "sit-in" into three tokens
                        phrases.append(w)
                    lex.words.setdefault(w, []).append(entry)
            for phrase in phrases:
                parts = tuple(_phrase_tokens(phrase))
                if not parts:
                    raise LexiconError(f"{where}: empty phrase")
                lex.phrases.setdefault(parts[0], []).append((parts, entry))
            if "words" not in rec and "phrases" not in rec:
                raise LexiconError(f"{where}: a cue entry needs 'words' or 'phrases'")
        elif kind == "words":
            if not rec.get("name"):
                raise LexiconError(f"{where}: a word list needs a 'name'")
            wordlists.setdefault(rec["name"], set()).update(_words(rec, where))
        elif kind in ("modal", "governor"):
            modality = rec.get("modality")
            if modality not in MODALITIES or modality == FACTUAL:
                raise LexiconError(f"{where}: modality must be one of {MODALITIES[1:]}, not {modality!r}")
            target = lex.modals if kind == "modal" else lex.governors
            for w in _words(rec, where):
                target[w] = modality
        elif kind == "generic":
            generic.update(_words(rec, where))
        elif kind == "background":
            background.update(_words(rec, where))
        elif kind == "veto":
            vetoes.setdefault(rec.get("name", "veto"), set()).update(_words(rec, where))
        elif kind == "political":
            political.update(_words(rec, where))
        elif kind == "rule":
            sub = rec.get("sub_event_type")
            if sub not in SUB_EVENT_TYPE_PARENT:
                raise LexiconError(f"{where}: unknown sub_event_type {sub!r}")
            lex.rules.append(Rule(sub, frozenset(rec.get("all", [])), frozenset(rec.get("any", [])),
                                  frozenset(rec.get("none", []))))
        else:
            raise LexiconError(f"{where}: unknown kind {kind!r}")
    lex.wordlists = {k: frozenset(v) for k, v in wordlists.items()}
    lex.vetoes = {k: frozenset(v) for k, v in vetoes.items()}
    # a sentence with a weapon, an armed or protest cue is never vetoed as crime or accident
    # (a word that is a cue only with the right object, "set [fire]", "close [the road]", is no actor alone)
    political |= {w for w, entries in lex.words.items() if any(e.cue in STRONG_CUES and not e.arg_in for e in entries)}
    lex.political = frozenset(political)
    lex.generic = frozenset(generic)
    lex.background = frozenset(background)
    known = lex.cues | set(PARSE_FEATURES)
    for rule in lex.rules:
        unknown = (rule.all | rule.any | rule.none) - known
        if unknown:
            raise LexiconError(f"{source}: rule for {rule.sub_event_type!r} uses unknown cues {sorted(unknown)}")
    for entries in list(lex.words.values()) + [[e for _, e in v] for v in lex.phrases.values()]:
        for e in entries:
            for name in (e.arg_in, e.head_in):
                if name and name not in lex.wordlists:
                    raise LexiconError(f"{source}: cue {e.cue!r} refers to unknown word list {name!r}")
    return lex


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path = DATA_FILE) -> Lexicon:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"cannot read trigger lexicon {path}: {exc}") from exc
    return parse_lexicon(text.splitlines(), source=str(path))


@lru_cache(maxsize=2)
def named_actor_classes(path: str = "") -> dict[str, str]:
    """Alias -> "state" | "armed" | "civilian" for the named actors of the actor list (data/actors.jsonl).

    Lets an argument named only by its group ("two NDS members", "a member of ISIS") count as armed,
    and a party's members as civilians. All-caps short forms keep their case. An alias whose
    country-free entries (or, lacking those, all entries) disagree is left out.
    """
    from .actors import ACTORS_PATH, ActorDataError, load_actors

    try:
        entries = load_actors(path or ACTORS_PATH)
    except ActorDataError:
        return {}
    found: dict[str, dict[bool, set[str]]] = {}
    for e in entries:
        cls = "state" if e.state else ("armed" if e.inter in (1, 2, 3, 4, 8) else "civilian")
        for alias in e.aliases:
            key = alias if alias.isupper() and len(alias) <= 6 else alias.lower()
            found.setdefault(key, {}).setdefault(e.country is None, set()).add(cls)
    out = {}
    for key, by_scope in found.items():
        classes = by_scope.get(True) or by_scope.get(False) or set()
        if len(classes) == 1:
            out[key] = next(iter(classes))
    return out


# ---------------------------------------------------------------- matching


@dataclass
class Hit:
    """One lexicon match: tokens [start, end), the head token, its cue and modality."""

    start: int
    end: int
    head: int
    cue: str
    trigger: bool
    modality: str = FACTUAL
    cue_token: int | None = None  # the token that made it non-factual
    background: bool = False  # a cause or context ("protest over the killing of"), not the news


def _keys(token: Token) -> tuple[str, ...]:
    lower = token.lower_
    lemma = token.lemma_.lower() if token.lemma_ else lower
    return (lemma,) if lemma == lower else (lemma, lower)


def _arg_tokens(token: Token, lexical: bool = True) -> list[Token]:
    """The trigger's objects, the things it acts on ("seized [weapons]", "seizure of [weapons]").

    `lexical` also takes compounds and "of" complements ("weapons cache", "20 kg of TNT"): right for
    a word-list test, wrong for who the target is ("police raid" names the raider).
    """
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in _OBJ_DEPS or (lexical and child.dep_ == "compound"):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in (("of",) if lexical else ("of", "on", "against", "at", "upon")):
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if lexical and token.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        out.append(token.head)  # "weapons cache", "looted shops"
    if lexical and token.pos_ == "VERB" and not any(c.dep_ in _OBJ_DEPS for c in token.children):
        out.extend(c for c in token.children if c.dep_ == "nsubj")  # "families evacuated"
        if token.dep_ == "conj" and not out:  # "workers gathered ... and were dispersed"
            out.extend(c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    if token.dep_ == "xcomp" and not any(c.dep_ in _OBJ_DEPS for c in token.children):
        out.extend(c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj"))
    more: list[Token] = []
    for t in out:  # "arms and ammunition", "20 kg of TNT"
        more.extend(c for c in t.children if c.dep_ == "conj")
        if lexical:
            more.extend(c for c in t.children if c.dep_ == "compound")
            # an appositive says who the object is: "arrested Jane Doe, an opposition deputy"
            for app in (c for c in t.children if c.dep_ == "appos"):
                more.append(app)
                more.extend(c for c in app.children if c.dep_ in ("compound", "amod"))
                more.extend(c for p in app.children if p.dep_ == "prep" and p.lower_ == "of"
                            for c in p.children if c.dep_ == "pobj")
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"):
                more.extend(c for c in prep.children if c.dep_ == "pobj")
    return out + more


def _agent_tokens(token: Token) -> list[Token]:
    out = [c for c in token.children if c.dep_ in _AGENT_DEPS or c.dep_ == "poss"]
    if token.dep_ == "relcl" and any(c.lower_ in _REL_PRONOUNS for c in out):
        out = [c for c in out if c.lower_ not in _REL_PRONOUNS] + [token.head]  # "a group of people who attacked"
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if token.pos_ == "NOUN":
        out.extend(c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN")
    x, steps = token, 0
    while not out and x.dep_ in ("conj", "xcomp", "advcl") and x.head is not x and steps < 3:
        x, steps = x.head, steps + 1  # "officers arrived and started to shoot": the subject of "arrived"
        out = [c for c in x.children if c.dep_ in _AGENT_DEPS]
    return out + [c for t in out for c in t.children if c.dep_ == "conj"]


def _participants(token: Token) -> list[Token]:
    """Who fights in "X clashed with Y", "a clash between X and Y"."""
    out = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    holders = [token]
    if token.dep_ == "nsubj" and token.head is not token:
        holders.append(token.head)  # "clashes erupted between X and Y"
    for holder in holders:
        for prep in (c for c in holder.children
                     if c.dep_ == "prep" and c.lower_ in ("between", "with", "against", "among")):
            out.extend(c for c in prep.children if c.dep_ == "pobj")
    if not out and token.dep_ in ("conj", "xcomp") and token.head is not token:
        out = [c for c in token.head.children if c.dep_ == "nsubj"]
    return out + [c for t in out for c in t.children if c.dep_ == "conj"]


def _speaker(token: Token) -> bool:
    """A noun right before a speech verb is who reports, whatever the parser attached it to."""
    doc = token.doc
    for i in range(token.i + 1, min(token.i + 4, len(doc))):
        if doc[i].lemma_ in ("say", "tell", "report", "confirm", "add", "state"):
            return True
        if doc[i].is_punct and doc[i].text != ",":
            break
    return False


def _source(token: Token) -> bool:
    """ "according to police", "told police": the noun names who reports, not who acted."""
    x = token
    while x.dep_ in ("compound", "amod") and x.head is not x:  # "according to local police"
        x = x.head
    if x.dep_ == "pobj" and x.head.lower_ == "to" and x.head.head.lower_ == "according":
        return True
    return x.dep_ in ("dobj", "dative") and x.head.lemma_ in ("tell",)


def _armed_with(token: Token) -> bool:
    """ "gunmen armed with rifles": the weapon is the object of "armed with"."""
    x = token
    while x.dep_ == "conj" and x.head is not x:  # "armed with rifles and machine guns"
        x = x.head
    return x.dep_ == "pobj" and x.head.lower_ == "with" and x.head.head.lower_ == "armed"


def _armed_robber(token: Token) -> bool:
    """ "three men armed with pistols held up a shop": armed says how a criminal came, not who he is."""
    return token.lower_ == "armed" and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)


_PAST_UNITS = {"year", "years", "decade", "decades"}


def _long_ago(token: Token) -> bool:
    """ "Thirty years ago, forces shelled the market": history told as context, not the news."""
    x, steps = token, 0
    while steps < 6:
        for c in x.children:
            if c.lower_ == "ago" and any(t.lower_ in _PAST_UNITS for t in c.subtree):
                return True
        if x.head is x or x.dep_ in ("relcl", "ccomp"):
            return False  # a clause of its own: "a man abducted years ago was found dead" is news
        x, steps = x.head, steps + 1
    return False


def _in_cause_clause(token: Token) -> bool:
    """In a relative clause or an "after/because" clause: what led to the news, not the news."""
    x, steps = token, 0
    while x.head is not x and steps < 6:
        if x.dep_ in ("relcl", "acl") and x.tag_ != "VBG":
            return True
        if x.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CAUSE_MARKS for c in x.children):
            return True
        x, steps = x.head, steps + 1
    return False


_MANY_TIMES = re.compile(r"\b(hundreds|thousands|countless|numerous|dozens) of times\b", re.I)


def _many_times(token: Token) -> int | None:
    """ "violated the truce hundreds of times, targeting villages": a count of deeds, not one deed."""
    m = _MANY_TIMES.search(token.sent.text)
    if m is None:
        return None
    span = token.doc.char_span(token.sent.start_char + m.start(), token.sent.start_char + m.end(),
                               alignment_mode="expand")
    return span.start if span is not None else token.i


def _dated(verb: Token) -> bool:
    """A date in the verb's sentence; for a second clause joined by "but/and", in that clause only
    ("a truce agreed in March halted the offensive, but shelling has continued": no date for the shelling)."""
    if verb.dep_ == "conj" and verb.pos_ in ("VERB", "AUX"):
        span = range(verb.left_edge.i, verb.right_edge.i + 1)
        return any(e.label_ in ("DATE", "TIME") and e.start in span for e in verb.sent.ents)
    return any(e.label_ in ("DATE", "TIME") for e in verb.sent.ents)


def _by_means(token: Token) -> bool:
    """ "used sticks to attack the people": the infinitive says what the means did, not a plan."""
    x = token.head
    while x.dep_ == "conj" and x.head.i != x.i:  # "used sticks, belts and other objects to attack"
        x = x.head
    if x.dep_ in _OBJ_DEPS and x.head.i != x.i:  # hung on the object
        x = x.head
    return x.lemma_.lower() in _MEANS_VERBS


def _after_phrase(token: Token) -> bool:
    """A noun in an "after/following" phrase: "burnt a bus after a road accident" (but not "a dispute
    over inheritance", which says what the deed was)."""
    x = token
    while x.dep_ in ("compound", "amod", "conj") and x.head is not x:
        x = x.head
    return x.dep_ == "pobj" and x.head.lower_ in ("after", "following")


def _anaphoric_verdict(token: Token) -> bool:
    """ "The attack was one of the deadliest in years": a judgement on an event told before, no new one."""
    return token.pos_ == "NOUN" and token.dep_ == "nsubj" and token.head.lemma_ == "be" \
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in token.children) \
        and any(c.dep_ == "attr" and not c.is_digit for c in token.head.children)


def _members(token: Token) -> list[Token]:
    """Who a collective noun is made of: "a group of citizens" -> citizens."""
    if token.lower_ not in _COLLECTIVES:
        return []
    return [c for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]


def _plural(token: Token) -> bool:
    if token.tag_ in ("NNS", "NNPS") or token.lower_ in _COLLECTIVES:
        return True
    return any(c.dep_ == "nummod" and c.lower_ not in ("1", "one") for c in token.children)


class TriggerFinder:
    """Pure functions from a parsed Doc to hits and features, driven by one Lexicon."""

    def __init__(self, lexicon: Lexicon, named: dict[str, str] | None = None) -> None:
        self.lex = lexicon
        self.named = named if named is not None else {}

    def named_class(self, token: Token) -> str | None:
        """The class of the named group a noun belongs to: "NDS members", "a member of ISIS"."""
        if not self.named:
            return None
        cands = [token] + [c for c in token.children if c.dep_ in ("compound", "nmod", "amod", "poss")]
        cands += [c for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "from")
                  for c in p.children if c.dep_ == "pobj"]
        for c in cands:
            if c.pos_ not in ("PROPN", "NOUN", "ADJ"):
                continue
            start = c.left_edge.i
            while start < c.i and c.doc[start].dep_ in ("det", "punct", "nummod", "amod", "case"):
                start += 1
            for text in {c.doc[start:c.i + 1].text, c.text}:
                cls = self.named.get(text) or self.named.get(text.lower())
                if cls is not None:
                    return cls
        return None

    # -- lexicon lookups
    def in_list(self, token: Token, name: str) -> bool:
        words = self.lex.wordlist(name)
        if token.like_num and "#num" in words:  # "#num" in a list: any number ("police arrested 2")
            return True
        if "#plural" in words and token.tag_ == "NNS":  # "#plural": any group of people ("arrested tailors")
            return True
        return any(k in words for k in _keys(token))

    def arg_ok(self, token: Token, name: str) -> bool:
        return any(self.in_list(t, name) for t in _arg_tokens(token))

    def head_ok(self, token: Token, name: str) -> bool:
        """The word's governor, through "of" ("the body of a man was found"), is in the list."""
        x = token
        while x.dep_ == "pobj" and x.head.dep_ == "prep" and x.head.head is not x.head:
            x = x.head.head
        return x.head is not x and self.in_list(x.head, name)

    def find(self, doc: Doc) -> list[Hit]:
        hits: list[Hit] = []
        taken: set[tuple[int, str]] = set()
        covered: set[int] = set()  # a phrase outranks the words inside it ("grenade launcher")
        keys_of = [_keys(t) for t in doc]
        found: list[tuple[int, int, CueEntry]] = []
        for token in doc:
            for key in keys_of[token.i]:
                for parts, entry in self.lex.phrases.get(key, ()):
                    end = token.i + len(parts)
                    if end <= len(doc) and all(p in keys_of[token.i + k] for k, p in enumerate(parts)):
                        found.append((token.i, end, entry))
        spans: list[tuple[int, int]] = []
        for start, end, entry in sorted(found, key=lambda f: (f[0] - f[1], f[0])):  # longest first
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
                continue  # "machine guns" inside "heavy machine guns"
            span = doc[start:end]
            if entry.arg_in and not self.arg_ok(span.root, entry.arg_in):
                continue
            if (start, entry.cue) not in taken:
                taken.add((start, entry.cue))
                spans.append((start, end))
                covered.update(range(start, end))
                hits.append(Hit(start, end, span.root.i, entry.cue, entry.trigger))
        for token in doc:
            if token.i in covered:
                continue
            keys = keys_of[token.i]
            # a title-case plural head ("fired 3 Grad Missiles") is a common noun, not a name
            pos = "NOUN" if token.pos_ == "PROPN" and token.lower_.endswith("s") and token.dep_ != "compound" \
                and not token.is_upper else token.pos_
            for key in keys:
                for entry in self.lex.words.get(key, ()):
                    if entry.pos and pos and pos not in entry.pos:
                        continue
                    if token.dep_ == "amod" and entry.cue in _ACT_CUES:
                        continue  # a participle describing a noun ("the besieged town") is no event
                    if entry.cue == "fight" and token.dep_ == "compound" and token.head.pos_ == "NOUN":
                        continue  # a noun that names a kind of thing: "a currency exchange office", "battle tank"
                    if entry.cue in _RIOT_CUES and any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVES
                                                       for c in token.children):
                        continue  # "barricaded themselves in the office" hurts no one
                    if entry.arg_in and not self.arg_ok(token, entry.arg_in):
                        continue
                    if entry.cue == "intervene" and entry.arg_in and token.pos_ == "VERB" and any(
                            c.dep_ == "nsubj" and not c.like_num for c in token.children) and not any(
                            c.dep_ in _OBJ_DEPS or c.dep_ in ("auxpass", "agent") for c in token.children):
                        continue  # "protesters stopped at the ministry", "they dispersed peacefully": no force
                    if entry.head_in and not self.head_ok(token, entry.head_in):
                        continue
                    if (token.i, entry.cue) in taken:
                        continue
                    taken.add((token.i, entry.cue))
                    hits.append(Hit(token.i, token.i + 1, token.i, entry.cue, entry.trigger))
        # "men armed with pistols": the weapon describes who acted, it is no shooting; and
        # "fireworks set the ceiling alight", "a short circuit set fire to": an accident did it, no one
        hits = [h for h in hits if not (h.cue in ("small_arms", "heavy_mg") and _armed_with(doc[h.head]))
                and not self._accident_agent(doc[h.head])]
        for hit in hits:
            head = doc[hit.head]
            # protesting is demanding, and police sent "to disperse" a crowd did disperse it
            if hit.cue == "failed_weapon":
                continue  # "the grenade did not explode": the negation is the news (a foiled attack)
            hit.modality, hit.cue_token = self.modality(head, demand=hit.cue in _DEMAND_CUES,
                                                        purpose=hit.cue in _PURPOSE_OK)
            if hit.cue == "intervene" and hit.modality == "generic":
                # "several arrests were made" at one protest is no habit
                hit.modality, hit.cue_token = FACTUAL, None
            hit.background = self.is_background(head) or _long_ago(head) or _anaphoric_verdict(head) or (
                # "a protest against the detention of people during riots": a riot named inside a
                # prepositional phrase is context; the protesters' own violence is a verb
                hit.cue in _RIOT_CUES and head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj"
                and head.head.lower_ not in ("with", "by")) or (  # "blocked the road with burning tyres",
                # "protested by burning tyres": the means are their deed
                # "protested after two men were shot dead", "the family of a man who was shot dead":
                # a killing that caused the protest is no force used on it
                hit.cue in _LETHAL_CUES and _in_cause_clause(head))
            if hit.background and (hit.cue in _MOTIVE_CUES or self._misread_protest(head, hit.cue)
                                   or (hit.cue in _CROWD_CLAUSE_CUES and self._crowd_met_force(head, hits))):
                hit.background = False
        return hits

    def _kind_noun(self, token: Token) -> bool:
        """A fighting word that only names a kind of thing: "a currency exchange office"."""
        return token.dep_ == "compound" and token.head.pos_ == "NOUN" and any(
            e.cue == "fight" for k in _keys(token) for e in self.lex.words.get(k, ()))

    def _accident_agent(self, token: Token) -> bool:
        accident = self.lex.vetoes.get("accident", frozenset())
        return any(k in accident for t in _agent_tokens(token) for k in _keys(t))

    def _misread_protest(self, token: Token, cue: str) -> bool:
        """ "followers of a cleric held for remarks protested in the city": the parser hung the main verb
        on a noun as a reduced passive; a protest verb in the past with no passive marker is the deed."""
        return cue == "protest" and token.pos_ == "VERB" and token.dep_ == "acl" and token.tag_ in ("VBD", "VBN") \
            and not any(c.dep_ in ("auxpass", "agent") or (c.dep_ == "prep" and c.lower_ == "by")
                        for c in token.children)

    def _crowd_met_force(self, token: Token, hits: list[Hit]) -> bool:
        """ "troops beat residents who had assembled and chanted slogans": the clause says
        who the police met, a crowd, not a cause of the news."""
        x = token.head if token.dep_ == "dobj" else token  # "slogans" of "shouted"
        while x.dep_ == "conj" and x.head.i != x.i:  # "gathered ... and shouted slogans"
            x = x.head
        if x.dep_ != "relcl":
            return False
        crowd = x.head
        doc = token.doc
        return any(h.cue == "intervene" and any(a.i == crowd.i for t in doc[h.start:h.end]
                                                 for a in _arg_tokens(t, lexical=False)) for h in hits)

    # -- modality
    def modality(self, token: Token, demand: bool = False, purpose: bool = False) -> tuple[str, int | None]:
        """How the text says it: factual, or the modality and the token that made it otherwise.

        `demand`: policy words do not apply (a protest "against" or "demanding" is the protest);
        `purpose`: an infinitive of purpose still happened ("police fired to disperse them").
        """
        lex = self.lex
        for child in token.children:  # "not attacked", "no clashes", "will protest"
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated", child.i
            if child.dep_ in ("nsubj", "nsubjpass") and (child.lower_ in _NOBODY or any(
                    c.dep_ == "det" and c.lower_ == "no" for c in child.children)):
                return "negated", child.i  # "no one was hurt", "nobody was injured"
            if child.dep_ in ("aux", "auxpass") and child.lower_ in lex.modals:
                return lex.modals[child.lower_], child.i
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return "hypothetical", child.i
            if child.dep_ in ("amod", "advmod") and child.lemma_.lower() in lex.governors:
                if lex.governors[child.lemma_.lower()] == "future":  # "imminent withdrawal"
                    return "future", child.i
            if child.dep_ == "advmod" and child.lower_ in lex.generic:
                return "generic", child.i
        if self._is_generic(token):
            return "generic", token.i
        times = _many_times(token)
        if times is not None:
            return "generic", times
        if not purpose and token.dep_ in ("advcl", "acl", "relcl") \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and not _by_means(token):
            return "future", token.i  # a purpose, not a deed: "measures taken to fight the pandemic"
        if token.tag_ == "NNS" and not any(e.label_ in ("DATE", "TIME") for e in token.sent.ents):
            for child in token.children:  # "there were a number of attacks in the area"
                if child.dep_ in ("amod", "det") and child.lower_ in lex.generic:
                    return "generic", child.i
        x, steps = token, 0
        while x.head.i != x.i and steps < 4:  # the root is its own head: no governor above it
            if not purpose and x is not token and x.dep_ in ("advcl", "acl") \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children):
                return "future", x.i  # inside a purpose: "a base set up to protect civilians from attacks"
            if x.dep_ in _CLAUSE_BREAKS and not (x.dep_ == "acl" and self.in_list(x.head, "report_nouns")):
                break  # but "denied reports that troops shelled" reaches "denied"
            head = x.head
            lemma = head.lemma_.lower()
            if x.dep_ in ("nsubj", "nsubjpass") and any(  # "reports that it shelled a school were false"
                    c.dep_ == "acomp" and lex.governors.get(c.lemma_.lower()) == "negated" for c in head.children):
                return "negated", next(c.i for c in head.children if c.dep_ == "acomp")
            if lemma in lex.governors and head.i != token.i and x.dep_ != "conj":  # "stopped and detained"
                # protesters who "call for" something protest; but a "ban on protests", a "call for
                # a protest" or "urged strikes" name a protest that is only the policy's object
                object_of = (x.dep_ == "dobj" or (x.dep_ == "prep" and x.lower_ in ("on", "of", "for", "against"))) \
                    and not token.lower_.endswith(_PERSON_ENDINGS + ("ers", "ors", "ists"))  # "stopped protesters"
                if not (demand and lex.governors[lemma] == "policy" and not object_of):
                    return lex.governors[lemma], head.i
            if x.dep_ in ("conj", "xcomp", "nsubj", "nsubjpass", "dobj", "pobj", "prep", "compound", "ccomp"):
                for child in head.children:
                    if child.dep_ == "neg" and x.dep_ in ("conj", "xcomp", "nsubj", "nsubjpass"):
                        return "negated", child.i
                    if child.dep_ in ("aux", "auxpass") and child.lower_ in lex.modals:
                        return lex.modals[child.lower_], child.i
                    if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
                        return "hypothetical", child.i
            # a list of nouns ("marches, protests, sit-ins") is one argument: its length costs no step
            x, steps = head, steps + (0 if x.dep_ == "conj" and x.pos_ in ("NOUN", "PROPN") else 1)
        return FACTUAL, None

    def _is_generic(self, token: Token) -> bool:
        """Present perfect with a bare plural object and no date: "have staged attacks"; or a plural
        subject of one: "air strikes have displaced a million people since the war began"."""
        subj = token
        while subj.dep_ == "conj" and subj.head is not subj:  # "air strikes and shelling have displaced"
            subj = subj.head
        several = subj.tag_ == "NNS" or any(c.dep_ == "conj" for c in subj.children)
        if several and subj.dep_ == "nsubj" and subj.head.tag_ == "VBN" and any(
                c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in subj.head.children) \
                and not _dated(subj.head) \
                and not any(c.dep_ in ("det", "nummod", "poss") for c in token.children):
            return True
        verb = token if token.pos_ in ("VERB", "AUX") else None
        if verb is None and token.dep_ == "dobj":
            verb = token.head
        if verb is None or verb.tag_ != "VBN":
            return False
        if not any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children):
            return False
        if any(e.label_ in ("DATE", "TIME") for e in token.sent.ents):
            return False
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)
               for c in verb.children):
            return True  # "have displaced a million people since the war began": a tally, not an event
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return any(o.tag_ == "NNS" and not any(c.dep_ in ("det", "nummod", "poss") for c in o.children)
                   for o in objs)

    def is_background(self, token: Token) -> bool:
        """Inside a cause or context phrase ("protest over the killing of", "after riots"): not the news."""
        if token.tag_ in ("VBD", "VBZ", "VBP") and token.dep_ != "relcl":
            return False  # a finite verb makes a clause of its own, whatever the parser attached it to
        x, steps = token, 0
        while x.head is not x and steps < 5:
            # "over the killing", "after riots", "before launching"; but "killed after exchanging
            # fire" tells the same event, so a verb after "after/following" is not background
            if (x.dep_ == "pobj" or (x.dep_ == "pcomp" and x.head.lower_ not in ("after", "following", "since"))) \
                    and x.head.lower_ in self.lex.background:
                return True
            if x.dep_ in ("pobj", "pcomp") and x.head.lower_ in ("of", "for") \
                    and x.head.head.lemma_.lower() in self.lex.background and not self._force_accused(x.head.head):
                return True  # "students accused of vandalising a bank"
            due = x.head if x.head.lower_ in ("due", "owing") else x.head.head
            if x.dep_ == "pobj" and due.lower_ in ("due", "owing") and due.head.lemma_.lower() not in _HARM_LEMMAS:
                return True  # "set up a base due to continued attacks"; but "died due to shelling" is the news
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)
            if x.dep_ in ("ROOT", "advcl", "ccomp") and x.pos_ in ("VERB", "AUX") and not infinitive:
                return False  # reached a clause of its own ("operation to capture" is not one)
            x, steps = x.head, steps + 1
        return False

    def _force_accused(self, verb: Token) -> bool:
        """ "police are accused of assaulting a driver": the allegation against a force is the report
        of its deed; "students accused of vandalising" were arrested for it."""
        return verb.lemma_.lower() == "accuse" and any(
            c.dep_ == "nsubjpass" and self.noun_class(c) == "armed" for c in verb.children)

    # -- parse features of one hit
    def features(self, doc: Doc, hit: Hit) -> set[str]:
        out: set[str] = set()
        span = doc[hit.start:hit.end]
        # who "died", was "found" or is "dead" is the victim, not the agent
        victim_words = any(t.lemma_.lower() in _VICTIM_LEMMAS for t in span)
        for token in span:  # every word of a phrase: "shot and killed [a soldier]"
            out |= self._token_features(token, hit.cue, victim_words)
        return out

    def _token_features(self, token: Token, cue: str, victim_words: bool = False) -> set[str]:
        out: set[str] = set()
        if cue in ("attack", "kill", "injure", "fight", "arrest", "abduct", "fire", "small_arms", "shell", "hit_weak"):
            for t in _arg_tokens(token, lexical=False):
                if _speaker(t):
                    continue  # "killing 12 people and burning homes, police said": police speak
                if t.dep_ == "nsubjpass" and t.head.i == token.i and not any(
                        c.dep_ == "auxpass" and not c.text.isupper() for c in token.children):
                    continue  # "Boko Haram/IS attacked": the group's short name misread as "is"
                if self.in_list(t, "protester") or self._protesting(t) or any(
                        c.dep_ == "poss" and self.in_list(c, "protester") for c in t.children):
                    out.add("target_protesters")  # "shot at protesters' houses" aims at the protesters
                cls = self.noun_class(t, agent=False, person=cue in _ACT_CUES and t.dep_ in _OBJ_DEPS)
                if cls == "armed":
                    out.add("target_armed")
                elif cls == "civilian":
                    out.add("target_civilian")
                    if not self.in_list(t, "property_objects"):
                        out.add("target_people")  # people, not a house or a school
        agents = [] if victim_words or token.lemma_.lower() in _VICTIM_LEMMAS else _agent_tokens(token)
        for t in agents:
            cls = self.noun_class(t)
            if cls == "armed":
                out.add("agent_armed")
                named = self.named_class(t)  # "Arakan Army fighters" are no state army
                if named == "state" or (named is None and (
                        self.in_list(t, "state") or any(self.in_list(c, "state") for c in t.children))):
                    out.add("agent_state")
            elif cue in ("attack", "kill", "injure", "fight", "loot", "hit_weak") and (self.in_list(t, "mob") or (_plural(t) and any(
                    self.in_list(c, "mob") for c in t.children if c.dep_ in ("compound", "amod")))
                    or any(self.in_list(m, "mob") for m in _members(t))):  # "a group of citizens beat him"
                out.add("agent_mob")
            elif not _plural(t):
                continue  # one man hitting another is no mob
            elif cls == "civilian" or (cls is None and any(self.in_list(c, "civilian") or self.in_list(c, "mob")
                                                           for c in t.children if c.dep_ in ("compound", "amod"))):
                out.add("agent_civilian")  # traders, "community members": unorganised people
        if cue == "attack" and token.lemma_.lower() == "raid":
            out.add("raid")  # "detained a poet in a night raid": a raid that only arrests is an arrest
        if "off duty" in token.sent.text.lower().replace("-", " "):
            out.add("off_duty")  # an off-duty soldier or policeman is attacked as a civilian
        if "target_protesters" in out and "agent_armed" in out:
            out.add("force_on_protesters")
            if cue == "kill" and token.lemma_.lower() in _LETHAL_VERBS and not _in_cause_clause(token) \
                    and not self._after_protest_cause(token) \
                    and not any(t.lower_ in ("rubber", "pellet", "pellets", "plastic") for t in token.sent):
                out.add("lethal")  # police killing or shooting protesters: live force
        if cue == "fight" and any(self._unarmed(t) for t in _participants(token)):
            out.add("fight_unarmed")  # "two communities clashed", "residents clashed with police"
        if cue == "shell" and token.dep_ in ("ROOT", "nsubj", "nsubjpass") and token.pos_ in ("VERB", "NOUN"):
            out.add("shell_main")
        if cue in ("territory_gain", "territory_regain") and any(
                self.noun_class(t, agent=False) == "armed" for p in token.children
                if p.dep_ == "prep" and p.lower_ == "from" for t in p.children if t.dep_ == "pobj"):
            out.add("from_armed")  # "captured the town from government troops": taken from a fighting force
        if cue in ("attack", "kill", "injure") and any(self.in_list(t, "protester") for t in _agent_tokens(token)) \
                and not any(t.lemma_.lower() in _ANIMALS for t in _arg_tokens(token, lexical=False)):
            out.add("protester_violence")  # "demonstrators beat / killed / attacked ...": the crowd's own violence
        holders = [token] + [c for c in token.children if c.dep_ == "dobj"]  # "blocked the road with stones"
        if cue in ("attack", "fight", "injure", "kill", "blockade") and any(
                self.in_list(t, "melee_weapons") for h in holders for p in h.children
                if p.dep_ == "prep" and p.lower_ == "with" for t in p.children if t.dep_ == "pobj"):
            out.add("melee")  # "attacked police with sticks and stones": no firearms, a crowd's weapons
        return out

    def _after_protest_cause(self, token: Token) -> bool:
        """ "protested after the previous day two men were shot": the killing is the protest's cause.

        A surface check for the sentences the parser gets wrong: a cause word stands between a protest
        word and the killing, to its left in the same sentence."""
        sent_start = token.sent.start
        cause = False
        for i in range(token.i - 1, max(sent_start, token.i - 15) - 1, -1):
            t = token.doc[i]
            if t.lower_ in _CAUSE_MARKS:
                cause = True
            elif cause and any(e.cue == "protest" for k in _keys(t) for e in self.lex.words.get(k, ())):
                return True
        return False

    def _protesting(self, token: Token) -> bool:
        """ "people who were demonstrating": a relative clause that makes the target a protester."""
        return any(c.dep_ in ("relcl", "acl") and any(k in self.lex.words and any(
            e.cue == "protest" for e in self.lex.words[k]) for k in _keys(c)) for c in token.children)

    def _unarmed(self, token: Token) -> bool:
        cls = self.noun_class(token)
        return cls == "civilian" or (cls is None and (self.in_list(token, "mob") or token.ent_type_ == "NORP"))

    def noun_class(self, token: Token, agent: bool = True, person: bool = False) -> str | None:
        if token.lower_ in ("group", "groups", "number", "members", "member", "band", "team", "unit"):
            inner = [c for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                     for c in p.children if c.dep_ == "pobj"]
            if inner:  # "a group of six armed men": the class is the men's
                return self.noun_class(inner[0], agent, person)
        mods = [c for c in token.children if c.dep_ in ("amod", "compound", "poss")]
        if any(c.lower_ in ("unarmed", "former", "retired", "ex", "off-duty") for c in mods):
            return "civilian"  # a former soldier, an off-duty policeman: ACLED counts them as civilians
        if token.lemma_.lower() == "guard" and any(c.lower_ in ("security", "school", "private", "night")
                                                   for c in mods):
            return "civilian"  # a private security guard is no state force
        if any(c.lower_ in ("armed", "suspected") or self.in_list(c, "armed") for c in mods):
            if not self.in_list(token, "civilian") or any(c.lower_ == "armed" for c in mods):
                return "armed"
        if self.in_list(token, "civilian"):
            return "civilian"
        if self.in_list(token, "armed"):
            return "armed"
        named = self.named_class(token)
        if named is not None:
            return "armed" if named in ("armed", "state") else named
        if token.ent_type_ == "NORP" and token.tag_ in ("NNPS", "NNS"):
            return "civilian"  # "seven Iraqis"
        if person and (token.ent_type_ == "PERSON" or (
                token.pos_ == "NOUN" and token.lower_.rstrip("s").endswith(_PERSON_ENDINGS))):
            return "civilian"  # a named person, a developer, a journalist: people, not an armed unit
        if agent and self.in_list(token, "armed_means"):
            return "armed"  # "wounded by bullets": whoever fired was armed
        if agent and token.ent_type_ == "ORG":
            return "armed"  # a named organisation that acts violently is an armed group
        return None

    def vetoed_always(self, sent) -> bool:
        """A drill, a match: armed words in no conflict, whoever acts."""
        keys, text = _sentence_words(sent)
        return any(_veto_hit(keys, text, self.lex.vetoes.get(name, frozenset())) for name in UNLIFTED_VETOES)

    def mob_agent(self, token: Token) -> bool:
        """ "community members / villagers assaulted the suspects": crowd justice, not a crime report."""
        agents = [t for t in _agent_tokens(token) if _plural(t)]
        agents += [m for t in agents for m in _members(t)]  # "a group of citizens"
        return any(self.in_list(t, "mob") or any(self.in_list(c, "mob") for c in t.children
                                                 if c.dep_ in ("compound", "amod"))
                   for t in agents)

    def vetoed(self, sent) -> bool:
        """A sentence about an accident, disaster or ordinary crime with no political or armed actor.

        An accident in an "after" phrase only says why ("burnt a bus after a road accident"): the deed
        is still the news; a crime motive there ("after a domestic quarrel") still makes it a crime."""
        if self.vetoed_always(sent):
            return True  # soldiers on a drill or a football derby are armed words in no conflict
        keys, text = _sentence_words(sent)
        cause_free = _sentence_words([t for t in sent if not _after_phrase(t)])
        animals = self.lex.vetoes.get(ANIMAL_VETO, frozenset())
        if any(t.dep_ == "nsubj" and t.text.islower() and t.lower_ in animals for t in sent):
            return True  # "a wolf attacked two herders"; "Lions' Den gunmen", "the Grey Wolves" are people
        if not any(_veto_hit(*(cause_free if name == "accident" else (keys, text)), words)
                   for name, words in self.lex.vetoes.items() if name not in UNLIFTED_VETOES + (ANIMAL_VETO,)):
            return False
        # who reports is no actor: "traffic police said", "according to police"
        actors = {k for t in sent if not (_speaker(t) or _source(t) or _armed_robber(t) or _armed_with(t)
                                          or self._kind_noun(t))
                  for k in _keys(t)}
        return not (actors & self.lex.political)


def _dated_news(tokens: list[Token]) -> bool:
    """The clause dates its deed ("on Monday", "on 3 May"); "since 2012" spans a period, it dates no deed."""
    text = re.sub(r"\bsince\s+\S+", " ", " ".join(t.text for t in tokens), flags=re.I)
    return bool(_SPECIFIC_DATE.search(text))


def _relative_clause_tokens(sent) -> set[int]:
    """The tokens of a sentence's relative clauses ("an insurgency [that has killed thousands]")."""
    return {x.i for t in sent if t.dep_ == "relcl" for x in t.subtree}


def _sentence_words(sent: Iterable[Token]) -> tuple[set[str], str]:
    """The sentence's lookup keys, and its lower-case text padded with spaces for phrase search."""
    return {k for t in sent for k in _keys(t)}, " " + " ".join(t.lower_ for t in sent) + " "


def _veto_hit(keys: set[str], text: str, words: frozenset[str]) -> bool:
    """A veto entry of one word matches a key; one of several words ("caught fire") is a phrase."""
    return bool(keys & words) or any(" " in w and f" {w} " in text for w in words)


# ---------------------------------------------------------------- episodes and classes


_LINE_BREAK = re.compile(r"\n(?=[^\r\n])")
_SPECIFIC_DATE = re.compile(
    r"\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june"
    r"|july|august|september|october|november|december|yesterday|last (night|week|weekend)", re.I)


@dataclass
class Episode:
    hits: list[Hit]
    paragraph: int
    features: set[str]
    sub_event_type: str
    anchor: Hit
    dates: set[str]  # the paragraph's specific date expressions ("on Wednesday", "3 May")
    text_start: int
    text_end: int
    score: float = 1.0  # the learned classifier's probability, when one re-labelled the event


def classify(rules: list[Rule], features: set[str]) -> tuple[str | None, Rule | None]:
    """The first rule the features satisfy; (None, None) when none does: no event then."""
    for rule in rules:
        if rule.matches(features):
            return rule.sub_event_type, rule
    return None, None


def _is_headline(text: str) -> bool:
    text = text.strip()
    return bool(text) and len(text.split()) <= 20 and text[-1] not in '.!?"\u201d'


def _paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs begin: a line break ends a paragraph (titles included)."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


class TriggerStage:
    """The ew_triggers component: find (pure), then set the annotation once."""

    def __init__(self, lexicon: Lexicon, classifier=None) -> None:
        self.finder = TriggerFinder(lexicon, named_actor_classes())
        self.lexicon = lexicon
        self.classifier = classifier

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.predict(doc))

    def predict(self, doc: Doc) -> list[Trigger]:
        m = self.finder
        hits = m.find(doc)
        if not hits:
            return []
        sents = list(doc.sents)
        starts = _paragraph_starts(doc.text)
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
            if not ((k not in strong or (k not in crowd and m.vetoed_always(s))) and m.vetoed(s)):
                continue
            rel = _relative_clause_tokens(s)
            main = [t for t in s if t.i not in rel]
            if rel and _dated_news(main) and not (
                    (k not in strong or (k not in crowd and m.vetoed_always(main))) and m.vetoed(main)):
                vetoed_rel.update(rel)
            else:
                vetoed.add(k)

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

        # a headline (a short first paragraph without a full stop) names the event the story tells:
        # its words support the first event found below it, they never make one of their own
        headline: list[Hit] = []
        if len(starts) > 1 and 0 in factual and _is_headline(doc.text[: starts[1]]):
            headline = factual.pop(0)
        episodes = self._episodes(doc, factual, starts, violent_context)

        if headline:
            if episodes:
                episodes[0].hits.extend(headline)
            else:  # only the headline says what happened
                factual[0] = headline
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
        """Fold the factual hits of each paragraph into one classified event; fold retellings."""
        m = self.finder
        episodes: list[Episode] = []
        for para, phits in sorted(factual.items()):
            if not any(h.trigger for h in phits):
                continue
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
            dates = {e.text.lower() for e in doc.ents
                     if e.label_ == "DATE" and p_start <= e.start_char < p_end and _SPECIFIC_DATE.search(e.text)}
            ep = Episode(phits, para, features, sub, anchor, dates, p_start, p_end)
            same = next((e for e in episodes if e.sub_event_type == sub), None)
            if same is not None and not (same.dates and ep.dates and not same.dates & ep.dates):
                # a later paragraph retelling the same event (a headline, a quote); the dated
                # mention speaks for it
                same.hits.extend(phits)
                if ep.dates and not same.dates:
                    same.anchor, same.dates = ep.anchor, ep.dates
                continue
            episodes.append(ep)
        return episodes

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


@Language.factory(
    "ew_triggers",
    assigns=["doc._.ew_triggers"],
    default_config={"classifier_dir": ""},
)
def make_triggers(nlp: Language, name: str, classifier_dir: str) -> TriggerStage:
    return TriggerStage(load_lexicon(DATA_FILE), _load_classifier(classifier_dir))


__all__ = ["Lexicon", "LexiconError", "TriggerFinder", "TriggerStage", "classify", "load_lexicon", "parse_lexicon"]
