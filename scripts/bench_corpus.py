"""Benchmark: a growing corpus ingested in daily batches (issue 21 part 7).

A few dozen real pages (the seed page, ``examples/*.txt``, ECB+ dev topics) go through the
pipeline once (cached with ``--base``); the corpus is then grown synthetically, one day per
batch of ``--batch`` articles, and every batch is stored exactly as ``dateline ingest``
stores it (:func:`dateline.store.ingest.ingest` with the analysis replaced by the stored
analysis: run record, duplicate check, ``Store.add``) followed by ``tables.update`` (which
also replays the review overlay).  Each batch of day *d* holds:

* ~80 % new stories: ``bench_incremental.variant`` of a random page (its own words, dates
  moved to day *d*), its events moved to one of ``--towns`` synthetic towns (the location name
  tagged, the coordinates moved on a 1-degree grid), so merge components and control
  timelines stay as small as in a corpus about many places;
* ~10 % exact syndicated copies of an article of the last three days (same body and events,
  own id and source);
* ~10 % near copies: the same, with one word in 50 edited (the same story to MinHash).

After each batch ``--reviews`` analyst actions (accept / correct) are recorded, so the review
log grows as it would.  Per batch: the store part and the update part (seconds), the corpus
size, RSS.  At the end the API (FastAPI ``TestClient`` over the database) answers
``--requests`` requests over the endpoints the web page uses (p50, p95, p95 per endpoint),
and the last batch is stored again into an empty database: the reference the last batch's
time is compared with (``last_over_empty``; ``--last-only`` measures only that).

    PYTHONPATH=src python scripts/bench_corpus.py --total 20000 --batch 1000 \\
        --output var/bench-corpus.json
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_incremental import variant  # noqa: E402

from dateline.corpus import tables  # noqa: E402
from dateline.evaluation.record_pages import read_pages  # noqa: E402
from dateline.executors import peak_rss_mib  # noqa: E402
from dateline.records import Article, Section, content_hash  # noqa: E402
from dateline.store import Store, review  # noqa: E402
from dateline.store.ingest import ingest  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
log = logging.getLogger("bench_corpus")


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return round(int(fh.read().split()[1]) * 4096 / 2**20, 1)


def analysed_pages(cache: Path | None, topics: set[str], limit: int) -> list[Article]:
    if cache is not None and cache.exists():
        return [Article.model_validate_json(x) for x in cache.read_text().splitlines() if x]
    from dateline.pipeline import default_pipeline

    pipe = default_pipeline()
    pages = [
        Article.from_raw(p.read_text(), fmt="text", uri=str(p))
        for p in [
            SHARED / "seed" / "gleaner-2016-12-12-palmyra.txt",
            *sorted((ROOT / "examples").glob("*.txt")),
        ]
    ]
    ecb = read_pages([SHARED / "eval" / "clustering" / "ecbplus"], topics=topics, limit=limit)
    pages += [it for it in ecb.items if isinstance(it, Article)]
    base = [b for b in (pipe(a) for a in pages) if b.rejection is None]
    for b in base:
        b.doc = None
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text("\n".join(b.model_dump_json() for b in base))
    return base


def relocated(a: Article, town: int) -> Article:
    """``a`` with its events moved to synthetic town ``town`` (name tag, 1-degree grid)."""
    events = []
    for e in a.events:
        upd: dict[str, Any] = {}
        if e.location:
            upd["location"] = f"{e.location} {town}"
        if e.admin1:
            upd["admin1"] = f"{e.admin1} {town % 37}"
        if e.latitude is not None and e.longitude is not None:
            upd["latitude"] = max(-89.0, min(89.0, e.latitude + (town % 20) - 10))
            upd["longitude"] = (e.longitude + 180 + town // 20) % 360 - 180
        events.append(e.model_copy(update=upd))
    return a.model_copy(update={"events": events})


def copy_of(a: Article, k: int, *, edit: bool) -> Article:
    """A syndicated copy of ``a`` (own id and source); ``edit``: one word in 50 changed."""
    body = a.body
    if edit:
        words = body.split(" ")
        body = " ".join(w + "ed" if i % 50 == 25 else w for i, w in enumerate(words))
    return a.model_copy(
        update={
            "id": content_hash(f"{a.id}:copy{k}"),
            "source": f"https://wire{k % 40}.example/{k}",
            "text": body,
            "sections": [Section(kind="body", start=0, end=len(body))],
        }
    )


class Corpus:
    """Daily batches: new stories, exact and near copies of the last days' articles."""

    def __init__(self, base: list[Article], *, towns: int, seed: int = 7) -> None:
        self.base, self.towns = base, towns
        self.rng = random.Random(seed)
        self.k = 0
        self.recent: deque[list[Article]] = deque(maxlen=3)

    def day(self, d: int, n: int) -> list[Article]:
        out: list[Article] = []
        pool = [a for day in self.recent for a in day]
        for _ in range(n):
            self.k += 1
            r = self.rng.random()
            src = pool + out
            if r < 0.1 and src:
                out.append(copy_of(self.rng.choice(src), self.k, edit=False))
            elif r < 0.2 and src:
                out.append(copy_of(self.rng.choice(src), self.k, edit=True))
            else:
                a = variant(self.rng.choice(self.base), self.k, days=d)
                out.append(relocated(a, self.rng.randrange(self.towns)))
        self.recent.append(out)
        return out


