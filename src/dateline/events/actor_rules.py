"""Event actors: the entities a trigger's arguments refer to, their ACLED names and inter codes."""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from dateline.events import attackers, reporters
from dateline.events.lexicon import (
    _ARMED_VICTIM,
    _CIVILIAN,
    _GROUND,
    ACTOR_KINDS,
    SPELLS,
    _lemma,
    _Trigger,
)
from dateline.events.reading import EventReading
from dateline.language import actors
from dateline.language.entities import dateline_end
from dateline.language.lexicons import DEMONYMS
from dateline.records import Entity

log = logging.getLogger(__name__)


#: people who can act: the lexicon's victims and fighters, and the usual words for one attacker
_PERSON = re.compile(
    rf"(?:{_CIVILIAN.pattern}|{_ARMED_VICTIM.pattern}|\b(?:man|woman|gunman|shooter|suspect|"
    r"attacker|assailant|killer|youth|teenager|employee|worker)\b)",
    re.I,
)


#: actor kinds that are arrested, never arrest
_ARRESTED_KINDS = ("protesters", "rioters", "civilians")

#: collective nouns whose "of" phrase says who they are: "a group of gunmen", "a band of rebels"
_COLLECTIVE = frozenset(
    "group band gang crowd squad team unit contingent column party detachment cell".split()
)


def _quantity(tok: Any) -> bool:
    """A noun that counts the people of its "of" phrase: "dozens", "hundreds", "scores"."""
    return tok.pos_ == "NUM" or tok.lower_ in ("dozens", "hundreds", "thousands", "scores")


