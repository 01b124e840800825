"""Reference dates from every source of evidence a page offers, in an explicit order of trust.

The page stages (``dateline.textpage.v1``, ``dateline.htmlpage.v1``) collect
:class:`Evidence` — each a date as found, with what it tells (a full date, a month, a
month and day without a year) and where it came from — and :func:`choose` picks the
publication (reference) date from them:

=============  =========================================================================
``hint``       a date handed over by the reader (JSONL ``"published"``)
``meta``       the page's markup (JSON-LD, ``<meta>``, ``<time>``, htmldate)
``line``       a visible publication line ("Published: …", then " date 2016-12-12")
``dateline``   the story's dateline ("MOSCOW, March 29 —"), often without a year
``url``        a date in the URL path (``/2016/12/11/``, ``/2013/may/03/``, ``/20161211``,
               ``/150716/``, ``/2016/12/`` for a month)
``lead``       an explicit full date in the first one or two sentences of the story
``crawl``      the crawl time (WARC-Date): an upper bound, and the last resort
=============  =========================================================================

Nothing is invented: a year-less dateline takes its year from other evidence (the URL's
year, the crawl date, the hint's year — the most recent that does not put the date after
the crawl) or stays month/day-only; evidence dated after the crawl is set aside.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from dateline.records import Article

log = logging.getLogger(__name__)

#: the order of trust, most trusted first
TRUST: tuple[str, ...] = ("hint", "meta", "line", "dateline", "url", "lead", "crawl")

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" + (
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: years accepted as publication years
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Evidence:
    """One date found on or about a page."""

    source: str  # one of TRUST
    value: str  # the text as found
    year: int | None
    month: int | None
    day: int | None = None
    dt: datetime | None = None  # the full datetime when the source gives a time
    has_time: bool = False
    has_offset: bool = False
    label: str = ""  # a finer name of the source (e.g. "meta:article:published_time")

    @property
    def precision(self) -> str:
        """minute | day | month | month_day | year."""
        if self.year is None:
            return "month_day"
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "minute" if self.has_time else "day"

    @property
    def date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    @property
    def datetime(self) -> datetime | None:
        if self.dt is not None:
            return self.dt
        d = self.date
        return datetime(d.year, d.month, d.day) if d else None


def parse_loose(text: str) -> datetime | None:
    """A date in free text ("Monday | December 12, 2016 | 12:15 AM"), by dateutil's fuzzy
    parser; None when it finds none (no year, or nothing parsable).  A zone abbreviation
    dateutil does not know ("PDT", "IST": several zones share some) leaves the time naive,
    quietly: the zone is never guessed."""
    from dateutil import parser as du_parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", du_parser.UnknownTimezoneWarning)
        try:
            dt = du_parser.parse(text, fuzzy=True, default=datetime(1900, 1, 1))
        except (ValueError, OverflowError) as e:
            log.debug("unparsable date %r: %s", text, e)
            return None
    return None if dt.year == 1900 else dt


def _valid(y: int | None, m: int, d: int | None) -> bool:
    if y is not None and not MIN_YEAR <= y <= MAX_YEAR:
        return False
    try:
        date(y if y is not None else 2000, m, d or 1)  # 2000 is a leap year: Feb 29 passes
    except ValueError:
        return False
    return True


def from_datetime(
    dt: datetime, source: str, value: str, *, has_time: bool, has_offset: bool = False
) -> Evidence:
    return Evidence(
        source=source,
        value=value,
        year=dt.year,
        month=dt.month,
        day=dt.day,
        dt=dt,
        has_time=has_time,
        has_offset=has_offset,
    )


# --- the URL -------------------------------------------------------------------------------

_SEP = r"[/\-_]"
_END = r"(?=/|$|[\-_.])"
_URL_YMD = re.compile(rf"(?<![\d])((?:19|20)\d{{2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}}){_END}")
_URL_YMONTHD = re.compile(rf"/((?:19|20)\d{{2}})/({_MONTH})/(\d{{1,2}}){_END}", re.I)
_URL_COMPACT = re.compile(r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_DDMMYY = re.compile(r"/(\d{2})(\d{2})(\d{2})(?=/|$|\.html?$)")
_URL_YM = re.compile(rf"/((?:19|20)\d{{2}})/(0?[1-9]|1[0-2]|{_MONTH})(?=/|$)", re.I)


def _month_of(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return MONTHS.get(token.lower().rstrip("."))


def url_date(url: str | None, upper: datetime | None = None) -> Evidence | None:
    """The date in a URL's path, or None (only URLs; dates after ``upper`` are not taken).

    Full dates: ``yyyy/mm/dd`` (or ``-``/``_`` separated), ``yyyy/mon/dd``, ``yyyymmdd``,
    and ``ddmmyy`` as a whole path segment only when its day cannot be read as a month
    (no day/month swap); a ``yyyy/mm`` (or ``yyyy/mon``) folder gives the month.
    """
    if not url or "://" not in url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    bound = upper.date() + timedelta(days=1) if upper is not None else None

    def ok(y: int | None, m: int | None, d: int | None) -> bool:
        if m is None or not _valid(y, m, d):
            return False
        if bound is not None and y is not None and date(y, m, d or 1) > bound:
            return False
        return True

    for rx in (_URL_YMD, _URL_YMONTHD, _URL_COMPACT):
        for m in rx.finditer(path):
            y, mo, d = int(m.group(1)), _month_of(m.group(2)), int(m.group(3))
            if ok(y, mo, d):
                return Evidence("url", m.group(0), y, mo, d, label="url")
    for m in _URL_DDMMYY.finditer(path):
        d, mo, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = 2000 + yy
        swapped_valid = d != mo and _valid(y, d, mo)  # the same digits read as mmddyy
        if ok(y, mo, d) and not swapped_valid:
            return Evidence("url", m.group(0), y, mo, d, label="url ddmmyy")
    for m in _URL_YM.finditer(path):
        y, mo = int(m.group(1)), _month_of(m.group(2))
        if ok(y, mo, None):
            return Evidence("url", m.group(0), y, mo, None, label="url month")
    return None


def is_url_line(line: str) -> bool:
    """A line that is only a URL (some scraped stores keep the page's URL as its first line)."""
    return bool(re.fullmatch(r"\s*(?:https?://|www\.)\S+\s*", line, re.I))


# --- the dateline --------------------------------------------------------------------------

_DATELINE_DATE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?)"
    rf",?\s+(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\.?)"
    r"(?:,?\s+(?P<y>(?:19|20)\d{2}))?"
    r"\s*(?:\([A-Za-z .\-]{2,30}\)\s*)?(?:[-–—]{1,2}|:)\s",
    re.I,
)