def _stored(a: Article) -> Article:
    return a  # already analysed: the pipeline's part of ``dateline ingest`` is skipped


def _pipeline_for(_: Article) -> Any:
    return _stored


def add_reviews(store: Store, n: int, rng: random.Random) -> int:
    """``n`` analyst actions on random merged events (accept, or correct the fatalities)."""
    if n <= 0:
        return 0
    review.ensure_tables(store.con)
    rows = store.con.execute(
        "SELECT article_id, idx FROM merged_event_sources"
        f" USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE (1)"
    ).fetchall()
    done = 0
    for aid, idx in rows:
        r = (aid, int(idx))
        if rng.random() < 0.5:
            review.act(store.con, "accept", r, who="bench")
        else:
            try:
                review.act(
                    store.con,
                    "correct",
                    r,
                    who="bench",
                    fields={"fatalities": rng.randrange(1, 50)},
                )
            except Exception as e:  # the same value as the event's: nothing to correct
                log.debug("review skipped: %s", e)
                continue
        done += 1
    return done


def api_latency(db: Path, n: int, ids: list[str], rng: random.Random) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from dateline.api.app import create_app

    with Store.open(db, read_only=True) as store:
        places = [
            r[0]
            for r in store.con.execute(
                "SELECT location FROM events WHERE location IS NOT NULL"
                " USING SAMPLE reservoir(50) REPEATABLE (1)"
            ).fetchall()
        ]
        (lo, hi) = store.con.execute(
            "SELECT min(event_date), max(event_date) FROM events"
        ).fetchall()[0]
    kinds: list[tuple[str, Any]] = [
        ("events", lambda: "/api/events?limit=100"),
        ("events?place", lambda: f"/api/events?place={rng.choice(places)}&limit=100"),
        ("events?type", lambda: "/api/events?type=Battles&limit=100"),
        ("events?since", lambda: f"/api/events?since={hi}&limit=100"),
        ("events?bbox", lambda: "/api/events?bbox=30,30,45,40&limit=100"),
        ("events/histogram", lambda: "/api/events/histogram"),
        ("events/facets", lambda: "/api/events/facets"),
        ("articles/ID", lambda: f"/api/articles/{rng.choice(ids)}"),
        ("control", lambda: f"/api/control?place={rng.choice(places)}"),
        ("clusters?article_id", lambda: f"/api/clusters?article_id={rng.choice(ids)}"),
    ]
    times: dict[str, list[float]] = {k: [] for k, _ in kinds}
    app = create_app(db, allowed_hosts=["testserver"])
    with TestClient(app) as client:
        for i in range(n):
            name, url = kinds[i % len(kinds)]
            t = time.perf_counter()
            resp = client.get(url())
            times[name].append(time.perf_counter() - t)
            if resp.status_code != 200:
                raise RuntimeError(f"{url()}: {resp.status_code} {resp.text[:200]}")

    def pct(xs: list[float], q: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 1)

    every = [x for xs in times.values() for x in xs]
    return {
        "requests": n,
        "date_span": [str(lo), str(hi)],
        "p50_ms": pct(every, 0.5),
        "p95_ms": pct(every, 0.95),
        "per_endpoint_p95_ms": {k: pct(v, 0.95) for k, v in times.items() if v},
    }