class ActorRules(EventReading):
    """Actors of a trigger."""

    # ------------------------------------------------------------------ actors
    def _mentions_between(self, start: int, end: int) -> list[int]:
        return [e for _, e in self._mentions_at_between(start, end)]

    def _mentions_at_between(self, start: int, end: int) -> list[tuple[int, int]]:
        """(start offset, entity index) of the mentions inside ``[start, end)``."""
        return [(s, e) for s, en, e in self.mention_at if s >= start and en <= end]

    def _entity_for(self, tok: Any) -> Entity | None:
        """The entity a token (or the noun phrase it heads) refers to."""
        lo = min(t.idx for t in tok.subtree) if tok.pos_ in ("NOUN", "PROPN") else tok.idx
        hi = tok.idx + len(tok)
        cands = [
            (s, e, ent)
            for s, e, ent in self.mention_at
            if s <= tok.idx < e or (lo <= s and e <= hi)
        ]
        if (
            not cands
            and tok.pos_ == "PRON"
            and tok.lower_ in ("they", "them", "its", "their")  # "it" is mostly a place
        ):
            before = [(s, ent) for s, _e, ent in self.mention_at if s < tok.idx]
            for _s, ent in reversed(before):
                if self.article.entities[ent].kind in ACTOR_KINDS:
                    return self.article.entities[ent]
            return None
        if tok.ent_type_ == "PERSON":
            # "Secretary of State Madeleine Albright": the office in a person's title is no actor
            office = {
                g.idx
                for c in tok.children
                if c.i < tok.i and c.dep_ in ("compound", "nmod")
                for p in c.subtree
                if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.subtree
            }
            cands = [c for c in cands if c[0] not in office]
        for _s, _e, ent in sorted(cands, key=lambda c: c[1] - c[0]):
            e = self.article.entities[ent]
            if e.kind in ACTOR_KINDS or e.kind == "organization":
                return e
        return None

    def _actors(self, trig: _Trigger) -> tuple[list[Entity], list[Entity]]:
        tok = trig.token
        agents: list[Entity] = []
        patients: list[Entity] = []

        def add(lst: list[Entity], t: Any) -> None:
            e = self._entity_for(self._members(t) or t)
            if e is not None and e not in lst:
                lst.append(e)
            for c in t.children:
                if c.dep_ == "conj":
                    add(lst, c)
                elif e is None and c.dep_ == "prep" and c.lower_ == "of" and _quantity(t):
                    # "arrested dozens of protesters": the people counted
                    for g in c.children:
                        if g.dep_ == "pobj":
                            add(lst, g)

        subj_holder = tok
        hops = 0
        while (
            hops < 4
            and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in subj_holder.children)
            and subj_holder.dep_
            in ("advcl", "xcomp", "conj", "acl", "pcomp", "relcl", "ccomp", "prep")
        ):
            subj_holder = subj_holder.head
            hops += 1
        for c in subj_holder.children:
            if c.dep_ == "nsubj":
                add(agents, c)
            elif c.dep_ == "nsubjpass":
                add(patients, c)
            elif c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        add(agents, g)
        if tok.dep_ == "relcl":
            add(agents, tok.head)
        holder = tok
        while holder.dep_ == "conj":
            holder = holder.head
        if holder.dep_ == "nsubj" and tok.pos_ in ("NOUN", "PROPN"):
            for c in holder.head.children:
                if c.dep_ == "dobj":
                    add(patients, c)
        for c in tok.children:
            if c.dep_ in ("dobj", "attr") and tok.pos_ == "VERB":
                add(patients, c)
            elif c.dep_ in ("poss", "compound", "amod", "nmod") and tok.pos_ in ("NOUN", "PROPN"):
                if c.dep_ == "compound" and any(
                    _GROUND.fullmatch(x.text)
                    for x in tok.children
                    if x.dep_ == "compound" and c.i <= x.i < tok.i
                ):
                    continue  # "the Kraft plant shooting": where it happened, not who did it
                if c.dep_ == "compound" and not self._modifier_actor(c):
                    continue  # "the Chelsea explosion", "the embassy blasts": where, or whom
                add(agents, c)
                kind_actor = None if self._entity_for(c) else attackers.modifier_actor(c)
                if kind_actor is not None:
                    agents.append(kind_actor)  # "the rebel attack": an actor of that kind
                if c.text in DEMONYMS:
                    # "Russian warplanes", "Syrian troops": the country's military
                    name = f"Military Forces of {DEMONYMS[c.text]}"
                    e = self._entity_by_name(name) or Entity(
                        id=-1, canonical=name, label="GROUP", kind="state_forces"
                    )
                    if e not in agents:
                        agents.append(e)
                if c.lower_ == "government" and self.country:
                    gov = self._entity_by_name(f"Military Forces of {self.country}")
                    if gov is not None and gov not in agents:
                        agents.append(gov)
            elif c.dep_ == "prep" and c.lower_ in ("from", "against", "with", "on", "between"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        add(patients, g)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    if g.dep_ == "pobj":
                        add(agents, g)
        for v in attackers.clause_victims(tok):
            add(patients, v)  # "attacked a market, killing 12 civilians"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and _lemma(tok.head.head) in SPELLS:
            # "the second day of an offensive by the security forces against villages": the
            # phrases of the spell are the event's
            for c in tok.head.head.children:
                role = {"by": agents, "against": patients}.get(c.lower_)
                if c.dep_ == "prep" and role is not None:
                    for g in c.children:
                        if g.dep_ == "pobj":
                            add(role, g)
        # no subject found (a bad parse): the nearest actor before the trigger; not for a
        # passive trigger ("she was arrested"), whose subject is the one it was done to
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in subj_holder.children)
        if not agents and not passive:
            told = reporters.speaker_spans(tok)  # "police said the bombing …": the source
            near = self._mentions_at_between(tok.sent.start_char, tok.idx)
            for s, eid in reversed(near):
                cand = self.article.entities[eid]
                if any(a <= s < b for a, b in told):
                    if cand.kind in ACTOR_KINDS and cand not in patients:
                        trig.inferred.append(reporters.SOURCE_ONLY)  # skipped, not forgotten
                    continue
                if cand.kind in ACTOR_KINDS and cand not in patients:
                    agents.append(cand)
                    trig.inferred.append("actor1 from the nearest actor before the trigger")
                    break
        agents = [a for a in agents if a not in patients] or agents
        if trig.sub == "Arrests":
            # a crowd or civilians are the arrested, never the arrester ("protesters were
            # arrested", a bad parse's subject): they are actor2, the police actor1
            held = [a for a in agents if a.kind in _ARRESTED_KINDS]
            agents = [a for a in agents if a not in held]
            patients += [h for h in held if h not in patients]
            if patients and not agents:
                # "protesters were arrested": by the police unless the sentence says otherwise
                agents = [Entity(id=-1, canonical="police", label="GROUP", kind="police")]
                trig.inferred.append("the unnamed arrester: the police")
        return agents, patients

    def _members(self, tok: Any) -> Any | None:
        """The noun of a collective noun's "of" phrase when it names an actor: "a group of about
        200 gunmen" are gunmen, "a band of rebels" rebels; the collective word itself names
        nobody."""
        if tok.lemma_.lower() not in _COLLECTIVE:
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj" and self._entity_for(g) is not None:
                        return g
        return None

    def _modifier_actor(self, c: Any) -> bool:
        """Whether a noun modifier of an event noun names who acted: an actor ("the rebel
        attack", "the police raid", "Syrian troops").  A place ("the Chelsea explosion") says
        where, and an organisation with no armed or state side ("the U.S. Embassy blasts", a
        bank, a clinic) is mostly the target: neither is the perpetrator."""
        if c.text in DEMONYMS:
            return True
        if c.ent_type_ in ("GPE", "LOC", "FAC"):
            return False
        ent = self._entity_for(c)
        return ent is None or ent.kind in ACTOR_KINDS

    def _person_subject(self, tok: Any) -> bool:
        """Whether verb ``tok``'s subject (through coordination and participle clauses, or the
        noun a "who" clause hangs on) is a person or an actor: an actor or organisation
        entity, a PERSON name, "he"/"she", a noun
        with a "who" clause ("a man who was fired … shot three people"), or a person noun of
        the lexicon ("a gunman", "the suspect").  An earthquake that "killed six people" is
        none."""
        holder = tok
        for _ in range(4):
            if any(c.dep_ == "nsubj" for c in holder.children) or holder.dep_ not in (
                "conj",
                "advcl",
                "xcomp",
            ):
                break
            holder = holder.head
        subj = next((c for c in holder.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.tag_ == "WP" and holder.dep_ == "relcl":
            return True  # "the woman who shot three co-workers"
        if subj is None:
            return False
        if subj.lower_ in ("he", "she") or subj.ent_type_ == "PERSON":
            return True
        ent = self._entity_for(subj)
        if ent is not None and (ent.kind in ACTOR_KINDS or ent.kind == "organization"):
            return True  # "the Indian Navy … apprehending 26 pirates"
        who = any(
            c.dep_ == "relcl" and any(g.tag_ in ("WP", "WP$") for g in c.children)
            for c in subj.children
        )
        return subj.pos_ in ("NOUN", "PROPN") and (who or bool(_PERSON.fullmatch(subj.text)))

    def _unnamed_attack(self, tok: Any) -> tuple[list[Entity], list[Entity]]:
        """Actors of a deliberate attack whose attacker and victims no actor names: an active
        violent verb with a noun subject and a person object ("a man who was fired walked in
        and shot three people"): an unidentified attacker and civilians (ACLED's form).
        Passive or object-less uses ("were killed in a crash") stay without actors."""
        if tok.pos_ != "VERB" or any(c.dep_ == "auxpass" for c in tok.children):
            return [], []
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if not objs or not any(_CIVILIAN.fullmatch(o.text) for o in objs):
            return [], []
        if not self._person_subject(tok):
            return [], []  # "the temblor killed six people": no attacker
        victims = Entity(id=-1, canonical="civilians", label="GROUP", kind="civilians")
        return [attackers.unidentified()], [victims]

    def _entity_by_name(self, name: str) -> Entity | None:
        return next((e for e in self.article.entities if e.canonical == name), None)

    def _event_country(self) -> str | None:
        votes: Counter[str] = Counter()
        skip = dateline_end(self.article)
        for p in self.article.places:
            sec = self.article.section_of(p.start)
            if p.country and sec is not None and sec.kind == "body" and p.start >= skip:
                votes[p.country] += 2 if p.feature == "city" else 1
        return votes.most_common(1)[0][0] if votes else None

    @staticmethod
    def _actor_name(ent: Entity | None, country: str | None) -> str | None:
        return actors.export_name(ent.canonical, ent.kind, country) if ent is not None else None

    def _assoc(self, ents: list[Entity], country: str | None, taken: set[str | None]) -> list[str]:
        names = [self._actor_name(e, country) for e in ents]
        return [n for n in dict.fromkeys(names) if n is not None and n not in taken]

    def _inter(self, ent: Entity | None, country: str | None) -> int | None:
        if ent is None:
            return None
        group = actors.lookup(ent.canonical)
        if group is not None:
            return group.inter
        name = ent.canonical.lower()
        if ent.kind in ("state_forces", "government"):
            m = re.match(r"(?:military forces|government) of (.+)", ent.canonical, re.I)
            if m and country and m.group(1) != country:
                return 8
            return 1
        if ent.kind == "armed_group":
            return 3 if re.search(r"militia|gunm[ae]n", name) else 2
        if ent.kind == "police":
            m = re.match(r"police forces of (.+)", ent.canonical, re.I)
            return 8 if m and country and m.group(1) != country else 1
        kind_codes = {"protesters": 6, "rioters": 5, "civilians": 7}
        if ent.kind in kind_codes:
            return kind_codes[ent.kind]
        if re.search(r"protester|demonstrator|activist|marcher", name):
            return 6
        if re.search(r"rioter|mob", name):
            return 5
        if re.search(r"civilian|resident|villager|people|worker|student|journalist", name):
            return 7
        if re.search(r"police", name):
            return 1
        if re.search(r"rebel|insurgent|opposition|militant", name):
            return 2
        if re.search(r"militia", name):
            return 3
        return 8 if ent.kind == "organization" else None
