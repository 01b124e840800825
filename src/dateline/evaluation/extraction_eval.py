"""Extraction quality on a WCXB-layout dataset (``html/NNNN.html.gz`` + ``ground-truth/NNNN.json``).

Mirrors WCXB's ``evaluate.py`` (Murrough-Foley/web-content-extraction-benchmark):
``tokenize`` (lower-cased ``\\w+`` tokens), ``word_f1`` (bag-of-words overlap: precision =
overlap / predicted tokens, recall = overlap / reference tokens; an empty reference
scores 1 only when the prediction is empty too; an empty prediction scores 0) and
``snippet_check`` (case-insensitive substring test of the ``with`` / ``without``
snippets); P/R/F1 are averaged over *every* page (a page with no output scores 0, never
skipped). Leakage is the mean share of ``without`` snippets found in the output over the
pages that have such snippets (WCXB's script scores a page without snippets as 1.0 —
"all found" — which would count as leakage here, so those pages are left out).

Beyond the text, as evaluation.md defines them: ``title_accuracy`` (same title after
case/punctuation normalisation), ``date_accuracy`` (same day), ``author_accuracy`` (same
set of names), each over the pages whose ground truth has that field.

dateline runs its HTML stage (``dateline.htmlpage.v1``) on each page; the baseline in
the same run is plain ``trafilatura.extract`` (default settings) for the text, and
trafilatura's metadata (``bare_extraction(with_metadata=True)``) for title/date/author,
plus ``htmldate`` alone for dates (``original_date=True`` as ``date_accuracy_htmldate``
and its default, the latest date, as ``date_accuracy_htmldate_latest``).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.errors import EvalDataError, RejectedDocument
from dateline.pages.htmlmeta import norm_key, split_names
from dateline.pages.readers import decode_html
from dateline.records import Article, RawInput

log = logging.getLogger(__name__)

TASK = "extraction"
_TOKEN = re.compile(r"\w+")


def tokenize(text: str | None) -> list[str]:
    """WCXB ``tokenize``: lower-cased ``\\w+`` tokens."""
    if not text:
        return []
    return _TOKEN.findall(text.lower())


def word_prf(predicted: str | None, reference: str | None) -> tuple[float, float, float]:
    """WCXB ``word_f1``: bag-of-words precision, recall and F1 of one page."""
    pred, ref = tokenize(predicted), tokenize(reference)
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return (0.0, 0.0, 0.0)
    overlap = sum((Counter(pred) & Counter(ref)).values())
    p, r = overlap / len(pred), overlap / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def snippet_share(text: str | None, snippets: list[str]) -> float | None:
    """WCXB ``snippet_check`` (share of snippets found, case-insensitive); None without snippets."""
    if not snippets:
        return None
    low = (text or "").lower()
    return sum(1 for s in snippets if s.lower() in low) / len(snippets)


def same_title(pred: str | None, gold: str | None) -> bool:
    return bool(pred) and norm_key(pred) == norm_key(gold)


def same_day(pred: str | None, gold: str | None) -> bool:
    return bool(pred) and bool(gold) and str(pred)[:10] == str(gold)[:10]


def name_set(value: str | list[str] | None) -> set[str]:
    if not value:
        return set()
    items = value if isinstance(value, list) else [value]
    return {norm_key(n) for item in items for n in split_names(item) if norm_key(n)}


def same_authors(pred: str | list[str] | None, gold: str | None) -> bool:
    g = name_set(gold)
    return bool(g) and name_set(pred) == g


# --- data ------------------------------------------------------------------------------------


@dataclass
class Page:
    id: str
    url: str | None
    html: bytes
    main_content: str
    title: str | None
    date: str | None
    author: str | None
    without: list[str]


def load(data: Path, limit: int | None = None) -> Iterator[Page]:
    """Pages of a WCXB-layout folder, in id order (``limit`` = the first N)."""
    html_dir, gt_dir = data / "html", data / "ground-truth"
    if not html_dir.is_dir() or not gt_dir.is_dir():
        raise EvalDataError(f"{data} has no html/ and ground-truth/ folders", code="DL400")
    gts = sorted(gt_dir.glob("*.json"))
    if not gts:
        raise EvalDataError(f"no ground-truth files in {gt_dir}", code="DL400")
    for f in gts[:limit] if limit else gts:
        pid = f.stem
        try:
            obj = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise EvalDataError(f"{f}: {e}", code="DL401") from e
        gt = obj.get("ground_truth") or {}
        if not isinstance(gt, dict):
            raise EvalDataError(f"{f}: ground_truth is not an object", code="DL401")
        hp = html_dir / f"{pid}.html.gz"
        try:
            html = gzip.decompress(hp.read_bytes()) if hp.exists() else b""
        except (OSError, EOFError) as e:
            raise EvalDataError(f"{hp}: {e}", code="DL401") from e
        yield Page(
            id=pid,
            url=obj.get("url"),
            html=html,
            main_content=gt.get("main_content") or "",
            title=gt.get("title") or None,
            date=gt.get("publish_date") or None,
            author=gt.get("author") or None,
            without=list(gt.get("without") or []),
        )


# --- systems ---------------------------------------------------------------------------------


def dateline_predict(page: Page, stage: Any) -> dict[str, Any]:
    """dateline's prediction for one page: body text (captions excluded), headline, date, authors."""
    content, encoding = decode_html(page.html)
    art = Article(
        id=page.id,
        source=page.url,
        raw=RawInput(content=content, format="html", uri=page.url, encoding=encoding),
    )
    try:
        art = stage(art)
    except RejectedDocument as e:
        log.debug("%s rejected: %s", page.id, e)
    return {
        "id": page.id,
        "text": art.body if art.text else "",
        "title": art.headline,
        "date": art.published_date,
        "author": ", ".join(art.byline) if art.byline else None,
    }


