"""Definite (anaphoric) mentions of an event: dated by the event they refer to, not by the report.

A follow-up report tells of an earlier event again and again without a date of its own ("the
bombings", "the blasts", "Friday's attack"), and states its date once ("the Aug. 7 bombings").
A definite noun mention presupposes its event: it is the event the article already knows, not a
new one of the publication day. The rules here are syntactic:

* :func:`definite` — a noun trigger with a definite determiner ("the", "these", "both"), or a
  possessive ("Friday's attack", "its bombing"); an indefinite or bare noun ("a bomb exploded",
  "clashes erupted") introduces its event;
* :func:`own_time` — a time expression in the sentence belongs to a definite mention only when it
  is inside the mention's phrase ("the Aug. 7 bombings", "the blasts on Friday"), when the
  mention is the subject of the clause it dates ("the bombing happened on Friday"), or when it
  dates an event verb that governs the mention ("killed in the blasts on Friday"); "Iran on
  Saturday condemned the bombing" dates the condemnation, not the bombing; a *full* date (day,
  month and year written out) is the mention's when it stands right before the noun, however
  the parser hangs it ("the Aug. 7, 1998, bombings"), or when the clause it is attached to is in
  the present tense ("a team that is investigating the bombings which killed 224 people on
  Aug. 7, 1998"): a calendar day of the past cannot date what is going on now, it dates the
  past event the sentence tells of;
* :func:`resolve` — after the article's events are read, a definite mention that had no time of
  its own takes the date of the nearest event of its family the article dates explicitly
  (a time expression of its own), else of the one older event of its family the article dates to
  its day (and is an older event too); with none, it keeps its narrative or publication date but
  at no better than a week's precision (never the report's day as the day of the event).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from dateline.events.lexicon import ALL_TRIGGERS, _lemma
from dateline.records import Event, TimeExpr

log = logging.getLogger(__name__)

_DEFINITE = {"the", "this", "that", "these", "those", "both"}
# violent event types: "the attack" and "the blast" may tell of one event
_VIOLENT = {"Explosions/Remote violence", "Violence against civilians", "Battles"}
UNDATED = "definite mention with no date of its own"
_CONTEXT_DATES = ("date from the narrative context", "date from the publication date")


def definite(tok: Any) -> bool:
    """``tok`` (a trigger token) is a definite noun mention of an event."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in _DEFINITE:
            return True
        if c.dep_ == "poss":
            return True
    return False


#: verbs of the harm an event did: the time of "wounded in the blasts on Friday" is the blasts'
_HARMED = frozenset({"wound", "injure", "hurt", "maim"})


def own_time(tok: Any, doc: Any, texpr: TimeExpr) -> bool:
    """The time expression ``texpr`` dates the definite mention ``tok`` (see the module doc)."""
    sp = doc.char_span(texpr.start, texpr.end, alignment_mode="expand")
    if sp is None or in_phrase(tok, doc, texpr):
        return True
    root = sp.root
    full = full_date(texpr)
    # the clause the time attaches to: the nearest ancestor of the time that governs the mention
    mention_path = [tok, *tok.ancestors]
    governor = next((a for a in root.ancestors if a in mention_path), None)
    if governor is None:
        return False
    if full and _present(next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), governor)):
        return True  # "… is investigating the bombings which killed 224 people on Aug. 7, 1998"
    if _lemma(governor) in ALL_TRIGGERS or governor.lemma_.lower() in _HARMED:
        return True  # "killed in the blasts on Friday", "others wounded in the blasts on Friday"
    # the mention is the subject of the dated clause ("the bombing happened on Friday")
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.head == governor and t.dep_ in ("nsubj", "nsubjpass")


def in_phrase(tok: Any, doc: Any, texpr: TimeExpr) -> bool:
    """The time expression ``texpr`` is inside the phrase of the mention ``tok`` ("the blasts on
    Friday", "Friday's attack"), or is a full date right before it ("the Aug. 7, 1998,
    bombings", parsed as an apposition of the date)."""
    sp = doc.char_span(texpr.start, texpr.end, alignment_mode="expand")
    if sp is None:
        return False
    root = sp.root
    if tok.i in {a.i for a in root.ancestors} or tok.left_edge.i <= root.i <= tok.right_edge.i:
        return True
    return full_date(texpr) and _just_before(sp, tok)


def full_date(texpr: TimeExpr) -> bool:
    """A calendar day written out with its year ("Aug. 7, 1998", "7 August 1998")."""
    return bool(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", texpr.value or "") and re.search(r"\d{4}", texpr.text)
    )


def _just_before(span: Any, tok: Any) -> bool:
    """The date ``span`` stands right before the noun ``tok``: only punctuation, a determiner
    or the noun's own modifiers between them ("the Aug. 7, 1998, terrorist bombings")."""
    if span.end > tok.i:
        return False
    between = tok.doc[span.end : tok.i]
    return all(t.is_punct or t.head == tok or t.head.head == tok for t in between)


def _present(verb: Any) -> bool:
    """``verb`` heads a clause in the present tense ("heads", "is investigating")."""
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(tags & {"VBZ", "VBP"}) and "VBD" not in tags and "MD" not in tags


