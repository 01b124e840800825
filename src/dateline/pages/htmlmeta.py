"""News metadata from an HTML page: headline, bylines, publication time, language, captions.

trafilatura finds a page's main text well; the news layer around it is where it is
weak. This module reads what publishers put in the markup for that layer:

* **headline** — ``og:title`` / ``twitter:title`` / JSON-LD ``headline`` / ``<h1>`` /
  ``<title>``, with the site name stripped (``"Story – Site"``, ``"Story | Site"``,
  ``"Site: Story"``); the ``<h1>`` wins when it is one of the parts of the title;
* **bylines** — JSON-LD ``author``, ``<meta name=author>`` and friends, ``rel=author``
  links, ``itemprop=author``, elements classed ``byline``/``author``, and ``By X`` lines;
* **publication time** — JSON-LD ``datePublished``, ``article:published_time`` and the
  other meta conventions, ``<time datetime>`` marked as publication, the URL path, and
  finally ``htmldate``; the zone is *known* only when the source string carries an offset;
* **language** — ``<html lang>``, ``og:locale``, ``content-language``, JSON-LD ``inLanguage``;
* **captions** — ``<figcaption>`` and elements classed as captions.

Everything is best-effort: a malformed JSON-LD block or date is skipped, never raised.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError, _Element

from dateline.pages.refdate import parse_loose
from dateline.pages.textnorm import clean as clean  # re-exported for the page modules
from dateline.pages.textnorm import norm_key as norm_key

log = logging.getLogger(__name__)

_WS = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|»|·|•|/|~)\s+")
_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "NewsArticle",
        "Article",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "SocialMediaPosting",
        "Report",
        "Review",
        "Recipe",
        "HowTo",
        "Blog",
        "CreativeWork",
        "MedicalWebPage",
        "VideoObject",
        "Episode",
        "Event",
        "Product",
    )
)


_ORG_TYPES = frozenset(
    {"organization", "corporation", "newsmediaorganization", "localbusiness", "brand"}
)


# --- parsing -------------------------------------------------------------------------------


def parse_html(content: str) -> _Element | None:
    """An lxml tree of the page (None when it cannot be parsed at all)."""
    text = content
    if text.lstrip().startswith("<?xml"):
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml_html.document_fromstring(text)
    except (ParserError, XMLSyntaxError, ValueError) as e:
        log.debug("HTML could not be parsed: %s", e)
        return None


def _meta(tree: _Element) -> dict[str, list[str]]:
    """Every ``<meta>`` value by lower-cased name/property/itemprop/http-equiv."""
    out: dict[str, list[str]] = {}
    for m in tree.iter("meta"):
        content = m.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = m.get(attr)
            if key:
                out.setdefault(key.strip().lower(), []).append(clean(content))
    return out


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for k in keys:
        vals = meta.get(k)
        if vals:
            return vals[0]
    return None


# --- JSON-LD -------------------------------------------------------------------------------


def _load_json_ld(text: str) -> Any:
    t = text.strip()
    t = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", t).strip()
    if not t:
        return None
    try:
        return json.loads(t)
    except json.JSONDecodeError:
        pass
    # common breakage: raw control characters / newlines inside strings, trailing garbage
    t2 = re.sub(r"[\x00-\x1f]", " ", t)
    try:
        return json.loads(t2)
    except json.JSONDecodeError:
        pass
    try:
        obj, _ = json.JSONDecoder().raw_decode(t2)
        return obj
    except json.JSONDecodeError as e:
        log.debug("unreadable JSON-LD: %s", e)
        return None


def _walk_ld(obj: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(obj, list):
        for x in obj:
            yield from _walk_ld(x, depth + 1)
    elif isinstance(obj, dict):
        yield obj
        graph = obj.get("@graph")
        if graph is not None:
            yield from _walk_ld(graph, depth + 1)
        main = obj.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _walk_ld(main, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def json_ld_objects(tree: _Element) -> list[dict[str, Any]]:
    """Every object in the page's JSON-LD blocks (``@graph`` flattened)."""
    objs: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_json_ld(script.text or "")
        if data is not None:
            objs.extend(_walk_ld(data))
    return objs


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD author value (str, Person, list, nested)."""
    out: list[str] = []
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        if _types(value) & _ORG_TYPES:
            return []
        name = value.get("name")
        if isinstance(name, str):
            out.append(name)
        elif isinstance(name, list):
            out.extend(x for x in name if isinstance(x, str))
        elif value.get("givenName") or value.get("familyName"):
            out.append(f"{value.get('givenName', '')} {value.get('familyName', '')}")
    elif isinstance(value, list):
        for v in value:
            out.extend(_names(v))
    return [clean(x) for x in out if clean(x)]


# --- records -------------------------------------------------------------------------------


@dataclass
class DateCandidate:
    value: str  # the string as found
    source: str  # json-ld | meta:<name> | time | url | htmldate | text
    dt: datetime | None = None
    has_time: bool = False
    has_offset: bool = False


@dataclass
class PageMeta:
    title: str | None = None  # <title>
    og_title: str | None = None
    ld_headline: str | None = None
    h1: list[str] = field(default_factory=list)
    site_name: str | None = None
    headline: str | None = None
    headline_reason: str | None = None
    authors: list[str] = field(default_factory=list)
    author_source: str | None = None
    dates: list[DateCandidate] = field(default_factory=list)
    language: str | None = None
    captions: list[str] = field(default_factory=list)
    description: str | None = None
    url: str | None = None
    is_article: bool = False


# --- headline ------------------------------------------------------------------------------


def _site_tokens(site_name: str | None, url: str | None) -> set[str]:
    keys: set[str] = set()
    if site_name:
        keys.add(norm_key(site_name))
        keys.add(norm_key(site_name).replace(" ", ""))
    if url and "://" in url:
        from urllib.parse import urlsplit

        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if host:
            base = host.split(".")[0] if host.count(".") >= 1 else host
            keys.update({norm_key(host), norm_key(base), base.replace("-", "")})
    return {k for k in keys if k}


def _is_site(part: str, site_keys: set[str]) -> bool:
    k = norm_key(part)
    if not k:
        return True
    squashed = k.replace(" ", "")
    return any(
        k == s or squashed == s.replace(" ", "") or (len(s) >= 4 and squashed.startswith(s))
        for s in site_keys
    )


def strip_site_name(title: str, site_name: str | None = None, url: str | None = None) -> str:
    """``"Story – Site"`` / ``"Story | Site"`` / ``"Site: Story"`` -> ``"Story"``."""
    t = clean(title)
    if not t:
        return t
    site_keys = _site_tokens(site_name, url)
    parts = _TITLE_SEPARATORS.split(t)
    if len(parts) > 1:
        # drop parts that name the site, from either end
        while len(parts) > 1 and _is_site(parts[-1], site_keys):
            parts.pop()
        while len(parts) > 1 and _is_site(parts[0], site_keys):
            parts.pop(0)
        # "Story | Section | Site" with an unknown site: drop short, name-like end parts
        while len(parts) > 1 and _name_like(parts[-1]) and len(" ".join(parts[:-1]).split()) >= 3:
            parts.pop()
        return _rejoin(t, parts) if len(parts) > 1 else parts[0].strip()
    m = re.match(r"^(?P<site>[^:]{2,40}):\s+(?P<rest>.{10,})$", t)
    if m and _is_site(m.group("site"), site_keys):
        return m.group("rest").strip()
    return t


def _name_like(part: str) -> bool:
    """A site or section name: at most four words, each capitalised (or a domain/number)."""
    words = part.split()
    if not 1 <= len(words) <= 4 or part.rstrip()[-1:] in "?!.":
        return False
    return all(
        w[:1].isupper() or w[:1].isdigit() or "." in w or w in {"&", "of", "the"} for w in words
    )


def _rejoin(original: str, parts: list[str]) -> str:
    start = original.find(parts[0])
    end = original.rfind(parts[-1]) + len(parts[-1])
    return original[start:end].strip() if start >= 0 and end > start else " - ".join(parts)


def choose_headline(meta: PageMeta) -> tuple[str | None, str]:
    """The story's headline and why it was chosen."""
    site, url = meta.site_name, meta.url
    cands: list[tuple[str, str]] = []
    if meta.og_title:
        cands.append((strip_site_name(meta.og_title, site, url), "og:title"))
    if meta.ld_headline:
        cands.append((strip_site_name(meta.ld_headline, site, url), "json-ld headline"))
    if meta.title:
        cands.append((strip_site_name(meta.title, site, url), "<title>"))
    site_keys = _site_tokens(site, url)
    stripped = {norm_key(c) for c, _ in cands}
    site_parts = {
        norm_key(p)
        for x in (meta.og_title, meta.title)
        if x
        for p in _TITLE_SEPARATORS.split(x)
        if norm_key(p) not in stripped and not any(norm_key(p) in k for k in stripped)
    }
    h1s = [
        h
        for h in meta.h1
        if 2 <= len(h.split()) <= 40
        and not _is_site(h, site_keys)
        and norm_key(h) not in site_parts
    ]
    # the visible <h1> is the story's headline; the title candidate it matches wins the tie
    for h in h1s:
        hk = norm_key(h)
        for c, why in cands:
            if hk == norm_key(c):
                return c, f"{why} (matches <h1>)"
    if h1s:
        from dateline.pages.headline import title_over_h1

        better = title_over_h1(h1s[0], [c for c, _ in cands])
        if better is not None:
            why = next(w for c, w in cands if c == better)
            return better, f"{why} (over the <h1> {h1s[0]!r})"
        return h1s[0], "<h1>"
    for c, why in cands:
        if c and len(c.split()) >= 2:
            return c, why
    return (cands[0][0], cands[0][1]) if cands and cands[0][0] else (None, "no title on the page")


