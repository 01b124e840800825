"""dateline.textpage.v1 — structure a scraped plain-text page into story, metadata and chrome.

A scraped page mixes the story with the site around it: date stamps of the day the
page was crawled, headlines of other stories (tickers), navigation and share
lines, a "Published:" line, bylines and photo captions.  This stage separates them:

* publication lines ("Published: Monday | December 12, 2016 | 12:15 AM") are parsed
  into ``Article.published``; the site's time zone comes from configuration and is
  otherwise stated as unknown (``timezone_known = False``), never guessed;
* bare date stamps are chrome, not the publication date (used only as a fallback,
  with a warning, when the page has no publication line);
* short headline-like lines before the story are kept as the headline only when
  they are *related to the body* (shared content words), otherwise they are chrome;
* photo captions become their own sections after the body;
* sentences glued by scraping ("campaign.The militants") are repaired;
* paragraphs are kept (hard-wrapped lines inside a paragraph are re-joined).

Everything removed is listed in ``Article.chrome`` with the reason.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateline.errors import RejectedDocument
from dateline.pages import refdate
from dateline.records import Article, Chrome, Paragraph, Section
from dateline.registry import register
from dateline.time import french

log = logging.getLogger(__name__)

MIN_BODY_WORDS = 25

_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"(?:uary|ruary|ch|il|e|y|ust|tember|ober|ember)?\.?"
)
_DATE_WORDS = re.compile(
    rf"^(?:{_WEEKDAYS}|{_MONTHS}|\d{{1,4}}(?:st|nd|rd|th)?|[ap]\.?m\.?|at|on|"
    r"\d{1,2}:\d{2}(?::\d{2})?|utc|gmt|[a-z]{2,4}t|[+-]\d{2}:?\d{2}|,|\||-|/|\.)$",
    re.I,
)
_PUBLISHED = re.compile(
    r"^\s*(?:published|posted|updated|last\s+updated|first\s+published|date(?:d)?|"
    r"publication\s+date|publié|mis\s+à\s+jour)\s*(?:on|at|le)?\s*[:\-–—]?\s*(?P<rest>.+)$",
    re.I,
)
#: a date, then its label: "23 July 2013 Last updated at 13:42 GMT" (BBC and others)
_DATE_THEN_LABEL = re.compile(
    r"^\s*(?P<date>.{6,40}?)\s+(?:last\s+)?(?:updated|published|posted)\b(?:\s+(?:at|on))?"
    r"\s*[:\-–—]?\s*(?P<rest>.{0,30})$",
    re.I,
)
_BYLINE = re.compile(
    r"^\s*(?i:by|written\s+by|story\s+by|reporting\s+by)\s+(?P<names>[A-Z][\w.'’\- ]+"
    r"(?:(?:,| and| &)\s*[A-Z][\w.'’\- ]+)*)\s*$"
)
_AGENCY_LINE = re.compile(
    r"^\s*(?:\(?(?:AP|Reuters|AFP|Associated Press|Agence France-Presse|Bloomberg|CNN|BBC)\)?"
    r"(?:\s*(?:/|,|and)\s*\w[\w ]*)?)\s*$"
)
_CAPTION_START = re.compile(
    r"^\s*(?:in\s+(?:this|these|the)\s+(?:\w+\s+){0,3}(?:photo|picture|image|photograph|"
    r"file\s+photo|handout|frame\s+grab|video\s+grab|still)s?\b|"
    r"(?:this|these|a|the)\s+(?:\w+\s+){0,2}(?:photo|picture|image|photograph)s?\s+"
    r"(?:taken|released|provided|shows?|made|distributed|posted)\b|"
    r"file\s*(?:photo)?\s*[-–—:]|photo\s*[:\-–—]|photograph\s*[:\-–—]|image\s*[:\-–—]|"
    r"caption\s*[:\-–—]|pictured\s*[:\-–—])",
    re.I,
)
_PHOTO_CREDIT = re.compile(
    r"\((?:[A-Z]{2,}\s+)?(?:photo|photograph|picture|image)s?\s*(?:/|:|by)[^)]*\)|"
    r"\((?:AP|AFP|Reuters|Getty Images|EPA|SANA)[^)]*\)\s*$|"
    r"(?:photo|photograph|picture|image)\s+(?:credit|courtesy)\s*:",
    re.I,
)
_SHARE_NAV = re.compile(
    r"^\s*(?:share(?:\s+(?:this|on|via)\b.*)?|tweet|email|print|comments?|\d+\s+comments?|"
    r"facebook|twitter|whatsapp|linkedin|pinterest|reddit|advertisement|sponsored|"
    r"read\s+more\b.*|related(?:\s+\w+)?:?|more\s+from\b.*|subscribe\b.*|sign\s+(?:in|up)\b.*|"
    r"log\s*in|home|menu|search|skip\s+to\s+content|back\s+to\s+top|click\s+here\b.*|"
    r"follow\s+us\b.*|newsletter\b.*|top\s+stories|trending(?:\s+now)?|most\s+(?:read|popular))"
    r"[\s:|»>]*$",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<dl>[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*"
    r"(?:\((?:AP|AFP|Reuters|[A-Z]{2,10})\))?\s*[-–—]{1,2}\s*)"
)
_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])|(?<=[a-z]{3}[.!?][\"”’])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_STOP = frozenset(
    """a an the and or but of to in on at by for from with without into onto over under after
    before about as is are was were be been being has have had do does did will would shall
    should can could may might must its it this that these those his her their our your my
    he she they we you i him them us me not no yes than then so such up down out off new says
    said say after more most some any all each every who whom whose which what when where why
    how also just only very s""".split()
)


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: len(w) - len(suf)] + rep
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def content_words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1]


def relatedness(line: str, body: str | Collection[str]) -> float:
    """Share of the line's content words (stemmed) that occur in ``body`` (a text, or the
    set of its content words when many lines are scored against one body)."""
    words = content_words(line)
    if not words:
        return 0.0
    vocab = set(content_words(body)) if isinstance(body, str) else body
    return sum(1 for w in words if w in vocab) / len(words)


_WORD_CHAR = re.compile(r"[A-Za-z'’\-]")


class _BodyWords:
    """The content words of a body text, counted once, for scoring many lines against it.

    :meth:`without` gives the content words of ``body.replace(line, " ")`` without
    re-reading the body for each line: a word (a run of ``_WORD`` characters) never spans
    a character outside ``_WORD_CHAR``, so when every occurrence of the line is bounded by
    such a character (or the text's ends), cutting it out removes exactly the line's own
    words once per occurrence.  Otherwise the body is read again (the exact old way).
    """

    def __init__(self, body: str) -> None:
        self.body = body
        self.counts = Counter(content_words(body))

    def without(self, line: str) -> Collection[str]:
        body, n = self.body, 0
        pos = body.find(line) if line else -1
        while pos >= 0:  # the occurrences str.replace removes: left to right, no overlap
            end = pos + len(line)
            if (pos > 0 and _WORD_CHAR.match(body, pos - 1) and _WORD_CHAR.match(line)) or (
                end < len(body) and _WORD_CHAR.match(body, end) and _WORD_CHAR.match(line[-1])
            ):
                return set(content_words(body.replace(line, " ")))
            n += 1
            pos = body.find(line, end)
        if not line:
            return set(content_words(body.replace(line, " ")))
        left = self.counts.copy()
        for w in content_words(line):
            left[w] -= n
        return {w for w, c in left.items() if c > 0}


_ISO_DATETIME = re.compile(
    r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)


def is_date_only(line: str) -> bool:
    """True for lines made only of date/time tokens ("Mon | Jul 16, 2018", ISO stamps)."""
    if _ISO_DATETIME.match(line):
        return True
    toks = re.findall(r"\d{1,2}:\d{2}(?::\d{2})?|[A-Za-z]+\.?|\d+(?:st|nd|rd|th)?|[,|/\-.]", line)
    if not toks or not any(re.match(r"\d", t) for t in toks):
        return False
    return all(_DATE_WORDS.match(t) for t in toks) and any(
        re.match(_MONTHS, t, re.I) or re.match(r"\d{4}", t) for t in toks
    )


def parse_datetime(text: str) -> tuple[datetime, str] | None:
    """Parse a publication date/time; returns (datetime, precision 'minute' | 'day')."""
    cleaned = re.sub(r"[|•·]", " ", text)
    cleaned = re.sub(r"\b(?:at|on)\b", " ", cleaned, flags=re.I)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,-–—:")
    if not cleaned or not re.search(r"\d", cleaned):
        return None
    # a French month name: dateutil's fuzzy parser would skip it and misread the day
    dt = french.parse_date(cleaned) if french.has_french_month(cleaned) else None
    dt = dt or refdate.parse_loose(cleaned)
    if dt is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}|\d\s*[ap]\.?m\b", cleaned, re.I))
    return dt, ("minute" if has_time else "day")


def _zone(name: str) -> timezone | ZoneInfo | None:
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?", name.strip())
    if m:
        sign = 1 if m.group(1) == "+" else -1
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return timezone(sign * delta)
    if name.strip().upper() in {"UTC", "GMT", "Z"}:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass
class _Line:
    text: str
    block: int  # index of the blank-line separated block
    kind: str = "body"  # body | caption | chrome | headline | published | byline
    reason: str = ""


def normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)
    return re.sub(r"[ \t\f\v]+", " ", text)


def repair_glued(text: str) -> tuple[str, int]:
    """Insert the space lost between two sentences ("campaign.The militants")."""
    n = len(_GLUED.findall(text))
    return (_GLUED.sub(" ", text), n) if n else (text, 0)


def _join_block(lines: list[str]) -> list[str]:
    """A block of hard-wrapped lines is one paragraph; otherwise each line is one.

    Hard wrapping shows as lines of nearly equal length (all but the last), or as a
    line that breaks mid-sentence (no closing punctuation, next line starts in lower case).
    """
    if len(lines) < 2:
        return lines
    lengths = [len(x) for x in lines[:-1]]
    uniform = min(lengths) >= 50 and min(lengths) >= 0.75 * max(lengths)
    out: list[str] = [lines[0]]
    for prev, cur in zip(lines, lines[1:], strict=False):
        mid_sentence = not prev.rstrip().endswith((".", "!", "?", '"', "”", ":")) and (
            cur[:1].islower() or cur[:1] in "(“\"'"
        )
        if uniform or mid_sentence:
            out[-1] = out[-1].rstrip() + " " + cur.strip()
        else:
            out.append(cur)
    return out


def layout(
    body_paras: list[str], captions: list[str]
) -> tuple[str, list[Section], list[Paragraph]]:
    """Clean text (body paragraphs, then each caption as a section) with its spans."""
    text_parts: list[str] = []
    pos = 0
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    groups: list[tuple[str, list[str]]] = [("body", body_paras)] + [
        ("caption", [c]) for c in captions
    ]
    for si, (kind, paras) in enumerate(groups):
        sec_start = pos
        for pi, para in enumerate(paras):
            if text_parts:
                text_parts.append("\n\n")
                pos += 2
                if pi == 0:
                    sec_start = pos
            paragraphs.append(Paragraph(start=pos, end=pos + len(para), section=si))
            text_parts.append(para)
            pos += len(para)
        sections.append(
            Section(start=sec_start, end=pos, kind=kind, index=si if kind == "body" else si - 1)  # type: ignore[arg-type]
        )
    return "".join(text_parts), sections, paragraphs


@register(
    "dateline.textpage.v1",
    requires=("raw",),
    assigns=("text", "sections", "paragraphs", "headline", "published", "chrome"),
)
class TextPage:
    """Structure a plain-text page: story paragraphs, captions, headline, publication time, chrome."""

    def __init__(
        self,
        timezone: str | None = None,
        site_timezones: dict[str, str] | None = None,
        min_body_words: int = MIN_BODY_WORDS,
    ) -> None:
        self.timezone = timezone
        self.site_timezones = site_timezones or {}
        self.min_body_words = min_body_words

    @staticmethod
    def _date_then_label(text: str) -> tuple[Any, str] | None:
        """The date of a line that is a date followed by its label and at most a time."""
        m = _DATE_THEN_LABEL.match(text)
        if not m or not is_date_only(m.group("date")):
            return None
        rest = re.findall(r"\d{1,2}:\d{2}(?::\d{2})?|[A-Za-z]+\.?|\d+|[,|/\-.]", m.group("rest"))
        if not all(_DATE_WORDS.match(t) for t in rest):
            return None  # a time at most ("at 13:42 GMT"), nothing else
        return parse_datetime(text)

    # --- line classification ----------------------------------------------
    def _classify(self, lines: list[_Line]) -> None:
        for ln in lines:
            t = ln.text.strip()
            words = t.split()
            if refdate.is_url_line(t):
                ln.kind, ln.reason = "chrome", "url (the page's address)"
            elif _PUBLISHED.match(t) and parse_datetime(_PUBLISHED.match(t).group("rest")):  # type: ignore[union-attr]
                ln.kind, ln.reason = "published", "publication line"
            elif self._date_then_label(t) is not None:
                ln.kind, ln.reason = "published", "publication line (date, then its label)"
            elif is_date_only(t):
                ln.kind, ln.reason = "chrome", "date_stamp"
            elif _SHARE_NAV.match(t) or (
                t.count("|") >= 2 and len(words) <= 3 * (t.count("|") + 1)
            ):
                ln.kind, ln.reason = "chrome", "navigation"
            elif _BYLINE.match(t) and len(words) <= 12:
                ln.kind, ln.reason = "byline", "byline"
            elif _AGENCY_LINE.match(t):
                ln.kind, ln.reason = "byline", "agency credit"
            elif _CAPTION_START.match(t) or (_PHOTO_CREDIT.search(t) and len(words) < 90):
                ln.kind, ln.reason = "caption", "photo caption"

    @staticmethod
    def _is_prose(t: str) -> bool:
        """Story text ends its sentences; headlines and chrome do not."""
        words = t.split()
        return len(words) >= 30 or (len(words) >= 6 and t.rstrip()[-1:] in ".!?\"”'’:")

    def __call__(self, article: Article) -> Article:
        if article.raw is None:
            raise RejectedDocument("no raw input", code="DL102")
        raw = normalise(article.raw.content)
        if not raw.strip():
            raise RejectedDocument("page is empty", code="DL102")

        blocks = [b for b in re.split(r"\n\s*\n", raw) if b.strip()]
        lines: list[_Line] = []
        for bi, block in enumerate(blocks):
            raw_lines = [_Line(text=x.strip(), block=bi) for x in block.split("\n") if x.strip()]
            self._classify(raw_lines)
            # re-join hard-wrapped runs of story lines; other lines stay as they are
            run: list[_Line] = []
            for ln in raw_lines + [_Line(text="", block=bi, kind="end")]:
                if ln.kind == "body":
                    run.append(ln)
                    continue
                for t in _join_block([r.text for r in run]):
                    lines.append(_Line(text=t, block=bi))
                run = []
                if ln.kind != "end":
                    lines.append(ln)

        # the story starts at the first prose line that is not chrome/caption
        first_body = next(
            (i for i, ln in enumerate(lines) if ln.kind == "body" and self._is_prose(ln.text)),
            None,
        )
        if first_body is None:
            raise RejectedDocument("no story text found on the page", code="DL110")
        body_text = " ".join(ln.text for ln in lines[first_body:] if ln.kind == "body")

        # short lines above the story: the headline if related to the body, else chrome
        headline: str | None = None
        headline_reason: str | None = None
        body_words = _BodyWords(body_text)  # read once, not once per line
        body_vocab = set(body_words.counts)
        for ln in lines[:first_body]:
            if ln.kind != "body":
                continue
            score = relatedness(ln.text, body_vocab)
            if headline is None and score >= 0.5 and len(ln.text.split()) >= 3:
                ln.kind, ln.reason = "headline", f"headline (relatedness {score:.2f})"
                headline = ln.text
            else:
                ln.kind = "chrome"
                ln.reason = (
                    f"unrelated_headline (relatedness to body {score:.2f})"
                    if len(ln.text.split()) >= 3
                    else "short line before the story"
                )
        if headline is None:
            rejected = [ln.text for ln in lines[:first_body] if ln.reason.startswith("unrelated")]
            headline_reason = "no headline of this story on the page" + (
                f"; unrelated line(s) dropped: {rejected!r}" if rejected else ""
            )

        # short non-prose lines inside/after the story: navigation or related links
        for ln in lines[first_body:]:
            if ln.kind == "body" and not self._is_prose(ln.text) and len(ln.text.split()) <= 8:
                if relatedness(ln.text, body_words.without(ln.text)) < 0.34:
                    ln.kind, ln.reason = "chrome", "short line unrelated to the story"

        # assemble the clean text: body paragraphs, then captions
        body_paras: list[str] = []
        captions: list[str] = []
        glued = 0
        for ln in lines:
            if ln.kind in ("body", "caption"):
                fixed, n = repair_glued(ln.text)
                glued += n
                (body_paras if ln.kind == "body" else captions).append(fixed)
            elif ln.kind == "byline":
                m = _BYLINE.match(ln.text)
                if m:
                    article.byline.extend(
                        n.strip() for n in re.split(r",|\band\b|&", m.group("names")) if n.strip()
                    )
                else:
                    article.byline.append(ln.text.strip("() "))
            if ln.kind in ("chrome", "published", "byline", "headline"):
                article.chrome.append(
                    Chrome(text=ln.text, kind=ln.reason.split(" ")[0], reason=ln.reason)
                )
        if sum(len(p.split()) for p in body_paras) < self.min_body_words:
            raise RejectedDocument(
                f"story too short ({sum(len(p.split()) for p in body_paras)} words)", code="DL111"
            )

        article.text, article.sections, article.paragraphs = layout(body_paras, captions)
        article.headline = headline
        article.headline_reason = headline_reason
        if glued:
            article.warnings.append(f"repaired {glued} glued sentence boundaries")

        dm = _DATELINE.match(body_paras[0]) if body_paras else None
        if dm and len(dm.group("dl")) < 60:
            article.dateline = dm.group("dl").strip(" -–—")

        choice = self._reference_date(article, lines, body_paras)
        self._set_published(article, choice)
        return article

    # --- publication (reference) date ---------------------------------------------------
    @staticmethod
    def _line_evidence(lines: list[_Line]) -> list[refdate.Evidence]:
        """Publication lines: labelled ones ("Published:") before bare "date ..." lines."""
        out: list[tuple[int, refdate.Evidence]] = []
        for ln in lines:
            if ln.kind != "published":
                continue
            m = _PUBLISHED.match(ln.text)
            parsed = parse_datetime(m.group("rest")) if m else TextPage._date_then_label(ln.text)
            if parsed:
                dt, precision = parsed
                label_is_date = ln.text.strip().lower().startswith("date")
                ev = refdate.from_datetime(
                    dt, "line", ln.text, has_time=precision == "minute", has_offset=False
                )
                out.append((1 if label_is_date else 0, ev))
        return [ev for _, ev in sorted(out, key=lambda x: x[0])]

    def _reference_date(
        self, article: Article, lines: list[_Line], body_paras: list[str]
    ) -> refdate.Choice | None:
        """The best date evidence of the page, in the order of :data:`refdate.TRUST`."""
        raw = article.raw
        upper = refdate.crawl_time(raw.fetched_at) if raw and raw.format == "warc" else None
        evidence: list[refdate.Evidence] = []
        hint = refdate.parse_value(article.published, "hint") if article.published else None
        if article.published and hint is None:
            article.warnings.append(f"publication date hint {article.published!r} not a date")
        if hint is not None:
            evidence.append(hint)
        evidence.extend(self._line_evidence(lines))
        url_line = next((ln for ln in lines if ln.reason.startswith("url")), None)
        urls = (url_line.text if url_line else None, article.source, raw.uri if raw else None)
        evidence.extend(refdate.text_evidence(body_paras[0] if body_paras else None, urls, upper))
        choice = refdate.choose(evidence, upper)
        if choice is None:
            # an unlabelled date stamp (often the day of the crawl), then the crawl itself
            stamp = next((ln for ln in lines if ln.reason == "date_stamp"), None)
            parsed = parse_datetime(stamp.text) if stamp is not None else None
            if stamp is not None and parsed:
                dt, precision = parsed
                ev = refdate.from_datetime(dt, "line", stamp.text, has_time=precision == "minute")
                choice = refdate.choose([ev], upper)
                if choice is not None:
                    article.warnings.append(
                        "no publication line; date taken from an unlabelled date stamp"
                        f" {stamp.text!r}"
                    )
        if choice is None and upper is not None:
            crawl = refdate.from_datetime(upper, "crawl", raw.fetched_at or "", has_time=False)  # type: ignore[union-attr]
            notes = refdate.set_aside(evidence, upper)
            choice = refdate.Choice(
                crawl, (*notes, "date of the crawl (an upper bound), not of the page")
            )
        if choice is not None:
            article.warnings.extend(choice.notes)
        return choice

    def _set_published(self, article: Article, choice: refdate.Choice | None) -> None:
        if choice is None:
            article.warnings.append("no publication date found")
            return
        refdate.set_reference(article, choice)
        ev = choice.evidence
        dt, precision = ev.datetime, ev.precision
        if dt is None or precision not in ("day", "minute"):
            return
        zone_name = self.timezone
        if zone_name is None and article.site:
            zone_name = self.site_timezones.get(article.site)
        if dt.tzinfo is not None:
            article.timezone_known = True
            article.timezone = dt.strftime("%z") and dt.isoformat()[-6:]
        elif zone_name:
            zone = _zone(zone_name)
            if zone is None:
                article.warnings.append(f"unknown time zone {zone_name!r}; zone left unknown")
            else:
                dt = dt.replace(tzinfo=zone)
                article.timezone = zone_name
                article.timezone_known = True
        if not article.timezone_known:
            article.timezone = None
            article.warnings.append("publication time zone unknown (configure it per source)")
        if precision == "day":
            article.published = dt.date().isoformat()
        else:
            article.published = dt.isoformat(timespec="minutes")
        article.published_date = dt.date().isoformat()
        article.published_precision = precision
