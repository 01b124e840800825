"""Write a deterministic corpus of hostile input files (and a few good pages) for ingest tests.

    python scripts/hostile_corpus.py OUT_DIR --n 1000 [--seed 7] [--huge-mb 50]

Every kind of bad input crawled news brings is written at least once, then kinds are cycled
(with seeded variations) until ``n`` files exist: empty and blank files, random binaries,
huge text (``--huge-mb``), HTML nested 10 000 deep, invalid and lying charsets, truncated
gzip / WARC / JSONL, JSONL with broken lines, Arabic / Chinese / Russian pages, script-only
pages, zip bombs (gzip members repeated: a few MB on disk, GBs inflated), huge single
lines, NUL bytes, control characters, entity floods, pages full of URLs (for the no-SSRF
check), odd WARC records — and good pages: copies of ``examples/*.txt`` as text, CRLF,
BOM, gzip, HTML, JSONL and WARC, which must still be stored correctly.

``OUT_DIR/manifest.json`` lists every file with its kind and what ingest must do with it:
``"rejected"`` (every document rejected), ``"stored"`` (every document stored or a
duplicate of a stored one) or ``"any"``; ``good_uris`` names the documents of mixed files
that must be stored.  The same seed always writes the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

ARABIC = (
    "قالت الشرطة إن المتظاهرين تجمعوا في وسط المدينة يوم الجمعة احتجاجا على الضرائب الجديدة".split()
)
CHINESE = list("警方说抗议者星期五聚集在市中心反对新的税收政府表示将继续对话新华社报道")
RUSSIAN = "Полиция заявила что протестующие собрались в центре города в пятницу против новых налогов".split()
ENGLISH = (
    "the police said protesters gathered in the city centre on friday against new taxes"
    " officials reported that soldiers were killed when militants attacked a camp"
).split()


@dataclass
class Spec:
    kind: str
    suffix: str
    data: bytes | None = None
    expect: str = "rejected"  # "rejected" | "stored" | "any"
    good_uris: list[str] = field(default_factory=list)
    #: writer for files too big to build in memory
    writer: Callable[[Path], None] | None = None


def examples() -> list[tuple[str, str]]:
    """(name, text) of the good example pages."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.txt"))]


def _words(rng: random.Random, vocab: list[str], n: int, sep: str = " ") -> str:
    return sep.join(rng.choice(vocab) for _ in range(n))


def _html(body: str, *, head: str = "", title: str = "A page") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>{body}</body></html>"
    )


def _page_html(text: str, *, charset: str = "utf-8", extra: str = "") -> str:
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    title = paras[1] if len(paras) > 1 else "News"
    body = "".join(f"<p>{p}</p>" for p in paras[2:])
    return _html(
        f"<header><nav><a href='/'>Home</a></nav></header><article><h1>{title}</h1>{body}"
        f"</article>{extra}",
        head=f'<meta charset="{charset}">',
        title=title,
    )


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _bomb_member(chunk: bytes) -> bytes:
    """One gzip member of ``chunk`` (repeat the member to multiply the inflated size)."""
    return gzip.compress(chunk, compresslevel=9, mtime=0)


