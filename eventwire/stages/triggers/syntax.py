"""What the dependency parse says around a trigger word: its objects, its agents, who fights, who
speaks, and the clause it sits in. Pure functions over spaCy tokens, shared by the finder and the vetoes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from ..base import FACTUAL

# dependency labels through which a verb hands its modal/negation down to a trigger it governs
_CLAUSE_BREAKS = {"relcl", "advcl", "acl", "parataxis"}
_OBJ_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
_AGENT_DEPS = {"nsubj"}
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
_WEAPON_CUES = {"small_arms", "heavy_mg", "shell", "grenade", "ied", "explode", "air", "aircraft"}
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
    if lemma == lower and token.tag_ in ("NNS", "NNPS") and lower.endswith("s") and len(lower) > 3:
        # a capitalised plural tagged as a name keeps its form as lemma ("Rebels in eastern Congo seized")
        return (lower, lower[:-3] + "y") if lower.endswith("ies") else (lower, lower[:-1])
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


def person_arrested(token: Token) -> bool:
    """The arrest word's object is one person ("the opposition leader was arrested", "police detained
    him"), not a crowd at a protest (which is the protest's intervention)."""
    people = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")] or \
        [c for c in token.children if c.dep_ == "nsubj"]
    return bool(people) and all(t.tag_ in ("NN", "NNP", "PRP") and t.lower_ not in ("they", "them", "we", "us")
                                and not any(c.dep_ == "conj" for c in t.children) for t in people)
