"""The trigger lexicon (data/triggers.jsonl): cue words and phrases, word lists, modality words,
vetoes and the ordered decision rules that turn a set of cues into an ACLED sub-event type."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...model import SUB_EVENT_TYPE_PARENT
from ..base import FACTUAL, MODALITIES

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "triggers.jsonl"

# features computed from the parse (not lexicon cues) that rules may test
PARSE_FEATURES = ("target_armed", "target_civilian", "agent_mob", "agent_state", "agent_armed", "shell_main",
                  "fight_unarmed", "agent_civilian", "target_protesters", "force_on_protesters", "raid",
                  "off_duty", "from_armed", "melee", "context_violence", "target_people",
                  "protester_violence")

# what lifts a story frame from a sentence: any political word, an armed actor who is not the state's,
# or only a crowd's protest or riot (a crowd lifts every frame)
FRAME_LIFTS = ("political", "armed", "crowd")
# cues of a weapon of war in use: they lift a story's frame as a political word does (a drill's "jets"
# or an "aerial view" are aircraft, not strikes; an "explosion" may be an accident's)
WEAPON_CUES = frozenset({"small_arms", "heavy_mg", "shell", "grenade", "ied", "air", "suicide", "chem"})
# cues whose words alone make a sentence political (never vetoed as crime or accident)
STRONG_CUES = {"protest", "riot", "mob", "air", "shell", "ied", "grenade", "suicide", "chem", "fight",
               "small_arms", "abduct", "blockade", "gather", "riot_act"}


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
    # the `political` entries of the file alone: words that name who acts or what is political, without
    # the strong cue words added to `political` (a "battle" of rescuers, an "aerial" view)
    political_words: frozenset[str] = frozenset()
    rules: list[Rule] = field(default_factory=list)
    # story frames: name -> (words that make a story about it when in its headline or lead, what lifts it)
    frames: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)

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
    frames: dict[str, tuple[set[str], str]] = {}
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
        elif kind == "frame":
            lift = rec.get("lift")
            if lift not in FRAME_LIFTS:
                raise LexiconError(f"{where}: a frame's 'lift' must be one of {FRAME_LIFTS}, not {lift!r}")
            frames[rec.get("name", "frame")] = (set(_words(rec, where)) if "words" in rec else set(), lift)
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
    # a frame without words of its own is one of the veto lists, told in a story's lead
    lex.frames = {k: (frozenset(words or vetoes.get(k, set())), lift) for k, (words, lift) in frames.items()}
    empty = [k for k, (words, _) in lex.frames.items() if not words]
    if empty:
        raise LexiconError(f"{source}: frame {empty[0]!r} has no words and names no veto list")
    lex.political_words = frozenset(political)
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
    from ..actors import ACTORS_PATH, ActorDataError, load_actors

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



def classify(rules: list[Rule], features: set[str]) -> tuple[str | None, Rule | None]:
    """The first rule the features satisfy; (None, None) when none does: no event then."""
    for rule in rules:
        if rule.matches(features):
            return rule.sub_event_type, rule
    return None, None
