"""Later mentions of an event: a noun that names an event the article already reports, as the
object of an inquiry, a commemoration, a compensation or a landmark, is a reference, not a new
event.

A follow-up report names its event again and again through what came after it: agents sent "to
investigate the bombings", "a reward for information on the explosion", "paid tribute to the
bombing victims", "the trial over the shooting", "in connection with the blasts", "the bomb-hit
embassy", "threats since the bombings". An ACLED coder reads such a phrase as the event the story
is about, never as another event of the day the investigation, the tribute or the trial is told:
the event is coded once, with the date, place and toll the article states for it. When the
article tells of the event only through such references, the coder still codes it once (the
first reference stands for it), and no further reference adds another row.

The rules read the spaCy parse:

* :func:`reference_head` — the event noun is the object of a verb of inquiry, commemoration or
  compensation ("investigate", "prosecute", "mourn", "compensate", and "condemn", a reaction
  that presupposes its event), or hangs, through a chain of
  noun and preposition phrases, from a noun of that kind or of what follows an event ("reward",
  "investigation", "trial", "tribute", "victims", "aftermath", "anniversary", "connection",
  "wake"); or it is a compound before such a noun ("bombing victims"); or it is the first part of
  a participle that describes a thing ("the bomb-hit embassy"); or the object of "since" (the
  event as a landmark of a state that lasts to now). A clause verb that is not of those kinds
  stops the climb: "killed in the blasts" tells the event itself;
* :func:`note` — a mention with such a head and no time of its own (:func:`anaphora.own_time`)
  is noted as a reference and left undated, so that :func:`anaphora.resolve` dates it by the
  event it refers to;
* :func:`fold` — after the article's events are read, a reference is folded into the event of
  its family the article reports in its own words (an earlier one first, else a later one) at a
  compatible place; with none, the first reference of the family is kept and the later ones are
  folded into it.
"""

from __future__ import annotations

import logging
from typing import Any

from dateline.events import anaphora
from dateline.events.lexicon import ALL_TRIGGERS, _lemma
from dateline.records import Article, Event, TimeExpr

log = logging.getLogger(__name__)

#: verbs whose object is an event already known: inquiry, commemoration, compensation and the
#: reactions that presuppose it ("condemned the bombings")
REFERRING_VERBS = {
    "investigate",
    "probe",
    "examine",
    "prosecute",
    "solve",
    "commemorate",
    "mourn",
    "remember",
    "honor",
    "honour",
    "compensate",
    "condemn",
    "denounce",
}
#: nouns of what follows an event (inquiry, justice, remembrance, reward, its victims)
REFERRING_NOUNS = {
    "investigation",
    "inquiry",
    "probe",
    "investigator",
    "reward",
    "tribute",
    "trial",
    "victim",
    "survivor",
    "aftermath",
    "anniversary",
    "memorial",
    "commemoration",
    "compensation",
    "connection",
    "wake",
}
REFERENCE = anaphora.REFERENCE
#: noun and preposition phrases climbed ("a reward for information leading to the arrest and
#: conviction of the man or men responsible for the explosion")
_MAX_CLIMB = 12


def reference_head(tok: Any) -> str | None:
    """The word that makes the event noun ``tok`` a reference (module doc), or None."""
    head = tok.head
    if tok.dep_ in ("compound", "nmod", "amod") and _lemma(head) in REFERRING_NOUNS:
        return head.text  # "bombing victims", "the shooting victims" (a gerund)
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    if (
        tok.tag_ == "VBG"
        and nxt is not None
        and nxt.head == tok
        and nxt.dep_ == "dobj"
        and _lemma(nxt) in REFERRING_NOUNS
    ):
        return nxt.text  # "tribute to bombing victims" misparsed as a gerund and its object
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.dep_ in ("npadvmod", "compound") and head.tag_ == "VBN" and head.dep_ == "amod":
        return head.text  # "the bomb-hit embassy"
    t = tok
    for _ in range(_MAX_CLIMB):
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        up = t.head
        if up.i == t.i:
            return None
        if t.dep_ == "pobj" and up.lower_ == "since":
            return up.text  # "threats since the bombings"
        if up.pos_ in ("NOUN", "PROPN") and _lemma(up) in REFERRING_NOUNS:
            return up.text
        if up.pos_ in ("VERB", "AUX"):
            if _lemma(up) in REFERRING_VERBS and t.dep_ in ("dobj", "prep"):
                return up.text
            if up.dep_ not in ("acl", "amod") or _lemma(up) in ALL_TRIGGERS:
                return None  # a clause of its own tells the event ("killed in the blasts")
        t = up
    return None