def dateline_date(first_paragraph: str) -> Evidence | None:
    """The date of a dateline opening the story ("MOSCOW, March 29 —", "PARIS, 3 May 2016 -").

    The place must start with a capital letter (the pattern is otherwise case-blind only
    for month names); the year is often absent (``Evidence.year`` None).
    """
    m = _DATELINE_DATE.match(first_paragraph)
    if not m or not m.group("place")[:1].isupper():
        return None
    if m.group("place").split()[0].lower().rstrip(".,") in MONTHS:
        return None  # "March 29, 2016 - ..." is a date, not a place
    mo = _month_of(m.group("m1") or m.group("m2"))
    d = int(m.group("d1") or m.group("d2"))
    y = int(m.group("y")) if m.group("y") else None
    if mo is None or not _valid(y, mo, d):
        return None
    return Evidence("dateline", m.group(0).strip(" -–—:"), y, mo, d, label="dateline")


# --- the lead ------------------------------------------------------------------------------

_LEAD_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d{{2}})"
    r"|(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b",
    re.I,
)
_ABBREV_END = re.compile(
    rf"(?:\b{_MONTH}|\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|No))\.$", re.I
)


def lead_sentences(text: str, n: int = 2) -> str:
    """The first ``n`` sentences of ``text`` (a light splitter: abbreviations do not end one)."""
    end = 0
    count = 0
    for m in re.finditer(r"[.!?][\"”’']?(?=\s+[\"“‘']?[A-Z0-9])|\n\s*\n", text):
        if _ABBREV_END.search(text[max(0, m.start() - 12) : m.start() + 1]):
            continue
        end = m.end()
        count += 1
        if count >= n:
            return text[:end]
    return text


def lead_date(body: str, upper: datetime | None = None) -> Evidence | None:
    """The first explicit full date (day, month and year) in the first two sentences.

    A weekday or a month alone is not a date; a date after ``upper`` is not taken.
    """
    lead = lead_sentences(body[:1500])
    for m in _LEAD_DATE.finditer(lead):
        if m.group("y3"):
            y, mo, d = int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))
        else:
            y = int(m.group("y1") or m.group("y2"))
            mo = _month_of(m.group("m1") or m.group("m2")) or 0
            d = int(m.group("d1") or m.group("d2"))
        if not _valid(y, mo, d):
            continue
        if upper is not None and date(y, mo, d) > upper.date() + timedelta(days=1):
            continue
        return Evidence("lead", m.group(0), y, mo, d, label="lead")
    return None


# --- a date given as a value (a reader's hint) --------------------------------------------


def parse_value(value: str | None, source: str) -> Evidence | None:
    """A date given as a value (ISO 8601 or a written date) as evidence, or None.

    ``2016-12`` is a month; a value without a year is not taken (the reader's hints are
    whole dates).
    """
    v = (value or "").strip()
    if not v or not re.search(r"\d", v):
        return None
    m = re.fullmatch(r"((?:19|20)\d{2})-(\d{2})", v)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return Evidence(source, v, y, mo, None, label=source) if _valid(y, mo, None) else None
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        loose = parse_loose(v)
        if loose is None:
            return None
        dt = loose
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", v))
    return from_datetime(dt, source, v, has_time=has_time, has_offset=dt.tzinfo is not None)


