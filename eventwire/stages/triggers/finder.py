"""The finder: lexicon hits in a parsed Doc, each with its modality and the parse features the
decision rules test (who acted, on whom, with what)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..base import FACTUAL
from .lexicon import CueEntry, Lexicon
from .syntax import (  # the parse helpers the finder is built on
    _ACT_CUES,
    _ANIMALS,
    _CAUSE_MARKS,
    _CLAUSE_BREAKS,
    _CROWD_CLAUSE_CUES,
    _DEMAND_CUES,
    _HARM_LEMMAS,
    _LETHAL_CUES,
    _LETHAL_VERBS,
    _MOTIVE_CUES,
    _NOBODY,
    _OBJ_DEPS,
    _PERSON_ENDINGS,
    _PURPOSE_OK,
    _REFLEXIVES,
    _RIOT_CUES,
    _VICTIM_LEMMAS,
    _WEAPON_CUES,
    Hit,
    _agent_tokens,
    _anaphoric_verdict,
    _arg_tokens,
    _armed_with,
    _by_means,
    _dated,
    _in_cause_clause,
    _keys,
    _long_ago,
    _many_times,
    _members,
    _participants,
    _plural,
    _speaker,
)


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
                    if token.dep_ == "amod" and (entry.cue in _ACT_CUES or token.tag_ == "VBN"):
                        continue  # a participle describing a noun ("the besieged town", "the blockaded strip") is no event
                    if entry.cue == "fight" and token.dep_ == "compound" and token.head.pos_ == "NOUN":
                        continue  # a noun that names a kind of thing: "a currency exchange office", "battle tank"
                    if entry.cue == "protest" and token.dep_ == "compound" and token.head.pos_ == "NOUN" \
                            and not any(k in self.lex.words for k in _keys(token.head)):
                        continue  # "protest leaders", "the protest movement": people or a cause, no protest held
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
                and not self._accident_agent(doc[h.head])
                and not (h.cue in _WEAPON_CUES and (self._inventoried(doc[h.head]) or self._carried(doc[h.head])))
                and not (h.cue == "attack" and self._verbal(doc[h.head]))]
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
            if x.dep_ == "conj" and x.pos_ in ("VERB", "AUX") and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in x.children):
                break  # "X has not reacted, but police used tear gas": a clause with its own subject
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
        # "from fleeing government forces": the parser may hang the forces on the participle
        took_from = [t for p in token.children if p.dep_ == "prep" and p.lower_ == "from" for c in p.children
                     for t in ([c] if c.dep_ == "pobj" else [d for d in c.children if d.dep_ == "dobj"]
                               if c.dep_ == "pcomp" else [])]
        if cue in ("territory_gain", "territory_regain") and any(
                self.noun_class(t, agent=False) == "armed" for t in took_from):
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

    def mob_agent(self, token: Token) -> bool:
        """ "community members / villagers assaulted the suspects": crowd justice, not a crime report."""
        agents = [t for t in _agent_tokens(token) if _plural(t)]
        agents += [m for t in agents for m in _members(t)]  # "a group of citizens"
        return any(self.in_list(t, "mob") or any(self.in_list(c, "mob") for c in t.children
                                                 if c.dep_ in ("compound", "amod"))
                   for t in agents)

    def _inventoried(self, token: Token) -> bool:
        """A weapon named as what someone holds, finds or lists ("the cache included four mortar shells",
        "police recovered two grenades"): an object, not a weapon in use."""
        x = token
        for _ in range(6):
            if x.dep_ in ("dobj", "attr", "nsubjpass") and self.in_list(x.head, "inventory_verbs"):
                return True
            if x.dep_ not in ("conj", "appos", "compound", "amod", "pobj", "prep", "nmod") or x.head is x:
                return False
            x = x.head
        return False

    def _verbal(self, token: Token) -> bool:
        """Words that attack ("banners with messages attacking the authorities", "a statement attacked
        the army"): criticism, not violence."""
        agents = list(_agent_tokens(token))
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
            agents.append(token.head)
        return any(self.in_list(t, "verbal_agents") for t in agents)

    def _carried(self, token: Token) -> bool:
        """ "vehicles laden with IEDs", "a truck loaded with rockets": what someone came with, not a
        weapon that went off (the blast, if any, has its own word)."""
        x = token
        while x.dep_ in ("conj", "appos", "compound") and x.head is not x:
            x = x.head
        return x.dep_ == "pobj" and x.head.lower_ == "with" and self.in_list(x.head.head, "carried_with")