def note(trig: Any, doc: Any, texpr: TimeExpr | None) -> TimeExpr | None:
    """The time of a trigger after :func:`anaphora.mention_time`: none for a reference with no
    time of its own (noted for :func:`fold` and dated later by its antecedent)."""
    head = reference_head(trig.token)
    if head is None:
        return texpr
    if texpr is not None and (
        anaphora.in_phrase(trig.token, doc, texpr)
        or (anaphora.full_date(texpr) and anaphora.own_time(trig.token, doc, texpr))
    ):
        return texpr  # "the trial over the bombing of March 3, 2009": its own date
    # any other time of the sentence dates the inquiry, the tribute or the reward, not the event
    # ("sent agents to investigate the bombings … on Tuesday")
    if texpr is not None:
        trig.inferred.append(f"{texpr.text!r} dates another clause")
    trig.inferred.append(f"{REFERENCE} ({head!r})")
    if anaphora.UNDATED not in trig.inferred:
        trig.inferred.append(anaphora.UNDATED)
    return None


def _own_place(ref: Event, article: Article, doc: Any) -> bool:
    """The reference's place is named in its own phrase ("the bombing victims in Kirkuk", "the
    Africa bombings"), not in the clause of the inquiry or the tribute ("agents to investigate
    the bombings … no word in Washington")."""
    if ref.place is None or ref.trigger is None or ref.place >= len(article.places):
        return False
    span = doc.char_span(ref.trigger.start, ref.trigger.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.dep_ in ("compound", "amod", "nmod", "npadvmod") and tok.head.i != tok.i:
        tok = tok.head  # the noun the mention modifies: "the bomb-hit embassy in Dar es Salaam"
    place = article.places[ref.place]
    return tok.left_edge.idx <= place.start < tok.right_edge.idx + len(tok.right_edge)


def _place_agrees(ref: Event, own: bool, ev: Event) -> bool:
    """The reference's place does not tell another event's: not its own, the same, or a larger
    region that may hold the event's ("the Africa bombings": the one in Nairobi)."""
    if not own or ev.location is None or ref.location == ev.location:
        return True
    return ref.geo_precision == 3 and (ref.country is None or ref.country == ev.country)


def fold(events: list[Event], article: Article, doc: Any) -> None:
    """Fold, in place, the references into the events they refer to (module doc)."""
    told = [e for e in events if REFERENCE not in e.notes]
    kept: list[Event] = []
    first_ref: dict[str, Event] = {}
    for ev in events:
        if REFERENCE not in ev.notes:
            kept.append(ev)
            continue
        fam = anaphora.family(ev)
        own = _own_place(ev, article, doc)
        cands = [e for e in told if anaphora.family(e) == fam and _place_agrees(ev, own, e)]
        earlier = [e for e in cands if e.sentence <= ev.sentence]
        # the event told before it on the same day (the one the reference was dated by), else
        # the first the article tells of its family, else a later one
        same_day = [e for e in earlier if e.event_date == ev.event_date]
        pool = same_day or earlier or cands
        ante = pool[0] if pool else first_ref.get(fam)
        if ante is None:
            first_ref[fam] = ev
            kept.append(ev)
            continue
        if not ante.fatalities and ev.fatalities:
            ante.fatalities = ev.fatalities
        if ev.evidence_text not in ante.notes:
            ante.notes += f" | also: {ev.evidence_text}"
        log.debug(
            "reference in sentence %d is the event of sentence %d", ev.sentence, ante.sentence
        )
    events[:] = kept
