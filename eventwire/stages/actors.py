"""ew_actors: who acted (actor1) and who was acted on (actor2) for each trigger, in ACLED's names.

Mentions come from two places: the packaged actor list (named groups, parties, state units; see
data/actors.jsonl) matched as phrases, and class nouns (soldiers, police, gunmen, protesters,
villagers; data/actor_nouns.csv) found as noun-phrase heads. Roles come from the dependency parse
(subject, passive "by" agent, object, "against/on/with X"); what the parse leaves open is filled by
ACLED practice for the event type (a protest's actor1 is "Protesters (<country>)", a killing of
civilians has "Civilians (<country>)" as actor2). State forces are named after the government in
office on the event date (data/governments.csv).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .base import Annotation, CharSpan, Trigger, document_of
from .places import qualifies_foreign_thing

DATA = Path(__file__).resolve().parent.parent / "data"
ACTORS_PATH = DATA / "actors.jsonl"
NOUNS_PATH = DATA / "actor_nouns.csv"
GOVERNMENTS_PATH = DATA / "governments.csv"
COUNTRIES_PATH = DATA / "countries.csv"

INTER_CODES = range(1, 9)
CLASSES = ("military", "military_mod", "police", "armed", "militant", "gang", "protesters", "rioters", "civilians",
           "community", "private", "government", "progov")
# classes that can carry out violence (used when the parse gives no subject)
AGENT_CLASSES = {"named", "state", "military", "police", "armed", "militant", "gang", "rioters", "protesters"}
# modifiers that make "forces", "jets", "government" the state's own
STATE_MODIFIERS = {"security", "government", "govt", "governmental", "regime", "state", "armed", "pro-government", "national",
                   "federal", "defence", "defense", "army", "military", "air", "naval", "navy", "joint", "allied",
                   "pro-regime", "regular", "presidential", "republican"}
# nationality-like words that are not an ethnic group's name ("Islamist militants" is not an ethnic militia)
NOT_ETHNIC = {"islamist", "islamic", "jihadist", "muslim", "christian", "sunni", "shia", "shiite", "maoist",
              "communist", "arab", "kurdish", "armed", "local", "rival", "suspected", "unidentified", "unknown"}
ARMED_MODIFIERS = {"armed", "masked", "unidentified", "unknown", "hooded", "suspected", "gun-wielding", "machete-wielding",
                   "knife-wielding", "heavily-armed", "motorcycle-riding"}
# people named by their livelihood or home: armed, they are a communal (identity) militia, not an unknown group
LIVELIHOODS = {"herder", "herdsman", "herdsmen", "pastoralist", "nomad", "farmer", "fisherman", "fishermen", "hunter",
               "villager", "peasant", "shepherd", "cattle-herder", "cattle-keeper"}
PRONOUNS = {"they", "them", "who", "it", "he", "she", "their", "its"}
# "troops repelled the attack": the defender is the subject, ACLED's actor1 is the attacker
DEFENSIVE_VERBS = {"repel", "repulse", "foil", "thwart", "fend", "resist", "counter", "defend", "repell", "beat",
                   "respond", "react", "retaliate", "return"}
# verbs whose subject started a fight
INITIATING_VERBS = {"attack", "ambush", "raid", "storm", "assault", "besiege", "overrun", "invade"}
# "soldiers suffered casualties": the subject of these verbs is the one hit
SUFFER_VERBS = {"suffer", "sustain", "lose", "incur"}
# words that make "security forces" the army rather than the police
MILITARY_WORDS = {"army", "military", "soldiers", "troops", "armed", "defence", "defense", "navy", "air"}
# words that say what kind of community a militia is, never part of its name
COMMUNITY_WORDS = {"ethnic", "clan", "sub-clan", "subclan", "tribal", "communal", "caste", "community", "militia",
                   "militias"}
# modifiers that make fighters an identity militia of that kind
IDENTITY_WORDS = {"ethnic": "Ethnic", "tribal": "Tribal", "clan": "Clan", "communal": "Communal"}
# "inter-clan clashes", "intercommunal fighting": both sides are militias of that kind
INTER_IDENTITY = re.compile(r"\b(?:inter|intra)-?(clan|tribal|communal|community|ethnic)\b", re.I)
# words tying people to an armed group ("members of", "belonging to", "affiliated with")
MEMBERSHIP_WORDS = {"member", "members", "belonging", "belong", "affiliated", "linked", "tied", "loyal", "cadre",
                    "cadres", "operative", "operatives", "collaborating", "collaborator", "collaborators", "suspected"}
# where unclaimed rockets and shells are never the state's own (armed factions, not an army, fire them)
NO_STATE_ARTILLERY = {"Palestine"}
# state forces that fight on ground they claim are not foreign there (inter 1, not 8)
HOME_GROUND = {"Artsakh": ("Azerbaijan",)}
ANY_STATE = "*"  # actors.jsonl: a unit of whichever state the text or the event gives ("military police")
UNIDENTIFIED = "Unidentified Armed Group"  # ACLED: unidentified gunmen, armed men, assailants (inter 3)
HARM_VERBS = {"kill", "wound", "injure", "shoot", "abduct", "kidnap", "hit", "target", "leave"}
# crowds' violence against things: whose things they are is the target (see _property_target)
DAMAGE_VERBS = {"vandalize", "vandalise", "damage", "torch", "loot", "ransack", "smash", "destroy", "burn", "attack",
                "storm", "raze", "wreck", "stone", "pelt", "break"}
# what rioters burn or block without harming anyone's property
NOT_PROPERTY = {"tyre", "tire", "tyres", "tires", "barricade", "road", "street", "highway", "route", "obstacle",
                "roadblock", "rock", "stone", "molotov", "cocktail", "bottle", "object", "fire", "firecracker",
                "dirt", "mound", "container", "waste", "garbage", "trash", "rubbish", "junction", "intersection",
                "bridge", "roundabout", "square", "way", "entrance", "traffic", "effigy", "flag", "tear", "gas",
                "police", "officer", "force", "protester", "demonstrator", "crowd", "people", "window", "glass",
                # public and political buildings: not a civilian's property
                "office", "embassy", "consulate", "headquarters", "ministry", "parliament", "municipality",
                "council", "court", "courthouse", "station", "saray", "serail", "governorate", "directorate",
                "premises", "palace", "part"}
# "an army patrol", "a police station", "military positions": the class noun names the target's owner
UNIT_NOUNS = {"patrol", "convoy", "checkpoint", "position", "base", "post", "outpost", "camp", "vehicle", "truck",
              "unit", "station", "barrack", "barracks", "headquarters", "team", "tank", "helicopter", "plane",
              "jet", "boat", "ship", "personnel", "officer", "detachment", "column", "deployment",
              # "a police raid", "an army operation": the class noun is whoever carried it out
              "raid", "operation", "crackdown", "custody", "firing", "fire", "gunfire", "shooting", "ambush",
              "assault", "offensive", "airstrike", "strike", "bombardment", "shelling", "action", "search",
              # "a police commander was killed": a member of the force is the force as a target
              "commander", "chief", "member", "recruit", "cadet", "agent", "staff", "man", "men", "official",
              "inspector", "sergeant", "constable"}


class ActorDataError(ValueError):
    """A data file (actor list, government table) that cannot be read; the message names file and line."""


# ------------------------------------------------------------------ data: actor list


@dataclass(frozen=True)
class ActorEntry:
    """One line of actors.jsonl: a named actor or a state unit, and the words that name it."""

    aliases: tuple[str, ...]
    inter: int = 2
    name: str | None = None  # fixed ACLED name; None for state units (named from the government table)
    country: str | None = None  # the aliases only mean this actor for events in this country
    role: str = "actor"  # "assoc": a party, union or movement, coded as an associated actor
    state: str | None = None  # this is the military/police of that country
    kind: str = "military"  # military | police (for state units)
    unit: str | None = None  # appended to a state force's name ("... (2018-) Peshmerga")
    since: int | None = None  # a state unit's own start year where it is not the government's ("(2014-)")
    state_from: tuple[str, date] | None = None  # (country, date): the group is that country's state from then on


def load_actors(path: str | Path) -> list[ActorEntry]:
    """Read an actor list (JSONL, one entry a line; format in data/README.md)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ActorDataError(f"actor list {path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ActorDataError(f"actor list {path}: not UTF-8 text") from exc
    entries = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"actor list {path}, line {lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ActorDataError(f"{where}: invalid JSON ({exc.msg})") from exc
        if not isinstance(rec, dict):
            raise ActorDataError(f"{where}: expected a JSON object")
        entries.append(_entry(rec, where))
    return entries


def _entry(rec: dict, where: str) -> ActorEntry:
    aliases = rec.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases) or not aliases:
        raise ActorDataError(f"{where}: 'aliases' must be a non-empty list of strings")
    state = rec.get("state")
    name = rec.get("name")
    if not state and not (isinstance(name, str) and name.strip()):
        raise ActorDataError(f"{where}: an entry needs a 'name' (or 'state' for a state force)")
    inter = rec.get("inter", 1 if state else 2)
    if inter not in INTER_CODES:
        raise ActorDataError(f"{where}: 'inter' must be an ACLED actor type code 1-8, got {inter!r}")
    kind = rec.get("kind", "military")
    if kind not in ("military", "police"):
        raise ActorDataError(f"{where}: 'kind' must be 'military' or 'police', got {kind!r}")
    role = rec.get("role", "actor")
    if role not in ("actor", "assoc"):
        raise ActorDataError(f"{where}: 'role' must be 'actor' or 'assoc', got {role!r}")
    state_from = None
    if rec.get("state_from"):
        sf = rec["state_from"]
        try:
            state_from = (sf["country"], date.fromisoformat(sf["date"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ActorDataError(f"{where}: 'state_from' must be {{\"country\": ..., \"date\": \"YYYY-MM-DD\"}}") from exc
    return ActorEntry(
        aliases=tuple(a.strip() for a in aliases), inter=inter, name=name, country=rec.get("country"),
        role=role, state=state, kind=kind, unit=rec.get("unit"), state_from=state_from,
        since=rec.get("since") if isinstance(rec.get("since"), int) else None,
    )


def load_nouns(path: str | Path = NOUNS_PATH) -> dict[str, tuple[str, str | None]]:
    """Class nouns: lemma -> (class, assoc template or None)."""
    out: dict[str, tuple[str, str | None]] = {}
    with open(path, encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            cls = row["class"].strip()
            if cls not in CLASSES:
                raise ActorDataError(f"actor nouns {path}: unknown class {cls!r} for {row['noun']!r}")
            out[row["noun"].strip().lower()] = (cls, (row.get("assoc") or "").strip() or None)
    return out


# ------------------------------------------------------------------ data: countries and governments


@dataclass(frozen=True)
class Country:
    name: str  # ACLED's spelling ("Democratic Republic of Congo")
    article: str  # "the" where ACLED writes "Military Forces of the Philippines"
    iso3: str
    unattributed: str = ""  # who ACLED codes for a killing that names no perpetrator ("Unidentified Gang")
    front: str = ""  # the armed group holding the other side of a standing front line with the state

    @property
    def with_article(self) -> str:
        return f"{self.article} {self.name}" if self.article else self.name


class Countries:
    """Country names, aliases and demonyms -> ACLED country (data/countries.csv, then pycountry)."""

    def __init__(self, path: str | Path = COUNTRIES_PATH) -> None:
        self.by_key: dict[str, Country] = {}
        self.demonyms: dict[str, Country] = {}
        self.by_iso3: dict[str, Country] = {}
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                c = Country(row["country"], row["article"], row["iso3"], (row.get("unattributed") or "").strip(),
                            (row.get("front") or "").strip())
                self.by_key[_key(c.name)] = c
                if c.iso3:
                    self.by_iso3[c.iso3] = c
                for alias in filter(None, row["aliases"].split(";")):
                    self.by_key.setdefault(_key(alias), c)
                for dem in filter(None, row["demonyms"].split(";")):
                    self.demonyms.setdefault(dem, c)

    def lookup(self, name: str | None) -> Country | None:
        """A country name or alias as any stage may spell it; None when it is not a country."""
        if not name or not isinstance(name, str):
            return None
        hit = self.by_key.get(_key(name))
        if hit:
            return hit
        name = name.strip()
        if len(name) <= 3 and not name.isupper():
            return None  # "Al" (as in al-Asad) is not Albania's code, nor "Ain" anything
        try:
            iso3 = pycountry.countries.lookup(name).alpha_3
        except LookupError:
            return None
        return self.by_iso3.get(iso3) or Country(name, "", iso3)

    def demonym(self, word: str) -> Country | None:
        """'Israeli' -> Israel (case-sensitive: demonyms are proper adjectives)."""
        return self.demonyms.get(word)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("’", "'")).strip()


@dataclass(frozen=True)
class Government:
    country: str
    start: date
    end: date | None
    unit: str = ""  # the faction name ACLED appends where rival governments claim one state


class Governments:
    """Who governed a country on a date (data/governments.csv): the start year in ACLED's state names."""

    def __init__(self, path: str | Path = GOVERNMENTS_PATH) -> None:
        self.by_country: dict[str, list[Government]] = {}
        with open(path, encoding="utf-8") as fh:
            for lineno, row in enumerate(csv.DictReader(fh), 2):
                try:
                    gov = Government(row["country"], date.fromisoformat(row["start"]),
                                     date.fromisoformat(row["end"]) if row["end"] else None,
                                     (row.get("unit") or "").strip())
                except (KeyError, ValueError) as exc:
                    raise ActorDataError(f"government table {path}, line {lineno}: {exc}") from exc
                self.by_country.setdefault(_key(gov.country), []).append(gov)
        for govs in self.by_country.values():
            govs.sort(key=lambda g: g.start)

    def start_year(self, country: str, when: date | None) -> int | None:
        """The year the government in office on `when` took office (the latest one when `when` is None)."""
        gov = self.in_office(country, when)
        return gov.start.year if gov else None

    def in_office(self, country: str, when: date | None) -> Government | None:
        """The government in office on `when` (the latest one when `when` is None)."""
        govs = self.by_country.get(_key(country))
        if not govs:
            return None
        if when is None:
            return govs[-1]
        for gov in reversed(govs):
            if gov.start <= when:
                return gov
        return None


# ------------------------------------------------------------------ mentions


@dataclass
class Mention:
    """Words in the document that name an actor (before resolving against the event's country)."""

    start: int  # token span [start, end)
    end: int
    root: int
    cls: str  # "named" or a noun class
    entries: tuple[ActorEntry, ...] = ()  # candidates for named mentions (country-specific ones included)
    state_country: Country | None = None  # "Israeli soldiers" -> Israel
    assoc: tuple[str, ...] = ()  # assoc templates ("Students ({country})")
    definite: bool = False  # "the group", "the militants": an anaphor
    label: str | None = None  # community militias: the group's own name ("Koli", "Habar Gidir")
    kind: str | None = None  # community militias: Caste | Clan | Sub-Clan | Tribal | Communal | Ethnic
    alternative: Mention | None = None  # "X or Y": the text is unsure which group acted

    def span(self, doc: Doc) -> CharSpan:
        s = doc[self.start:self.end]
        return CharSpan(s.start_char, s.end_char, s.text)


@dataclass
class Resolved:
    """An actor as ACLED names it."""

    name: str
    inter: int
    span: CharSpan
    assoc: list[str] = field(default_factory=list)
    cls: str = "named"
    rival: bool = False  # the forces of one of two rival governments (own start year and faction name)


class ActorFinder:
    """Finds actor mentions in a Doc and assigns actor1/actor2 for each trigger."""

    def __init__(self, make_doc, entries: list[ActorEntry], nouns: dict[str, tuple[str, str | None]],
                 countries: Countries, governments: Governments) -> None:
        """`make_doc` is the pipeline's tokenizer (nlp.make_doc): aliases must tokenize as the text does."""
        self.entries = entries
        self.nouns = nouns
        self.countries = countries
        self.governments = governments
        self.by_alias: dict[str, list[ActorEntry]] = {}
        vocab = make_doc("").vocab
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        exact: dict[str, None] = {}
        lower: dict[str, None] = {}
        # later entries (a user's file) override earlier ones for the same alias and country
        for entry in entries:
            for alias in entry.aliases:
                key = _alias_key(alias)
                bucket = self.by_alias.setdefault(key, [])
                bucket[:] = [e for e in bucket if e.country != entry.country]
                bucket.append(entry)
                if _is_acronym(alias):
                    exact[alias] = None
                else:
                    lower[alias.lower()] = None
        self.exact.add("ACTOR", [make_doc(a) for a in exact])
        self.lower.add("ACTOR", [make_doc(a) for a in lower])

    # ---- finding mentions (pure)

    def mentions(self, doc: Doc) -> list[Mention]:
        found: list[Mention] = []
        taken: set[int] = set()
        spans = [doc[s:e] for _, s, e in self.exact(doc)] + [doc[s:e] for _, s, e in self.lower(doc)]
        spans = [s for s in spans if self._alias_ok(s)]
        spans.sort(key=lambda s: (-(s.end - s.start), s.start))
        for span in spans:
            if any(i in taken for i in range(span.start, span.end)):
                continue
            entries = tuple(self.by_alias.get(_alias_key(span.text), ()))
            if not entries:
                continue
            start, end, root = span.start, span.end, span.root.i
            # "Houthi fighters", "ISIS militants", "Taliban attack": the named group owns its head noun
            head = span.root.head
            nxt = doc[span.end] if span.end < len(doc) else None
            between = doc[span.end:head.i] if head.i >= span.end else doc[0:0]
            close = (head.i >= span.end and "\n" not in doc[span.start:head.i + 1].text and head.i - span.end <= 3
                     and not any(t.dep_ in ("cc", "conj") or t.is_punct for t in between))
            if span.root.dep_ in ("compound", "amod", "nmod", "poss") and close:
                if self._noun_class(head) is not None:
                    end, root = head.i + 1, head.i
            elif nxt is not None and self._noun_class(nxt) is not None:
                end, root = nxt.i + 1, nxt.i  # the parse split "Mayi Mayi militiamen"; adjacency decides
            taken.update(range(start, end))
            # "Brazilian military police", "Turkish gendarmerie": the nationality of a generic unit
            home = None
            for mod in doc[root].lefts:
                if mod.i < start and mod.dep_ in ("amod", "compound", "poss", "nmod"):
                    home = home or self._country_of_modifier(mod)
            found.append(Mention(start, end, root, "named", entries, state_country=home))
        named = set(taken)
        for tok in doc:
            if tok.i in taken:
                continue
            if self._noun_class(tok) is not None and any(
                    obj.i in named for prep in _children(tok, "prep") if prep.lower_ in ("of", "from")
                    for obj in _children(prep, "pobj")):
                continue  # "fighters from the Rapid Support Forces" are that group
            m = self._class_mention(tok)
            if m is not None and not any(i in taken for i in range(m.start, m.end)):
                taken.update(range(m.start, m.end))
                found.append(m)
                if m.cls == "community" and m.label:
                    # "militias from Umumubu and Omor": one militia per community
                    for prep in _children(tok, "prep"):
                        for obj in _children(prep, "pobj"):
                            for other in obj.conjuncts:
                                if other.pos_ == "PROPN" and other.i not in taken and other.i > obj.i:
                                    taken.add(other.i)
                                    found.append(Mention(other.i, other.i + 1, other.i, "community",
                                                         label=other.text, kind=m.kind))
                if m.cls in ("military", "police"):
                    # "military forces of India and Pakistan": one mention per country
                    for other in self._conjoined_countries(tok):
                        if other.i not in taken:
                            taken.add(other.i)
                            found.append(Mention(other.i, other.i + 1, other.i, m.cls,
                                                 state_country=self._country_of_modifier(other)))
        found.sort(key=lambda m: m.start)
        return self._merge_alternatives(doc, found)

    def _merge_alternatives(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        """'suspected JNIM or ISGS militants': ACLED writes one actor, 'JNIM: ... and/or Islamic State (...)'."""
        out: list[Mention] = []
        for m in found:
            prev = out[-1] if out else None
            if (prev is not None and prev.cls == m.cls == "named" and prev.alternative is None
                    and doc[prev.end:m.start].text.strip().lower() in ("or", "and/or", "/")):
                prev.alternative = m
                prev.end, prev.root = m.end, m.root
                continue
            out.append(m)
        return out

    def _alias_ok(self, span) -> bool:
        # "IS" only as a noun, never the verb "is" at a sentence start
        if span.text == "IS":
            doc = span.doc
            nxt = doc[span.end] if span.end < len(doc) else None
            prev = doc[span.start - 1] if span.start > 0 else None
            if nxt is not None and (nxt.text == "-" or self._noun_class(nxt) is not None):
                return True  # "IS-planted", "IS fighters"
            if prev is not None and prev.lower_ in ("by", "the", "of", "from", "and", "or", "against", "with", "/"):
                return True
            return span.root.pos_ not in ("AUX", "VERB")
        return True

    def _noun_class(self, tok: Token) -> tuple[str, str | None] | None:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        low = tok.lower_
        hit = self.nouns.get(low) or self.nouns.get(tok.lemma_.lower())
        if hit is None and low.endswith("s"):  # PROPN plurals keep their form as lemma ("Forces")
            hit = self.nouns.get(low[:-1]) or (self.nouns.get(low[:-2]) if low.endswith("es") else None)
        return hit

    def _class_mention(self, tok: Token) -> Mention | None:
        hit = self._noun_class(tok)
        country = None
        if hit is None:
            # "Seven Iraqis", "two Palestinians": people named by nationality
            if tok.pos_ in ("NOUN", "PROPN") and tok.text.endswith("s") and tok.dep_ not in ("compound", "amod"):
                country = self.countries.demonym(tok.text)
                if country is not None and tok.text not in ("Swiss", "Chinese", "Japanese", "Sudanese"):
                    return Mention(tok.i, tok.i + 1, tok.i, "civilians", state_country=country)
            return None
        cls, assoc = hit
        # a modifier of another class noun ("police officers", "army soldiers") belongs to that noun
        if tok.dep_ in ("compound", "amod", "nmod") and self._noun_class(tok.head) is not None:
            return None
        if tok.dep_ in ("compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
            if cls not in ("military", "police", "military_mod") or tok.head.lemma_.lower() not in UNIT_NOUNS:
                return None  # "army chief", "police spokesman"; but "army patrol" is the army
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod")]
        words = {t.lower_ for t in tok.doc[tok.left_edge.i:tok.i]}  # "the Myanmar border guard force"
        for m in mods:
            country = country or self._country_of_modifier(m)
        if country is None:  # "troops of the Nigerian Army", "forces of Ethiopia"
            for prep in _children(tok, "prep"):
                if prep.lower_ == "of":
                    for obj in _children(prep, "pobj"):
                        for t in [obj, *obj.lefts]:
                            country = country or self._country_of_modifier(t)
        if cls == "civilians" and words & ARMED_MODIFIERS:
            if tok.lemma_.lower() in LIVELIHOODS and not words & {"unidentified", "unknown", "suspected"}:
                # ACLED: armed groups organised around a livelihood or community are identity militias
                return Mention(min([tok.i] + [m.left_edge.i for m in mods]), tok.i + 1, tok.i, "community",
                               kind="Communal")
            cls, assoc = "armed", None
        elif tok.lemma_.lower() in ("party", "actor") and cls == "civilians":
            return None  # only "unknown parties/actors" name someone
        if cls == "police" and tok.lemma_.lower() == "guard" and words & {"security", "private"}:
            cls = "private"  # "a security guard": ACLED's Private Security Forces, not the police
        if cls in ("military_mod", "military") and words & {"police", "gendarmerie", "riot"}:
            cls = "police"  # "police forces", "riot police units", "police commandos"
        if cls == "military_mod" and "guard" in words and "border" in words:
            cls = "police"  # "border guard force"
        if cls == "police" and "military" in words:
            cls = "military"  # "military police" belong to the armed forces
        proper = self._group_name(tok, mods)
        if cls in ("militant", "armed") and proper is None:
            # a militia "of"/"from" a named clan or sub-clan, possibly two clans joined by "and"
            for prep in _children(tok, "prep"):
                for obj in _children(prep, "pobj"):
                    kind = self._noun_class(obj)
                    if prep.lower_ in ("of", "from") and kind is not None and kind[0] == "community":
                        label, sub = _left_name(obj, prep.i + 1)
                        return Mention(min([tok.i] + [m.left_edge.i for m in mods]), obj.i + 1, tok.i, "community",
                                       label=label, kind="Sub-Clan" if sub else (kind[1] or "Communal"))
            if cls == "militant" and words & {"local", "communal", "community", "village", "vigilante"}:
                return Mention(min([tok.i] + [m.left_edge.i for m in mods]), tok.i + 1, tok.i, "community",
                               kind="Communal")  # "local militiamen"
        if cls == "community" or (tok.lemma_.lower() == "family" and proper):
            kind = assoc if cls == "community" else "Clan"
            if "ethnic" in words:
                kind = "Ethnic"
            return Mention(min([tok.i] + [m.left_edge.i for m in mods]), tok.i + 1, tok.i, "community",
                           label=proper, kind=kind or "Communal")
        if proper and (cls in ("militant", "armed") or tok.lemma_.lower() in ("herder", "herdsman", "herdsmen")):
            # "Fulani militias": an ethnic militia; "militias from Omor": a communal one, named after the place
            from_place = not any(m.text[:1].isupper() for m in mods if m.lower_ not in NOT_ETHNIC)
            return Mention(min([tok.i] + [m.left_edge.i for m in mods]), tok.i + 1, tok.i, "community",
                           label=proper, kind="Communal" if from_place else "Ethnic")
        left = tok.doc[tok.left_edge.i:tok.i].text.lower().replace(" ", "")
        if cls in ("militant", "armed") and ("pro-government" in left or "pro-regime" in left):
            return Mention(min([tok.i] + [m.left_edge.i for m in mods]), tok.i + 1, tok.i, "progov")
        if cls in ("militant", "armed") and words & IDENTITY_WORDS.keys():
            # "tribal fighters", "clan militiamen": ACLED's identity militias, not an unidentified armed group
            kind = next(IDENTITY_WORDS[w] for w in ("ethnic", "tribal", "clan", "communal") if w in words)
            return Mention(min([tok.i] + [m.left_edge.i for m in mods]), tok.i + 1, tok.i, "community", kind=kind)
        if cls == "military_mod":
            if country is None and not words & STATE_MODIFIERS:
                return None  # "forces", "jets" alone say nothing about whose
            cls = "military"
        if tok.lower_ in ("government", "regime") and cls == "military":
            if tok.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj", "conj"):
                return None
        start = min([tok.i] + [m.left_edge.i for m in mods])
        definite = any(c.lower_ in ("the", "this", "these", "those") for c in tok.lefts) and not mods
        if cls == "militant" and tok.lemma_.lower() == "group":
            definite = True
        return Mention(start, tok.i + 1, tok.i, cls, state_country=country,
                       assoc=(assoc,) if assoc else (), definite=definite)

    def _conjoined_countries(self, tok: Token) -> list[Token]:
        out = []
        for prep in _children(tok, "prep"):
            if prep.lower_ == "of":
                for obj in _children(prep, "pobj"):
                    out += [c for c in obj.conjuncts if self._country_of_modifier(c) is not None]
        for mod in tok.lefts:
            if mod.dep_ in ("amod", "compound"):
                out += [c for c in mod.conjuncts if c.i < tok.i and self._country_of_modifier(c) is not None]
        return out

    def _group_name(self, tok: Token, mods: list[Token]) -> str | None:
        """The proper name of a community in 'Koli caste', 'the Al Salih family', 'members of the Ayr clan'."""
        words = [m for m in mods if m.pos_ in ("PROPN", "ADJ", "NOUN") and m.text[:1].isupper()
                 and m.lower_ not in NOT_ETHNIC and m.lower_ not in STATE_MODIFIERS]
        for m in words:
            if self._country_of_modifier(m) is not None or m.ent_type_ in ("GPE", "LOC", "DATE", "FAC"):
                return None
        if not words:
            for prep in _children(tok, "prep"):
                if prep.lower_ in ("of", "from"):
                    for obj in _children(prep, "pobj"):
                        if obj.pos_ == "PROPN" and self._country_of_modifier(obj) is None:
                            words = [t for t in obj.lefts if t.pos_ == "PROPN"] + [obj]
        label = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.lower_ not in COMMUNITY_WORDS)
        return label or None

    def _country_of_modifier(self, tok: Token) -> Country | None:
        text = tok.text[:-2] if tok.text.endswith("'s") else tok.text
        dem = self.countries.demonym(text)
        if dem:
            return dem
        if tok.pos_ == "PROPN":
            # "South Sudanese", "Nigeria's army", "Central African"
            phrase = " ".join(t.text for t in tok.subtree if t.dep_ != "case")
            return self.countries.demonym(phrase) or self.countries.lookup(phrase) or self.countries.lookup(text)
        return None

    # ---- resolving a mention for one event

    def resolve(self, m: Mention, doc: Doc, country: Country | None, when: date | None,
                history: list[Mention]) -> Resolved | None:
        span = m.span(doc)
        if m.cls == "named":
            # a lower-case alias tied to one country ("separatists") needs that country to be known
            proper = any(c.isupper() for c in doc[m.start:m.end].text)
            entry = self._pick(m.entries, country, proper)
            if entry is None:
                return None
            if entry.state_from and when and when >= entry.state_from[1]:
                home = self.countries.lookup(entry.state_from[0])
                return self._state(home, "military", country, when, span, entry.unit, entry.since)
            if entry.state == ANY_STATE:  # a kind of unit every state has: the nationality, else the event's
                return self._state(m.state_country or country, entry.kind, country, when, span, entry.unit)
            if entry.state:
                home = self.countries.lookup(entry.state)
                if entry.country and country is not None and not self._same(entry.country, country):
                    country = home  # a unit named only in its own country ("GNA forces") fights at home
                return self._state(home, entry.kind, country, when, span, entry.unit, entry.since)
            if entry.role == "assoc":
                return Resolved(entry.name or "", entry.inter, span, cls="assoc")
            name = entry.name or ""
            if m.alternative is not None:
                other = self.resolve(m.alternative, doc, country, when, [])
                if other is not None and other.cls == "named" and other.name != name:
                    name = f"{name} and/or {other.name}"
            return Resolved(name, entry.inter, span)
        if m.definite and m.cls == "militant":
            for prior in reversed(history):
                if prior.cls == "named" and prior.start < m.start:
                    r = self.resolve(prior, doc, country, when, [])
                    if r is not None and r.cls == "named" and r.inter in (2, 3, 4):
                        return Resolved(r.name, r.inter, span, r.assoc)
        where = m.state_country or country
        label = where.name if where else None
        assoc = [_fill(a, where, self._year(where, when)) for a in m.assoc]
        if m.cls in ("military", "police"):
            return self._state(where, m.cls, country, when, span, None)
        if m.cls == "community":
            name = f"{m.label} {m.kind} Militia" if m.label else f"Unidentified {m.kind} Militia"
            return Resolved(_group(name, label), 4, span, cls="community")
        if m.cls == "government":
            if where is None:
                return Resolved("Government", 1, span, cls="state")
            year = self._year(where, when)
            name = f"Government of {where.with_article}" + (f" ({year}-)" if year else "")
            foreign = country is not None and country.name != where.name
            return Resolved(name, 8 if foreign else 1, span, cls="government")
        if m.cls == "progov":
            return Resolved("Militia (Pro-Government)", 3, span, cls="armed")
        if m.cls == "private":
            return Resolved(_group("Private Security Forces", label), 8, span, cls="private")
        if m.cls in ("armed", "militant"):
            return Resolved(_group(UNIDENTIFIED, label), 3, span, cls=m.cls)
        if m.cls == "gang":
            return Resolved(_group("Unidentified Gang", label), 3, span, cls=m.cls)
        if m.cls == "protesters":
            return Resolved(_group("Protesters", label), 6, span, assoc, cls=m.cls)
        if m.cls == "rioters":
            return Resolved(_group("Rioters", label), 5, span, assoc, cls=m.cls)
        return Resolved(_group("Civilians", label), 7, span, assoc, cls="civilians")

    def _pick(self, entries: tuple[ActorEntry, ...], country: Country | None, proper: bool = True) -> ActorEntry | None:
        if country is not None:
            for e in reversed(entries):
                if e.country and self._same(e.country, country):
                    return e
        general = [e for e in entries if not e.country]
        if general:
            return general[-1]
        if country is None and proper and len(entries) == 1:
            return entries[0]
        units = [e for e in entries if e.state and e.state != ANY_STATE]
        if proper and len(units) == 1:
            return units[0]  # "GNA forces" are that state's unit even when the event's country is misread
        return None

    def _same(self, name: str, country: Country) -> bool:
        c = self.countries.lookup(name)
        return c is not None and c.name == country.name

    def _year(self, country: Country | None, when: date | None) -> int | None:
        return self.governments.start_year(country.name, when) if country else None

    def _state(self, home: Country | None, kind: str, event_country: Country | None, when: date | None,
               span: CharSpan, unit: str | None, since: int | None = None) -> Resolved:
        label = "Police Forces" if kind == "police" else "Military Forces"
        if home is None:
            return Resolved(label, 1, span, cls="state")
        year = since or self._year(home, when)
        name = f"{label} of {home.with_article}" + (f" ({year}-)" if year else "")
        if not since:
            # where two governments claim the state, ACLED names the recognised one's faction too
            gov = self.governments.in_office(home.name, when)
            if gov is not None and gov.unit and not unit and kind == "military":
                unit = gov.unit
        if unit:
            name += f" {unit}"
        foreign = (event_country is not None and event_country.name != home.name
                   and event_country.name not in HOME_GROUND.get(home.name, ()))
        return Resolved(name, 8 if foreign else 1, span, cls="state", rival=bool(since))

    def state_forces(self, kind: str, country: Country | None, when: date | None, span: CharSpan) -> Resolved:
        return self._state(country, kind, country, when, span, None)


def _same_state(a: Resolved, b: Resolved) -> bool:
    """Two names for one state's forces ('Police Forces of Brazil (2019-)', 'Military Forces of Brazil (2019-)
    Military Police': the force and a unit of it). Police against soldiers, or two factions that each claim the
    state (both with a unit name), are real intra-state clashes."""
    if a.cls != "state" or b.cls != "state" or a.inter != 1 or b.inter != 1 or a.rival or b.rival:
        return False
    home = [n.split(" of ", 1)[1].split(" (")[0] if " of " in n else None for n in (a.name, b.name)]
    bare = [n.endswith("-)") or n in ("Military Forces", "Police Forces") for n in (a.name, b.name)]
    return home[0] == home[1] and bare[0] != bare[1]


def _group(label: str, country: str | None) -> str:
    return f"{label} ({country})" if country else label


def _fill(template: str, country: Country | None, year: int | None) -> str:
    name = country.name if country else ""
    out = template.replace("{country}", name).replace("{the_country}", country.with_article if country else "")
    out = out.replace(" ({year}-)", f" ({year}-)" if year else "").replace("{year}", str(year or ""))
    return out.replace(" ()", "").strip()


def _left_name(noun: Token, start: int) -> tuple[str | None, bool]:
    """The words from `start` to the noun: 'the Ayr sub-clan' -> ('Ayr', True), 'the Hawadle and Jarer Weyne
    clans' -> ('Hawadle', False)."""
    words: list[str] = []
    sub = False
    for t in noun.doc[min(start, noun.left_edge.i):noun.i]:
        if t.dep_ == "cc" or t.lower_ in ("and", "or", ","):
            if words:
                break
            continue
        if t.lower_ == "sub":
            sub = True
        elif t.text[:1].isupper() and t.lower_ not in COMMUNITY_WORDS and t.pos_ in ("PROPN", "NOUN", "ADJ"):
            words.append(t.text)
    return (" ".join(words) or None), sub


def _alias_key(text: str) -> str:
    return text if _is_acronym(text) else text.lower()


def _is_acronym(alias: str) -> bool:
    """Short all-caps aliases ('IS', 'SDF', 'ELN') match case-sensitively: 'is' is not the Islamic State."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and len(alias) <= 12


# ------------------------------------------------------------------ roles


def _mention_at(tok: Token | None, by_token: dict[int, Mention], mentions: list[Mention]) -> Mention | None:
    """The mention a syntactic argument names: the mention holding it, else the nearest inside its noun
    phrase ('dozens of people', 'members of the Koli caste'), never inside a clause hanging from it."""
    if tok is None:
        return None
    if tok.i in by_token:
        return by_token[tok.i]
    best, best_depth = None, 99
    for t in tok.subtree:
        if t.i in by_token:
            depth = _np_depth(t, tok)
            if depth is not None and depth < best_depth:
                best, best_depth = by_token[t.i], depth
    return best


NP_DEPS = {"compound", "amod", "poss", "prep", "pobj", "conj", "appos", "nmod", "det", "nummod", "quantmod", "cc",
           "npadvmod"}


def _np_depth(t: Token, top: Token) -> int | None:
    """Tree distance from t up to top when every step stays inside the noun phrase, else None."""
    d = 0
    while t.i != top.i:
        if t.dep_ not in NP_DEPS or t.head.i == t.i or d > 6:
            return None
        t, d = t.head, d + 1
    return d


def _depth(t: Token, top: Token) -> int:
    d = 0
    while t.i != top.i and t.head.i != t.i and d < 50:
        t, d = t.head, d + 1
    return d


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _preps(tok: Token, words: set[str]) -> list[Token]:
    """Objects of the given prepositions under tok ('against X', 'on X', 'with X')."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in words:
            out.extend(_children(c, "pobj"))
    return out


def _with_conj(toks: list[Token]) -> list[Token]:
    out = []
    for t in toks:
        out.append(t)
        out.extend(_children(t, "conj"))
    return out


def _participle_victims(verb: Token) -> list[Token]:
    """'..., killing four soldiers': the objects of a participle or harm clause under the verb."""
    out: list[Token] = []
    for sub in _children(verb, "advcl", "conj"):
        if sub.tag_ == "VBG" or sub.lemma_ in HARM_VERBS:
            out += _children(sub, "dobj", "nsubjpass")
    return out


def roles(doc: Doc, trigger: Trigger) -> tuple[list[Token], list[Token]]:
    """Syntactic agents and patients of a trigger, most reliable first."""
    h = doc[trigger.head]
    while h.dep_ == "compound" and h.head.i != h.i and h.head.pos_ in ("NOUN", "PROPN"):
        h = h.head  # "air strike": the head noun carries the arguments
    agents: list[Token] = []
    patients: list[Token] = []
    verb = h
    if h.pos_ in ("NOUN", "PROPN"):
        # "Israeli airstrikes", "a Taliban attack", "ISIS's offensive", "an attack by X"
        agents += [c for c in h.lefts if c.dep_ in ("poss", "compound", "amod", "nmod")]
        agents += _preps(h, {"by"})
        between = _preps(h, {"between"})
        if between:
            agents += between[:1]
            patients += _children(between[0], "conj")
        patients += _preps(h, {"against", "on", "targeting", "upon", "with", "at", "of"})
        for sub in _children(h, "acl"):  # "air strikes targeting a supply line", "an IED planted by the BLA"
            patients += _children(sub, "dobj")
            agents += [p for a in _children(sub, "agent") for p in _children(a, "pobj")]
        # the verb the noun hangs from: "X launched an attack", "killed in an airstrike", "hit by a landmine"
        up = h
        while up.dep_ in ("pobj", "prep", "conj", "appos", "agent") and up.head.i != up.i:
            up = up.head
        if up.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") or up.pos_ in ("VERB", "AUX"):
            verb = up.head if up.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else up
        if verb is h:
            return agents, patients
        if h.dep_ in ("nsubj",):  # "an airstrike killed five civilians": the noun is the cause
            patients += _with_conj(_children(verb, "dobj", "nsubjpass"))
            patients += _preps(verb, {"against", "on", "upon", "at", "near", "targeting"})
            patients += _participle_victims(verb)
            return agents, patients
    v = verb
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    for _ in range(4):
        subj = _children(v, "nsubj")
        agent = [p for a in _children(v, "agent") for p in _children(a, "pobj")]
        agents += agent + subj
        if passive or v is verb:
            patients += _children(v, "nsubjpass")
        if v is verb:
            patients += _with_conj(_children(v, "dobj"))
            patients += _preps(v, {"against", "on", "upon", "with", "at", "targeting", "into", "toward", "towards"})
            patients += _participle_victims(v)
        if subj or agent:
            break
        if v.dep_ in ("relcl", "acl"):  # "gunmen who attacked the village", "hundreds of students protested"
            agents.append(v.head)
            if v.head.dep_ in ("dobj", "pobj") and v.head.head.pos_ in ("VERB", "AUX"):
                v = v.head.head  # "forces continued work to establish a post": the verb above has the subject
                continue
            break
        if v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "acl", "pcomp") and v.head.i != v.i:
            v = v.head
            passive = passive and v.dep_ != "conj"
            continue
        break
    return agents, patients


# ------------------------------------------------------------------ the component


class ActorsComponent:
    def __init__(self, nlp: Language, extra_actors: str = "") -> None:
        entries = load_actors(ACTORS_PATH)
        if extra_actors:
            entries += load_actors(extra_actors)
        self.finder = ActorFinder(nlp.make_doc, entries, load_nouns(), Countries(), Governments())

    def __call__(self, doc: Doc) -> Doc:
        annotations = self.match(doc)
        self.set_annotations(doc, annotations)
        return doc

    def match(self, doc: Doc) -> list[Annotation]:
        triggers: list[Trigger] = doc._.ew_triggers or []
        if not triggers:
            return []
        finder = self.finder
        mentions = finder.mentions(doc)
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        places = doc._.ew_places or []
        dates = doc._.ew_dates or []
        meta = document_of(doc)
        doc_country = self._document_country(doc)
        out = []
        for i, trigger in enumerate(triggers):
            country = None
            if i < len(places) and places[i] is not None:
                country = finder.countries.lookup(places[i].values.get("country"))
            country = country or self._sentence_country(doc, trigger) or doc_country
            when = None
            if i < len(dates) and dates[i] is not None and dates[i].values.get("event_date"):
                try:
                    when = date.fromisoformat(str(dates[i].values["event_date"])[:10])
                except ValueError:
                    when = None
            when = when or meta.published
            out.append(self._annotate(doc, trigger, mentions, by_token, country, when))
        return out

    @staticmethod
    def set_annotations(doc: Doc, annotations: list[Annotation]) -> None:
        doc._.ew_actors = annotations

    # ---- country fallbacks (a country that only qualifies a thing is not where it happened: see
    # _names_foreign_thing)

    def _sentence_country(self, doc: Doc, trigger: Trigger) -> Country | None:
        for ent in doc[trigger.sent_start:trigger.sent_end].ents:
            if ent.label_ == "GPE" and not _names_foreign_thing(ent):
                c = self.finder.countries.lookup(ent.text)
                if c:
                    return c
        return None

    def _document_country(self, doc: Doc) -> Country | None:
        # country names first; nationality words ("Russian jets") only when no country is named
        for label, find in (("GPE", self.finder.countries.lookup), ("NORP", self.finder.countries.demonym)):
            counts: dict[str, int] = {}
            first: dict[str, Country] = {}
            for ent in doc.ents:
                c = find(ent.text) if ent.label_ == label and not _names_foreign_thing(ent) else None
                if c:
                    counts[c.name] = counts.get(c.name, 0) + 1
                    first.setdefault(c.name, c)
            if counts:
                return first[max(counts, key=lambda k: counts[k])]
        return None

    # ---- one trigger

    def _annotate(self, doc: Doc, trigger: Trigger, mentions: list[Mention], by_token: dict[int, Mention],
                  country: Country | None, when: date | None) -> Annotation:
        f = self.finder
        trig_span = CharSpan(trigger.start, trigger.end, trigger.text)
        sent = [m for m in mentions if trigger.sent_start <= m.start < trigger.sent_end]
        history = [m for m in mentions if m.start < trigger.sent_end]

        def res(m: Mention | None) -> Resolved | None:
            return f.resolve(m, doc, country, when, history) if m is not None else None

        agent_toks, patient_toks = roles(doc, trigger)
        agent = self._first(doc, agent_toks, by_token, mentions, history, res)
        patient = self._first(doc, patient_toks, by_token, mentions, history, res,
                              exclude=agent.span if agent else None)
        if agent is None:
            agent = self._nationality_of(doc, trigger, country, when)
        if agent is not None and agent.cls in ("armed", "militant", "civilians"):
            # "militants (suspected TTP)", "men suspected to be ISIS members": the group the text suspects
            agent = self._suspected(doc, sent, agent, res) or agent
        if agent is None or agent.cls in ("armed", "militant"):
            agent = self._claimant(doc, mentions, trigger, res) or agent
        if patient is None and trigger.event_type in ("Explosions/Remote violence", "Battles", "Violence against civilians"):
            patient = self._victim_in(doc, sent, res, agent)
        etype, sub = trigger.event_type, trigger.sub_event_type
        if agent is None and etype == "Strategic developments" and patient is not None and patient.cls == "civilians":
            agent = self._agent_elsewhere(doc, mentions, trigger, res)
        guessed = False  # actor1 is only the nearest mention, not an argument of the event
        if agent is None and etype not in ("Protests", "Riots"):
            agent = self._nearest(doc, trigger, sent, res, patient)
            guessed = agent is not None
        label = country.name if country else None

        def default(name: str, inter: int, cls: str) -> Resolved:
            return Resolved(_group(name, label), inter, trig_span, cls=cls)

        actor1, actor2 = agent, patient
        if etype in ("Protests", "Riots"):
            crowd = "Protesters" if etype == "Protests" else "Rioters"
            base = Resolved(_group(crowd, label), 6 if etype == "Protests" else 5,
                            agent.span if agent else trig_span, cls=crowd.lower())
            base.assoc = self._crowd_assoc(agent, sent, res, patient)
            actor1 = base
            if etype == "Protests":
                actor2 = None
                if sub in ("Protest with intervention", "Excessive force against protesters"):
                    actor2 = self._state_in(sent, res) or f.state_forces("police", country, when, trig_span)
            else:
                if actor2 is not None and (actor2.cls in ("protesters", "rioters", "assoc") or actor2.name == base.name):
                    actor2 = None
                state = self._state_in(sent, res)
                if self._each_other(doc, trigger) or (actor2 is None and state is None
                                                      and doc[trigger.head].lemma_ in ("clash", "fight")):
                    # "two mobs clashed with each other", "a group of people clashed"
                    actor2 = Resolved(base.name, base.inter, base.span, cls=base.cls)
                elif sub == "Mob violence":
                    actor2 = actor2 or self._state_in(sent, res) or default("Civilians", 7, "civilians")
                else:  # a violent demonstration's counterpart is the police wherever the report names them
                    doc_state = [m for m in mentions if m not in sent]
                    actor2 = (self._state_in(sent, res) or (actor2 if actor2 is not None and actor2.cls != "civilians"
                                                            else None)
                              or self._state_in(doc_state, res) or actor2)
                if actor2 is None:
                    # rioters who smash, torch or pelt someone's property (a bank, a shop, a car): ACLED codes its
                    # owners as the civilian target; blocking roads with burning tyres has no target
                    target = self._property_target(doc, trigger)
                    if target is not None:
                        actor2 = Resolved(_group("Civilians", label), 7, target, cls="civilians")
        elif etype == "Violence against civilians":
            if actor1 is None and country is not None and country.unattributed:
                actor1 = default(country.unattributed, 3, "gang")  # regional practice: unclaimed killings
            elif actor1 is None or actor1.cls in ("civilians", "assoc", "protesters"):
                actor1 = default(UNIDENTIFIED, 3, "armed")
            victims = actor2 if actor2 is not None and actor2.cls in ("civilians", "assoc") else None
            if victims is not None and victims.cls == "civilians":
                actor2 = victims
            elif actor2 is not None and actor2.cls == "state" and actor1.cls != "state":
                pass  # police or soldiers attacked: ACLED codes the state as the target, whatever the verb
            else:
                actor2 = Resolved(_group("Civilians", label), 7, victims.span if victims else trig_span,
                                  [victims.name] if victims else [], cls="civilians")
        elif etype == "Battles":
            mutual = None
            if all(a is None or a.cls in ("civilians", "community") for a in (actor1, actor2)):
                # "inter-clan clashes", "fighting between two tribes": one kind of militia on both sides
                community = next((r for r in map(res, sent) if r is not None and r.cls == "community"), None)
                if community is None or all(a is None or a.name == community.name for a in (actor1, actor2)):
                    mutual = self._mutual_identity(doc, trigger, community, label)
                    if mutual is not None:
                        actor1, actor2 = mutual, Resolved(mutual.name, mutual.inter, mutual.span, cls=mutual.cls)
            if actor1 is None and actor2 is not None:
                actor1, actor2 = actor2, None
            if actor1 is not None and actor1.cls in ("civilians", "assoc"):
                actor1 = default(UNIDENTIFIED, 3, "armed")
            if actor1 is None:
                # nobody in the sentence: the nearest fighting party of the report
                actor1 = self._nearest_in_doc(trigger, mentions, res)
            if actor1 is None and country is not None and country.front:
                # a standing front line ("fire near the contact line", a monitor's count of shots): its two sides
                actor1 = f.state_forces("military", country, when, trig_span)
                actor2 = actor2 or Resolved(country.front, self._front_inter(country.front), trig_span)
            if actor1 is None:
                # no party named at all ("a shoot-out took place"): ACLED codes unknown sides as unidentified
                # armed groups rather than guessing the state
                actor1 = default(UNIDENTIFIED, 3, "armed")
            if actor2 is not None and actor1.cls == actor2.cls == "state" and actor1.inter == actor2.inter == 1:
                # "army and police units fought rebel dissidents": both state parties are one side; find the other
                actor2 = self._other(sent, res, actor1, skip_state=True) or actor2
            if mutual is None and (actor2 is None or actor2.name == actor1.name):
                # the other side: elsewhere in the sentence, else elsewhere in the report ("the soldiers
                # repulsed the assaults" after "ISWAP militants attacked")
                actor2 = self._other(sent, res, actor1) or self._nearest_in_doc(trigger, mentions, res, actor1)
            if actor2 is not None and _same_state(actor1, actor2):
                # e.g. a military-police raid where some officers get wounded in a gunfight:
                # a state does not fight its own forces; the other side is whoever the report names, else unknown
                actor2 = self._nearest_in_doc(trigger, [m for m in mentions if m.cls != "police" and m.cls != "military"],
                                              res, actor1)
                if actor2 is not None and (actor2.cls == "state" or actor2.inter == 1):
                    actor2 = None
                actor2 = actor2 or default(UNIDENTIFIED, 3, "armed")
            if actor2 is None:
                # a named rebel group's fight is mostly with the state; otherwise the other side is unknown
                actor2 = (f.state_forces("military", country, when, trig_span) if actor1.inter == 2
                          else default(UNIDENTIFIED, 3, "armed"))
            if self._defends(doc, trigger):  # "troops repelled the attack": the attacker is actor1
                actor1, actor2 = actor2, actor1
            elif self._initiator(doc, trigger, mentions, res, (actor1.name, actor2.name)) == actor2.name:
                # "police clashed with gunmen ... the gunmen had ambushed a patrol": ACLED lists the attacker first
                actor1, actor2 = actor2, actor1
        elif etype == "Explosions/Remote violence":
            if sub == "Remote explosive/landmine/IED" and guessed and actor1 is not None and actor1.cls == "named" and (
                    actor2 is None or actor2.cls in ("state", "civilians")) and not self._planted_by(doc, trigger):
                # "a bomb planted in a car of an SNA member exploded": a group named near a device nobody is said
                # to have planted is what it hit; the planter is unknown or a claimant
                actor1, actor2 = None, actor1
                actor1 = self._claimant(doc, mentions, trigger, res)
            if sub in ("Remote explosive/landmine/IED", "Suicide bomb") and actor1 is not None and (
                    actor1.cls in ("state", "civilians") and actor1.inter in (1, 7, 8)) and not self._planted_by(doc, trigger):
                # "an army vehicle struck an IED": the subject is the target; the planter is unknown or a claimant
                actor2 = actor2 if actor2 is not None and actor2.name != actor1.name else actor1
                actor1 = self._claimant(doc, mentions, trigger, res)
            if actor1 is not None and actor1.cls in ("civilians", "assoc"):
                actor1 = None
            origin = self._fired_from(doc, trigger, country) if actor1 is None else None
            if origin is None and actor1 is None and country is not None and country.name in NO_STATE_ARTILLERY:
                origin = country
            if origin is not None:
                # "rockets fired from the Gaza Strip landed near Sderot": an unknown group on the other side
                actor1 = Resolved(_group(UNIDENTIFIED, origin.name), 3, trig_span, cls="armed")
            if actor1 is None:
                if sub == "Air/drone strike" or (sub.startswith("Shelling") and not (actor2 and actor2.inter in (1, 8))):
                    actor1 = f.state_forces("military", country, when, trig_span)
                else:
                    actor1 = default(UNIDENTIFIED, 3, "armed")
            if actor2 is not None and actor2.name == actor1.name:
                actor2 = None
            if actor2 is None and actor1.cls != "state":
                # "an IED targeted Govt forces (assumed military)": the state force in the sentence was hit
                actor2 = self._state_in(sent, res)
            if actor2 is None:
                # "shelled the vicinity of Tal Rifaat, an area held by the SDF": the group holding the ground
                actor2 = self._holder(doc, sent, res, actor1)
            if actor2 is not None and actor2.cls == "assoc":
                actor2 = Resolved(_group("Civilians", label), 7, actor2.span, [actor2.name], cls="civilians")
        else:  # Strategic developments
            if actor1 is None and actor2 is not None and actor2.cls == "civilians" and sub in (
                    "Other", "Change to group/activity"):
                actor1, actor2 = actor2, None  # "260 villagers were displaced": the civilians are the actor
            if sub == "Arrests":
                if actor1 is None or actor1.cls in ("civilians", "assoc", "protesters", "government"):
                    actor1 = f.state_forces("police", country, when, actor1.span if actor1 else trig_span)
                if actor2 is None or actor2.cls == "civilians":
                    # "arrested 12 people accused of belonging to ISIS cells": the members' group
                    actor2 = self._members_of(doc, sent, trigger, res, actor1) or actor2
                if actor2 is None:
                    actor2 = default("Civilians", 7, "civilians")
                elif actor2.cls == "assoc":
                    actor2 = Resolved(_group("Civilians", label), 7, actor2.span, [actor2.name], cls="civilians")
            elif sub == "Looting/property destruction":
                if actor1 is None or actor1.cls == "civilians":
                    actor1 = default(UNIDENTIFIED, 3, "armed")
                if actor2 is None and actor1.cls == "state":
                    # "troops destroyed PKK shelters", "seized food hidden by ARSA": the armed group named as owner
                    owned = [m for m in sent if m.cls == "named" and any(
                        a.dep_ in ("dobj", "nsubjpass") for a in [doc[m.root], *doc[m.root].ancestors])]
                    actor2 = self._other(owned, res, actor1, skip_state=True)
                    if actor2 is not None and actor2.inter not in (2, 3, 4):
                        actor2 = None
                if actor2 is None and actor1.cls == "state" and actor1.inter == 1:
                    # the state seizing or destroying property (drugs, labs, contraband): its criminal owners
                    owner = country.unattributed if country is not None and country.unattributed else UNIDENTIFIED
                    actor2 = default(owner, 3, "armed")
                if actor2 is None or actor2.cls == "assoc":  # property destroyed or taken belongs to civilians
                    actor2 = Resolved(_group("Civilians", label), 7, actor2.span if actor2 else trig_span,
                                      [actor2.name] if actor2 else [], cls="civilians")
            elif sub == "Disrupted weapons use":
                if actor1 is not None and actor1.cls not in ("state", "civilians", "assoc") and actor2 is None:
                    # "troops seized a cache hidden by ISIS": the state in the sentence disrupted the owner's weapons
                    state = self._state_in(sent, res)
                    if state is not None:
                        actor1, actor2 = state, actor1
                if actor1 is None or actor1.cls in ("civilians", "assoc"):
                    actor1 = f.state_forces("military", country, when, trig_span)
                if actor2 is None or actor2.cls in ("civilians", "assoc"):
                    # the weapons' owners: "arms belonging to a militant of X", "IEDs planted by Maoists"
                    actor2 = self._other([m for m in sent if m.cls in ("named", "militant", "armed", "community")],
                                         res, actor1)
            if actor1 is not None and actor2 is not None and actor2.name == actor1.name:
                actor2 = None
        if etype in ("Protests", "Riots") and actor2 is not None and actor2.cls == "state":
            actor2 = self._crowd_control(actor2, country, when)
        ann = Annotation()
        if actor1 is not None:
            ann.set("actor1", actor1.name, actor1.span)
            ann.set("inter1", actor1.inter, actor1.span)
            if actor1.assoc:
                ann.set("assoc_actor_1", "; ".join(dict.fromkeys(actor1.assoc)), actor1.span)
        if actor2 is not None:
            ann.set("actor2", actor2.name, actor2.span)
            ann.set("inter2", actor2.inter, actor2.span)
            if actor2.assoc:
                ann.set("assoc_actor_2", "; ".join(dict.fromkeys(actor2.assoc)), actor2.span)
        elif actor1 is not None:
            ann.set("inter2", 0, None)
        return ann

    def _front_inter(self, name: str) -> int:
        """The actor type of a front-line group, from the actor list (rebels unless listed otherwise)."""
        return next((e.inter for e in self.finder.entries if e.name == name), 2)

    def _first(self, doc, toks, by_token, mentions, history, res, exclude=None) -> Resolved | None:
        for tok in toks:
            m = _mention_at(tok, by_token, mentions)
            if m is None and tok.lower_ in PRONOUNS:
                m = self._antecedent(doc, tok, history)
            if m is None:  # "repulsed their attacks": the owner of the argument
                for poss in _children(tok, "poss"):
                    if poss.lower_ in PRONOUNS:
                        m = self._antecedent(doc, poss, history)
            r = res(m)
            if r is not None and (exclude is None or r.span != exclude):
                return r
        return None

    def _antecedent(self, doc: Doc, tok: Token, history: list[Mention]) -> Mention | None:
        if tok.lower_ == "who" and tok.head.dep_ == "relcl":
            head = tok.head.head
            for m in history:
                if m.start <= head.i < m.end:
                    return m
            return None
        anyone = tok.lower_ in ("he", "she")  # a person: victims too
        for m in reversed(history):
            if m.end <= tok.i and (anyone or m.cls in AGENT_CLASSES):
                return m
        return None

    def _nearest(self, doc, trigger: Trigger, sent: list[Mention], res, patient: Resolved | None) -> Resolved | None:
        """No subject in the parse: the closest agent-like mention in the sentence, earlier ones first."""
        h = trigger.head
        cands = [m for m in sent if m.cls in AGENT_CLASSES]
        cands.sort(key=lambda m: (m.start > h, abs(m.root - h)))
        for m in cands:
            r = res(m)
            if r is not None and r.cls != "assoc" and (patient is None or r.span != patient.span):
                return r
        return None

    def _nearest_in_doc(self, trigger: Trigger, mentions: list[Mention], res,
                        besides: Resolved | None = None) -> Resolved | None:
        """An armed party named elsewhere in the report (not `besides`), earlier sentences first, then the closest."""
        cands = [m for m in mentions if m.cls in AGENT_CLASSES - {"protesters", "rioters"}
                 and not trigger.sent_start <= m.start < trigger.sent_end]
        cands.sort(key=lambda m: (m.start > trigger.head, abs(m.root - trigger.head)))
        for m in cands:
            r = res(m)
            if r is not None and r.cls not in ("assoc", "civilians") and (besides is None or r.name != besides.name):
                return r
        return None

    def _crowd_assoc(self, agent: Resolved | None, sent: list[Mention], res, patient: Resolved | None) -> list[str]:
        out: list[str] = []
        if agent is not None:
            out += agent.assoc
            if agent.cls in ("named", "assoc"):
                out.append(agent.name)
        for m in sent:
            r = res(m)
            if r is None or (patient is not None and r.span == patient.span):
                continue
            if r.cls == "assoc":
                out.append(r.name)
        return list(dict.fromkeys(x for x in out if x))

    def _nationality_of(self, doc: Doc, trigger: Trigger, country: Country | None, when: date | None) -> Resolved | None:
        """'Israeli airstrikes', 'Turkish shelling': a nationality on the event noun names that state's forces."""
        h = doc[trigger.head]
        while h.dep_ == "compound" and h.head.i != h.i and h.head.pos_ in ("NOUN", "PROPN"):
            h = h.head
        if h.pos_ not in ("NOUN", "PROPN"):
            return None
        for mod in h.lefts:
            if mod.dep_ in ("amod", "compound", "nmod", "poss"):
                home = self.finder._country_of_modifier(mod)
                if home is not None:
                    span = CharSpan(mod.idx, mod.idx + len(mod.text), mod.text)
                    return self.finder._state(home, "military", country, when, span, None)
        return None

    def _planted_by(self, doc: Doc, trigger: Trigger) -> bool:
        """'planted/detonated/set off by X', 'X planted': the text names who placed the device."""
        sent = doc[trigger.sent_start:trigger.sent_end]
        return any(t.lemma_ in ("plant", "detonate", "lay", "place", "set", "trigger") and (
            any(c.dep_ in ("nsubj", "agent") for c in t.children)) for t in sent)

    def _claimant(self, doc: Doc, mentions: list[Mention], trigger: Trigger, res) -> Resolved | None:
        """'The Islamic State group claimed responsibility', 'X claimed to have killed three troops', 'the device
        was likely planted by X', 'officials blamed the attack on X': ACLED codes an unattributed attack to the
        group the report names as its author."""
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        # the claim must follow closely: the same sentence or the next three
        sents = [sent for sent in doc.sents if sent.end > trigger.sent_start][:4]
        if not sents:
            return None
        for tok in doc[sents[0].start:sents[-1].end]:
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            who: list[Token] = []
            if tok.lemma_ == "claim":
                objects = {c.lemma_.lower() for c in tok.subtree}
                if objects & {"responsibility", "attack", "bombing", "killing", "assault", "ambush", "blast", "kill",
                              "destroy", "shoot", "target", "wound", "injure", "down", "execute"}:
                    who = _children(tok, "nsubj")
            elif tok.lemma_ in ("plant", "lay", "place", "bury") and tok.i >= trigger.sent_start:
                # the device's author: "planted by X" (passive) or "X planted the bomb"
                who = [p for a in _children(tok, "agent") for p in _children(a, "pobj")] + _children(tok, "nsubj")
            elif tok.lemma_ in ("blame", "attribute"):
                # "blamed the attack on X", "attributed the bombing to X"
                who = _preps(tok, {"on", "to"}) + [p for o in _children(tok, "dobj") for p in _preps(o, {"on", "to"})]
            elif tok.lemma_ == "be" and tok.i >= trigger.sent_start and any(
                    c.lower_ == "behind" for c in _children(tok, "prep")):
                who = _children(tok, "nsubj")  # "ISIS cells were behind the attack"
            for subj in who:
                m = _mention_at(subj, by_token, mentions)
                r = res(m)
                if r is not None and r.cls == "named" and r.inter in (2, 3, 4):
                    return r
        return None

    def _suspected(self, doc: Doc, sent: list[Mention], agent: Resolved, res) -> Resolved | None:
        """A named group the sentence ties to unidentified attackers as a suspicion: 'gunmen (suspected TTP)',
        'gunmen suspected to be ISIS fighters', 'fighters believed to belong to al-Shabaab'."""
        for m in sent:
            if m.cls != "named":
                continue
            before = doc[max(0, m.start - 5):m.start]
            words = {t.lower_ for t in before}
            bracket = m.start > 0 and doc[m.start - 1].text == "(" and agent.span.end <= doc[m.start - 1].idx <= (
                agent.span.end + 1)
            if bracket or words & {"suspected", "believed", "presumed", "presumably", "allegedly", "likely"}:
                r = res(m)
                if r is not None and r.cls == "named" and r.inter in (2, 3, 4):
                    return r
        return None

    def _agent_elsewhere(self, doc: Doc, mentions: list[Mention], trigger: Trigger, res) -> Resolved | None:
        """No agent in the clause ('a convoy evacuated dozens of people'): the named actor that the report
        shows acting on people elsewhere ('the SDF continue to receive civilians'), most often, then nearest."""
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        votes: dict[str, list] = {}
        for m in mentions:
            if m.cls != "civilians" or trigger.sent_start <= m.start < trigger.sent_end:
                continue
            tok = doc[m.root]
            if tok.dep_ != "dobj":
                continue
            verb = tok.head
            while not _children(verb, "nsubj") and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
                verb = verb.head
            for subj in _children(verb, "nsubj"):
                found = _mention_at(subj, by_token, mentions)
                if found is None and subj.lower_ in PRONOUNS:
                    found = self._antecedent(doc, subj, [x for x in mentions if x.start < subj.i])
                r = res(found)
                if r is not None and r.cls in ("named", "state"):
                    votes.setdefault(r.name, []).append((abs(m.start - trigger.head), r))
        if not votes:
            return None
        best = max(votes.values(), key=lambda v: (len(v), -min(d for d, _ in v)))
        return min(best, key=lambda x: x[0])[1]

    def _victim_in(self, doc: Doc, sent: list[Mention], res, agent: Resolved | None) -> Resolved | None:
        """'2 policemen were killed when ...': whoever the sentence says was killed, wounded or hit."""
        for m in sent:
            tok = doc[m.root]
            while tok.dep_ in ("conj", "appos", "pobj", "prep") and tok.head.i != tok.i and tok.head.pos_ != "VERB":
                tok = tok.head
            if (tok.dep_ in ("nsubjpass", "dobj") and tok.head.lemma_ in HARM_VERBS | {"die", "attack", "ambush"}) or (
                    tok.dep_ == "nsubj" and tok.head.lemma_ in SUFFER_VERBS | {"die"}):
                r = res(m)
                if r is not None and (agent is None or r.name != agent.name):
                    return r
        return None

    def _crowd_control(self, state: Resolved, country: Country | None, when: date | None) -> Resolved:
        """'Security forces dispersed the crowd': ACLED codes generic security forces facing crowds as police."""
        words = set(state.span.text.lower().split())
        if (state.name.startswith("Military Forces of ") and "security" in words and not words & MILITARY_WORDS
                and state.name.count(" (") == 1):
            home = self.finder.countries.lookup(state.name.split(" of ", 1)[1].split(" (")[0].removeprefix("the "))
            return self.finder._state(home, "police", country, when, state.span, None)
        return state

    def _members_of(self, doc: Doc, sent: list[Mention], trigger: Trigger, res,
                    actor1: Resolved | None) -> Resolved | None:
        """The armed group the people acted on are said to belong to: 'suspected members of X', 'accused of
        belonging to X', 'X-affiliated men' (after the trigger, in its sentence)."""
        for m in sent:
            if m.cls != "named" or m.start <= trigger.head:
                continue
            before = {t.lower_ for t in doc[max(trigger.sent_start, m.start - 4):m.start]}
            after = doc[m.end].lower_ if m.end < len(doc) else ""
            if before & MEMBERSHIP_WORDS or after in ("-affiliated", "affiliated", "-linked", "members", "member"):
                r = res(m)
                if r is not None and r.cls == "named" and r.inter in (2, 3, 4) and (
                        actor1 is None or r.name != actor1.name):
                    return r
        return None

    def _holder(self, doc: Doc, sent: list[Mention], res, actor1: Resolved | None) -> Resolved | None:
        """The armed party the sentence says holds the place hit: 'an area held/controlled by X', 'X-held'."""
        for m in sent:
            tok = doc[m.root]
            verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "agent" else None
            held = verb is not None and verb.lemma_ in ("hold", "control", "occupy", "run", "besiege")
            held = held or (m.end < len(doc) and doc[m.end].text == "-" and m.end + 1 < len(doc)
                            and doc[m.end + 1].lower_ in ("held", "controlled", "run", "occupied"))
            if held:
                r = res(m)
                if r is not None and r.cls in ("named", "state") and (actor1 is None or r.name != actor1.name):
                    return r
        return None

    def _fired_from(self, doc: Doc, trigger: Trigger, country: Country | None) -> Country | None:
        """'fired/launched from <place in another country>': where an unattributed projectile came from."""
        for tok in doc[trigger.sent_start:trigger.sent_end]:
            if tok.lemma_ in ("fire", "launch", "shoot") and tok.pos_ == "VERB":
                for obj in _preps(tok, {"from"}):
                    text = " ".join(t.text for t in obj.subtree if t.dep_ != "det")
                    origin = self.finder.countries.lookup(text) or self.finder.countries.lookup(obj.text)
                    if origin is not None and (country is None or origin.name != country.name):
                        return origin
        return None

    def _mutual_identity(self, doc: Doc, trigger: Trigger, community: Resolved | None,
                         label: str | None) -> Resolved | None:
        """Both sides of a fight within one kind of community: 'inter-clan clashes', 'intercommunal fighting',
        'clashes between two tribes', 'rival clans fought'. None when the sentence does not say so."""
        sent = doc[trigger.sent_start:trigger.sent_end]
        hit = INTER_IDENTITY.search(sent.text)
        if hit is not None:
            kind = {"community": "Communal"}.get(hit.group(1).lower(), hit.group(1).capitalize())
            kind = IDENTITY_WORDS.get(kind.lower(), kind)
            span = CharSpan(sent.start_char + hit.start(), sent.start_char + hit.end(), hit.group(0))
            return Resolved(_group(f"Unidentified {kind} Militia", label), 4, span, cls="community")
        if community is not None:
            words = {t.lower_ for t in sent}
            plural = community.span.text.lower().endswith(("s", "men"))
            if plural and words & {"two", "rival", "feuding", "between", "each", "among"}:
                return community
        return None

    def _property_target(self, doc: Doc, trigger: Trigger) -> CharSpan | None:
        """The property a crowd attacked in the trigger's sentence: the object of 'vandalise', 'torch', 'loot',
        'damage', 'set fire to', or what they 'hurled stones at'; never the road they blocked or the tyres burnt."""
        for tok in doc[trigger.sent_start:trigger.sent_end]:
            if tok.pos_ != "VERB":
                continue
            lemma = tok.lemma_.lower()
            targets: list[Token] = []
            subj = _children(tok, "nsubj") + [p for a in _children(tok, "agent") for p in _children(a, "pobj")]
            if subj and not any(t.lower_ in PRONOUNS or self.finder._noun_class(t) is not None for t in subj):
                continue  # "pollution destroyed their crops", "crops destroyed by a storm": not the crowd's doing
            if not subj and _children(tok, "nsubjpass"):
                continue
            if lemma in DAMAGE_VERBS:
                targets = _with_conj(_children(tok, "dobj", "nsubjpass"))
            elif lemma in ("hurl", "throw", "pelt", "fire", "lob"):
                targets = _preps(tok, {"at", "on", "into", "toward", "towards"})
            elif lemma == "set" and any(c.lower_ == "fire" for c in tok.subtree):
                targets = _children(tok, "dobj") + _preps(tok, {"to"})  # "set X on fire", "set fire to X"
                targets = [t for t in targets if t.lower_ != "fire"]
                targets += [p for c in _children(tok, "dobj") if c.lower_ == "fire" for p in _preps(c, {"to"})]
            for t in targets:
                words = {t.lemma_.lower()} | {c.lemma_.lower() for c in t.children if c.dep_ == "compound"}
                if t.pos_ in ("NOUN", "PROPN") and not words & NOT_PROPERTY and t.ent_type_ not in ("GPE", "LOC"):
                    return CharSpan(t.idx, t.idx + len(t.text), t.text)
        return None

    def _each_other(self, doc: Doc, trigger: Trigger) -> bool:
        words = doc[trigger.sent_start:trigger.sent_end].text.lower()
        return "each other" in words or "one another" in words

    def _state_in(self, sent: list[Mention], res) -> Resolved | None:
        for m in sent:
            r = res(m)
            if r is not None and r.cls == "state":
                return r
        return None

    def _initiator(self, doc: Doc, trigger: Trigger, mentions: list[Mention], res,
                   names: tuple[str, str]) -> str | None:
        """Which of the two sides the report says started it: the subject of the first 'attack', 'ambush',
        'raid', 'open fire' in the trigger's sentence and the two around it; the side that 'shot back' did not."""
        if names[0] == names[1]:
            return None
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        sents = list(doc.sents)
        idx = next((k for k, sn in enumerate(sents) if sn.start <= trigger.head < sn.end), None)
        if idx is None:
            return None
        for sn in [sents[idx]] + sents[idx + 1:idx + 3] + sents[max(0, idx - 1):idx]:
            for tok in sn:
                if tok.pos_ != "VERB":
                    continue
                back = any(c.lower_ == "back" for c in _children(tok, "advmod", "prt")) or any(
                    o.lower_ == "retaliation" for o in _preps(tok, {"in"}))
                starts = tok.lemma_ in INITIATING_VERBS or (tok.lemma_ == "open" and any(
                    c.lemma_ == "fire" for c in _children(tok, "dobj")))
                if not (starts or (back and tok.lemma_ in ("shoot", "fire", "hit", "strike"))):
                    continue
                for subj in _children(tok, "nsubj"):
                    m = _mention_at(subj, by_token, mentions)
                    r = res(m) if m is not None else None
                    if r is not None and r.name in names:
                        if back:
                            return names[1] if r.name == names[0] else names[0]
                        return r.name
        return None

    def _defends(self, doc: Doc, trigger: Trigger) -> bool:
        tok = doc[trigger.head]
        for _ in range(3):
            if tok.lemma_.lower() in DEFENSIVE_VERBS:
                return True
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return False

    def _other(self, sent: list[Mention], res, actor1: Resolved | None, skip_state: bool = False) -> Resolved | None:
        for m in sent:
            r = res(m)
            if r is None or r.cls in ("civilians", "assoc") or (skip_state and r.cls == "state" and r.inter == 1):
                continue
            if actor1 is None or r.name != actor1.name:
                return r
        return None


@Language.factory(
    "ew_actors",
    assigns=["doc._.ew_actors"],
    requires=["doc._.ew_triggers", "doc._.ew_places", "doc._.ew_dates"],
    default_config={"extra_actors": ""},
)
def make_actors(nlp: Language, name: str, extra_actors: str) -> ActorsComponent:
    """actor1/actor2 (+ assoc actors and inter codes) for every trigger; `extra_actors` extends the list."""
    return ActorsComponent(nlp, extra_actors=extra_actors)


# a country's own money is local evidence ("the depreciation of the Lebanese pound"); the dollar is quoted everywhere
_LOCAL_MONEY = frozenset({"pound", "lira", "currency", "price", "exchange", "rate"})


def _names_foreign_thing(ent) -> bool:
    """The country word qualifies the dollar, hardware or foreigners ("the US dollar", "a Turkish drone",
    "the French embassy"): it says nothing about where the event was."""
    return qualifies_foreign_thing(ent, keep=_LOCAL_MONEY)