# --- bylines -------------------------------------------------------------------------------

_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|story|words|text|reporting|report|published|article)\s+)?by[:\s]+",
    re.I,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.I)
_NOT_NAME = re.compile(
    r"@|https?://|www\.|\.com\b|\d{3,}|\b(?:staff|team|editor(?:s|ial)?|desk|admin|"
    r"administrator|contributor|guest|news|press|media|correspondent|reporter|"
    r"updated|published|min(?:ute)?s?\s+read|comments?)\b",
    re.I,
)
_AGENCIES = frozenset(
    "ap associated press reuters afp agence france presse bloomberg dpa upi efe "
    "xinhua ansa pa media".split()
)


def split_names(text: str) -> list[str]:
    """``"By Jane Doe and John Roe, Reuters"`` -> ``["Jane Doe", "John Roe", "Reuters"]``."""
    t = clean(text)
    t = _BY_PREFIX.sub("", t)
    t = re.sub(r"\s*\((?:[^)]*)\)\s*", " ", t)
    out: list[str] = []
    for part in _NAME_SPLIT.split(t):
        p = clean(part).strip(" .·•-–—:")
        if p:
            out.append(p)
    return out


def plausible_name(name: str) -> bool:
    """A person's (or agency's) name: 1–5 capitalised words, no URLs, dates or roles."""
    n = clean(name)
    if not n or len(n) > 60 or _NOT_NAME.search(n):
        return norm_key(n) in _AGENCIES
    words = n.split()
    if norm_key(n) in {"by", "author", "authors", "written by", "posted by", "reviewed by"}:
        return False
    if re.search(r"\d{1,2}:\d{2}|\b(?:written|reviewed|posted)\s+by\b", n, re.I):
        return False
    if not 1 <= len(words) <= 5:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps >= max(1, len(words) - 1) and any(c.isalpha() for c in n)