# --- the crawl time ------------------------------------------------------------------------


def text_evidence(
    first_paragraph: str | None, urls: Sequence[str | None], upper: datetime | None
) -> list[Evidence]:
    """The evidence both page stages read from the story itself: the first paragraph's
    dateline, the first of ``urls`` that carries a date, and the lead's explicit date."""
    found: list[Evidence | None] = []
    if first_paragraph:
        found.append(dateline_date(first_paragraph))
    found.append(next((u for u in (url_date(x, upper) for x in urls) if u is not None), None))
    if first_paragraph:
        found.append(lead_date(first_paragraph, upper))
    return [e for e in found if e is not None]


def crawl_time(value: str | None) -> datetime | None:
    """The crawl time (WARC-Date, ISO 8601) as a naive UTC datetime, or None."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = (dt - (dt.utcoffset() or timedelta(0))).replace(tzinfo=None)
    return dt if MIN_YEAR <= dt.year <= MAX_YEAR else None


# --- choosing ------------------------------------------------------------------------------


def set_aside(evidence: list[Evidence], upper: datetime | None) -> tuple[str, ...]:
    """Notes on the evidence dated after ``upper`` (the crawl), which is not taken."""
    if upper is None:
        return ()
    bound = upper.date() + timedelta(days=1)
    return tuple(
        f"{e.source} date {e.value!r} is after the crawl time; set aside"
        for e in evidence
        if e.year is not None and e.month is not None and date(e.year, e.month, e.day or 1) > bound
    )


@dataclass(frozen=True)
class Choice:
    evidence: Evidence
    notes: tuple[str, ...] = ()


def _year_for(ev: Evidence, others: list[Evidence], upper: datetime | None) -> int | None:
    """The year of a year-less date: the most recent year of other evidence (URL, crawl,
    hint; and the year before the crawl) that does not put it after the upper bound."""
    years: set[int] = {
        o.year for o in others if o.source in ("hint", "url", "crawl") and o.year is not None
    }
    if upper is not None:
        years |= {upper.year, upper.year - 1}
    assert ev.month is not None and ev.day is not None
    for y in sorted(years, reverse=True):
        if not _valid(y, ev.month, ev.day):
            continue
        if upper is not None and date(y, ev.month, ev.day) > upper.date() + timedelta(days=1):
            continue
        return y
    return None


def choose(evidence: list[Evidence], upper: datetime | None = None) -> Choice | None:
    """The most trusted evidence (order :data:`TRUST`), dates after ``upper`` set aside.

    ``upper`` is the crawl time: a publication cannot come after it (a day of slack is
    allowed for time zones). A year-less dateline is completed from other evidence or
    returned as it is (``precision == "month_day"``).
    """
    notes: list[str] = []
    ranked = sorted(evidence, key=lambda e: TRUST.index(e.source))
    bound = upper.date() + timedelta(days=1) if upper is not None else None
    for ev in ranked:
        if ev.year is None and ev.month is not None and ev.day is not None:
            y = _year_for(ev, evidence, upper)
            if y is None:
                return Choice(ev, tuple(notes))
            notes.append(f"year {y} of the {ev.source} date {ev.value!r} from other evidence")
            return Choice(replace(ev, year=y), tuple(notes))
        if ev.year is None or ev.month is None:
            continue
        if bound is not None and date(ev.year, ev.month, ev.day or 1) > bound:
            notes.append(f"{ev.source} date {ev.value!r} is after the crawl time; set aside")
            continue
        return Choice(ev, tuple(notes))
    return None


#: sources whose choice is stated in the warnings (a weaker kind of evidence)
_WEAK = frozenset({"dateline", "url", "lead", "crawl"})


def set_reference(article: Article, choice: Choice) -> None:
    """Record the chosen evidence's source and what it cannot tell (month, month/day).

    Full dates (``day``/``minute``) are written by the page stage itself, with its time
    zone rules; here a month gives ``published = "YYYY-MM"`` and no ``published_date``,
    and a month/day without a year gives neither (the warning says which day it was).
    """
    ev = choice.evidence
    article.published_source = ev.source
    article.published_precision = ev.precision
    if ev.source in _WEAK:
        article.warnings.append(f"publication date from the {ev.source}: {ev.value!r}")
    if ev.precision == "month" and ev.year is not None and ev.month is not None:
        article.published = f"{ev.year:04d}-{ev.month:02d}"
        article.published_date = None
        article.warnings.append(
            f"publication month only ({article.published}); relative dates stay unresolved"
        )
    elif ev.precision in ("month_day", "year"):
        article.published = None
        article.published_date = None
        article.warnings.append(
            f"publication date without a year ({ev.value!r}) and no other evidence gives one;"
            " relative dates stay unresolved"
        )