def store_batch(
    store: Store, batch: list[Article], day: int, profile: bool = False
) -> tuple[Any, float, float, dict[str, int]]:
    """Store a batch as ``dateline ingest`` does, then update the corpus tables; timed."""
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.perf_counter()
    result = ingest(store, batch, _pipeline_for, paths=[f"day-{day}"])
    t_store = time.perf_counter() - t
    t = time.perf_counter()
    counts = tables.update(store, result.stored_ids)
    t_update = time.perf_counter() - t
    if prof is not None:
        import pstats

        prof.disable()
        stats = pstats.Stats(prof, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)  # own time: DuckDB calls show here
    return result, t_store, t_update, counts


def into_empty(batch: list[Article], day: int) -> dict[str, float]:
    """The same batch stored into an empty database (the reference for the growth)."""
    with tempfile.TemporaryDirectory(prefix="bench-corpus-empty-") as d:
        with Store.open(Path(d) / "empty.duckdb") as store:
            _, t_store, t_update, _ = store_batch(store, batch, day)
    return {
        "store_s": round(t_store, 3),
        "update_s": round(t_update, 3),
        "batch_s": round(t_store + t_update, 3),
    }


def grow_from(
    db: Path, corpus: Corpus, n_batches: int, size: int, repeats: int, profile: bool = False
) -> dict[str, Any]:
    """The batch after ``n_batches`` days, into a copy of ``db`` (which holds those days)
    and into an empty database, ``repeats`` times in turn; the medians and their ratio
    (``profile``: cProfile the first batch into the copy)."""
    for b in range(1, n_batches + 1):
        corpus.day(b, size)  # the generator's state after the stored days
    batch = corpus.day(n_batches + 1, size)
    full: list[dict[str, float]] = []
    empty: list[dict[str, float]] = []
    for r in range(repeats):
        with tempfile.TemporaryDirectory(prefix="bench-corpus-grow-") as d:
            copy = Path(d) / "corpus.duckdb"
            shutil.copyfile(db, copy)
            with Store.open(copy) as store:
                (stored,) = store.con.execute("SELECT count(*) FROM articles").fetchall()[0]
                _, t_store, t_update, _ = store_batch(
                    store, batch, n_batches + 1, profile and r == 0
                )
        full.append(
            {
                "stored_before": stored,
                "store_s": round(t_store, 3),
                "update_s": round(t_update, 3),
                "batch_s": round(t_store + t_update, 3),
            }
        )
        empty.append(into_empty(batch, n_batches + 1))
        print(json.dumps({"repeat": r + 1, "full": full[-1], "into_empty": empty[-1]}), flush=True)
    med = {
        k: {
            f: round(statistics.median(x[f] for x in rows), 3)
            for f in ("store_s", "update_s", "batch_s")
        }
        for k, rows in (("full", full), ("into_empty", empty))
    }
    out = {
        "batch": n_batches + 1,
        "full": full,
        "into_empty": empty,
        "median": med,
        "full_over_empty": round(med["full"]["batch_s"] / med["into_empty"]["batch_s"], 2),
    }
    print(json.dumps({"median": med, "full_over_empty": out["full_over_empty"]}), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--total", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--towns", type=int, default=1000)
    ap.add_argument("--reviews", type=int, default=5, help="Review actions after each batch.")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--db", type=Path, help="Database file (default: a temporary one).")
    ap.add_argument("--base", type=Path, default=ROOT / "var" / "bench-corpus-base.jsonl")
    ap.add_argument("--topics", default="1,3,4,6,7", help="ECB+ dev topics of the base pages.")
    ap.add_argument("--pages", type=int, default=40, help="At most this many ECB+ pages.")
    ap.add_argument("--profile", type=int, help="cProfile this batch (1-based) to stderr.")
    ap.add_argument(
        "--last-only",
        action="store_true",
        help="Only time the last batch into an empty database (no growth run).",
    )
    ap.add_argument(
        "--grow-from",
        type=Path,
        help="A database holding this benchmark's first --total articles (an earlier run's"
        " --db): time the next batch into a copy of it and into an empty database, in turn.",
    )
    ap.add_argument("--repeats", type=int, default=3, help="With --grow-from: timed pairs.")
    ap.add_argument("--output", type=Path)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    t0 = time.perf_counter()
    base = analysed_pages(args.base, set(args.topics.split(",")), args.pages)
    print(json.dumps({"base_pages": len(base), "analysis_s": round(time.perf_counter() - t0, 1)}))
    tmp = tempfile.TemporaryDirectory(prefix="bench-corpus-")
    db = args.db or Path(tmp.name) / "corpus.duckdb"
    corpus = Corpus(base, towns=args.towns)
    rng = random.Random(11)
    rows: list[dict[str, Any]] = []
    ids: list[str] = []
    n_batches = args.total // args.batch
    if args.last_only:
        for b in range(1, n_batches):
            corpus.day(b, args.batch)
        empty = into_empty(corpus.day(n_batches, args.batch), n_batches)
        print(json.dumps({"batch": n_batches, "into_empty": empty}))
        return
    if args.grow_from:
        grown = grow_from(
            args.grow_from, corpus, n_batches, args.batch, args.repeats, args.profile is not None
        )
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(json.dumps(grown, indent=2))
        return
    last: list[Article] = []
    with Store.open(db) as store:
        for b in range(1, n_batches + 1):
            batch = last = corpus.day(b, args.batch)
            result, t_store, t_update, counts = store_batch(store, batch, b, args.profile == b)
            t = time.perf_counter()
            reviewed = add_reviews(store, args.reviews, rng)
            t_review = time.perf_counter() - t
            ids += result.stored_ids
            (n_events,) = store.con.execute("SELECT count(*) FROM events").fetchall()[0]
            (n_merged,) = store.con.execute("SELECT count(*) FROM merged_events").fetchall()[0]
            row = {
                "batch": b,
                "articles": len(ids),
                "events": n_events,
                "merged_events": n_merged,
                "stored": result.stored,
                "store_s": round(t_store, 3),
                "update_s": round(t_update, 3),
                "batch_s": round(t_store + t_update, 3),
                "reviews": reviewed,
                "reviews_s": round(t_review, 3),
                "rss_mib": rss_mib(),
                "peak_rss_mib": peak_rss_mib(),
                "update": counts,
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    api = api_latency(db, args.requests, ids, rng) if args.requests else {}
    print(json.dumps({"api": api}))
    empty = into_empty(last, n_batches) if last else {}
    print(json.dumps({"batch": n_batches, "into_empty": empty}))
    out = {
        "base_pages": len(base),
        "batch": args.batch,
        "total": len(ids),
        "batches": rows,
        "api": api,
        "peak_rss_mib": peak_rss_mib(),
        "db_mib": round(db.stat().st_size / 2**20, 1),
    }
    if rows and empty:
        out["last_batch_into_empty"] = empty
        out["last_over_empty"] = round(rows[-1]["batch_s"] / empty["batch_s"], 2)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(out, indent=2))
    tmp.cleanup()


if __name__ == "__main__":
    main()
