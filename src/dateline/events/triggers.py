"""Event triggers: the trigger words of a sentence, their ACLED sub-event type, and whether they
happened (negation, modality, intention, quotes)."""

from __future__ import annotations

import logging
import re
from typing import Any

from dateline.events import acled, weapon_kind
from dateline.events.actor_rules import ActorRules
from dateline.events.arson import deliberate_fire
from dateline.events.lexicon import (
    _GROUND,
    _MODALS,
    _NEG_GOVERNORS,
    ABDUCT,
    AGREE,
    AIR,
    ALL_TRIGGERS,
    ARREST,
    CHEM,
    CLASH,
    DESTROY,
    DISRUPT,
    EXPEL,
    GRENADE,
    IED,
    KILL,
    MOBILIZE,
    PROTEST,
    RIOT,
    SEXUAL,
    SHELL,
    SPELLS,
    TERRITORY_GAIN,
    TRANSFER,
    WEAK_EXPEL,
    _lemma,
    _Trigger,
    fired,
)
from dateline.events.seizures import seized_objects, weapons_seized
from dateline.events.trigger_context import not_an_event
from dateline.records import Entity

log = logging.getLogger(__name__)


class TriggerRules(ActorRules):
    """Finding and classifying triggers."""

    # ------------------------------------------------------------------ triggers
    def _triggers(self, span: Any) -> list[_Trigger]:
        out: list[_Trigger] = []
        text = span.text.lower()
        seized: set[int] = set()  # what the security forces found: no bombing of its own
        for tok in span:
            lem = _lemma(tok)
            low = tok.lower_
            if deliberate_fire(tok) and not self._in_direct_quote(tok.idx) and self._realis(tok):
                out.append(_Trigger(token=tok, sub="Looting/property destruction", lemma="arson"))
                continue
            if (
                weapons_seized(tok, self._kind_of)
                and not self._in_direct_quote(tok.idx)
                and self._realis(tok)
            ):
                out.append(_Trigger(token=tok, sub="Disrupted weapons use", lemma=lem))
                seized |= seized_objects(tok)
                continue
            if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ") and not (
                tok.pos_ == "AUX" and lem in ALL_TRIGGERS
            ):
                continue
            if lem not in ALL_TRIGGERS and low not in ALL_TRIGGERS and not low.startswith("re-"):
                continue
            if low in ("according", "accordingly") or self._in_direct_quote(tok.idx):
                continue
            if (
                tok.pos_ in ("NOUN", "PROPN")
                and tok.dep_ == "pobj"
                and tok.head.lower_ == "of"
                and tok.head.head.pos_ == "NOUN"
                and _lemma(tok.head.head) not in SPELLS
            ):
                # "gains of the counteroffensive": a reference, not an event report; but "the
                # second day of an offensive" tells of it going on
                continue
            if not_an_event(tok, self.article) is not None:
                continue  # a name, a month, a question, a modifier, an aim, a figure of speech
            sub = weapon_kind.refine(tok, self._classify(tok, lem, text), self._kind_of)
            if sub is None or not self._realis(tok):
                continue
            out.append(_Trigger(token=tok, sub=sub, lemma=lem))
        out = [t for t in out if t.token.i not in seized]
        # one trigger per token head: drop nominal modifiers of a stronger trigger ("air raids" → raids)
        seen: set[int] = set()
        subs: set[str] = set()
        result = []
        for t in sorted(out, key=lambda t: (acled.PRECEDENCE.get(t.sub, 0), t.token.i)):
            if t.token.i in seen:
                continue
            seen.add(t.token.i)
            subs.add(t.sub)
            if t.token.dep_ == "compound" and t.token.head.i in {x.token.i for x in out}:
                continue
            result.append(t)
        if any(
            t.sub not in ("KILL",)
            and acled.SUB_EVENT_TYPES.get(t.sub, "Battles")
            in ("Battles", "Explosions/Remote violence")
            for t in result
        ):
            result = [t for t in result if t.sub != "KILL"]
        return sorted(result, key=lambda t: t.token.i)

    def _kind_of(self, tok: Any) -> str | None:
        ent = self._entity_for(tok)
        return ent.kind if ent is not None else None

    def _classify(self, tok: Any, lem: str, sent_text: str) -> str | None:
        low = tok.lower_
        mods = (
            {c.lower_ for c in tok.children}
            | {tok.head.lower_}
            | {tok.nbor(-1).lower_ if tok.i > 0 else ""}
        )
        if lem in CHEM or low in CHEM:
            return "Chemical weapon" if re.search(r"gas|weapon|attack|agent", sent_text) else None
        if "suicide" in mods or (
            lem in {"bomber", "bombing", "attack"}
            and "suicide" in sent_text[max(0, tok.idx - 40) :]
        ):
            if "suicide" in sent_text:
                return "Suicide bomb"
        if lem in GRENADE:
            return "Grenade"
        if lem in AIR or low in AIR or {"air", "aerial", "drone", "warplanes", "jets"} & mods:
            if lem in {"strike", "raid", "bomb", "bombing", "attack"} and not (
                {"air", "aerial", "drone", "airstrike"} & mods
                or "warplane" in sent_text
                or "jet" in sent_text
                or "aircraft" in sent_text
            ):
                if lem == "raid":
                    return "Armed clash"
                if lem not in {"bomb", "bombing"}:
                    return None
                if re.search(r"roadside|car bomb|explosive|ied|landmine", sent_text):
                    return "Remote explosive/landmine/IED"
                return (
                    "Air/drone strike"
                    # whole words: "Nairobi" holds "air", "subject" holds "jet"
                    if re.search(r"\b(?:\w*planes?|jets?|aircraft|air)\b", sent_text)
                    else "Remote explosive/landmine/IED"
                )
            return "Air/drone strike"
        if lem in {"raid"} and {"air"} & mods:
            return "Air/drone strike"
        if lem in SHELL or low in SHELL:
            if lem == "shell" and tok.pos_ == "NOUN" and not self._fired(tok):
                return None  # "bought a shotgun and shells": ammunition, not a bombardment
            return "Shelling/artillery/missile attack"
        if lem in IED or low in IED:
            return "Remote explosive/landmine/IED"
        if lem in ABDUCT or low in ABDUCT:
            return "Abduction/forced disappearance"
        if lem in SEXUAL:
            return "Sexual violence"
        if lem in PROTEST:
            if tok.pos_ == "NOUN" and lem == "march" and "protest" not in sent_text:
                return None
            if re.search(
                r"tear ?gas|disperse|water cannon|rubber bullet|baton|arrested protesters|detained protesters",
                sent_text,
            ):
                return "Protest with intervention"
            if re.search(
                r"(?:killed|shot|shooting|opened fire on)\s+(?:\w+\s+){0,3}(?:protesters|demonstrators)",
                sent_text,
            ):
                return "Excessive force against protesters"
            return "Peaceful protest"
        if lem in RIOT:
            if lem == "loot" and not re.search(r"\b(mob|rioters|crowd|protesters)\b", sent_text):
                return "Looting/property destruction"
            return (
                "Violent demonstration"
                if re.search(r"protest|demonstrat", sent_text)
                else "Mob violence"
            )
        if lem in ARREST:
            return "Arrests"
        if lem in AGREE:
            if lem == "deal" and tok.pos_ == "VERB":
                return None
            if lem == "agree" and not re.search(
                r"ceasefire|truce|deal|agreement|accord|withdraw|peace", sent_text
            ):
                return None
            return "Agreement"
        if lem in MOBILIZE:
            return "Other"
        if lem in DESTROY:
            if lem == "blow" and "up" not in {c.lower_ for c in tok.children}:
                return None
            return "Looting/property destruction"
        if lem in DISRUPT:
            return (
                "Disrupted weapons use"
                if re.search(r"bomb|mine|explosive|missile|rocket|device|weapon", sent_text)
                else None
            )
        if lem in TRANSFER:
            if lem in {"withdraw", "hand", "cede", "handover"} and re.search(
                r"hand(?:ed|s|ing)? over|ceded?|peacefully|agreement|deal", sent_text
            ):
                return "Non-violent transfer of territory"
            return None
        if lem in TERRITORY_GAIN or low.startswith(
            ("retak", "recaptur", "reoccup", "seiz", "captur")
        ):
            if lem == "fall" and not any(
                c.dep_ == "prep" and c.lower_ == "to" for c in tok.children
            ):
                return None
            if lem == "control" and not ({"take", "seize", "gain", "wrest"} & {tok.head.lemma_}):
                return None
            if not self._object_is_ground(tok):
                # "the navy captured 23 pirates": people taken are arrested (by the state)
                # or abducted; "police seized a shotgun": things taken are no event here
                return self._people_taken(tok)
            return "TERRITORY"
        if lem in EXPEL:
            if lem in {"drive", "push"} and not any(
                c.lower_ in {"out", "back", "from"} for c in tok.children
            ):
                return "Armed clash" if lem == "push" and tok.pos_ == "NOUN" else None
            if lem in WEAK_EXPEL and not self._place_in(tok):
                return (
                    "Armed clash"  # pushed back from a perimeter: fighting, not a territory change
                )
            return "EXPEL"
        if lem in KILL:
            return "KILL"
        if lem in CLASH or low.startswith(("re-enter", "reenter")):
            if lem == "advance" and tok.pos_ != "NOUN":
                return None
            if lem in {"enter", "re-enter", "reenter"} or low.startswith("re-"):
                if low.startswith("re-") and not low.startswith(
                    ("re-enter", "re-take", "re-captur")
                ):
                    return None
                return "Armed clash" if self._has_armed_subject(tok) else None
            return "Armed clash"
        return None

    def _same_thread(self, trig: _Trigger) -> bool:
        """Is the trigger's first actor the actor of the story told so far?"""
        agents, _ = self._actors(_Trigger(token=trig.token, sub=trig.sub, lemma=trig.lemma))
        return not agents or agents[0].canonical == self._thread_actor

    def _protest_actors(
        self, span: Any, sub: str, agents: list[Entity]
    ) -> tuple[list[Entity], list[Entity]]:
        """Protesters are the first actor of a protest; police the second where they intervene."""
        in_sent = [
            self.article.entities[e] for e in self._mentions_between(span.start_char, span.end_char)
        ]
        crowd = [e for e in in_sent if e.kind in ("protesters", "rioters")]
        if not crowd:
            crowd = [e for e in agents if e.kind not in ("police", "state_forces")]
        if not crowd:
            crowd = [
                e for e in in_sent if e.kind == "civilians" or e.canonical.startswith("Civilians")
            ]
        police = [e for e in in_sent if e.kind in ("police", "state_forces")]
        first = crowd[:1]
        if not first or (
            first[0].kind not in ("protesters", "rioters") and first[0].kind != "organization"
        ):
            # "hundreds of residents held a protest": they are protesters for ACLED; a crowd
            # nobody names ("fresh riots were reported") is ACLED's generic one, never the police
            label = "Rioters" if sub == "Violent demonstration" else "Protesters"
            name = f"{label} ({self.country})" if self.country else label
            first = [Entity(id=-1, canonical=name, label="GROUP", kind=label.lower())]
        second = police[:1] if sub != "Peaceful protest" else []
        return first, second

    def _in_direct_quote(self, offset: int) -> bool:
        """Direct quotes carry reactions and claims; events are coded from the reporting text."""
        return any(
            q.kind == "direct" and q.content.start <= offset < q.content.end
            for q in self.article.quotes
        )

    @staticmethod
    def _fired(tok: Any) -> bool:
        return fired(tok)

    def _people_taken(self, tok: Any) -> str | None:
        """Arrests or an abduction when a capture verb's object is an actor (a mention of an
        entity that is not a place), by who takes them; None for things."""
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        taken = self._entity_for(obj) if obj is not None else None
        if taken is None or taken.kind in (None, "place"):
            return None
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is not None and subj.dep_ == "agent":
            subj = next((c for c in subj.children if c.dep_ == "pobj"), None)
        taker = self._entity_for(subj) if subj is not None else None
        if taker is not None and taker.kind in ("state_forces", "police", "government"):
            return "Arrests"
        return "Abduction/forced disappearance" if taker is not None else None

    def _object_is_ground(self, tok: Any) -> bool:
        """Whether what a capture verb takes is ground: its object (or passive subject)
        names a place or any proper name (spaCy-sm labels many towns PERSON), a place noun
        ("the town", "army positions", a base), or is not said.  Things and people named by
        common nouns are not territory ("seized a shotgun", "captured 23 pirates")."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objs:
            return True
        art = self.article
        for o in objs:
            # the noun phrase itself ("the town of Baiji"), not a clause or a place beside it
            # ("pirates who tried to board a ship in the Gulf of Aden", "soldiers near Kirkuk")
            skip = {
                t.i
                for c in o.children
                if c.dep_ in ("relcl", "acl", "advcl") or (c.dep_ == "prep" and c.lower_ != "of")
                for t in c.subtree
            }
            sub = [t for t in o.subtree if t.i not in skip]
            lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
            if any(lo <= p.start < hi for p in art.places):
                return True
            if o.ent_type_ in ("GPE", "LOC", "FAC"):
                return True
            if o.pos_ == "PROPN":
                return True  # a name the gazetteer does not know ("overran Tal Hawsa")
            if o.pos_ == "PRON" or _GROUND.search(art.text[lo:hi]):
                return True
        return False

    def _place_in(self, tok: Any) -> bool:
        """A populated place inside the trigger's phrase ("out of <town>")."""
        sub = list(tok.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
        return any(lo <= p.start < hi and p.feature == "city" for p in self.article.places)

    def _has_armed_subject(self, tok: Any) -> bool:
        for c in list(tok.children) + list(tok.head.children):
            if c.dep_ in ("nsubj", "nsubjpass"):
                ent = self._entity_for(c)
                if ent is not None and ent.kind in ("armed_group", "state_forces"):
                    return True
        left = self._mentions_between(tok.sent.start_char, tok.idx)
        return any(self.article.entities[e].kind in ("armed_group", "state_forces") for e in left)

    def _realis(self, tok: Any) -> bool:
        """False for negated, hypothetical or merely intended events."""
        chain = [tok, *list(tok.ancestors)[:3]]
        for i, t in enumerate(chain):
            kids = list(t.children)
            if any(c.dep_ == "neg" for c in kids):
                return False
            if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in kids) and i <= 1:
                return False
            if (
                i >= 1
                and _lemma(t) in _NEG_GOVERNORS
                and not any(c.dep_ in ("advcl", "parataxis") for c in chain[:i])
            ):
                # "refused to attack", "thwarted an attack" — but not an adverbial clause
                # of what was done ("thwarted the attack, apprehending 26 pirates")
                return False
            if i >= 1 and t.dep_ in ("det",) and t.lower_ == "no":
                return False
        if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return False
        # "there was no sign that ..." / "unlikely to ..."
        for t in tok.ancestors:
            if any(
                c.lower_ in ("no", "unlikely")
                for c in t.children
                if c.dep_ in ("det", "acomp", "neg")
            ):
                return False
        return True
