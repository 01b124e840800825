"""dateline.htmlpage.v1 — structure an HTML news page: story text, captions and metadata.

The HTML counterpart of ``dateline.textpage.v1``. The story text comes from
trafilatura (main-content extraction, comments excluded); dateline's own news layer
(:mod:`dateline.pages.htmlmeta`) adds what trafilatura is weak at and cleans its output:

* the headline (``og:title`` / ``<h1>`` / ``<title>`` with the site name stripped),
  and the headline repeated at the top of the text is removed;
* bylines (JSON-LD, meta, ``rel=author``, ``By X`` lines), dateline (``BEIRUT (AP) —``);
* photo captions (``<figcaption>`` …) become caption sections, never body text;
* leading/trailing chrome lines trafilatura keeps (date stamps, "By" lines, share
  and navigation lines, "Related:" and copyright lines) are moved to ``Article.chrome``;
* the publication datetime from JSON-LD / meta / ``<time>`` / URL / ``htmldate`` /
  a visible publication line, with its zone *known* only when the source gives an
  offset (else the configured site zone, else unknown);
* the page language (``<html lang>`` …).

A page that is not HTML at all (a JSONL ``text`` record) is handed to the text-page stage.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from datetime import datetime, timedelta
from typing import Any

from dateline.errors import RejectedDocument
from dateline.pages import bylines, htmlmeta, pubdate, refdate
from dateline.pages import textpage as tp
from dateline.pages.htmlmeta import DateCandidate, PageMeta, clean, norm_key
from dateline.pages.sniff import looks_like_html
from dateline.records import Article, Chrome, RawInput
from dateline.registry import register

log = logging.getLogger(__name__)

MIN_BODY_WORDS = tp.MIN_BODY_WORDS

_TRAILING_CHROME = re.compile(
    r"^\s*(?:tags?\s*:|filed\s+under\b|categor(?:y|ies)\s*:|topics?\s*:|"
    r"related(?:\s+(?:articles?|posts?|stories|reading|content|links?))?\s*:?\s*$|"
    r"(?:you\s+(?:may|might)\s+also\s+like|recommended\s+for\s+you|more\s+stories|"
    r"read\s+next|up\s+next|popular\s+(?:posts|stories))\b|"
    r"(?:©|\(c\)|copyright\b)|all\s+rights\s+reserved|"
    r"share\s+(?:this|on)\b|(?:leave|post)\s+a\s+(?:comment|reply)\b|"
    r"(?:click|tap)\s+here\s+to\s+(?:subscribe|sign\s+up)|sign\s+up\s+for\s+(?:our|the)\b)",
    re.I,
)
_LEADING_CHROME = re.compile(
    r"^\s*(?:(?:last\s+)?(?:updated|published|posted|modified)\b.{0,60}$|"
    r"\d+\s*(?:min(?:ute)?s?|m)\s+read\b.{0,30}$|"
    r"(?:reviewed|fact[\s-]checked|medically\s+reviewed)\s+by\b.{0,80}$|"
    r"(?:home|news)\s*(?:[>»/›]\s*\S.{0,60})$)",
    re.I,
)


def _is_caption_line(line: str, caption_keys: list[str]) -> bool:
    k = norm_key(line)
    if not k or not caption_keys:
        return False
    n = len(k.split())
    for c in caption_keys:
        if k == c:
            return True
        if n >= 6 and (k in c or (c in k and len(c.split()) >= 0.8 * n)):
            return True
    return False


@register(
    "dateline.htmlpage.v1",
    requires=("raw",),
    assigns=(
        "text",
        "sections",
        "paragraphs",
        "headline",
        "byline",
        "dateline",
        "published",
        "timezone",
        "language",
        "chrome",
    ),
)
class HtmlPage:
    """Structure an HTML page: trafilatura main text + headline, bylines, captions, date, language."""

    def __init__(
        self,
        timezone: str | None = None,
        site_timezones: dict[str, str] | None = None,
        min_body_words: int = MIN_BODY_WORDS,
        favor: str = "recall",
        require_language: str | None = None,
        use_htmldate: bool = True,
        include_tables: bool = True,
    ) -> None:
        if favor not in ("recall", "precision", "balanced"):
            raise ValueError(f"favor must be recall, precision or balanced, not {favor!r}")
        self.timezone = timezone
        self.site_timezones = site_timezones or {}
        self.min_body_words = min_body_words
        self.favor = favor
        self.require_language = require_language
        self.use_htmldate = use_htmldate
        self.include_tables = include_tables

    # --- main text -------------------------------------------------------------------------
    def _extract(
        self, content: str, url: str | None, page_words: int = 0
    ) -> tuple[str, dict[str, Any]]:
        """trafilatura's main text and metadata (one call, JSON output).

        ``favor_recall`` now and then settles on one block of a long page; when its output
        is much shorter than the text of the page's ``<p>`` elements, the default mode is
        run too and its text kept when it is more than 2.5 times as long.
        """
        import trafilatura

        kw: dict[str, Any] = {
            "url": url,
            "include_comments": False,
            "include_tables": self.include_tables,
            "output_format": "json",
            "with_metadata": True,
            # trafilatura's own date is only the last fallback of _choose_date, which runs
            # htmldate's extensive search itself: the quick search is enough here (the
            # extensive one inside trafilatura cost ~0.5 s on some long pages)
            "date_extraction_params": {"extensive_search": False, "original_date": True},
        }
        if self.favor == "recall":
            kw["favor_recall"] = True
        elif self.favor == "precision":
            kw["favor_precision"] = True
        doc = _json(trafilatura.extract(content, **kw))
        text = doc.get("text") or ""
        n = len(text.split())
        if (self.favor == "recall" and (n < 25 or n < 0.5 * page_words)) or (
            self.favor != "recall" and n < 25
        ):
            other_kw = {**kw, "with_metadata": False, "output_format": "txt"}
            other_kw["favor_recall"] = self.favor != "recall"
            other_kw["favor_precision"] = False
            other = trafilatura.extract(content, **other_kw) or ""
            if len(other.split()) * 0.4 > n:
                log.debug(
                    "main text: %d words in the first mode, %d in the other", n, len(other.split())
                )
                text = other
        return text, doc

    def __call__(self, article: Article) -> Article:
        if article.raw is None:
            raise RejectedDocument("no raw input", code="DL102")
        content = article.raw.content

        if not looks_like_html(content):
            return tp.TextPage(
                timezone=self.timezone,
                site_timezones=self.site_timezones,
                min_body_words=self.min_body_words,
            )(article)
        if not content.strip():
            raise RejectedDocument("page is empty", code="DL102")
        url = article.raw.uri if article.raw.uri and "://" in article.raw.uri else None
        tree = htmlmeta.parse_html(content)
        pm = htmlmeta.read_meta(tree, url) if tree is not None else PageMeta(url=url)

        extracted, tmeta = self._extract(
            content, url, htmlmeta.paragraph_words(tree) if tree is not None else 0
        )
        lines = [clean(x) for x in extracted.split("\n")]
        lines = [x for x in lines if x]

        body, captions, chrome, visible_byline = self._clean_lines(lines, pm)
        for ln, kind, reason in chrome:
            article.chrome.append(Chrome(text=ln, kind=kind, reason=reason))

        # headline, bylines, language
        article.headline = pm.headline
        article.headline_reason = pm.headline_reason
        names = pm.authors if pm.author_source != "markup" else []
        if not names and tmeta.get("author"):
            names = [clean(x) for x in str(tmeta["author"]).split(";") if clean(x)]
        # names without lead-ins, roles, dates and site names; the next source when none is left
        article.byline = next(
            (
                cleaned
                for found in (names, pm.authors, visible_byline)
                if (cleaned := bylines.clean_names(found, pm.site_name, pm.url))
            ),
            [],
        ) or (bylines.visible_bylines(tree) if tree is not None else [])
        if pm.language:
            article.language, article.language_source = pm.language, "meta"

        n_words = sum(len(p.split()) for p in body)
        if n_words == 0 and not captions:
            self._finish_published(article, pm, tree, body, tmeta)
            raise RejectedDocument("no story text found on the page", code="DL110")
        article.text, article.sections, article.paragraphs = tp.layout(body, captions)
        if body:
            dm = tp._DATELINE.match(body[0])
            if dm and len(dm.group("dl")) < 60 and len(dm.group("dl").split()) <= 6:
                article.dateline = dm.group("dl").strip(" -–—")
        self._finish_published(article, pm, tree, body, tmeta)

        if (
            self.require_language
            and article.language
            and not article.language.startswith(self.require_language)
        ):
            raise RejectedDocument(f"page language is {article.language!r}", code="DL112")
        if n_words < self.min_body_words:
            raise RejectedDocument(f"story too short ({n_words} words)", code="DL111")
        return article

    # --- line cleaning ---------------------------------------------------------------------
    def _clean_lines(
        self, lines: list[str], pm: PageMeta
    ) -> tuple[list[str], list[str], list[tuple[str, str, str]], list[str]]:
        caption_keys = [norm_key(c) for c in pm.captions]
        title_keys = {
            norm_key(x) for x in (pm.headline, pm.title, pm.og_title, pm.ld_headline, *pm.h1) if x
        }
        body: list[str] = []
        captions: list[str] = []
        chrome: list[tuple[str, str, str]] = []
        visible_byline: list[str] = []
        started = False
        for ln in lines:
            words = ln.split()
            if _is_caption_line(ln, caption_keys):
                captions.append(ln)
                continue
            if not started:
                key = norm_key(ln)
                if key in title_keys:
                    chrome.append((ln, "headline", "headline repeated above the story"))
                    continue
                if tp.is_date_only(ln):
                    chrome.append((ln, "date_stamp", "date stamp above the story"))
                    continue
                by = htmlmeta.byline_from_lines([ln]) if len(words) <= 14 else []
                if by:
                    visible_byline = visible_byline or by
                    chrome.append((ln, "byline", "byline"))
                    continue
                if len(words) <= 14 and (tp._SHARE_NAV.match(ln) or _LEADING_CHROME.match(ln)):
                    chrome.append((ln, "navigation", "chrome line above the story"))
                    continue
                started = True
            body.append(ln)
        # trailing chrome: drop from the end while lines look like tags/related/copyright/share
        while body and len(body) > 1:
            last = body[-1]
            if len(last.split()) <= 25 and (
                _TRAILING_CHROME.match(last) or tp._SHARE_NAV.match(last)
            ):
                chrome.append((body.pop(), "other", "chrome line below the story"))
                continue
            break
        # captions found in the markup but not in the extracted text are kept apart too
        seen = {norm_key(c) for c in captions}
        for c in pm.captions:
            if norm_key(c) not in seen and len(captions) < 10:
                captions.append(c)
                seen.add(norm_key(c))
        return body, captions, chrome, visible_byline

    # --- publication time ------------------------------------------------------------------
    def _finish_published(
        self, article: Article, pm: PageMeta, tree: Any, body: list[str], tmeta: dict[str, Any]
    ) -> None:
        choice = self._reference(article, pm, tree, body, tmeta)
        if choice is None:
            article.warnings.append("no publication date found")
            return
        article.warnings.extend(choice.notes)
        ev = choice.evidence
        full = ev.datetime
        if ev.precision not in ("day", "minute") or full is None:
            refdate.set_reference(article, choice)
            return
        cand = DateCandidate(
            value=ev.value,
            source=ev.label or ev.source,
            dt=full,
            has_time=ev.has_time,
            has_offset=ev.has_offset,
        )
        article.published_source = ev.source
        article.warnings.append(f"publication date from {cand.source}: {cand.value!r}")
        dt = full
        if cand.has_offset and dt.tzinfo is not None:
            article.timezone_known = True
            article.timezone = dt.isoformat()[-6:]
        else:
            dt = dt.replace(tzinfo=None)
            zone_name = self.timezone or (
                self.site_timezones.get(article.site) if article.site else None
            )
            zone = tp._zone(zone_name) if zone_name else None
            if zone_name and zone is None:
                article.warnings.append(f"unknown time zone {zone_name!r}; zone left unknown")
            if zone is not None and cand.has_time:
                dt = dt.replace(tzinfo=zone)
                article.timezone = zone_name
                article.timezone_known = True
            else:
                article.timezone = None
                article.timezone_known = False
                if cand.has_time:
                    article.warnings.append(
                        "publication time zone unknown (configure it per source)"
                    )
        if cand.has_time:
            article.published = dt.isoformat(timespec="minutes")
            article.published_precision = "minute"
        else:
            article.published = dt.date().isoformat()
            article.published_precision = "day"
        article.published_date = dt.date().isoformat()

    def _reference(
        self, article: Article, pm: PageMeta, tree: Any, body: list[str], tmeta: dict[str, Any]
    ) -> refdate.Choice | None:
        """The reference date: the hint, the markup and publication lines (``_choose_date``),
        then the dateline, the URL, the lead's explicit date and last the crawl time."""
        raw = article.raw
        upper = refdate.crawl_time(raw.fetched_at) if raw and raw.format == "warc" else None
        notes: list[str] = []
        evidence: list[refdate.Evidence] = []
        cand = self._choose_date(article, pm, tree, body, tmeta)
        if cand is not None and cand.dt is not None:
            ev = _evidence(cand)
            if ev.source != "url":
                choice = refdate.choose([ev], upper)
                if choice is not None:
                    return choice
                notes.append(f"{cand.source} date {cand.value!r} is after the crawl; set aside")
            else:
                evidence.append(ev)
        has_url = any(e.source == "url" for e in evidence)
        urls = () if has_url else (pm.url, article.source)
        evidence.extend(refdate.text_evidence(body[0] if body else None, urls, upper))
        choice = refdate.choose(evidence, upper)
        if choice is None and raw is not None:
            choice = _crawl_choice(raw, upper)
        if choice is None:
            return None
        return refdate.Choice(choice.evidence, tuple(notes) + choice.notes)

    def _choose_date(
        self, article: Article, pm: PageMeta, tree: Any, body: list[str], tmeta: dict[str, Any]
    ) -> DateCandidate | None:
        if article.published:  # a hint from the reader (JSONL "published")
            c = htmlmeta.parse_date(article.published, "input")
            if c is not None:
                return c
        # the day: htmldate's original-date search (it weighs visible dates against the
        # markup); the time and offset: a structured candidate of that same day
        hd = None
        if self.use_htmldate and tree is not None and article.raw is not None:
            hd = _htmldate(article.raw.content, pm.url)
        ref = hd if hd is not None and hd.dt is not None else (pm.dates[0] if pm.dates else None)
        # the page's own date line near the headline, by the order of trust of pubdate
        seen = pubdate.choose_day(
            pubdate.visible_dates(tree, pm.headline) if tree is not None else [],
            ref.dt.date() if ref is not None and ref.dt is not None else None,
        )
        if seen is not None:
            day = seen.day
            ref = DateCandidate(
                value=seen.text,
                source=f"visible date ({seen.label})",
                dt=datetime(day.year, day.month, day.day),
            )
        if ref is not None and ref.dt is not None:
            day = ref.dt.date()
            same = next((c for c in pm.dates if c.dt is not None and c.dt.date() == day), None)
            return same or ref
        # a visible publication line near the top of the story
        for ln in body[:3]:
            m = tp._PUBLISHED.match(ln)
            if m and len(ln.split()) <= 14:
                c = htmlmeta.parse_date(m.group("rest"), "text")
                if c is not None:
                    return c
        if tree is not None:
            t = htmlmeta.first_time_element(tree)
            if t is not None:
                return t
        if tmeta.get("date"):  # trafilatura's metadata date (htmldate, original date)
            c = htmlmeta.parse_date(str(tmeta["date"]), "trafilatura/htmldate")
            if c is not None:
                return c
        return None


