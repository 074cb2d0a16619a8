"""Sentences that give no event: accidents, disasters, ordinary crime, drills and matches, tallies,
ceremonies, unless a political or armed actor (or, for the strongest vetoes, a protest) is in them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from .finder import TriggerFinder
from .syntax import _after_phrase, _armed_robber, _armed_with, _keys, _source, _speaker

# veto lists that neither armed words nor weapon cues lift: a drill or a match, a tally or annual
# report, an accident with its stated cause, a wreath-laying
UNLIFTED_VETO = "pastime"
UNLIFTED_VETOES = (UNLIFTED_VETO, "tally", "mishap", "ceremony")
ANIMAL_VETO = "animal"  # vetoes only as the lower-case subject of the deed (see vetoed)

# a date in a clause: a number, a weekday, a month, "yesterday", "last week"
_SPECIFIC_DATE = re.compile(
    r"\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june"
    r"|july|august|september|october|november|december|yesterday|last (night|week|weekend)", re.I)


class SentenceVetoes:
    """Judges whole sentences with the lexicon's veto lists and its `political` words."""

    def __init__(self, finder: TriggerFinder) -> None:
        self.finder = finder
        self.lex = finder.lex

    def vetoed_always(self, sent) -> bool:
        """A drill, a match: armed words in no conflict, whoever acts."""
        keys, text = _sentence_words(sent)
        return any(_veto_hit(keys, text, self.lex.vetoes.get(name, frozenset())) for name in UNLIFTED_VETOES)

    def vetoed(self, sent) -> bool:
        """A sentence about an accident, disaster or ordinary crime with no political or armed actor.

        An accident in an "after" phrase only says why ("burnt a bus after a road accident"): the deed
        is still the news; a crime motive there ("after a domestic quarrel") still makes it a crime."""
        if self.vetoed_always(sent):
            return True  # soldiers on a drill or a football derby are armed words in no conflict
        # who reports is no topic either: "a war monitor and rescuers said"
        told = [t for t in sent if not (_speaker(t) or _source(t))]
        keys, text = _sentence_words(told)
        cause_free = _sentence_words([t for t in told if not _after_phrase(t)])
        animals = self.lex.vetoes.get(ANIMAL_VETO, frozenset())
        if any(t.dep_ == "nsubj" and t.text.islower() and t.lower_ in animals for t in sent):
            return True  # "a wolf attacked two herders"; "Lions' Den gunmen", "the Grey Wolves" are people
        if not any(_veto_hit(*(cause_free if name == "accident" else (keys, text)), words)
                   for name, words in self.lex.vetoes.items() if name not in UNLIFTED_VETOES + (ANIMAL_VETO,)):
            return False
        return not (self._actor_keys(sent) & self.lex.political)

    def _actor_keys(self, sent) -> set[str]:
        """The sentence's words that may name who acted: not who reports ("police said", "according to
        police"), not what a robber carried ("armed with a pistol")."""
        return {k for t in sent if not (_speaker(t) or _source(t) or _armed_robber(t) or _armed_with(t)
                                        or self.finder._kind_noun(t))
                for k in _keys(t)}

    # -- the story's frame: what the whole document is about
    def story_frames(self, lead, event_words: set[int] = frozenset()) -> frozenset[str]:
        """What the story is about when that is no event: the frames (data/triggers.jsonl `frame`) with
        the most words in the headline and lead sentences (an election "clouded by fraud allegations"
        is an election's story, not a crime's). Words of an event cue (`event_words`: "suicide" in
        "suicide bomber"), of a relative clause (an insurgency "that has killed thousands since 2015"),
        of an "after" phrase and of who reports say why, how or who told, not what the story is about."""
        asides = set(event_words).union(*(_relative_clause_tokens(s) for s in lead))
        # who reports is no frame either: "a war monitor and rescuers said"
        tokens = [t for s in lead for t in s
                  if t.i not in asides and not (_after_phrase(t) or _speaker(t) or _source(t))]
        _, text = _sentence_words(tokens)
        counts = {name: _word_count(tokens, text, words) for name, (words, _) in self.lex.frames.items()}
        top = max(counts.values(), default=0)
        return frozenset(name for name, n in counts.items() if n and n == top)

    def vetoed_in_story(self, sent, frames: frozenset[str], crowd: bool, weapon: bool = False) -> bool:
        """A sentence of a story framed as no event gives none unless it names what lifts every frame:
        a political actor (who is not a speaker) or a weapon of war in use (`weapon`: the sentence has
        such a cue) for `political`; a non-state armed actor or such a weapon for `armed`; a crowd
        (`crowd`: the sentence has a protest, riot, demand or crowd-justice cue) for every frame. A
        strong cue word alone lifts no frame ("rescuers battled", "an aerial view"): the lexicon's own
        political words must be there."""
        if crowd:
            return False
        actors = self._actor_keys(sent)
        for name in frames:
            lift = self.lex.frames[name][1]
            if lift == "political" and (weapon or actors & self.lex.political_words):
                continue
            if lift == "armed" and (weapon or actors & (self.lex.political_words - self.lex.wordlist("state"))):
                continue
            return True
        return False

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


def _word_count(tokens: list[Token], text: str, words: frozenset[str]) -> int:
    """How often the words of a list occur: one-word entries by token, several-word ones as phrases."""
    singles = sum(1 for t in tokens if any(k in words for k in _keys(t)))
    return singles + sum(text.count(f" {w} ") for w in words if " " in w)


def _veto_hit(keys: set[str], text: str, words: frozenset[str]) -> bool:
    """A veto entry of one word matches a key; one of several words ("caught fire") is a phrase."""
    return bool(keys & words) or any(" " in w and f" {w} " in text for w in words)


# ---------------------------------------------------------------- episodes and classes

