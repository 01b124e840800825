"""Benchmark: incremental corpus tables (issue 21 part 5).

Processes real pages once (the examples, the seed page, ECB+ dev topics 1 and 3), then grows
a store synthetically to M articles: copy k of a processed page gets another id (content
hash of its id and k), another source, its publication date and event dates moved k * 9 days
later, and every fourth word of its body suffixed with k (so the copies are distinct stories
to the near-duplicate detector instead of one giant cluster); every tenth copy is an exact
syndicated copy of another stored article (same body, own id and source).  The tables are
rebuilt once, then ``tables.update`` adds 10 more such articles; both are timed.

    PYTHONPATH=src python scripts/bench_incremental.py --sizes 200 1000 --new 10
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from datetime import date, timedelta
from pathlib import Path

from dateline.corpus import tables
from dateline.evaluation.record_pages import read_pages
from dateline.pipeline import default_pipeline
from dateline.records import Article, Section, content_hash
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
STEP = 9  # days between two copies' dates


def variant(
    a: Article, k: int, exact_of: Article | None = None, days: int | None = None
) -> Article:
    """Copy ``k`` of ``a``; its dates move ``days`` days (default ``STEP * k``)."""
    shift = STEP * k if days is None else days
    events = []
    for e in a.events:
        e = e.model_copy(deep=True)
        if e.event_date:
            d = date.fromisoformat(e.event_date[:10]) + timedelta(days=shift)
            e.event_date, e.year = d.isoformat(), d.year
        events.append(e)
    if exact_of is not None:
        body = exact_of.body
    else:
        words = a.body.split(" ")
        body = " ".join(w + str(k) if i % 4 == 0 else w for i, w in enumerate(words))
    pub = (date(2016, 1, 1) + timedelta(days=shift)).isoformat() + "T08:00:00"
    return a.model_copy(
        update={
            "id": content_hash(f"{a.id}:{k}"),
            "source": f"https://paper{k % 50}.example/{k}",
            "published": pub,
            "text": body,  # Article.body reads the body sections of the text
            "sections": [Section(kind="body", start=0, end=len(body))],
            "events": events,
        }
    )


def grow(base: list[Article], n: int, start: int) -> list[Article]:
    out: list[Article] = []
    for k in range(start, start + n):
        a = base[k % len(base)]
        out.append(variant(a, k, out[-3] if k % 10 == 0 and len(out) >= 3 else None))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--new", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--output", type=Path)
    ap.add_argument("--step-days", type=int, default=9, help="Days between copies' dates.")
    ap.add_argument("--save-base", type=Path, help="Write the processed pages (JSONL).")
    args = ap.parse_args()
    global STEP
    STEP = args.step_days
    logging.basicConfig(level=logging.WARNING)
    pipe = default_pipeline()
    pages = [
        Article.from_raw(p.read_text(), fmt="text", uri=str(p))
        for p in [
            SHARED / "seed" / "gleaner-2016-12-12-palmyra.txt",
            *sorted((ROOT / "examples").glob("*.txt")),
        ]
    ]
    ecb = read_pages([SHARED / "eval" / "clustering" / "ecbplus"], topics={"1", "3"}, limit=12)
    pages += [it for it in ecb.items if isinstance(it, Article)]
    base = [b for b in (pipe(a) for a in pages) if b.rejection is None]
    if args.save_base:
        args.save_base.write_text("\n".join(b.model_dump_json() for b in base))
    results = []
    for m in args.sizes:
        stored = grow(base, m, 1)
        times, rebuild_s = [], 0.0
        for r in range(args.repeat):
            with Store.open(":memory:") as store:
                for a in stored:
                    store.add(a)
                t = time.perf_counter()
                tables.rebuild(store)
                rebuild_s = time.perf_counter() - t
                new = grow(base, args.new, 100_000 + 1000 * r)
                for a in new:
                    store.add(a)
                t = time.perf_counter()
                counts = tables.update(store, [a.id for a in new])
                times.append(time.perf_counter() - t)
                (n_events,) = store.con.execute("SELECT count(*) FROM event_index").fetchall()[0]
        row = {
            "stored_articles": m,
            "stored_events": n_events,
            "new_articles": args.new,
            "update_s_median": sorted(times)[len(times) // 2],
            "update_s": times,
            "rebuild_s": rebuild_s,
            "last_update_counts": counts,
        }
        results.append(row)
        print(json.dumps(row))
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
