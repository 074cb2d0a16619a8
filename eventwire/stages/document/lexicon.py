"""The document stage's data (data/document.jsonl): which sub-types one happening's mentions may carry,
which of them is the more precise telling, and the words that tie a mention back or set it apart."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...model import SUB_EVENT_TYPE_PARENT

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "document.jsonl"


class DocumentDataError(ValueError):
    pass


@dataclass(frozen=True)
class DocumentLexicon:
    # sub-type -> the names of the families it belongs to (mentions of one happening share a family)
    families: dict[str, frozenset[str]]
    # sub-type -> the sub-types that tell the same happening more precisely
    refinements: dict[str, frozenset[str]]
    deed_nouns: frozenset[str]
    harm_words: frozenset[str]  # a trigger of these words only tells a toll ("killed", "the bodies")
    toll_families: frozenset[str]  # the happenings a toll may belong to
    # force used at a demonstration: mentions of these sub-types, whose sides are all of these inter codes
    # (or unidentified), are part of a demonstration happening of the `force_at` sub-types
    force_sub_types: frozenset[str]
    force_inters: frozenset[int]
    force_at: frozenset[str]
    separate: re.Pattern[str]  # a sentence opening that announces another happening
    back_reference: re.Pattern[str]  # "in the attack", "during the fighting"

    def same_family(self, a: str | None, b: str | None) -> bool:
        if not a or not b:
            return False
        return a == b or bool(self.families.get(a, frozenset()) & self.families.get(b, frozenset()))

    def takes_toll(self, sub: str | None) -> bool:
        """A happening of this sub-type may be the one a toll ("two were killed") tells."""
        return bool(sub) and bool(self.families.get(sub, frozenset()) & self.toll_families)

    def at_demonstration(self, sub: str | None) -> bool:
        """A happening of this sub-type is a demonstration that force may be used at."""
        return sub in self.force_at

    def is_force(self, values: dict) -> bool:
        """Police or a crowd's violence at a demonstration ("police fired on the protesters", "clashes
        with the police"): no side of it is an organised armed group that is not the state's."""
        if values.get("sub_event_type") not in self.force_sub_types:
            return False
        for actor, inter in (("actor1", "inter1"), ("actor2", "inter2")):
            name, code = values.get(actor), values.get(inter)
            if name and code not in self.force_inters and not name.startswith("Unidentified"):
                return False
        return True

    def is_toll(self, trigger_text: str) -> bool:
        return any(w in self.harm_words for w in re.findall(r"[a-z]+", trigger_text.lower()))


def parse_document_lexicon(lines: list[str], source: str = "<document data>") -> DocumentLexicon:
    families: dict[str, set[str]] = {}
    refinements: dict[str, set[str]] = {}
    deed_nouns: set[str] = set()
    harm_words: set[str] = set()
    toll_families: set[str] = set()
    force: dict = {}
    separate: list[str] = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DocumentDataError(f"{where}: invalid JSON ({exc.msg})") from exc
        kind = rec.get("kind")
        if kind == "comment":
            continue
        if kind == "family":
            for sub in _sub_types(rec.get("sub_event_types"), where):
                families.setdefault(sub, set()).add(rec.get("name") or where)
        elif kind == "refine":
            (general,) = _sub_types([rec.get("general")], where)
            refinements.setdefault(general, set()).update(_sub_types(rec.get("specific"), where))
        elif kind == "separate":
            separate.extend(p.lower() for p in rec.get("phrases", []))
        elif kind == "deed_nouns":
            deed_nouns.update(w.lower() for w in rec.get("words", []))
        elif kind == "harm_words":
            harm_words.update(w.lower() for w in rec.get("words", []))
        elif kind == "toll":
            toll_families.update(rec.get("families", []))
        elif kind == "force":
            force = {"subs": _sub_types(rec.get("sub_event_types"), where), "inters": rec.get("inters", []),
                     "at": _sub_types(rec.get("at"), where)}
        else:
            raise DocumentDataError(f"{where}: unknown kind {kind!r}")
    known = {f for names in families.values() for f in names}
    unknown = toll_families - known
    if unknown:
        raise DocumentDataError(f"{source}: a toll names unknown families {sorted(unknown)}")
    opening = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(separate, key=len, reverse=True))
    nouns = "|".join(re.escape(w) for w in sorted(deed_nouns, key=len, reverse=True))
    return DocumentLexicon(
        families={k: frozenset(v) for k, v in families.items()},
        refinements={k: frozenset(v) for k, v in refinements.items()},
        deed_nouns=frozenset(deed_nouns),
        harm_words=frozenset(harm_words),
        toll_families=frozenset(toll_families),
        force_sub_types=frozenset(force.get("subs", ())),
        force_inters=frozenset(int(i) for i in force.get("inters", ())),
        force_at=frozenset(force.get("at", ())),
        separate=re.compile(rf"\W*(?:{opening})\b" if separate else r"(?!x)x", re.I),
        back_reference=re.compile(
            rf"\b(?:in|during|from)\s+(?:the|this|that)\s+(?:(?:same|latest|initial)\s+)?(?:{nouns})\b"
            if nouns else r"(?!x)x", re.I),
    )


def _sub_types(values: object, where: str) -> list[str]:
    if not isinstance(values, list) or not values:
        raise DocumentDataError(f"{where}: expected a list of ACLED sub-event types")
    unknown = [v for v in values if v not in SUB_EVENT_TYPE_PARENT]
    if unknown:
        raise DocumentDataError(f"{where}: unknown sub_event_type {unknown[0]!r}")
    return list(values)


@lru_cache(maxsize=4)
def load_document_lexicon(path: str | Path = DATA_FILE) -> DocumentLexicon:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentDataError(f"cannot read document data {path}: {exc}") from exc
    return parse_document_lexicon(text.splitlines(), source=str(path))