def _dedupe_names(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for n in names:
        k = norm_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def _text_of(el: _Element) -> str:
    return clean(" ".join(el.itertext()))


def find_authors(
    tree: _Element, meta: dict[str, list[str]], ld: list[dict[str, Any]]
) -> tuple[list[str], str | None]:
    """Byline names and where they came from (JSON-LD, meta, markup, visible text)."""
    # JSON-LD of the article
    for obj in ld:
        if _types(obj) & _ARTICLE_TYPES and obj.get("author") is not None:
            names = [n for n in _names(obj["author"]) for n in split_names(n)]
            names = [n for n in names if plausible_name(n)]
            if names:
                return _dedupe_names(names), "json-ld"
    for key in (
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "byl",
        "twitter:creator:name",
        "cxenseparse:author",
    ):
        for val in meta.get(key, []):
            if val.startswith(("http://", "https://", "@")):
                continue
            names = [n for n in split_names(val) if plausible_name(n)]
            if names:
                return _dedupe_names(names), f"meta:{key}"
    # markup
    found: list[str] = []
    for el in tree.xpath(
        '//*[@rel="author" or @itemprop="author"]'
        '|//*[contains(concat(" ", normalize-space(@class), " "), " author ")'
        ' or contains(@class, "byline") or contains(@class, "author-name")'
        ' or contains(@class, "authorName")]'
    ):
        if el.tag in ("script", "style", "meta", "link"):
            continue
        named = el.xpath('.//*[@itemprop="name"]')
        text = _text_of(named[0]) if named else _text_of(el)
        if not text or len(text) > 120:
            continue
        found.extend(n for n in split_names(text) if plausible_name(n))
        if len(found) >= 4:
            break
    if found:
        return _dedupe_names(found)[:4], "markup"
    return [], None


def byline_from_lines(lines: Iterable[str]) -> list[str]:
    """Names from a visible ``By X`` line among the first lines of the story."""
    for line in lines:
        t = clean(line)
        if _BY_PREFIX.match(t) and len(t.split()) <= 14:
            names = [n for n in split_names(t) if plausible_name(n)]
            if names:
                return _dedupe_names(names)
    return []


# --- dates ---------------------------------------------------------------------------------

_DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "publication_date",
    "date.published",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "date",
    "created",
    "article:published",
    "og:published_time",
    "twitter:data1:published",
)
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)\s*$", re.I)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|\.|$)"
)


