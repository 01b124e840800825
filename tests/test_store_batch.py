"""Storing many articles in one transaction (Store.add_many) and ingest's batches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.test_store import make_article

from dateline.records import Article, Rejection
from dateline.store import Store
from dateline.store.ingest import ingest
from dateline.store.schema import COLUMNS, EVENT_SEARCH_COLUMNS


def _articles() -> list[Article]:
    a = make_article("raw one", location="Idlib")
    b = make_article("raw two", location="Aleppo")
    again = make_article("raw one", location="Idlib")  # the same document as a
    bad = make_article("raw three", location="Homs")
    bad.rejection = Rejection(code="DL105", reason="over budget", stage="quotes")
    return [a, b, again, bad]


def test_add_many_gives_the_outcomes_of_add(tmp_path: Path) -> None:
    with Store.open(tmp_path / "one.duckdb") as one, Store.open(tmp_path / "many.duckdb") as many:
        one.add(make_article("raw old", location="Raqqa"))
        many.add(make_article("raw old", location="Raqqa"))
        singles = [one.add(x) for x in [*_articles(), make_article("raw old", location="Raqqa")]]
        batch = many.add_many([*_articles(), make_article("raw old", location="Raqqa")])
        assert batch == singles == ["stored", "stored", "duplicate", "rejected", "duplicate"]
        stats = [{k: v for k, v in s.stats().items() if k != "path"} for s in (one, many)]
        assert stats[0] == stats[1]
        for table in ("articles", "events", "quotes", "places", "times", "entities", "mentions"):
            q = f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY ALL"
            if table != "articles":
                q = f"SELECT * FROM {table} ORDER BY ALL"
            assert many.con.execute(q).fetchall() == one.con.execute(q).fetchall(), table


def test_one_refused_article_fails_alone(tmp_path: Path) -> None:
    with Store.open(tmp_path / "b.duckdb") as store:
        _refused_alone(store)


def _refused_alone(store: Store) -> None:
    # the database refuses events with more than 100 deaths: only that article is rejected
    cols = ", ".join(f"{n} {t}" for n, t in COLUMNS["events"] + EVENT_SEARCH_COLUMNS)
    store.con.execute("DROP TABLE events")
    store.con.execute(f"CREATE TABLE events ({cols}, CHECK (fatalities < 100))")
    good, worse = make_article("raw a", location="Idlib"), make_article("raw b", location="Homs")
    worse.events[0].fatalities = 500
    assert store.add_many([good, worse]) == ["stored", "rejected"]
    assert store.has(good.id) and not store.has(worse.id)
    assert worse.rejection is not None and worse.rejection.code == "DL300"
    (n,) = store.con.execute("SELECT count(*) FROM rejections WHERE code = 'DL300'").fetchone()
    assert n == 1


@pytest.mark.parametrize("batch_size", [1, 2, 64])
def test_ingest_batches_count_the_same(tmp_path: Path, batch_size: int) -> None:
    with Store.open(tmp_path / "b.duckdb") as store:
        _batches_count_the_same(store, batch_size)


def _batches_count_the_same(store: Store, batch_size: int) -> None:
    items = [make_article(f"raw {i}", location=f"Town{i}") for i in range(5)]
    items.append(make_article("raw 1", location="Town1"))  # a repeat inside the run
    seen: list[str] = []
    result = ingest(
        store,
        items,
        lambda a: lambda x: x,
        on_result=lambda item, outcome: seen.append(outcome),
        batch_size=batch_size,
    )
    assert (result.stored, result.duplicate, result.rejected) == (5, 1, 0)
    assert len(seen) == 6 and len(result.stored_ids) == 5
    assert store.stats()["articles"] == 5


def test_ingest_never_analyses_a_stored_document(tmp_path: Path) -> None:
    # more documents than one id lookup reads, stored ones scattered among new ones
    items = [make_article(f"raw {i}", location=f"Town{i}") for i in range(150)]
    analysed: list[str] = []

    def pipeline_for(_: Article) -> Callable[[Article], Article]:
        def run(a: Article) -> Article:
            analysed.append(a.id)
            return a

        return run

    with Store.open(tmp_path / "s.duckdb") as store:
        ingest(store, items[::3], pipeline_for)
        analysed.clear()
        result = ingest(store, items, pipeline_for)
        assert (result.stored, result.duplicate) == (100, 50)
        assert set(analysed) == {a.id for k, a in enumerate(items) if k % 3}
        assert store.stats()["articles"] == 150
