"""Reference dates from every source of evidence, their order of trust, and bad WARC/charset input."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from dateline.errors import CATALOGUE
from dateline.pages import refdate
from dateline.pages.htmlpage import HtmlPage
from dateline.pages.readers import Rejected, read_html_file, read_warc
from dateline.pages.textpage import TextPage
from dateline.records import Article, RawInput

BODY = (
    "Officials said on Sunday that the talks on the new trade agreement would resume next "
    "week in the capital. The minister told reporters the government expected progress on "
    "tariffs and quotas before the end of the month, and that both sides were close."
)


def _text(content: str, *, uri: str = "page.txt", fmt: str = "text", **kw: object) -> Article:
    raw = RawInput(content=content, format=fmt, uri=uri, **kw)  # type: ignore[arg-type]
    return Article(id="t", source=uri, raw=raw)


def _run(art: Article) -> Article:
    return TextPage()(art)


# --- URL forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected", "precision"),
    [
        ("https://x.example/news/2016/12/11/talks-resume", (2016, 12, 11), "day"),
        ("https://x.example/2016-12-11-talks", (2016, 12, 11), "day"),
        ("https://www.theguardian.com/world/2013/may/03/syria-talks", (2013, 5, 3), "day"),
        ("https://x.example/story/20161211/talks", (2016, 12, 11), "day"),
        ("https://x.example/news/150716/talks.html", (2016, 7, 15), "day"),
        ("https://x.example/news/2016/12/talks-resume", (2016, 12, None), "month"),
    ],
)
def test_url_date_forms(url: str, expected: tuple[int, int, int | None], precision: str) -> None:
    ev = refdate.url_date(url)
    assert ev is not None and ev.source == "url"
    assert (ev.year, ev.month, ev.day) == expected and ev.precision == precision


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/news/030516/talks",  # 3 May or March 5: ambiguous
        "https://x.example/news/991399/talks",  # no valid reading
        "https://x.example/2016/13/45/x",  # not a date
        "/home/user/2016/12/11/page.txt",  # a file path is not a URL
        "https://x.example/story/123456789/talks",
    ],
)
def test_url_without_a_usable_date(url: str) -> None:
    assert refdate.url_date(url) is None


def test_url_date_after_the_crawl_is_not_taken() -> None:
    assert refdate.url_date("https://x.example/2019/01/02/a", datetime(2018, 7, 1)) is None


# --- evidence on a text page ---------------------------------------------------------------


def test_jsonl_hint_on_a_text_page_is_read_first() -> None:
    art = _text("Published: December 1, 2016\n\n" + BODY, uri="https://x.example/a", fmt="jsonl")
    art.published = "2016-12-11T10:30:00+02:00"
    out = _run(art)
    assert out.published_source == "hint"
    assert out.published_date == "2016-12-11" and out.published_precision == "minute"
    assert out.timezone_known and "no publication date found" not in out.warnings


def test_date_line_is_a_line() -> None:
    out = _run(_text(" date 2016-12-12\n\n" + BODY))
    assert (out.published_date, out.published_source) == ("2016-12-12", "line")


def test_published_line_beats_a_date_line() -> None:
    out = _run(_text("date 2016-12-01\n\nPublished: December 12, 2016\n\n" + BODY))
    assert (out.published_date, out.published_source) == ("2016-12-12", "line")


def test_url_first_line_is_chrome_and_evidence() -> None:
    out = _run(_text("https://x.example/news/2016/12/11/talks\n\n" + BODY))
    assert (out.published_date, out.published_source) == ("2016-12-11", "url")
    assert "https://" not in out.text
    assert any(c.kind == "url" for c in out.chrome)


def test_source_url_is_evidence() -> None:
    out = _run(_text(BODY, uri="https://x.example/2013/may/03/talks", fmt="jsonl"))
    assert (out.published_date, out.published_source) == ("2013-05-03", "url")


def test_lead_full_date() -> None:
    body = "Talks on the trade agreement resumed on December 12, 2008 in the capital. " + BODY
    out = _run(_text(body))
    assert (out.published_date, out.published_source) == ("2008-12-12", "lead")


def test_weekday_alone_is_not_a_date() -> None:
    out = _run(_text(BODY))
    assert out.published_date is None and out.published_source is None
    assert "no publication date found" in out.warnings


def test_date_in_the_third_sentence_is_not_the_lead() -> None:
    body = BODY + " The last round ended on March 3, 2015 without a deal."
    assert _run(_text(body)).published_source is None


def test_dateline_with_year() -> None:
    out = _run(_text("PARIS, 3 May 2016 — " + BODY))
    assert (out.published_date, out.published_source) == ("2016-05-03", "dateline")


def test_yearless_dateline_stays_month_day() -> None:
    out = _run(_text("MOSCOW, March 29 — " + BODY))
    assert out.published_source == "dateline" and out.published_precision == "month_day"
    assert out.published_date is None and out.published is None
    assert any("without a year" in w for w in out.warnings)


def test_yearless_dateline_takes_the_url_year() -> None:
    out = _run(_text("MOSCOW, March 29 — " + BODY, uri="https://x.example/2017/04/talks"))
    assert (out.published_date, out.published_source) == ("2017-03-29", "dateline")


def test_yearless_dateline_takes_the_year_before_the_crawl() -> None:
    # crawled on 2 January 2017: 30 December is in 2016, not in 2017 (after the crawl)
    art = _text(
        "MOSCOW, Dec. 30 — " + BODY,
        uri="https://x.example/a",
        fmt="warc",
        fetched_at="2017-01-02T08:00:00Z",
    )
    out = _run(art)
    assert (out.published_date, out.published_source) == ("2016-12-30", "dateline")


def test_order_of_trust_line_over_dateline_over_url_over_lead() -> None:
    lead = "MOSCOW, March 29, 2016 — Talks resumed on December 12, 2008. " + BODY
    uri = "https://x.example/2015/01/02/a"
    assert _run(_text("Published: May 5, 2016\n\n" + lead, uri=uri)).published_source == "line"
    assert _run(_text(lead, uri=uri)).published_date == "2016-03-29"
    no_dl = "Talks resumed on December 12, 2008. " + BODY
    assert _run(_text(no_dl, uri=uri)).published_date == "2015-01-02"
    assert _run(_text(no_dl)).published_date == "2008-12-12"


def test_crawl_is_the_last_resort_and_an_upper_bound() -> None:
    out = _run(
        _text(BODY, uri="https://x.example/a", fmt="warc", fetched_at="2018-07-16T09:00:00Z")
    )
    assert (out.published_date, out.published_source) == ("2018-07-16", "crawl")
    later = _text(
        "Published: August 1, 2019\n\n" + BODY,
        uri="https://x.example/a",
        fmt="warc",
        fetched_at="2018-07-16T09:00:00Z",
    )
    out = _run(later)
    assert out.published_source == "crawl"
    assert any("after the crawl" in w for w in out.warnings)


def test_html_page_dateline_and_crawl() -> None:
    html = (
        "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        f"<p>MOSCOW, March 29 — {BODY}</p><p>{BODY}</p></article></body></html>"
    )
    art = _text(html, uri="https://x.example/a", fmt="warc", fetched_at="2017-02-01T00:00:00Z")
    out = HtmlPage(use_htmldate=False)(art)
    assert (out.published_date, out.published_source) == ("2016-03-29", "dateline")
    art = _text(html, uri="https://x.example/news/2016/12/11/a", fmt="html")
    art.published = "2016-12-10"
    out = HtmlPage(use_htmldate=False)(art)
    assert (out.published_date, out.published_source) == ("2016-12-10", "hint")


# --- bad WARC records ------------------------------------------------------------------------


def _record(headers: list[tuple[str, str]], payload: bytes, *, length: int | None = None) -> bytes:
    lines = ["WARC/1.0", *(f"{k}: {v}" for k, v in headers)]
    lines.append(f"Content-Length: {len(payload) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"


def _response(uri: str | None, html: str, http_headers: str = "") -> bytes:
    http = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + http_headers
        + "\r\n"
        + html
    ).encode()
    headers = [("WARC-Type", "response"), ("WARC-Date", "2016-12-12T10:00:00Z")]
    headers.append(("WARC-Record-ID", f"<urn:uuid:{abs(hash((uri, html)))}>"))
    if uri:
        headers.append(("WARC-Target-URI", uri))
    headers.append(("Content-Type", "application/http; msgtype=response"))
    return _record(headers, http)


PAGE = f"<html><body><p>{BODY}</p></body></html>"


def test_warc_bad_records_are_one_rejection_each_and_the_rest_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good1 = _response("https://x.example/1", PAGE)
    no_uri = _response(None, PAGE)
    broken = b"WARC/1.0\r\nWARC-Type response\r\nContent-Length: many\r\n\r\ngarbage\r\n\r\n"
    good2 = _response("https://x.example/2", PAGE)
    data = good1 + no_uri + broken + good2
    path = tmp_path / "bad.warc"
    path.write_bytes(data)
    items = list(read_warc(path))
    arts = [i for i in items if isinstance(i, Article)]
    rej = [i for i in items if isinstance(i, Rejected)]
    assert [a.source for a in arts] == ["https://x.example/1", "https://x.example/2"]
    assert [r.rejection.code for r in rej] == ["DL122", "DL122"]
    assert f"offset {len(good1)}" in rej[0].rejection.reason
    assert f"offset {len(good1) + len(no_uri)}" in rej[1].rejection.reason
    assert "DL122" in CATALOGUE
    assert "Traceback" not in caplog.text


def test_warc_truncated_payload_is_dl122_with_its_offset(tmp_path: Path) -> None:
    good = _response("https://x.example/1", PAGE)
    cut = _response("https://x.example/2", PAGE)
    path = tmp_path / "cut.warc"
    path.write_bytes(good + cut[: len(cut) - 60])
    items = list(read_warc(path))
    assert isinstance(items[0], Article)
    last = items[-1]
    assert isinstance(last, Rejected) and last.rejection.code == "DL122"
    assert f"offset {len(good)}" in last.rejection.reason


def test_gzipped_warc_broken_member_is_skipped(tmp_path: Path) -> None:
    import gzip

    members = [
        gzip.compress(_response("https://x.example/1", PAGE)),
        gzip.compress(b"WARC/1.0\r\nContent-Length: zz\r\n\r\n\r\n\r\n"),
        gzip.compress(_response("https://x.example/2", PAGE)),
    ]
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(b"".join(members))
    items = list(read_warc(path))
    assert [type(i).__name__ for i in items] == ["Article", "Rejected", "Article"]
    rej = items[1]
    assert isinstance(rej, Rejected) and rej.rejection.code == "DL122"
    assert f"offset {len(members[0])}" in rej.rejection.reason


# --- UTF-16 / UTF-32 without a BOM -------------------------------------------------------------


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_html_without_bom_is_decoded(tmp_path: Path, enc: str) -> None:
    html = f"<html><head><title>Café talks</title></head><body><p>{BODY} — “oui”</p></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(enc))
    items = list(read_html_file(path))
    assert len(items) == 1 and isinstance(items[0], Article), items
    raw = items[0].raw
    assert raw is not None and raw.content == html and raw.encoding == enc


def test_binary_with_nul_bytes_is_still_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blob.html"
    path.write_bytes(bytes(range(256)) * 20)
    items = list(read_html_file(path))
    assert isinstance(items[0], Rejected) and items[0].rejection.code == "DL101"


# --- HTTP Last-Modified ------------------------------------------------------------------------


def test_warc_last_modified_is_read_and_is_the_tighter_last_resort(tmp_path: Path) -> None:
    lm = "Last-Modified: Sun, 11 Dec 2016 08:30:00 GMT\r\n"
    data = (
        _response("https://x.example/a", PAGE, lm)
        + _response("https://x.example/b", PAGE, "Last-Modified: not a date\r\n")
        + _response("https://x.example/c", PAGE, "Last-Modified: Mon, 01 Jan 2018 00:00:00 GMT\r\n")
    )
    path = tmp_path / "lm.warc"
    path.write_bytes(data)
    a, b, c = (i for i in read_warc(path) if isinstance(i, Article))
    assert a.raw is not None and a.raw.last_modified == "2016-12-11T08:30:00+00:00"
    assert b.raw is not None and b.raw.last_modified is None  # malformed: ignored, page kept
    out = HtmlPage(use_htmldate=False)(a)
    assert (out.published_date, out.published_source) == ("2016-12-11", "crawl")
    assert any("Last-Modified" in n for n in out.warnings), out.warnings
    # a malformed header, or one after the crawl, falls back to the crawl time (2016-12-12)
    for art in (b, c):
        out = HtmlPage(use_htmldate=False)(art)
        assert (out.published_date, out.published_source) == ("2016-12-12", "crawl")


def test_last_modified_never_sets_aside_the_pages_own_date() -> None:
    html = f"<html><body><p>MOSCOW, March 29, 2015 — {BODY}</p><p>{BODY}</p></body></html>"
    art = _text(
        html,
        uri="https://x.example/a",
        fmt="warc",
        fetched_at="2017-02-01T00:00:00Z",
        last_modified="2014-01-01T00:00:00+00:00",  # a template's date, older than the story
    )
    out = HtmlPage(use_htmldate=False)(art)
    assert (out.published_date, out.published_source) == ("2015-03-29", "dateline")