def parse_date(value: str, source: str) -> DateCandidate | None:
    """A date string as a candidate (None when it is not a plausible publication date)."""
    v = clean(value)
    if not v or not re.search(r"\d", v):
        return None
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}", v):
            dt = datetime.fromisoformat(v.replace("Z", "+00:00").replace(" ", "T", 1))
        else:
            raise ValueError
    except ValueError:
        loose = parse_loose(v)
        if loose is None:
            return None
        dt = loose
    if dt.year < 1990 or dt.year > 2100:
        return None
    has_time = bool(_TIME.search(v))
    has_offset = dt.tzinfo is not None and bool(
        _OFFSET.search(v) or re.search(r"[+-]\d{2}:?\d{2}$", v)
    )
    if dt.tzinfo is not None and not has_offset:
        dt = dt.replace(tzinfo=None)
    return DateCandidate(value=v, source=source, dt=dt, has_time=has_time, has_offset=has_offset)


def url_date(url: str | None) -> DateCandidate | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        dt = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return DateCandidate(value=m.group(0), source="url", dt=dt)


def find_dates(
    tree: _Element, meta: dict[str, list[str]], ld: list[dict[str, Any]], url: str | None
) -> list[DateCandidate]:
    """Publication-date candidates, most trustworthy first."""
    out: list[DateCandidate] = []
    for obj in ld:
        if not _types(obj) & _ARTICLE_TYPES and "webpage" not in _types(obj):
            continue
        for key in ("datePublished", "dateCreated", "uploadDate"):
            val = obj.get(key)
            if isinstance(val, str):
                c = parse_date(val, f"json-ld {key}")
                if c:
                    out.append(c)
                    break
    for key in _DATE_META_KEYS:
        for val in meta.get(key, []):
            c = parse_date(val, f"meta:{key}")
            if c:
                out.append(c)
    for el in tree.xpath(
        "//time[@datetime][@pubdate or @itemprop='datePublished'"
        " or contains(@class, 'publish') or contains(@class, 'entry-date')"
        " or contains(@class, 'post-date')]"
        "|//*[@itemprop='datePublished'][@datetime or @content]"
    ):
        val = el.get("datetime") or el.get("content") or ""
        c = parse_date(val, "time")
        if c:
            out.append(c)
    u = url_date(url)
    if u:
        out.append(u)
    return out


