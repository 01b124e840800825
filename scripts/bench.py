"""dateline benchmarks: `make bench` (results printed as Markdown and written as JSON).

Sections (each can be chosen with --only):

* ``pipeline`` — end-to-end articles/s and words/s on N real pages (WCXB dev HTML through the
  HTML stage when it is installed, else the PolNeAR/TBAQ texts), with 1 and 2 workers, beside the
  bare spaCy parse of the same texts with the same model in the same run (the floor) and
  trafilatura alone on the same HTML; peak RSS per worker; a stage-by-stage profile.
* ``store`` — DuckDB query latency (p50/p95) for the API's event queries over synthetic events.
* ``dedup`` — near-duplicate detection time for synthetic documents (when dateline.corpus exists).

No timing is asserted anywhere: figures go to BENCHMARKS.md by hand from this output.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("DATELINE_EVAL_DATA", ROOT.parent / "shared" / "data" / "eval"))


def machine() -> dict[str, object]:
    return {
        "date": date.today().isoformat(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "load_avg": os.getloadavg(),
    }


# ---------------------------------------------------------------------------------- corpus
def corpus(n: int, use_html: bool = True) -> list[tuple[str, str, str]]:
    """(uri, format, content) for n real pages: WCXB HTML first (when the HTML stage exists),
    then plain texts (PolNeAR); repeated cyclically up to n."""
    pages: list[tuple[str, str, str]] = []
    html_dir = EVAL / "extraction" / "wcxb-dev" / "html"
    if use_html and html_dir.exists():
        for p in sorted(html_dir.glob("*.html.gz")):
            with gzip.open(p, "rt", encoding="utf-8", errors="replace") as fh:
                pages.append((p.name, "html", fh.read()))
    for folder in (
        EVAL / "quotes" / "polnear" / "train" / "text",
        EVAL / "quotes" / "polnear" / "dev" / "text",
    ):
        if folder.exists():
            for p in sorted(folder.glob("*.txt")):
                pages.append((p.name, "text", p.read_text(encoding="utf-8")))
    if not pages:
        sys.exit(f"no evaluation data under {EVAL}: set DATELINE_EVAL_DATA")
    return [pages[i % len(pages)] for i in range(n)]


def html_available() -> bool:
    try:
        from dateline import registry

        return "dateline.htmlpage.v1" in registry.names()
    except Exception:  # noqa: BLE001 - optional stage
        return False


def to_articles(pages: list[tuple[str, str, str]], use_html: bool):
    from dateline.records import Article

    out = []
    for uri, fmt, content in pages:
        if fmt == "html" and not use_html:
            continue
        out.append(Article.from_raw(content, fmt=fmt, uri=uri))
    return out


def pipeline_for_format(article):
    from dateline.pipeline import DEFAULT_STAGES, Pipeline

    if article.raw is not None and article.raw.format == "html":
        return Pipeline(("dateline.htmlpage.v1",) + DEFAULT_STAGES[1:])
    return Pipeline(DEFAULT_STAGES)


def bench_pipeline(n: int, workers: list[int], dask_workers: int = 0) -> dict[str, object]:
    from dateline import nlp
    from dateline.executors import make_executor, peak_rss_mib

    use_html = html_available()
    pages = corpus(n, use_html)
    arts = to_articles(pages, use_html)
    res: dict[str, object] = {"pages": len(arts), "html_stage": use_html}

    # 1. every stage, in process, with the profile
    t0 = time.perf_counter()
    profile: dict[str, float] = {}
    done = []
    pipes: dict[str, object] = {}
    for a in arts:
        fmt = a.raw.format if a.raw else "text"
        if fmt not in pipes:
            pipes[fmt] = pipeline_for_format(a)
        done.append(pipes[fmt](a))  # type: ignore[operator]
    wall = time.perf_counter() - t0
    for p in pipes.values():
        for k, v in p.timings.items():  # type: ignore[attr-defined]
            profile[k] = profile.get(k, 0.0) + v
    texts = [a.text for a in done if a.rejection is None]
    words = sum(len(t.split()) for t in texts)
    res["rejected"] = sum(1 for a in done if a.rejection is not None)
    codes: dict[str, int] = {}
    for a in done:
        if a.rejection is not None:
            codes[a.rejection.code] = codes.get(a.rejection.code, 0) + 1
    res["rejection_codes"] = codes
    res["words"] = words
    res["mean_words"] = words / max(1, len(texts))
    res["profile_s"] = {k: round(v, 3) for k, v in sorted(profile.items(), key=lambda kv: -kv[1])}
    res["profile_ms_per_article"] = {
        k: round(1000 * v / len(arts), 2) for k, v in res["profile_s"].items()
    }  # type: ignore[union-attr]
    res["inprocess"] = {
        "seconds": round(wall, 2),
        "articles_per_s": round(len(arts) / wall, 2),
        "words_per_s": round(words / wall),
    }

    # 2. the floor: the bare spaCy parse of the same clean texts, same model, same run
    model = nlp.load()
    t0 = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32):
        pass
    parse = time.perf_counter() - t0
    res["bare_parse"] = {
        "seconds": round(parse, 2),
        "articles_per_s": round(len(texts) / parse, 2),
        "words_per_s": round(words / parse),
    }

    # 3. trafilatura alone on the HTML pages
    html = [c for _, f, c in pages if f == "html"]
    try:
        import trafilatura

        t0 = time.perf_counter()
        for h in html:
            trafilatura.extract(h)
        tr = time.perf_counter() - t0
        res["trafilatura"] = {
            "pages": len(html),
            "seconds": round(tr, 2),
            "pages_per_s": round(len(html) / tr, 2) if tr else None,
        }
    except ImportError:
        res["trafilatura"] = "not installed"

    # 4. executors with N > 1 workers (model load included: it is part of a real run), and
    #    Dask; every run must give the same results as the in-process one (1 worker, above)
    reference = [json.dumps(a.to_json_dict(), sort_keys=True) for a in done]
    res["inprocess"]["identical_to_inprocess"] = True  # type: ignore[index]
    runs = [("multiprocessing", w) for w in workers if w > 1]
    if dask_workers:
        runs.append(("dask", dask_workers))
    for kind, w in runs:
        ex = make_executor(kind, workers=w)
        t0 = time.perf_counter()
        out = list(ex.map(pipeline_for_format, to_articles(pages, use_html)))
        dt = time.perf_counter() - t0
        peaks = ex.worker_peak_rss_mib()
        ex.close()
        got = [json.dumps(a.to_json_dict(), sort_keys=True) for a in out]
        differ = [i for i, (x, y) in enumerate(zip(got, reference, strict=True)) if x != y]
        res[f"{kind}_{w}"] = {
            "executor": kind,
            "workers": w,
            "seconds": round(dt, 2),
            "articles_per_s": round(len(out) / dt, 2),
            "words_per_s": round(words / dt),
            "identical_to_inprocess": not differ,
            "documents_differing": len(differ),
            "first_differing": [out[i].source for i in differ[:5]],
            "worker_peak_rss_mib": peaks,
        }
    # the main process ran the in-process pipeline (1 worker) and holds every result
    res["peak_rss_mib_main"] = peak_rss_mib()
    return res


# ----------------------------------------------------------------------------------- store
def bench_store(n_events: int) -> dict[str, object]:
    from dateline.store import Store

    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp()) / "bench.duckdb"
    store = Store.open(tmp)
    con = store.con
    types = [
        "Battles",
        "Protests",
        "Riots",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Strategic developments",
    ]
    places = [f"Town{i}" for i in range(2000)]
    actors = [f"Actor {i}" for i in range(500)]
    t0 = time.perf_counter()
    con.execute("SELECT setseed(0.7)")
    type_list = ", ".join(f"'{t}'" for t in types)
    con.execute(
        f"""
        INSERT INTO events (event_id, article_id, idx, event_date, event_type, sub_event_type, actor1,
                            actor2, location, latitude, longitude, fatalities)
        SELECT 'syn-' || i, 'art' || (i // 5), CAST(i % 5 AS INTEGER),
               strftime(DATE '2015-01-01' + CAST(floor(random() * 3650) AS INTEGER), '%Y-%m-%d'),
               ([{type_list}])[1 + CAST(floor(random() * 6) AS INTEGER)],
               'Armed clash',
               'Actor ' || CAST(floor(random() * 500) AS INTEGER),
               'Actor ' || CAST(floor(random() * 500) AS INTEGER),
               'Town' || CAST(floor(random() * 2000) AS INTEGER),
               random() * 130 - 60, random() * 360 - 180,
               CAST(floor(random() * 20) AS INTEGER)
        FROM range({n_events}) t(i)
        """
    )
    load = time.perf_counter() - t0
    queries = {
        "by_place": lambda: store.events(place=rng.choice(places), limit=100),
        "by_actor": lambda: store.events(actor=rng.choice(actors), limit=100),
        "by_type_and_dates": lambda: store.events(
            type=rng.choice(types), since="2018-01-01", until="2018-03-31", limit=100
        ),
        "page_deep": lambda: store.events(limit=100, offset=rng.randrange(n_events - 100)),
    }
    out: dict[str, object] = {"events": n_events, "load_s": round(load, 2)}
    for name, q in queries.items():
        lat = []
        for _ in range(50):
            t = time.perf_counter()
            q()
            lat.append(1000 * (time.perf_counter() - t))
        lat.sort()
        out[name] = {
            "p50_ms": round(statistics.median(lat), 1),
            "p95_ms": round(lat[int(0.95 * len(lat)) - 1], 1),
        }
    store.close()
    return out


# ----------------------------------------------------------------------------------- dedup
_SYN_VOCAB = 20_000
_SYN_WORDS = 400
_SYN_COPY_RATE = 0.1  # a tenth of the documents are edited copies of an earlier one


def _syn_base(i: int) -> list[str]:
    import numpy as np

    rng = np.random.default_rng(i)
    # Zipf-like word frequencies over a 20 000-word vocabulary, as in news text
    ranks = np.minimum(rng.zipf(1.2, size=_SYN_WORDS), _SYN_VOCAB)
    return [f"w{r}" for r in ranks.tolist()]


def synthetic_doc(i: int) -> tuple[str, int]:
    """Document ``i`` of the synthetic corpus and the document it copies (itself if original).

    Copies are an earlier document with 1 % of its words replaced and its tail trimmed
    (a wire story reprinted with edits and a cut last paragraph)."""
    import numpy as np

    rng = np.random.default_rng(10**9 + i)
    if i > 0 and rng.random() < _SYN_COPY_RATE:
        src = int(rng.integers(0, i))
        while True:  # copy an original, so the expected clusters are known
            r2 = np.random.default_rng(10**9 + src)
            if src == 0 or r2.random() >= _SYN_COPY_RATE:
                break
            src = int(r2.integers(0, src))
        words = _syn_base(src)
        for pos in rng.choice(len(words), size=len(words) // 100, replace=False).tolist():
            words[pos] = f"x{int(rng.integers(0, _SYN_VOCAB))}"
        words = words[: int(len(words) * rng.uniform(0.85, 1.0))]
        return " ".join(words), src
    return " ".join(_syn_base(i)), i


def _syn_signatures(bounds: tuple[int, int]):
    import numpy as np

    from dateline.corpus.dedup import DEFAULT_NUM_PERM, signature

    lo, hi = bounds
    sigs = np.empty((hi - lo, DEFAULT_NUM_PERM), dtype=np.uint32)
    sizes = np.empty(hi - lo, dtype=np.int64)
    srcs = np.empty(hi - lo, dtype=np.int64)
    for i in range(lo, hi):
        text, src = synthetic_doc(i)
        sigs[i - lo], sizes[i - lo] = signature(text)
        srcs[i - lo] = src
    return sigs, sizes, srcs


def bench_dedup(sizes: list[int], workers: int = 2) -> dict[str, object]:
    """Dedup of n synthetic documents: phase 1 (signatures) in ``workers`` processes, phases 2-3
    (LSH candidate pairs, verification, components) in the main process; recall and precision
    against the known copies."""
    from concurrent.futures import ProcessPoolExecutor

    import numpy as np

    from dateline.corpus.dedup import cluster_signatures
    from dateline.executors import peak_rss_mib

    out: dict[str, object] = {"workers": workers, "words_per_doc": _SYN_WORDS}
    for n in sizes:
        t0 = time.perf_counter()
        step = 5_000
        chunks = [(lo, min(n, lo + step)) for lo in range(0, n, step)]
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_syn_signatures, chunks))
        sigs = np.concatenate([p[0] for p in parts])
        nshing = np.concatenate([p[1] for p in parts])
        srcs = np.concatenate([p[2] for p in parts])
        t1 = time.perf_counter()
        ids = [f"{i:08d}" for i in range(n)]
        clusters = cluster_signatures(ids, sigs, nshing)
        t2 = time.perf_counter()
        root = {}
        for c in clusters:
            for m in c.members:
                root[int(m)] = int(c.id)
        copies = np.flatnonzero(srcs != np.arange(n))
        found = sum(1 for i in copies.tolist() if root[i] == root[int(srcs[i])])
        # a false merge: an original whose cluster holds another original
        originals_per_cluster: dict[int, int] = {}
        for i in np.flatnonzero(srcs == np.arange(n)).tolist():
            originals_per_cluster[root[i]] = originals_per_cluster.get(root[i], 0) + 1
        false_merges = sum(v - 1 for v in originals_per_cluster.values())
        out[str(n)] = {
            "signatures_s": round(t1 - t0, 1),
            "lsh_and_clusters_s": round(t2 - t1, 1),
            "total_s": round(t2 - t0, 1),
            "docs_per_s": round(n / (t2 - t0)),
            "copies": int(copies.size),
            "copies_found": found,
            "recall": round(found / max(1, copies.size), 4),
            "originals_wrongly_merged": false_merges,
            "clusters": len(clusters),
            "peak_rss_mib_main": peak_rss_mib(),
        }
        print(json.dumps({str(n): out[str(n)]}), flush=True)
        del sigs, nshing, srcs, clusters, root
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dask", type=int, default=2, help="Dask LocalCluster workers (0: skip)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--dedup", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--only", choices=["pipeline", "store", "dedup"], nargs="+")
    ap.add_argument("--output", type=Path, default=ROOT / "var" / "bench.json")
    args = ap.parse_args()
    only = set(args.only or ["pipeline", "store", "dedup"])
    result: dict[str, object] = {"machine": machine()}
    if "pipeline" in only:
        result["pipeline"] = bench_pipeline(args.pages, args.workers, args.dask)
        print(json.dumps(result["pipeline"], indent=1), flush=True)
    if "store" in only:
        result["store"] = bench_store(args.events)
        print(json.dumps(result["store"], indent=1), flush=True)
    if "dedup" in only:
        result["dedup"] = bench_dedup(args.dedup)
        print(json.dumps(result["dedup"], indent=1), flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1))
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