def family(ev: Event) -> str:
    return "violent" if ev.event_type in _VIOLENT else ev.event_type


def resolve(events: list[Event]) -> None:
    """Re-date, in place, the definite mentions that had no date of their own (module doc);
    a mention that refers back to an event the article told before it (same family, same
    date, an earlier sentence, no other place), or retells it in the past perfect with no date
    at its place, is that event, not another: it is removed, its
    toll given to the event it refers to when that one had none ("shot three people … the
    shooting")."""
    _redate(events)
    told: list[Event] = []
    kept: list[Event] = []
    for ev in events:
        ante = next((e for e in reversed(told) if _refers_to(ev, e)), None)
        if ante is None:
            kept.append(ev)
            if (not ev.background or ev.event_date) and REFERENCE not in ev.notes:
                told.append(ev)  # a reference is folded by dateline.events.references
            continue
        if not ante.fatalities and ev.fatalities:
            ante.fatalities = ev.fatalities
        log.debug(
            "definite mention in sentence %d is the event of sentence %d",
            ev.sentence,
            ante.sentence,
        )
    events[:] = kept


def _refers_to(ev: Event, e: Event) -> bool:
    """``ev`` tells again of ``e``, an event told in an earlier sentence of the article: a
    definite mention dated by it (same family and date, no other place), or the same family's
    event retold in the past perfect with no date at the same place ("an explosion in New York
    … Trump said that a bomb had gone off in New York")."""
    if e.sentence >= ev.sentence or family(e) != family(ev):
        return False
    if REFERS_BACK in ev.notes:
        return (
            e.event_date == ev.event_date
            and e.background == ev.background
            and (ev.location is None or e.location is None or ev.location == e.location)
        )
    return (
        RETOLD in ev.notes
        and not e.background
        and ev.location is not None
        and ev.location == e.location
    )


def _redate(events: list[Event]) -> None:
    dated = [
        e
        for e in events
        if e.time_expr is not None and e.event_date and not e.background and UNDATED not in e.notes
    ]
    # an older event the article dates to its day ("the bombings which killed 224 people on
    # Aug. 7, 1998"): the antecedent of its family's definite mentions when the article dates
    # no recent one and states no other old day for the family ("The bombs went off almost
    # simultaneously"); the mention is then an older event too
    old_days: dict[str, set[str]] = {}
    for e in events:
        if e.background and e.time_expr is not None and e.event_date and e.time_precision == 1:
            old_days.setdefault(family(e), set()).add(e.event_date)
    older = [
        e
        for e in events
        if e.background
        and e.time_expr is not None
        and e.time_precision == 1
        and len(old_days.get(family(e), ())) == 1
    ]
    for ev in events:
        if UNDATED not in ev.notes or ev.background or not ev.event_date:
            continue
        if not any(why in ev.notes for why in _CONTEXT_DATES):
            continue
        fam, day = family(ev), ev.event_date
        near = [e for e in dated if family(e) == fam and (e.event_date or "") <= day]
        if not near:
            near = [e for e in older if family(e) == fam]
            ev.background = bool(near)
        old = ev.event_date
        if near:
            # the most precise date the article states for the event, the nearest first
            ante = min(
                near,
                key=lambda e: (e.time_precision or 3, abs(e.sentence - ev.sentence), e.sentence),
            )
            ev.event_date, ev.time_precision = ante.event_date, ante.time_precision
            ev.year = int(ante.event_date[:4]) if ante.event_date else None
            why = f"date of the event it refers to (sentence {ante.sentence}); {REFERS_BACK}"
        else:
            ev.time_precision = max(ev.time_precision or 1, 2)
            why = "no dated antecedent: a week's precision"
        ev.notes = re.sub(r"^On \d{4}-\d{2}-\d{2}: ", f"On {ev.event_date}: ", ev.notes)
        ev.notes = ev.notes.rstrip("]") + f"; {why}]" if ev.notes.endswith("]") else ev.notes
        log.debug("definite mention re-dated %s -> %s: %s", old, ev.event_date, why)


#: the note of a definite mention dated by an earlier event of its family
REFERS_BACK = "refers back"
#: the note of an event told in the past perfect with no date (dateline.events.stage)
RETOLD = "background (past perfect) with no stated date"
#: the note of a mention under an inquiry, a tribute, a reward … (dateline.events.references)
REFERENCE = "a reference to an event the article reports"


def mention_time(
    trig: Any, doc: Any, texpr: TimeExpr | None, others: tuple[TimeExpr, ...] = ()
) -> TimeExpr | None:
    """The time of trigger ``trig`` (a ``_Trigger``): ``texpr`` unless the trigger is a definite
    mention that the time does not date, then a full date among ``others`` (the sentence's
    times) that dates it ("now heads the inquiry into the bombings … on March 3, 2009"); an
    undated definite mention is noted for :func:`resolve`."""
    if not definite(trig.token):
        return texpr
    if texpr is not None and not own_time(trig.token, doc, texpr):
        trig.inferred.append(f"{texpr.text!r} dates another clause")
        texpr = next(
            (t for t in others if full_date(t) and own_time(trig.token, doc, t)),
            None,
        )
    if texpr is None:
        trig.inferred.append(UNDATED)
    return texpr