def baseline_predict(page: Page) -> dict[str, Any]:
    """Plain trafilatura (default extract), its metadata, and htmldate alone."""
    import trafilatura
    from htmldate import find_date

    # one call: the JSON output carries extract()'s text (+ comments, as its txt output
    # appends them by default) and the metadata
    raw = trafilatura.extract(page.html, url=page.url, output_format="json", with_metadata=True)
    doc: dict[str, Any] = json.loads(raw) if raw else {}
    text = "\n".join(x for x in (doc.get("text"), doc.get("comments")) if x)
    title, date, author = doc.get("title"), doc.get("date"), doc.get("author")
    hd_orig = find_date(page.html, url=page.url, original_date=True)
    hd_latest = find_date(page.html, url=page.url)
    return {
        "id": page.id,
        "text": text,
        "title": title,
        "date": date,
        "author": author,
        "htmldate": hd_orig,
        "htmldate_latest": hd_latest,
    }


# --- scoring ---------------------------------------------------------------------------------


class _Scores:
    def __init__(self) -> None:
        self.n = 0
        self.p = self.r = self.f = 0.0
        self.leak: list[float] = []
        self.hits: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()

    def add(self, page: Page, pred: dict[str, Any]) -> float:
        p, r, f = word_prf(pred.get("text"), page.main_content)
        self.n += 1
        self.p += p
        self.r += r
        self.f += f
        share = snippet_share(pred.get("text"), page.without)
        if share is not None:
            self.leak.append(share)
        if page.title:
            self.counts["title"] += 1
            self.hits["title"] += same_title(pred.get("title"), page.title)
        if page.date:
            self.counts["date"] += 1
            self.hits["date"] += same_day(pred.get("date"), page.date)
            for extra in ("htmldate", "htmldate_latest"):
                if extra in pred:
                    self.counts[extra] += 1
                    self.hits[extra] += same_day(pred.get(extra), page.date)
        if page.author:
            self.counts["author"] += 1
            self.hits["author"] += same_authors(pred.get("author"), page.author)
        return f

    def metrics(self) -> dict[str, float]:
        def acc(k: str) -> float:
            return round(self.hits[k] / self.counts[k], 4) if self.counts[k] else 0.0

        n = max(self.n, 1)
        out = {
            "f1": round(self.f / n, 4),
            "precision": round(self.p / n, 4),
            "recall": round(self.r / n, 4),
            "leakage": round(sum(self.leak) / len(self.leak), 4) if self.leak else 0.0,
            "title_accuracy": acc("title"),
            "date_accuracy": acc("date"),
            "author_accuracy": acc("author"),
        }
        if self.counts["htmldate"]:
            out["date_accuracy_htmldate"] = acc("htmldate")
            out["date_accuracy_htmldate_latest"] = acc("htmldate_latest")
        return out


def run(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    baseline: bool = True,
    favor: str = "recall",
    baseline_predictions: Path | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Score dateline's HTML stage (and plain trafilatura beside it) on a WCXB-layout folder.

    ``predictions``: write dateline's predictions as JSONL ``{"id","text","title","date",
    "author"}``; ``baseline_predictions``: the same for the baseline. ``options`` go to the
    stage (e.g. ``include_tables``).
    """
    from dateline.pages.htmlpage import HtmlPage

    data = Path(data)
    stage = HtmlPage(min_body_words=0, favor=favor, **options)
    ours, base = _Scores(), _Scores()
    t0 = time.perf_counter()
    out = predictions.open("w", encoding="utf-8") if predictions else None
    bout = baseline_predictions.open("w", encoding="utf-8") if baseline_predictions else None
    per_page: list[tuple[str, float, float]] = []
    try:
        for page in load(data, limit):
            pred = dateline_predict(page, stage)
            f_ours = ours.add(page, pred)
            f_base = 0.0
            if baseline:
                bpred = baseline_predict(page)
                f_base = base.add(page, bpred)
                if bout is not None:
                    bout.write(json.dumps(bpred, ensure_ascii=False) + "\n")
            per_page.append((page.id, f_ours, f_base))
            if out is not None:
                out.write(json.dumps(pred, ensure_ascii=False) + "\n")
    finally:
        for fh in (out, bout):
            if fh is not None:
                fh.close()
    if ours.n == 0:
        raise EvalDataError(f"no pages in {data}", code="DL400")
    result: dict[str, Any] = {
        "task": TASK,
        "n": ours.n,
        "metrics": ours.metrics(),
        "baseline": base.metrics() if baseline else {},
        "system": f"dateline.htmlpage.v1 (trafilatura favor={favor}) + dateline news layer",
        "baseline_system": "trafilatura.extract (defaults) + trafilatura metadata; htmldate",
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if baseline:
        result["pages_better"] = sum(1 for _, a, b in per_page if a > b + 1e-9)
        result["pages_worse"] = sum(1 for _, a, b in per_page if a < b - 1e-9)
    return result