def _warc(records: list[tuple[str, bytes, dict[str, str] | None, str]], gz: bool) -> bytes:
    """A WARC of (uri, payload, http headers or None, record type) records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for uri, payload, headers, rec_type in records:
        http = None
        if headers is not None:
            status = headers.pop(":status", "200 OK")
            http = StatusAndHeaders(status, list(headers.items()), protocol="HTTP/1.1")
        rec = w.create_warc_record(
            uri,
            rec_type,
            payload=io.BytesIO(payload),
            http_headers=http,
            warc_headers_dict={
                "WARC-Date": "2023-07-08T10:00:00Z",
                # a fixed id: the same seed writes the same bytes
                "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri + rec_type)}>",
            },
        )
        w.write_record(rec)
    return buf.getvalue()


# --- the kinds -----------------------------------------------------------------------------


def k_empty(rng: random.Random, i: int) -> Spec:
    suffix = [".txt", ".html", ".jsonl", ".warc", ".htm"][i % 5]
    return Spec("empty", suffix, b"")


def k_blank(rng: random.Random, i: int) -> Spec:
    ws = "".join(rng.choice(" \t\r\n\u00a0\u2003") for _ in range(rng.randint(1, 400)))
    return Spec("blank", [".txt", ".html", ".jsonl"][i % 3], ws.encode("utf-8"))


def k_binary(rng: random.Random, i: int) -> Spec:
    n = rng.randint(1, 200_000)
    suffix = [".txt", ".html", ".warc", ".jsonl", ".html.gz", ".warc.gz", ".jsonl.gz"][i % 7]
    return Spec("binary", suffix, rng.randbytes(n))


def k_gzip_of_binary(rng: random.Random, i: int) -> Spec:
    return Spec(
        "gzip_binary", [".html.gz", ".jsonl.gz", ".warc.gz"][i % 3], _gz(rng.randbytes(5000))
    )


def k_huge_text(size_mb: float) -> Callable[[random.Random, int], Spec]:
    def make(rng: random.Random, i: int) -> Spec:
        size = int(size_mb * 1_000_000)
        line = (" ".join(ENGLISH) + ".\n").encode()

        def write(path: Path) -> None:
            with path.open("wb") as fh:
                block = line * (1_000_000 // len(line) + 1)
                written = 0
                while written < size:
                    fh.write(block)
                    written += len(block)

        return Spec("huge_text", [".txt", ".html"][i % 2], writer=write)

    return make


def k_deep_html(rng: random.Random, i: int) -> Spec:
    depth = 10_000
    tag = ["div", "b", "span", "table", "p", "i"][i % 6]
    closed = i % 2 == 0
    text = " ".join(ENGLISH) + ". " + _words(rng, ENGLISH, 60) + "."
    body = f"<{tag}>" * depth + text + (f"</{tag}>" * depth if closed else "")
    return Spec("deep_html", ".html", _html(body).encode(), expect="any")


def k_bad_charset(rng: random.Random, i: int) -> Spec:
    russian = " ".join(RUSSIAN) + ". " + _words(rng, RUSSIAN, 80) + "."
    english = "Café owners in Zürich said the naïve plan would fail; officials disagreed. " * 5
    variants: list[tuple[str, bytes]] = [
        ("x-klingon-9", _page_html(english + "\n\nX\n\n" + english).encode("cp1252")),
        ("utf-8", _html(f"<p>{russian}</p>").encode("cp1251")),  # lies: cp1251
        ("shift_jis", _html(f"<p>{english}</p>").encode("utf-16-le")),  # lies: UTF-16 w/o BOM
        ("utf-7", _html(f"<p>{english}</p>").encode("latin-1")),
        ("iso-8859-1", _html(f"<p>{russian}</p>").encode("koi8-r")),
        ('"; DROP TABLE articles; --', _html(f"<p>{english}</p>").encode("utf-8")),
        ("", _html(f"<p>{english}</p>").encode("mac-roman")),
    ]
    cs, data = variants[i % len(variants)]
    data = data.replace(b"<head>", f'<head><meta charset="{cs}">'.encode("latin-1", "replace"))
    return Spec("bad_charset", ".html", data, expect="any")


def k_truncated(rng: random.Random, i: int) -> Spec:
    name, text = rng.choice(examples())
    page = _page_html(text).encode()
    which = i % 5
    if which == 0:
        full = _gz(page)
        return Spec("truncated_gzip", ".html.gz", full[: rng.randint(10, len(full) - 9)])
    if which == 1:
        line = json.dumps({"url": f"http://trunc.test/{i}", "text": text}).encode() + b"\n"
        full = _gz(line * 3)
        # the lines before the cut may be whole (and stored); the cut itself is rejected
        return Spec(
            "truncated_jsonl_gz", ".jsonl.gz", full[: rng.randint(10, len(full) - 9)], expect="any"
        )
    recs = [
        (f"http://trunc.test/{i}/{k}", page, {"Content-Type": "text/html"}, "response")
        for k in range(2)
    ]
    if which == 2:
        full = _warc(recs, gz=True)
        return Spec(
            "truncated_warc_gz", ".warc.gz", full[: rng.randint(40, len(full) - 30)], expect="any"
        )
    if which == 3:
        full = _warc(recs, gz=False)
        cut = rng.randint(len(full) // 2 + 50, len(full) - 20)
        return Spec("truncated_warc", ".warc", full[:cut], expect="any")
    full = _warc(recs[:1], gz=False)
    return Spec("truncated_warc_header", ".warc", full[: rng.randint(5, 120)])


def k_broken_jsonl(rng: random.Random, i: int) -> Spec:
    name, text = examples()[i % len(examples())]
    good = f"http://jsonl.test/{i}/good"
    lines: list[bytes] = [
        b"{",
        b"[1, 2, 3]",
        b'{"url": 1}',
        b"null",
        b'{"html": 5, "url": "x"}',
        b'{"text": "   "}',
        b"\xff\xfe\x00garbage",
        b'{"url": "http://jsonl.test/nested", "text": ' + b'{"a":' * 500 + b"1" + b"}" * 500 + b"}",
        b'{"url": "http://jsonl.test/deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        json.dumps({"url": good, "text": text, "published": "not a date"}).encode(),
        b'"just a string"',
        b'{"url": "http://jsonl.test/' + str(i).encode() + b'/cut", "text": "Police fi',
    ]
    rng.shuffle(lines)
    return Spec("broken_jsonl", ".jsonl", b"\n".join(lines) + b"\n", expect="any", good_uris=[good])


def k_foreign(rng: random.Random, i: int) -> Spec:
    vocab, sep = [(ARABIC, " "), (CHINESE, ""), (RUSSIAN, " ")][i % 3]
    paras = [_words(rng, vocab, rng.randint(30, 80), sep) + "." for _ in range(rng.randint(2, 6))]
    text = "\n\n".join(paras)
    if i % 2:
        return Spec(
            "foreign", ".html", _html("".join(f"<p>{p}</p>" for p in paras)).encode(), expect="any"
        )
    return Spec("foreign", ".txt", text.encode("utf-8"), expect="any")


def k_scripts_only(rng: random.Random, i: int) -> Spec:
    js = (
        "var x = '<p>" + _words(rng, ENGLISH, 50) + "</p>'; document.write(x);" * rng.randint(1, 50)
    )
    body = f"<script>{js}</script><noscript></noscript><style>p{{color:red}}</style>"
    return Spec("scripts_only", ".html", _html(body, head=f"<script>{js}</script>").encode())


def k_zip_bomb(rng: random.Random, i: int) -> Spec:
    which = i % 4
    chunk = [b"\x00", b"<p>a</p>", b" ", b"{"][which] * (1 << 20)
    member = _bomb_member(chunk)
    repeats = 2048  # 2 GB inflated from a few MB on disk
    if which == 3:
        return Spec("zip_bomb", ".jsonl.gz", member * repeats)
    if which == 2:
        # a WARC record declaring 2 GB whose gzip member holds it
        head = (
            b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://bomb.test/\r\n"
            b"Content-Type: text/html\r\nContent-Length: 2147483648\r\n\r\n"
        )
        return Spec("zip_bomb", ".warc.gz", _gz(head) + member * repeats)
    return Spec("zip_bomb", ".html.gz", member * repeats)


def k_huge_line(rng: random.Random, i: int) -> Spec:
    size = [400_000, 1_500_000, 4_000_000][i % 3]
    if i % 6 < 3:
        word = "x" * size  # one word, no spaces
        return Spec("huge_line", ".txt", word.encode())
    text = " ".join(ENGLISH)
    line = (text + ", ") * (size // (len(text) + 2))
    return Spec("huge_line", ".txt", line.encode(), expect="rejected")


def k_nul(rng: random.Random, i: int) -> Spec:
    name, text = examples()[i % len(examples())]
    data = text.encode()
    which = i % 4
    if which == 0:
        return Spec("nul", ".txt", b"\x00" + data)
    if which == 1:
        pad = ("Filler paragraph about nothing at all. " * 300 + "\n\n").encode()
        return Spec("nul", ".txt", data + pad + b"\x00\x00" + data, expect="any")
    if which == 2:
        return Spec("nul", ".html", _page_html(text).encode().replace(b"<p>", b"<p>\x00", 2))
    return Spec("nul", ".txt", b"\x00" * rng.randint(1, 5000))


def k_control_chars(rng: random.Random, i: int) -> Spec:
    name, text = examples()[i % len(examples())]
    which = i % 5
    if which == 0:  # bidi overrides, zero-width characters, zalgo
        noise = "\u202e\u200b\u200d\ufeff" + "a\u0301\u0302\u0303\u0304" * 200
        out = text.replace("\n\n", f"\n\n{noise} ", 2)
    elif which == 1:  # C0 controls sprinkled in
        out = "".join(c + (chr(rng.randint(1, 31)) if rng.random() < 0.02 else "") for c in text)
    elif which == 2:  # lone surrogates written raw (invalid UTF-8)
        return Spec(
            "control_chars", ".txt", text.encode() + b"\xed\xa0\x80\xed\xbf\xbf", expect="any"
        )
    elif which == 3:  # emoji and astral characters
        out = text.replace(" ", " \U0001f4a5 ", 20)
    else:  # form feeds and vertical tabs as line breaks
        out = text.replace("\n", "\x0c\x0b\n")
    return Spec("control_chars", ".txt", out.encode("utf-8"), expect="any")


def k_entity_flood(rng: random.Random, i: int) -> Spec:
    which = i % 3
    if which == 0:
        body = "<p>" + "&#0;&#xD800;&#x110000;&#99999999999;&bogus;" * 20_000 + "</p>"
        return Spec("entity_flood", ".html", _html(body).encode(), expect="any")
    if which == 1:  # billion laughs in an XHTML file
        ents = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">'
            for k in range(1, 10)
        )
        doc = (
            f'<?xml version="1.0"?><!DOCTYPE html [{ents}]>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p></body></html>'
        )
        return Spec("billion_laughs", ".xhtml", doc.encode(), expect="any")
    body = "<p>" + "<!--" * 5000 + "</p>" + "<![CDATA[" * 3000
    return Spec("entity_flood", ".html", _html(body).encode(), expect="any")


def k_many_lines(rng: random.Random, i: int) -> Spec:
    n = rng.randint(20_000, 80_000)
    lines = "\n".join(rng.choice(ENGLISH) for _ in range(n))
    return Spec("many_lines", ".txt", lines.encode(), expect="any")


def k_url_page(rng: random.Random, i: int) -> Spec:
    """A good story whose markup and text name external URLs (nothing may be fetched)."""
    name, text = examples()[i % len(examples())]
    extra = "".join(
        f'<img src="http://198.51.100.{k}/x.png"><link rel="stylesheet" href="https://evil.test/{k}.css">'
        f'<iframe src="http://169.254.169.254/latest/meta-data/"></iframe>'
        f'<script src="http://evil.test/{k}.js"></script><a href="file:///etc/passwd">x</a>'
        for k in range(20)
    )
    head = '<meta http-equiv="refresh" content="0; url=http://evil.test/"><base href="http://evil.test/">'
    page = _page_html(text, extra=extra).replace("<head>", "<head>" + head)
    page = page.replace(
        "</article>", "<p>See http://10.0.0.1/admin and https://evil.test/.</p></article>"
    )
    return Spec("url_page", ".html", page.encode(), expect="any")


def k_warc_odd(rng: random.Random, i: int) -> Spec:
    name, text = examples()[i % len(examples())]
    page = _page_html(text).encode()
    which = i % 5
    base = f"http://warc.test/{i}"
    if which == 0:
        recs = [(base + "/img", rng.randbytes(3000), {"Content-Type": "image/png"}, "response")]
    elif which == 1:
        recs = [
            (
                base + "/404",
                page,
                {":status": "404 Not Found", "Content-Type": "text/html"},
                "response",
            )
        ]
    elif which == 2:
        recs = [(base + "/req", b"GET / HTTP/1.1\r\n\r\n", None, "request")]
    elif which == 3:
        recs = [(base + "/res", rng.randbytes(500), None, "resource")]
    else:
        recs = [
            (
                base + "/script",
                b"<script>alert(1)</script>",
                {"Content-Type": "text/html"},
                "response",
            )
        ]
    return Spec("warc_odd", [".warc", ".warc.gz"][i % 2], _warc(recs, gz=bool(i % 2)))


def k_html_in_txt(rng: random.Random, i: int) -> Spec:
    body = "<div>" * 50 + _words(rng, ENGLISH, 40) + "</div>" * 50
    return Spec("markup_in_txt", ".txt", _html(body).encode(), expect="any")


def k_good(rng: random.Random, i: int) -> Spec:
    exs = examples()
    name, text = exs[i % len(exs)]
    which = i % 8
    if which == 0:
        return Spec("good", ".txt", text.encode(), expect="stored")
    if which == 1:
        return Spec("good_crlf", ".txt", text.replace("\n", "\r\n").encode(), expect="stored")
    if which == 2:
        return Spec("good_bom", ".txt", b"\xef\xbb\xbf" + text.encode(), expect="stored")
    if which == 3:
        return Spec("good_cp1252", ".txt", text.encode("cp1252"), expect="stored")
    if which == 4:
        return Spec("good_html_gz", ".html.gz", _gz(_page_html(text).encode()), expect="stored")
    if which == 5:
        return Spec("good_html", ".html", _page_html(text).encode(), expect="stored")
    if which == 6:
        url = f"http://good.test/{name}"
        line = json.dumps({"url": url, "text": text, "published": "2023-07-07"})
        return Spec("good_jsonl", ".jsonl", line.encode() + b"\n", expect="stored")
    url = f"http://good.test/{name}.html"
    data = _warc(
        [
            (
                url,
                _page_html(text).encode(),
                {"Content-Type": "text/html; charset=utf-8"},
                "response",
            )
        ],
        gz=True,
    )
    return Spec("good_warc", ".warc.gz", data, expect="stored")


def kinds(huge_mb: float) -> list[Callable[[random.Random, int], Spec]]:
    return [
        k_empty,
        k_blank,
        k_binary,
        k_gzip_of_binary,
        k_huge_text(huge_mb),
        k_deep_html,
        k_bad_charset,
        k_truncated,
        k_broken_jsonl,
        k_foreign,
        k_scripts_only,
        k_zip_bomb,
        k_huge_line,
        k_nul,
        k_control_chars,
        k_entity_flood,
        k_many_lines,
        k_url_page,
        k_warc_odd,
        k_html_in_txt,
        k_good,
    ]


#: how often each kind comes back after the first round (expensive ones rarely)
WEIGHTS = {
    "k_huge_text": 0.004,
    "k_zip_bomb": 0.02,
    "k_huge_line": 0.02,
    "k_many_lines": 0.02,
    "k_deep_html": 0.03,
    "k_good": 0.03,
}


def generate(out: Path, n: int = 1000, *, seed: int = 7, huge_mb: float = 50.0) -> list[dict]:
    """Write ``n`` files (at least one of every kind) under ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    makers = kinds(huge_mb)
    names = [getattr(m, "__name__", "k_huge_text") for m in makers]
    names = ["k_huge_text" if nm == "make" else nm for nm in names]
    weights = [WEIGHTS.get(nm, 1.0) for nm in names]
    # the first round: every kind once, and every good variant
    order = list(range(len(makers))) + [names.index("k_good")] * 7
    while len(order) < n:
        order.append(rng.choices(range(len(makers)), weights)[0])
    counters = [0] * len(makers)
    manifest = []
    for seq, k in enumerate(order[: max(n, len(makers))]):
        i = counters[k]
        counters[k] += 1
        spec = makers[k](random.Random(f"{seed}-{k}-{i}"), i)
        name = f"{seq:05d}-{spec.kind}-{i}{spec.suffix}"
        if spec.kind == "good" and i == 0:
            name = f"{seq:05d}-good page ü{spec.suffix}"  # a space and a non-ASCII name
        path = out / name
        if spec.writer is not None:
            spec.writer(path)
        else:
            path.write_bytes(spec.data or b"")
        manifest.append(
            {
                "file": name,
                "kind": spec.kind,
                "expect": spec.expect,
                "good_uris": spec.good_uris,
                "bytes": path.stat().st_size,
            }
        )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--huge-mb", type=float, default=50.0, help="size of the huge text files")
    args = ap.parse_args()
    manifest = generate(args.out, args.n, seed=args.seed, huge_mb=args.huge_mb)
    kinds_seen: dict[str, int] = {}
    for m in manifest:
        kinds_seen[m["kind"]] = kinds_seen.get(m["kind"], 0) + 1
    total = sum(m["bytes"] for m in manifest)
    print(f"{len(manifest)} files, {total / 1e6:.1f} MB on disk, in {args.out}")
    print(json.dumps(dict(sorted(kinds_seen.items())), indent=0))


if __name__ == "__main__":
    main()