#: DateCandidate sources by the order of trust of :mod:`dateline.pages.refdate`
_SOURCE = {
    "input": "hint",
    "url": "url",
    "text": "line",
    "visible date (published)": "line",
    "visible date (none)": "line",
}


def _evidence(cand: DateCandidate) -> refdate.Evidence:
    assert cand.dt is not None
    ev = refdate.from_datetime(
        cand.dt,
        _SOURCE.get(cand.source, "meta"),
        cand.value,
        has_time=cand.has_time,
        has_offset=cand.has_offset,
    )
    return dataclasses.replace(ev, label=cand.source)


def _json(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    return obj if isinstance(obj, dict) else {}


def _htmldate(content: str, url: str | None) -> DateCandidate | None:
    from htmldate import find_date

    try:
        # the quick search first (markup, URL, common patterns); the extensive one (free text
        # through dateparser in every language: seconds of regex compiling per process, up
        # to a second a page) only when the quick one finds nothing
        found = find_date(content, url=url, original_date=True, extensive_search=False)
        if not found:
            found = find_date(content, url=url, original_date=True)
    except (ValueError, TypeError) as e:  # htmldate is defensive; this is belt and braces
        log.debug("htmldate failed: %s", e)
        return None
    if not found:
        return None
    try:
        dt = datetime.fromisoformat(found)
    except ValueError:
        return None
    return DateCandidate(value=found, source="htmldate", dt=dt.replace(tzinfo=None))


def _crawl_choice(raw: RawInput, upper: datetime | None) -> refdate.Choice | None:
    """The last resort, from the crawl alone: the page's HTTP ``Last-Modified`` when it is not
    after the crawl (the page existed then, so it is the tighter upper bound), else the crawl
    time.  Only a fallback: a server's ``Last-Modified`` may be a template's, so it never sets
    aside evidence from the page itself."""
    modified = refdate.crawl_time(raw.last_modified)
    if modified is not None and (upper is None or modified <= upper + timedelta(days=1)):
        ev = refdate.from_datetime(modified, "crawl", raw.last_modified or "", has_time=False)
        return refdate.Choice(
            ev, ("HTTP Last-Modified of the page (an upper bound), not its publication date",)
        )
    if upper is None:
        return None
    crawl = refdate.from_datetime(upper, "crawl", raw.fetched_at or "", has_time=False)
    return refdate.Choice(crawl, ("date of the crawl (an upper bound), not of the page",))
