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
                                          or self.finder._kind_noun(t))
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