def first_time_element(tree: _Element) -> DateCandidate | None:
    """The first ``<time datetime>`` of the page (weaker than labelled ones)."""
    for el in tree.iter("time"):
        val = el.get("datetime")
        if val:
            c = parse_date(val, "time (first)")
            if c:
                return c
    return None


# --- language and captions -----------------------------------------------------------------


def find_language(
    tree: _Element, meta: dict[str, list[str]], ld: list[dict[str, Any]]
) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        lang = _first(meta, "content-language", "og:locale", "language", "dc.language")
    if not lang:
        for obj in ld:
            v = obj.get("inLanguage")
            if isinstance(v, str):
                lang = v
                break
    if not lang:
        return None
    m = re.match(r"^\s*([A-Za-z]{2,3})\b", lang)
    return m.group(1).lower() if m else None


def find_captions(tree: _Element) -> list[str]:
    """Photo captions: ``<figcaption>`` and elements classed as captions (deduplicated)."""
    out: list[str] = []
    for el in tree.xpath(
        "//figcaption|//*[contains(@class, 'caption') and not(self::body) and not(self::figure)"
        " and not(self::img)]"
    ):
        text = _text_of(el)
        if 3 <= len(text.split()) <= 120:
            out.append(text)
    return _dedupe_names(out)


def paragraph_words(tree: _Element) -> int:
    """Words in the page's ``<p>`` elements outside navigation, headers, footers and asides."""
    n = 0
    for p in tree.iter("p"):
        if any(a.tag in ("nav", "footer", "aside", "header", "form") for a in p.iterancestors()):
            continue
        n += len("".join(p.itertext()).split())
    return n


_LOGO = re.compile(r"logo|brand|site[-_]?(?:title|name|header)|masthead", re.I)


def _is_logo(h1: _Element) -> bool:
    """An ``<h1>`` that holds the site's name (in the masthead or a link to the home page)."""
    for a in h1.iterancestors():
        if a.tag in ("nav", "footer"):
            return True
        if a.tag == "article":
            return False
        if _LOGO.search(f"{a.get('class', '')} {a.get('id', '')}"):
            return True
    if _LOGO.search(f"{h1.get('class', '')} {h1.get('id', '')}"):
        return True
    return any(
        (link.get("href") or "").rstrip("/") in ("", "/") or link.find(".//img") is not None
        for link in h1.iter("a")
    )


# --- all together --------------------------------------------------------------------------


def read_meta(tree: _Element, url: str | None = None) -> PageMeta:
    """Every piece of news metadata the markup carries (no visible-text analysis)."""
    meta = _meta(tree)
    ld = json_ld_objects(tree)
    pm = PageMeta(url=url)
    titles = tree.xpath("//head/title|//title")
    pm.title = clean(_text_of(titles[0])) if titles else None
    pm.og_title = _first(meta, "og:title", "twitter:title", "headline")
    pm.site_name = _first(meta, "og:site_name", "application-name", "twitter:site")
    if pm.site_name and pm.site_name.startswith("@"):
        pm.site_name = pm.site_name[1:]
    for obj in ld:
        if _types(obj) & _ARTICLE_TYPES:
            pm.is_article = True
            h = obj.get("headline") or obj.get("name")
            if isinstance(h, str) and clean(h) and pm.ld_headline is None:
                pm.ld_headline = clean(h)
        if pm.site_name is None and "website" in _types(obj) and isinstance(obj.get("name"), str):
            pm.site_name = clean(obj["name"])
        pub = obj.get("publisher")
        if pm.site_name is None and isinstance(pub, dict) and isinstance(pub.get("name"), str):
            pm.site_name = clean(pub["name"])
    pm.h1 = [t for t in (_text_of(h) for h in tree.iter("h1") if not _is_logo(h)) if t][:3]
    pm.headline, pm.headline_reason = choose_headline(pm)
    pm.authors, pm.author_source = find_authors(tree, meta, ld)
    pm.dates = find_dates(tree, meta, ld, url)
    pm.language = find_language(tree, meta, ld)
    pm.captions = find_captions(tree)
    pm.description = _first(meta, "og:description", "description")
    return pm
