"""ACLED and PLOVER vocabularies and coding rules (from the public codebooks).

See ``docs/event-schema`` in the shared docs: six event types, 25 sub-event types, the
disorder types, actor ``inter`` codes, the fatality conventions and the date precision
rules.  Everything here is general; nothing is specific to a document.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dateline.language.lexicons import NUMBER_WORDS

# sub-event type -> event type, in ACLED's precedence order (the first listed wins)
SUB_EVENT_TYPES: dict[str, str] = {
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Armed clash": "Battles",
    "Excessive force against protesters": "Protests",
    "Protest with intervention": "Protests",
    "Peaceful protest": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
PRECEDENCE = {name: i for i, name in enumerate(SUB_EVENT_TYPES)}
#: which sub-event type a day's reports of one event take: ACLED's precedence, except that a
#: demonstration in which the demonstrators were violent is a riot whatever else was reported
#: of it (a march, police intervening): "Violent demonstration" first in its family
MERGE_RANK = {
    name: i
    for i, name in enumerate(
        sorted(
            SUB_EVENT_TYPES,
            key=lambda n: (
                PRECEDENCE["Excessive force against protesters"] - 0.5
                if n == "Violent demonstration"
                else PRECEDENCE[n]
            ),
        )
    )
}
#: sub-event types whose events can be one real event (each strategic development is its own)
_FAMILY: dict[str, str] = {
    "Government regains territory": "territory",
    "Non-state actor overtakes territory": "territory",
    "Non-violent transfer of territory": "territory",
    "Armed clash": "battle",
    "Excessive force against protesters": "protest",
    "Protest with intervention": "protest",
    "Peaceful protest": "protest",
    "Violent demonstration": "protest",
    "Mob violence": "riot",
    "Chemical weapon": "remote",
    "Air/drone strike": "remote",
    "Suicide bomb": "remote",
    "Shelling/artillery/missile attack": "remote",
    "Remote explosive/landmine/IED": "remote",
    "Grenade": "remote",
    "Sexual violence": "civilians",
    "Attack": "civilians",
    "Abduction/forced disappearance": "civilians",
}


#: families of events where a crowd faces the state's forces (a report may name one side)
CROWD_FAMILIES = frozenset({"protest", "riot"})
#: ACLED's names of a state's forces ("Military Forces of Syria (2000-)", "Police Forces of Kenya")
STATE_FORCE_NAME = re.compile(r"^(?:Military|Police) Forces of ")


def family(sub_event_type: str) -> str:
    """The family of a sub-event type (events of one family can be one real event)."""
    return _FAMILY.get(sub_event_type, sub_event_type)


EVENT_TYPES = tuple(dict.fromkeys(SUB_EVENT_TYPES.values()))


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return "Political violence"
    if event_type == "Riots":
        return "Political violence" if sub_event_type == "Mob violence" else "Demonstrations"
    if event_type == "Protests":
        return "Demonstrations"
    return "Strategic developments"


# actor kind -> ACLED inter code
INTER_CODES = {
    "state_forces": 1,
    "government": 1,
    "police": 1,
    "armed_group": 2,
    "rebel_group": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: the two inter codes, smaller first (single actor: code × 10)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


# PLOVER category and mode for each sub-event type
PLOVER: dict[str, tuple[str, str | None]] = {
    "Government regains territory": ("ASSAULT", "firearms"),
    "Non-state actor overtakes territory": ("ASSAULT", "firearms"),
    "Armed clash": ("ASSAULT", "firearms"),
    "Excessive force against protesters": ("ASSAULT", "beat"),
    "Protest with intervention": ("PROTEST", "demo"),
    "Peaceful protest": ("PROTEST", "demo"),
    "Violent demonstration": ("PROTEST", "riot"),
    "Mob violence": ("ASSAULT", "primitive"),
    "Chemical weapon": ("ASSAULT", "heavy-weapons"),
    "Air/drone strike": ("ASSAULT", "heavy-weapons"),
    "Suicide bomb": ("ASSAULT", "suicide-attack"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"),
    "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"),
    "Attack": ("ASSAULT", "firearms"),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"),
    "Agreement": ("AGREE", None),
    "Arrests": ("COERCE", "arrest"),
    "Change to group/activity": ("MOBILIZE", None),
    "Disrupted weapons use": ("COERCE", "confiscate"),
    "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("ASSAULT", "destroy"),
    "Non-violent transfer of territory": ("RETREAT", "withdraw"),
    "Other": ("MOBILIZE", None),
}

# ---------------------------------------------------------------------------------------
# fatalities
_VAGUE = {
    "scores": 20,
    "dozens": 12,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "several": 10,
    "many": 10,
    "numerous": 10,
    "a few": 3,
    "few": 3,
    "some": 3,
    "a dozen": 12,
    "a handful": 3,
}
_WORD_NUM = {**NUMBER_WORDS, "hundred": 100, "dozen": 12}


def parse_quantity(text: str) -> int | None:
    """Number from digits, number words or ACLED's vague quantities ("dozens" → 12)."""
    t = text.lower().strip()
    t = re.sub(
        r"^(?:at least|more than|over|nearly|almost|about|around|some|up to|roughly|an estimated)\s+",
        "",
        t,
    )
    m = re.match(r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand)?", t)
    if m:
        try:
            n = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        mult = {"million": 1_000_000, "thousand": 1000}.get(m.group(2) or "", 1)
        return int(n * mult)
    for k, v in sorted(_VAGUE.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(k):
            return v
    words = t.replace("-", " ").split()
    if words and words[0] in _WORD_NUM:
        total = _WORD_NUM[words[0]]
        if len(words) > 1 and words[1] in _WORD_NUM and _WORD_NUM[words[1]] < 10:
            total += _WORD_NUM[words[1]]
        return total
    return None


# ---------------------------------------------------------------------------------------
# dates
def acled_date(value: str, anchor: date | None) -> tuple[str | None, int | None]:
    """ACLED event_date and time_precision for a TIMEX3 value.

    Day → precision 1; week or a span of up to about a week → its middle, precision 2;
    month → the 15th, precision 3; anything vaguer → (None, None) (ACLED does not code it).
    """
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", 1
    m = re.match(r"^(\d{4})-W(\d{2})", value)
    if m:
        d = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 4)
        return d.isoformat(), 2
    m = re.match(r"^(\d{4})-(\d{2})$", value)
    if m:
        return f"{m.group(1)}-{m.group(2)}-15", 3
    m = re.match(r"^P(\d+|X)D$", value)
    if m and anchor is not None:
        n = 3 if m.group(1) == "X" else int(m.group(1))
        if n <= 8:
            return (anchor - timedelta(days=max(1, n // 2 + n % 2))).isoformat(), 2
        if n <= 31:
            return (anchor - timedelta(days=n // 2)).isoformat(), 3
    m = re.match(r"^P(\d+|X)W$", value)
    if m and anchor is not None and m.group(1) in ("1", "X"):
        return (anchor - timedelta(days=4)).isoformat(), 2
    return None, None


_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|SP|SU|FA|WI))?$")
_PERIOD_END = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "Q4": (12, 31), "H1": (6, 30)}
_PERIOD_END |= {"H2": (12, 31), "SP": (5, 31), "SU": (8, 31), "FA": (11, 30), "WI": (12, 31)}


def period_end(value: str) -> date | None:
    """The last day of a TIMEX3 period vaguer than a month (a year, quarter, half, season or
    decade), None for other values."""
    if re.fullmatch(r"\d{3}", value):  # a decade: "199"
        return date(int(value) * 10 + 9, 12, 31)
    m = _PERIOD.match(value)
    if not m:
        return None
    year, part = int(m.group(1)), m.group(2)
    month, day = _PERIOD_END.get(part or "", (12, 31))
    return date(year, month, day)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def date_interval(event_date: str | None, time_precision: int | None) -> tuple[date, date] | None:
    """The days an ACLED date with its precision may denote (None when undated)."""
    if not event_date:
        return None
    try:
        d = date.fromisoformat(event_date[:10])
    except ValueError:
        return None
    if time_precision == 1:
        return d, d
    if time_precision == 3:
        start = d.replace(day=1)
        nxt = (start + timedelta(days=32)).replace(day=1)
        return start, nxt - timedelta(days=1)
    return d - timedelta(days=6), d + timedelta(days=6)
