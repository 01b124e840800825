"""Incremental corpus tables: ingesting a corpus in parts gives the rows one rebuild gives.

Real pages (the examples, the seed page, a dozen ECB+ dev pages) go through the pipeline once
(module fixture); syndicated variants of them (exact copies, copies with a footer, trimmed
copies, copies dated days later) are derived from the processed Articles without running the
pipeline again.  Each split stores the same Articles in another order and in 1, 3 or 10 parts,
calling :func:`dateline.corpus.tables.update` after each part.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dateline.corpus import incremental, tables
from dateline.corpus.merge import merge_events
from dateline.corpus.rows import INDEX_TABLES, TABLES
from dateline.records import Article, Section, content_hash
from dateline.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _shift(a: Article, days: int) -> list[Any]:
    events = []
    for e in a.events:
        e = e.model_copy(deep=True)
        if e.event_date:
            d = date.fromisoformat(e.event_date[:10]) + timedelta(days=days)
            e.event_date, e.year = d.isoformat(), d.year
        events.append(e)
    return events


def _variants(a: Article, n: int, tag: str) -> list[Article]:
    """``n`` syndicated copies of ``a``: exact, with a footer, trimmed, some dated later."""
    out = []
    for i in range(1, n + 1):
        body = a.body
        if i % 3 == 1:
            body = body + f"\n\nDistributed by partner desk {tag}{i}.\n"
        elif i % 3 == 2:
            body = body[: int(len(body) * 0.9)]
        out.append(
            a.model_copy(
                update={
                    "id": content_hash(f"{a.id}:{tag}:{i}"),
                    "source": f"https://paper{i}.example/{tag}/{i}",
                    "published": f"2016-12-{10 + i:02d}T{i + 1:02d}:30:00",
                    "text": body,  # Article.body reads the body sections of the text
                    "sections": [Section(kind="body", start=0, end=len(body))],
                    "events": _shift(a, 2 * (i // 4) + (i == 5)) if i >= 4 else a.events,
                }
            )
        )
    return out


@pytest.fixture(scope="module")
def corpus(seed_path: Path, eval_data: Path) -> list[Article]:
    from dateline.evaluation.record_pages import read_pages
    from dateline.pipeline import default_pipeline

    pipe = default_pipeline()
    pages = [
        Article.from_raw(p.read_text(encoding="utf-8"), fmt="text", uri=str(p))
        for p in [seed_path, *sorted((ROOT / "examples").glob("*.txt"))]
    ]
    ecb = read_pages([eval_data / "clustering" / "ecbplus"], topics={"1", "3"}, limit=12)
    pages += [it for it in ecb.items if isinstance(it, Article)]
    done = [pipe(a) for a in pages]
    articles = [a for a in done if a.rejection is None]
    assert len(articles) >= 14
    seed = articles[0]
    articles += _variants(seed, 8, "seed") + _variants(articles[1], 4, "ex")
    assert len({a.id for a in articles}) == len(articles)
    return articles


def _rows(store: Store, table: str) -> set[tuple[Any, ...]]:
    return set(store.con.execute(f"SELECT * FROM {table}").fetchall())


@pytest.fixture(scope="module")
def rebuilt(corpus: list[Article]) -> dict[str, set[tuple[Any, ...]]]:
    with Store.open(":memory:") as store:
        for a in corpus:
            assert store.add(a) == "stored"
        tables.rebuild(store)
        return {t: _rows(store, t) for t in TABLES + INDEX_TABLES}


def test_the_corpus_exercises_every_table(rebuilt: dict[str, set[tuple[Any, ...]]]) -> None:
    sizes = [r[2] for r in rebuilt["story_clusters"]]
    assert max(sizes) >= 5  # syndicated copies form clusters
    n_sources = [r[13] for r in rebuilt["merged_events"]]
    assert max(n_sources) >= 3 and min(n_sources) == 1  # merged and unmerged events
    assert rebuilt["control_changes"]  # territory events give control timelines
    components = {r[7] for r in rebuilt["event_index"]}
    assert 1 < len(components) < len(rebuilt["event_index"])


@pytest.mark.parametrize("parts", [1, 3, 10])
@pytest.mark.parametrize("seed", [0, 1])
def test_ingest_in_parts_equals_one_rebuild(
    corpus: list[Article], rebuilt: dict[str, set[tuple[Any, ...]]], parts: int, seed: int
) -> None:
    order = list(corpus)
    random.Random(seed * 100 + parts).shuffle(order)
    cuts = sorted(random.Random(seed).sample(range(1, len(order)), parts - 1))
    chunks = [order[i:j] for i, j in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    with Store.open(":memory:") as store:
        tables.rebuild(store)  # an empty database: the tables and their index
        for chunk in chunks:
            for a in chunk:
                assert store.add(a) == "stored"
            counts = tables.update(store, [a.id for a in chunk])
            assert counts["new_articles"] == len(chunk)  # incremental, not a rebuild
        got = {t: _rows(store, t) for t in TABLES + INDEX_TABLES}
    for t in TABLES + INDEX_TABLES:
        assert got[t] == rebuilt[t], t


def test_update_touches_only_what_the_new_articles_reach(corpus: list[Article]) -> None:
    ecb = [a for a in corpus if "ecbplus" in (a.source or "")]
    rest = [a for a in corpus if a not in ecb]
    with Store.open(":memory:") as store:
        for a in rest:
            store.add(a)
        tables.rebuild(store)
        one = ecb[0]
        store.add(one)
        counts = tables.update(store, [one.id])
        # an unrelated page joins no stored cluster: only itself is clustered again
        assert counts["new_articles"] == 1
        assert counts["reclustered_articles"] == 1
        assert counts["remerged_events"] < len(rest)
        assert tables.update(store, [one.id]) == {"new_articles": 0}  # already in


def test_update_without_index_rebuilds(corpus: list[Article]) -> None:
    with Store.open(":memory:") as store:
        for a in corpus[:5]:
            store.add(a)
        counts = tables.update(store, [a.id for a in corpus[:5]])
        assert counts["articles"] == 5  # the rebuild's counts
        store.add(corpus[5])  # stored behind the tables' back: the index is out of step
        store.add(corpus[6])
        counts = tables.update(store, [corpus[6].id])
        assert counts["articles"] == 7


def test_update_rebuilds_an_index_of_an_older_layout(corpus: list[Article]) -> None:
    """A database whose index tables were written before the place key is rebuilt once."""
    import json

    from dateline.corpus import rows

    with Store.open(":memory:") as store:
        for a in corpus[:5]:
            store.add(a)
        tables.update(store, [a.id for a in corpus[:5]])
        con = store.con
        con.execute("DROP TABLE event_index")  # the layout before the place key
        con.execute(
            "CREATE TABLE event_index (article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,"
            " family VARCHAR NOT NULL, background BOOLEAN NOT NULL, dated BOOLEAN NOT NULL,"
            " lo DATE, hi DATE, component VARCHAR NOT NULL, published VARCHAR, source VARCHAR,"
            " event_json VARCHAR NOT NULL, PRIMARY KEY (article_id, idx))"
        )
        old = dict(rows.read_params(store) or {})
        del old["index"]
        con.execute("UPDATE meta SET value = ? WHERE key = ?", [json.dumps(old), rows.PARAMS_KEY])
        store.add(corpus[5])
        counts = tables.update(store, [corpus[5].id])
        assert counts["articles"] == 6  # the rebuild's counts
        assert (rows.read_params(store) or {})["index"] == rows.INDEX_VERSION
        cols = {r[0] for r in con.execute("DESCRIBE event_index").fetchall()}
        assert "country_key" in cols
        store.add(corpus[6])
        assert tables.update(store, [corpus[6].id])["new_articles"] == 1  # incremental again


def test_components_are_exact_for_the_greedy_merge(corpus: list[Article]) -> None:
    """Merging each component alone gives the merge of all events."""
    from dateline.corpus.merge import sourced_events

    events = sourced_events(corpus)
    component = incremental.event_components(events)
    by: dict[str, list[Any]] = {}
    for se in events:
        by.setdefault(component[se.key], []).append(se)
    parts = {m.model_dump_json() for g in by.values() for m in merge_events(g)}
    assert parts == {m.model_dump_json() for m in merge_events(events)}
    assert len(by) > 1


def test_blocking_keeps_every_compatible_seed(corpus: list[Article]) -> None:
    """The update tests a candidate only against the seeds of its block: that block holds
    every seed it may merge with (same story and sentence, or family, background and dates)."""
    from dateline.corpus.merge import sourced_events

    with Store.open(":memory:") as store:
        for a in corpus:
            store.add(a)
        story_of, _ = tables.compute(store)
    events = sourced_events(corpus, story_of)
    blocks = incremental._Blocks(events)
    pairs = 0
    for b in events:
        near = {se.key for se in blocks.around(b)}
        for a in events:
            if incremental._may_merge(a, b):
                pairs += 1
                assert a.key in near, (a.key, b.key)
    assert pairs > 0
    assert sum(len(blocks.around(b)) for b in events) < len(events) ** 2
