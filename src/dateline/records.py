"""The central typed record, :class:`Article`, and the span-bearing records it carries.

Every extracted item carries ``start``/``end`` character offsets (Python ``str``
indices, end-exclusive) into :attr:`Article.text` and the index of the sentence
it came from (``sentence``, into :attr:`Article.sentences`).  Provenance is the
product: an event can always be traced back to the characters that support it.

The clean text is laid out as sections: the story body (paragraphs separated by
blank lines) first, then each photo caption as its own section.  ``Article.body``
returns only the body.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    start: int
    end: int


class Section(Span):
    kind: Literal["body", "caption"]
    index: int = 0


class Paragraph(Span):
    section: int = 0


class Sentence(Span):
    paragraph: int | None = None
    section_kind: Literal["body", "caption"] = "body"


class Rejection(Record):
    """Why a document (or a part of it) was not kept."""

    code: str
    reason: str
    stage: str | None = None


class Chrome(Record):
    """A line of the raw page recognised as site chrome and removed from the story."""

    text: str
    kind: str  # date_stamp | unrelated_headline | navigation | share | publication_line | byline | other
    reason: str


class RawInput(Record):
    content: str
    format: Literal["text", "html", "warc", "jsonl"] = "text"
    uri: str | None = None
    fetched_at: str | None = None
    last_modified: str | None = None  # HTTP Last-Modified (ISO 8601, UTC): the page existed then
    encoding: str | None = None


class Mention(Span):
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, GROUP, ...
    sentence: int
    entity: int | None = None  # index into Article.entities


class Role(Record):
    title: str
    organization: str | None = None
    source: Literal["premodifier", "apposition", "relative", "other"] = "other"
    start: int | None = None
    end: int | None = None


class Entity(Record):
    """One real-world actor or thing: its mentions merged under a canonical name."""

    id: int
    canonical: str
    label: str
    kind: str | None = (
        None  # person | organization | armed_group | government | place | group | nationality
    )
    aliases: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    mentions: list[int] = Field(default_factory=list)  # indexes into Article.mentions


class Quote(Record):
    kind: Literal["direct", "indirect", "mixed"]
    content: Span
    content_text: str
    cue: Span | None = None
    cue_text: str | None = None
    speaker: Span | None = None
    speaker_text: str | None = None
    speaker_entity: int | None = None
    speaker_name: str | None = None  # canonical name (resolved from pronouns where possible)
    speaker_kind: Literal["person", "group", "organization", "unknown"] = "unknown"
    speaker_title: str | None = None
    sentence: int
    sentences: list[int] = Field(default_factory=list)


class TimeExpr(Span):
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str  # TIMEX3 value, e.g. 2016-12-11, 2016-03, P10M, PRESENT_REF
    precision: str | None = (
        None  # day | week | month | quarter | year | decade | century | time | none
    )
    mod: str | None = None  # TIMEX3 mod: BEFORE, AFTER, START, END, MID, APPROX, ...
    bound: Literal["before", "after", "by", "since"] | None = None
    anchor: str | None = None  # the reference date used (ISO)
    sentence: int | None = None
    # calibrated probability that ``value`` is right (dateline.time.confidence); None for
    # French pages and without a model
    probability: float | None = None


class Place(Span):
    text: str
    name: str
    geonameid: int | None = None
    feature: Literal["city", "admin1", "admin2", "country", "region", "continent", "other"] = "city"
    country: str | None = None
    country_code: str | None = None
    iso_numeric: int | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    score: float | None = None
    sentence: int | None = None
    # calibrated probability that the coordinates are within 161 km of the place meant
    # (dateline.places.confidence); None without a model or for the population baseline
    probability: float | None = None


class Plover(Record):
    category: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    size: int | None = None
    dead: int | None = None
    injured: int | None = None


class Event(Record):
    """An event in ACLED's schema, mapped to PLOVER, with its evidence."""

    event_id: str
    event_date: str | None
    year: int | None = None
    time_precision: int | None = None
    disorder_type: str | None = None
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    iso: int | None = None
    region: str | None = None
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str | None = None
    fatalities: int = 0
    notes: str = ""
    tags: str | None = None
    plover: Plover | None = None
    claimed_by: str | None = None
    trigger: Span | None = None
    trigger_text: str | None = None
    evidence: Span
    evidence_text: str
    sentence: int
    time_expr: int | None = None  # index into Article.times
    place: int | None = None  # index into Article.places
    background: bool = False  # reported as past background, not the news of the day
    confidence: float | None = None  # probability the sub-event type is right
    # probability the date / place is right, where the event takes them from its own sentence
    # (its time expression's / place's probability); None where they are inferred
    # (dateline.events.field_confidence)
    date_confidence: float | None = None
    place_confidence: float | None = None


class Article(Record):
    """One news document, from raw input to structured, sourced facts."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    schema_version: str = SCHEMA_VERSION
    id: str = ""  # content hash of the raw input
    source: str | None = None  # file path or URL it came from
    site: str | None = None
    raw: RawInput | None = None
    # metadata
    headline: str | None = None
    headline_reason: str | None = None
    byline: list[str] = Field(default_factory=list)
    dateline: str | None = None
    published: str | None = None  # ISO 8601, naive when the zone is unknown
    published_date: str | None = None  # YYYY-MM-DD
    published_precision: str | None = None  # minute | day | month | month_day | None
    # where the publication date came from (order of trust): hint | meta | line | dateline |
    # url | lead | crawl; None when no date was found
    published_source: str | None = None
    timezone: str | None = None  # IANA name or UTC offset; None = unknown
    timezone_known: bool = False
    language: str | None = "en"
    # where the language came from: meta (the page's markup) | text (detected) | given (set by
    # the caller) | default (text too short to tell: ``en`` kept); None before the parse stage
    language_source: str | None = None
    # clean text and its layout
    text: str = ""
    sections: list[Section] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    chrome: list[Chrome] = Field(default_factory=list)
    # extracted facts
    mentions: list[Mention] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    # bookkeeping
    rejection: Rejection | None = None
    warnings: list[str] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)
    # transient: the spaCy Doc of ``text``; never serialised, rebuilt on demand
    doc: Any = Field(default=None, exclude=True, repr=False)

    def __getstate__(self) -> dict[Any, Any]:
        # the spaCy Doc is transient: never pickled (executors ship Articles between processes)
        state = super().__getstate__()
        fields = dict(state["__dict__"])
        fields["doc"] = None
        state["__dict__"] = fields
        return state

    # --- convenience -------------------------------------------------------
    @property
    def body(self) -> str:
        parts = [self.text[s.start : s.end] for s in self.sections if s.kind == "body"]
        return "\n\n".join(parts) if self.sections else self.text

    @property
    def captions(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sections if s.kind == "caption"]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None

    def section_of(self, offset: int) -> Section | None:
        for s in self.sections:
            if s.start <= offset < s.end:
                return s
        return None

    def published_datetime(self) -> datetime | None:
        if not self.published:
            return None
        return datetime.fromisoformat(self.published)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"doc"})

    @classmethod
    def from_raw(
        cls, content: str, *, fmt: str = "text", uri: str | None = None, **meta: Any
    ) -> Article:
        raw = RawInput(content=content, format=fmt, uri=uri)  # type: ignore[arg-type]
        return cls(id=content_hash(content), source=uri, raw=raw, **meta)


def content_hash(content: str) -> str:
    """Stable id of a document: sha256 of its raw content, first 16 hex digits."""
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]
