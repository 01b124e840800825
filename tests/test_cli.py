"""The ``dateline`` command: error paths, stored-article commands, exports, eval plumbing."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli.evaluate import eval_data_path, render_eval
from dateline.cli.main import app
from dateline.config import load_settings
from dateline.errors import InputError
from dateline.pages import readers
from dateline.records import Article, Rejection
from dateline.store import ACLED_COLUMNS, Store
from test_store import make_article

runner = CliRunner()


def assert_one_line_error(result, code: str) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"[{code}]" in lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.duckdb"
    with Store.open(path) as s:
        s.add(make_article("page one", location="Idlib", date="2016-12-11"))
        s.add(make_article("page two", location="Aleppo", date="2016-12-20"))
    return path


def test_process_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["process", str(tmp_path / "nope.txt")])
    assert_one_line_error(result, "DL100")


def test_process_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("\n  \n", encoding="utf-8")
    assert_one_line_error(runner.invoke(app, ["process", str(f), "--json"]), "DL102")


def test_process_folder_and_binary(tmp_path: Path) -> None:
    assert_one_line_error(runner.invoke(app, ["process", str(tmp_path)]), "DL103")
    f = tmp_path / "x.txt"
    f.write_bytes(b"\x00\xff\x00")
    assert_one_line_error(runner.invoke(app, ["process", str(f)]), "DL101")


def test_process_bad_timezone(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Some page", encoding="utf-8")
    result = runner.invoke(app, ["process", str(f), "--tz", "Mars/Olympus"])
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr


def test_ingest_missing_path_and_bad_db(tmp_path: Path) -> None:
    assert_one_line_error(runner.invoke(app, ["ingest", str(tmp_path / "none")]), "DL100")
    f = tmp_path / "a.txt"
    f.write_text("Some page", encoding="utf-8")
    bad_db = tmp_path / "no" / "such" / "dir.duckdb"
    assert_one_line_error(runner.invoke(app, ["ingest", str(f), "--db", str(bad_db)]), "DL300")
    empty = tmp_path / "emptydir"
    empty.mkdir()
    assert_one_line_error(runner.invoke(app, ["ingest", str(empty)]), "DL102")


def test_show_stored_article(db: Path) -> None:
    with Store.open(db, read_only=True) as s:
        ids = s.article_ids()
    result = runner.invoke(app, ["show", ids[0], "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["id"] == ids[0] and doc["events"][0]["event_type"] == "Battles"
    result = runner.invoke(app, ["show", ids[1][:8], "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert "Rebels seize Aleppo" in result.stdout
    assert "Ali Hassan" in result.stdout  # quote speaker
    assert "35.9304" in result.stdout  # place table


def test_show_unknown_id_and_missing_db(db: Path, tmp_path: Path) -> None:
    assert_one_line_error(runner.invoke(app, ["show", "ffffffff", "--db", str(db)]), "DL301")
    missing = tmp_path / "missing.duckdb"
    assert_one_line_error(runner.invoke(app, ["show", "abcd", "--db", str(missing)]), "DL300")
    assert not missing.exists()  # reading never creates a database


def test_db_from_environment(db: Path) -> None:
    result = runner.invoke(app, ["events", "--json"], env={"DATELINE_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2


def test_events_json_and_filters(db: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["location"] for r in rows] == ["Idlib", "Aleppo"]
    assert rows[0]["plover_category"] == "ASSAULT" and rows[0]["evidence_start"] == 0
    result = runner.invoke(
        app, ["events", "--db", str(db), "--json", "--place", "aleppo", "--type", "Battles"]
    )
    assert [r["location"] for r in json.loads(result.stdout)] == ["Aleppo"]
    result = runner.invoke(app, ["events", "--db", str(db), "--json", "--since", "2016-12-15"])
    assert [r["event_date"] for r in json.loads(result.stdout)] == ["2016-12-20"]
    result = runner.invoke(app, ["events", "--db", str(db), "--since", "yesterday"])
    assert_one_line_error(result, "DL101")
    result = runner.invoke(app, ["events", "--db", str(db), "--actor", "rebels"])
    assert result.exit_code == 0 and "2 events" in result.stdout


def test_export_jsonl_and_csv(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["schema_version"] == "1" for x in lines)
    out = tmp_path / "events.csv"
    result = runner.invoke(
        app, ["export", "--format", "acled-csv", "--output", str(out), "--db", str(db)]
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert rows[0]["latitude"] == "35.9304"
    bad = runner.invoke(
        app, ["export", "--format", "acled-csv", "-o", str(tmp_path / "no/x.csv"), "--db", str(db)]
    )
    assert_one_line_error(bad, "DL100")
    assert runner.invoke(app, ["export", "--format", "xml", "--db", str(db)]).exit_code != 0


def test_stats(db: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    st = json.loads(result.stdout)
    assert st["articles"] == 2 and st["events"] == 2 and st["events_by_type"] == {"Battles": 2}


def test_stages_lists_registered_stages() -> None:
    result = runner.invoke(app, ["stages", "--json"])
    assert result.exit_code == 0, result.stderr
    names = [s["name"] for s in json.loads(result.stdout)]
    assert "dateline.parse.v1" in names and "dateline.textpage.v1" in names
    assert names.index("dateline.textpage.v1") < names.index("dateline.parse.v1")
    result = runner.invoke(app, ["stages"])
    assert result.exit_code == 0 and "dateline.parse.v1" in result.stdout


def test_eval_missing_data(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "time", "--timeml", str(tmp_path / "none"), "--json"])
    assert_one_line_error(result, "DL400")
    result = runner.invoke(
        app, ["eval", "events", "--json"], env={"DATELINE_EVAL_DATA": str(tmp_path / "none")}
    )
    assert_one_line_error(result, "DL400")


def test_eval_calls_module_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple] = []

    def run(data: Path, *, predictions=None, limit=None, **options):
        calls.append((data, predictions, limit, options))
        return {
            "task": "time",
            "n": 3,
            "metrics": {"value_f1": 0.5},
            "baseline": {"value_f1": 0.25},
        }

    fake = types.ModuleType("dateline.evaluation.time_eval")
    fake.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dateline.evaluation.time_eval", fake)
    tml = tmp_path / "tbaq"
    tml.mkdir()
    args = ["eval", "time", "--timeml", str(tml), "--limit", "3", "--baseline", "dateparser"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "task": "time",
        "n": 3,
        "metrics": {"value_f1": 0.5},
        "baseline": {"value_f1": 0.25},
    }
    assert calls[0] == (tml, None, 3, {"baseline": "dateparser"})
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "0.500" in result.stdout and "0.250" in result.stdout


def test_eval_data_resolution(tmp_path: Path) -> None:
    root = tmp_path / "eval"
    (root / "time" / "tbaq").mkdir(parents=True)
    settings = load_settings(env={"DATELINE_EVAL_DATA": str(root)})
    assert eval_data_path("time", None, None, settings) == root / "time" / "tbaq"
    assert eval_data_path("time", root, None, settings) == root / "time" / "tbaq"
    own = tmp_path / "mine"
    own.mkdir()
    assert eval_data_path("time", own, None, settings) == own


def test_render_eval_with_named_baselines() -> None:
    table = render_eval(
        {
            "task": "geo",
            "n": 2,
            "metrics": {"acc_161km": 0.5},
            "baseline": {"population": {"acc_161km": 0.25}},
        }
    )
    assert [c.header for c in table.columns] == ["metric", "dateline", "population"]
    table = render_eval(
        {"task": "time", "n": 1, "metrics": {"f1": 0.5}, "baseline": {"name": "dp", "f1": 0.1}}
    )
    assert [c.header for c in table.columns] == ["metric", "dateline", "dp"]
    assert table.row_count == 1


def _fake_pipeline(zones: list[str | None]):
    def build(timezone: str | None = None):
        zones.append(timezone)

        def run(a: Article) -> Article:
            a.text = a.raw.content if a.raw else ""
            a.timezone = timezone
            if "REJECT" in a.text:
                a.rejection = Rejection(code="DL111", reason="too short", stage="fake")
            return a

        return run

    return build


def test_ingest_command_counts_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zones: list[str | None] = []
    monkeypatch.setattr(readers, "build_pipeline", _fake_pipeline(zones))
    pages = tmp_path / "pages" / "example.com"
    pages.mkdir(parents=True)
    (pages / "a.txt").write_text("A story page.", encoding="utf-8")
    (pages / "b.txt").write_text("Another story page.", encoding="utf-8")
    (pages / "c.txt").write_text("REJECT me", encoding="utf-8")
    (pages / "d.txt").write_text("", encoding="utf-8")
    db = tmp_path / "x.duckdb"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dateline.toml").write_text(
        '[sources."example.com"]\ntimezone = "America/Jamaica"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["ingest", str(tmp_path / "pages"), "--db", str(db), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert "stored 2, duplicate 0, rejected 2" in result.stdout
    assert zones == ["America/Jamaica"]  # one pipeline, with the site's zone from dateline.toml
    result = runner.invoke(app, ["ingest", str(tmp_path / "pages"), "--db", str(db), "-j", "1"])
    assert "stored 0, duplicate 2, rejected 2" in result.stdout
    with Store.open(db, read_only=True) as s:
        st = s.stats()
        assert st["articles"] == 2 and st["rejections"] == 2 and st["runs"] == 2
        assert {s.get_article(i).timezone for i in s.article_ids()} == {"America/Jamaica"}
    result = runner.invoke(
        app, ["ingest", str(pages / "a.txt"), "--db", str(tmp_path / "y.duckdb"), "--tz", "UTC"]
    )
    assert result.exit_code == 0 and zones[-1] == "UTC"


def test_process_json_with_fake_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zones: list[str | None] = []
    monkeypatch.setattr(readers, "build_pipeline", _fake_pipeline(zones))
    f = tmp_path / "a.txt"
    f.write_text("A story page.", encoding="utf-8")
    result = runner.invoke(app, ["process", str(f), "--json", "--tz", "Europe/Paris"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["text"] == "A story page." and doc["timezone"] == "Europe/Paris"
    assert zones == ["Europe/Paris"]
    f.write_text("REJECT this", encoding="utf-8")
    assert_one_line_error(runner.invoke(app, ["process", str(f)]), "DL111")


def test_settings_and_source_timezones(tmp_path: Path) -> None:
    cfg = tmp_path / "dateline.toml"
    cfg.write_text(
        'db = "news.duckdb"\n[sources."example.com"]\ntimezone = "America/Jamaica"\n'
        '[sources.wire]\ntimezone = "+01:00"\n',
        encoding="utf-8",
    )
    s = load_settings(cfg, env={})
    assert s.db_path == Path("news.duckdb")
    assert load_settings(cfg, env={"DATELINE_DB": "env.duckdb"}).db_path == Path("env.duckdb")
    assert load_settings(cfg, env={"DATELINE_DB": "e"}, db_path=Path("a")).db_path == Path("a")
    assert s.timezone_for("https://www.example.com/news/1") == "America/Jamaica"
    assert s.timezone_for("https://notexample.com/x") is None
    assert s.timezone_for("pages/example.com/2016/a.txt") == "America/Jamaica"
    assert s.timezone_for("dump/wire/a.txt") == "+01:00"
    assert s.timezone_for("example.com.txt") is None
    cfg.write_text('[sources."x.org"]\ntimezone = "Nowhere/Town"\n', encoding="utf-8")
    with pytest.raises(InputError):
        load_settings(cfg, env={})
    cfg.write_text("this is [not toml", encoding="utf-8")
    with pytest.raises(InputError):
        load_settings(cfg, env={})


def test_bad_config_file_is_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dateline.toml").write_text("db = [unclosed", encoding="utf-8")
    assert_one_line_error(runner.invoke(app, ["stats"]), "DL101")
