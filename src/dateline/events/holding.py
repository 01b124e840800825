"""How long a place was held: the start of a holding told as its length ("had spent 10 months").

A report of a place changing hands often says how long the loser had held it: "they were
expelled by Syrian and Russian forces nine months ago ... The militants had spent 10 months in
Palmyra".  The length, counted back from the change that ended the holding, dates the change
that began it: a background territory event of the loser, at month precision.

The rule (:func:`starts`) is syntactic: a verb of holding (:data:`HOLD_VERBS`: "spend",
"hold", "control", "occupy", "rule") governing a stated length (a duration time expression of
whole days, weeks, months or years, not "a few months") in a sentence that names a place; an
article territory event at that place whose loser (``actor2``) is the verb's subject: the
subject names it ("IS had held the city for ten months"), or is a generic word of the same
kind of actor (non-state: "the militants", "the rebels"; state: "the troops", "the army").
The new event gains the place for the loser, dated the length before the losing change, and
is a background mention (``background``): it never joins the news of the day.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import Any

from dateline.events import acled
from dateline.language.actors import same_actor
from dateline.records import Article, Event, Span

log = logging.getLogger(__name__)

HOLD_VERBS = frozenset({"spend", "hold", "control", "occupy", "rule"})
GAIN = {"Government regains territory", "Non-state actor overtakes territory"}
#: generic subject words by ACLED inter code of the actor they stand for
NON_STATE = frozenset(
    {"militant", "fighter", "rebel", "jihadist", "insurgent", "extremist", "group", "gunman"}
)
STATE = frozenset({"troop", "army", "force", "soldier", "military", "government", "regime"})
_DAYS = {"D": 1.0, "W": 7.0, "M": 30.44, "Y": 365.25}
NOTE = "start of a holding dated by its stated length"


def _subject_is(subject: Any, loser: str, inter: int | None) -> bool:
    words = {t.lemma_.lower() for t in subject.subtree}
    phrase = " ".join(t.text for t in subject.subtree)
    if same_actor(phrase, loser) or loser.casefold() in phrase.casefold():
        return True
    if inter == 1:
        return subject.lemma_.lower() in STATE or bool(words & {"troop", "army", "soldier"})
    return inter in (2, 3, 4) and subject.lemma_.lower() in NON_STATE


def starts(article: Article, doc: Any, events: list[Event]) -> list[Event]:
    """Background events for the start of holdings the article gives the length of."""
    out: list[Event] = []
    lost = [e for e in events if e.sub_event_type in GAIN and e.actor2 and e.event_date]
    if not lost:
        return out
    for t in article.times:
        m = re.fullmatch(r"P(\d+)([DWMY])", t.value or "")
        if t.type != "DURATION" or m is None or t.sentence is None:
            continue
        sp = doc.char_span(t.start, t.end, alignment_mode="expand")
        if sp is None:
            continue
        verb = next(
            (a for a in sp.root.ancestors if a.pos_ in ("VERB", "AUX") and a.lemma_ in HOLD_VERBS),
            None,
        )
        if verb is None:
            continue
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        sent = article.sentences[t.sentence]
        named = {p.geonameid for p in article.places if p.sentence == t.sentence}
        if subject is None or not named:
            continue
        for e in sorted(lost, key=lambda x: x.event_date or ""):
            place = article.places[e.place] if e.place is not None else None
            day_lost = e.event_date or ""
            if place is None or place.geonameid not in named or day_lost > sent_date(article):
                continue
            if not _subject_is(subject, e.actor2 or "", e.inter2):
                continue
            end = date.fromisoformat(day_lost[:10])
            n, unit = int(m.group(1)), m.group(2)
            begin = end - timedelta(days=round(_DAYS[unit] * n))
            day, tp = (begin.isoformat(), 1) if unit == "D" else (f"{begin:%Y-%m}-15", 3)
            sub = (
                "Government regains territory"
                if e.inter2 == 1
                else "Non-state actor overtakes territory"
            )
            text = article.text[sent.start : sent.end]
            out.append(
                e.model_copy(
                    deep=True,
                    update={
                        "event_id": "",
                        "event_date": day,
                        "year": int(day[:4]),
                        "time_precision": tp,
                        "event_type": acled.SUB_EVENT_TYPES[sub],
                        "sub_event_type": sub,
                        "actor1": e.actor2,
                        "inter1": e.inter2,
                        "actor2": None,
                        "inter2": None,
                        "assoc_actor_1": None,
                        "assoc_actor_2": None,
                        "interaction": acled.interaction(e.inter2, None),
                        "fatalities": 0,
                        "background": True,
                        "claimed_by": None,
                        "trigger": Span(start=verb.idx, end=verb.idx + len(verb)),
                        "trigger_text": verb.text,
                        "evidence": Span(start=sent.start, end=sent.end),
                        "evidence_text": text,
                        "sentence": t.sentence,
                        "time_expr": None,
                        "notes": f"On {day}: {text} [{NOTE}: {t.text} before {e.event_date}]",
                        "plover": None,
                        "confidence": None,
                    },
                )
            )
            break
    return out


def sent_date(article: Article) -> str:
    return article.published_date or "9999-12-31"
