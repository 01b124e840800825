"""Readers for HTML, WARC and JSONL inputs: streaming, counted rejections, charsets."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from dateline.errors import CATALOGUE
from dateline.pages import readers
from dateline.pages.readers import (
    Rejected,
    decode_html,
    looks_like_html,
    read_file,
    read_jsonl,
    read_paths,
    read_warc,
    stages_for,
)
from dateline.records import Article

PAGE = (
    "<html><head><title>Rebels take the city – Example News</title></head><body>"
    "<article><h1>Rebels take the city</h1><p>BEIRUT (AP) — Rebels took the city on Sunday "
    "after a week of fighting, residents said.</p></article></body></html>"
)


def _warc(path: Path, *, truncate: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("t.warc.gz", {"software": "test"}))

    def response(uri: str, body: bytes, ctype: str) -> None:
        hh = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hh)
        )

    response("https://news.example.com/a", PAGE.encode(), "text/html; charset=utf-8")
    response("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png")
    # declared UTF-8, really Windows-1252
    response(
        "https://news.example.com/b",
        "<html><body><p>Caf\u00e9 owners in Z\u00fcrich \u2014 a story.</p></body></html>".encode(
            "cp1252"
        ),
        "text/html; charset=utf-8",
    )
    response("https://news.example.com/json", b'{"a": 1}', "application/json")
    complete = len(buf.getvalue())
    response(
        "https://news.example.com/c",
        b"<html><body>" + b"<p>A long paragraph of the story. </p>" * 400 + b"</body></html>",
        "text/html",
    )
    data = buf.getvalue()
    if truncate:
        data = data[: complete + (len(data) - complete) // 2]
    path.write_bytes(data)


def test_warc_every_html_record_is_an_article_or_counted_rejection(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    stats: Counter[str] = Counter()
    items = list(read_warc(path, stats=stats))
    arts = [i for i in items if isinstance(i, Article)]
    rej = [i for i in items if isinstance(i, Rejected)]
    assert [a.source for a in arts] == ["https://news.example.com/a", "https://news.example.com/b"]
    for a in arts:
        assert a.raw is not None and a.raw.format == "warc"
        assert a.raw.uri == a.source and a.raw.fetched_at  # WARC-Target-URI and WARC-Date
        assert a.site == "news.example.com"
    assert "Café owners in Zürich — a story" in arts[1].raw.content  # type: ignore[union-attr]
    assert arts[1].raw.encoding == "cp1252"  # type: ignore[union-attr]
    codes = sorted(r.rejection.code for r in rej)
    assert codes == ["DL120", "DL120", "DL122"]  # png, json, the truncated HTML record
    assert all(r.rejection.code in CATALOGUE and r.rejection.reason for r in rej)
    assert stats["skipped_warcinfo"] == 1 and stats["malformed"] == 1


def test_warc_uncompressed_truncated_payload(tmp_path: Path) -> None:
    gz = tmp_path / "full.warc.gz"
    _warc(gz, truncate=False)
    plain = tmp_path / "cut.warc"
    data = gzip.decompress(gz.read_bytes())
    plain.write_bytes(data[: len(data) - 3000])  # cut inside the last (long) record
    items = list(read_file(plain))
    assert sum(isinstance(i, Article) for i in items) == 2
    last = items[-1]
    assert isinstance(last, Rejected) and last.rejection.code == "DL122"


def test_warc_garbage_file_is_one_rejection(tmp_path: Path) -> None:
    p = tmp_path / "bad.warc"
    p.write_bytes(b"this is not a warc file at all\r\n\r\n" * 10)
    items = list(read_file(p))
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert items[0].rejection.code == "DL121"


def test_jsonl_broken_line_is_rejected_and_the_rest_go_on(tmp_path: Path) -> None:
    p = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"url": "https://x.example/1", "html": PAGE, "published": "2016-12-11"}),
        '{"url": "https://x.example/2", "html": "<p>cut',
        json.dumps({"url": "https://x.example/3", "text": "Plain story.\n\nSecond paragraph."}),
        json.dumps({"url": "https://x.example/4"}),
        "",
        json.dumps(["not", "an", "object"]),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_jsonl(p))
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Rejected",
        "Article",
        "Rejected",
        "Rejected",
    ]
    first, third = items[0], items[2]
    assert isinstance(first, Article) and isinstance(third, Article)
    assert first.published == "2016-12-11" and first.raw and first.raw.format == "jsonl"
    assert {r.rejection.code for r in items if isinstance(r, Rejected)} == {"DL121"}
    assert items[1].uri.endswith("dump.jsonl:2")  # type: ignore[union-attr]
    assert stages_for(first)[0] == "dateline.htmlpage.v1"
    assert stages_for(third)[0] == "dateline.textpage.v1"


def test_lying_charset_is_detected() -> None:
    text = "<html><head><meta charset='iso-8859-1'></head><body><p>Ça va — “oui”</p></body></html>"
    assert decode_html(text.encode("utf-8")) == (text, "utf-8")  # says Latin-1, is UTF-8
    lie = text.replace("iso-8859-1", "utf-8")
    got, enc = decode_html(lie.encode("cp1252"))  # says UTF-8, is Windows-1252
    assert got == lie and enc == "cp1252"
    honest = "<meta charset=windows-1251><p>Привет, мир</p>"
    assert decode_html(honest.encode("cp1251")) == (honest, "cp1251")
    bom = "<p>naïve</p>"
    assert decode_html(b"\xef\xbb\xbf" + bom.encode()) == (bom, "utf-8")
    assert decode_html(bom.encode("utf-16"))[0] == bom


def test_undeclared_cyrillic_is_not_read_as_latin() -> None:
    page = "<html><body><p>" + "Москва заявила о новых переговорах с партнёрами. " * 5 + "</p>"
    got, _ = decode_html(page.encode("cp1251"))
    assert "Москва" in got


def test_html_files_and_gz_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    with gzip.open(tmp_path / "b.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(PAGE.replace("Sunday", "Monday"))
    (tmp_path / "c.htm").write_bytes(b"   ")
    (tmp_path / "d.txt").write_text("A plain page.\nWith a story.", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    kinds = [
        (Path(i.uri if isinstance(i, Rejected) else str(i.source)).name, type(i).__name__)
        for i in items
    ]
    assert kinds == [
        ("a.html", "Article"),
        ("b.html.gz", "Article"),
        ("c.htm", "Rejected"),
        ("d.txt", "Article"),
    ]
    b = items[1]
    assert isinstance(b, Article) and b.raw and b.raw.format == "html" and "Monday" in b.raw.content
    assert b.raw.fetched_at is not None
    assert stages_for(b)[0] == "dateline.htmlpage.v1"
    assert stages_for(items[3])[0] == "dateline.textpage.v1"  # type: ignore[arg-type]


def test_html_too_large_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "big.html"
    p.write_text("<p>" + "x" * 200 + "</p>", encoding="utf-8")
    items = list(readers.read_html_file(p, max_bytes=100))
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert items[0].rejection.code == "DL104"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PAGE, True),
        ("Plain text with a < sign and <b> once.", False),
        ("<p>a</p><p>b</p><p>c</p>", True),
    ],
)
def test_looks_like_html(content: str, expected: bool) -> None:
    assert looks_like_html(content) is expected
