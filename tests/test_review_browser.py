"""The review loop end to end in Debian's Chromium (Playwright): sign in with the token,
accept, correct (type, date, fatalities, notes), reject, merge and split; a stored-XSS attempt
in a correction's notes never runs; a page of another origin cannot post a review (CSRF);
without a token the page stays read-only.

Screenshots are saved under a temporary folder whose path is printed (``pytest -s``).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_browser import launch, serve

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) not installed")
uvicorn = pytest.importorskip("uvicorn")

from dateline.api import create_app  # noqa: E402
from test_review_api import TOKEN, build_review_db  # noqa: E402

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def dbs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("review-web")
    build_review_db(d / "rw.duckdb")
    shutil.copy(d / "rw.duckdb", d / "ro.duckdb")
    return d / "rw.duckdb", d / "ro.duckdb"


@pytest.fixture(scope="module")
def server(dbs: tuple[Path, Path]) -> Iterator[str]:
    yield from serve(create_app(dbs[0], token=TOKEN))


@pytest.fixture(scope="module")
def ro_server(dbs: tuple[Path, Path]) -> Iterator[str]:
    yield from serve(create_app(dbs[1]))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def shots() -> Path:
    d = Path(tempfile.mkdtemp(prefix="dateline-review-screens-"))
    print(f"\nscreenshots: {d}")
    return d


def _open(page: Any, text: str) -> None:
    """Show the event list again (a fresh load), then open the first event matching ``text``."""
    page.goto(page.url.split("#")[0] + "#/")
    page.reload()  # same-document: load it afresh
    page.wait_for_selector("body[data-ready='1'][data-review-ready='on']", timeout=15000)
    page.locator(".event-item", has_text=text).first.click()
    page.wait_for_selector("#review #review-status")


def _log(page: Any, server: str) -> list[dict[str, Any]]:
    return list(page.request.get(server + "/api/review/log").json())


def test_review_loop(server: str, browser: Any, shots: Path) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    expect = sync_api.expect

    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1'][data-review-ready='on']", timeout=15000)
    page.fill("#review-token", TOKEN)
    page.fill("#review-analyst", "ana")
    page.click("#review-signin-button")
    expect(page.locator("#review-state")).to_have_text("Reviewing as ana")
    assert page.evaluate("sessionStorage.getItem('dateline.review.token')") == TOKEN
    assert ctx.cookies() == []  # the token is never a cookie

    # accept
    _open(page, "Peaceful protest")
    expect(page.locator("#review-status")).to_have_text("not reviewed")
    page.click("#review-accept")
    expect(page.locator("#review-status")).to_have_text("accepted")

    # correct: type, date, fatalities, notes (with a stored-XSS attempt)
    page.select_option("#rv-sub_event_type", "Violent demonstration")
    page.fill("#rv-event_date", "2023-07-05")
    page.fill("#rv-fatalities", "2")
    page.fill("#rv-notes", XSS)
    page.fill("#review-reason", "police fired on the march")
    page.click("#review-save")
    vals = page.locator("#review-values")
    expect(vals.locator(".rv-sub_event_type")).to_have_text("Violent demonstration")
    expect(vals.locator(".rv-event_type")).to_have_text("Riots")
    expect(vals.locator(".rv-event_date")).to_have_text("2023-07-05")
    expect(vals.locator(".rv-fatalities")).to_have_text("2")
    expect(vals.locator(".rv-notes")).to_have_text(XSS)  # shown as text
    expect(page.locator("#review-history tr")).to_have_count(1 + 5)  # header + 5 changes
    page.screenshot(path=str(shots / "1-corrected.png"))
    # the stored notes are shown again after a reload: still text, never markup; the list shows
    # the corrected sub-type (the machine's is gone from it)
    _open(page, "Violent demonstration")
    assert page.locator(".event-item", has_text="Peaceful protest").count() == 0
    expect(page.locator("#review-values .rv-notes")).to_have_text(XSS)
    expect(page.locator("#review-history")).to_contain_text("<img src=x")
    assert page.locator("#review img, #review script").count() == 0
    assert page.evaluate("window.__xss") is None

    # reject
    _open(page, "Attack")
    page.click("#review-reject")
    expect(page.locator("#review-status")).to_have_text("rejected")

    # merge: mark the attack, open the abduction, merge the marked event into it
    page.click("#review-mark")
    # the rejected attack leaves the list (it reloads after the action) unless asked for
    page.goto(server + "/#/")
    expect(page.locator(".event-item", has_text="Attack")).to_have_count(0)
    page.check("#f-rejected")
    rejected = page.locator(".event-item", has_text="Attack")
    expect(rejected.locator(".badge")).to_have_text("rejected")
    page.screenshot(path=str(shots / "2-rejected-shown.png"))
    _open(page, "Abduction")
    page.click("#review-merge")
    expect(page.locator("#review-reports li")).to_have_count(2)
    page.screenshot(path=str(shots / "2-merged.png"))

    # split the attack off again
    page.locator("#review-reports li", has_text="Attack").locator(".review-split-box").check()
    page.click("#review-split")
    expect(page.locator("#review-reports li")).to_have_count(1)
    expect(page.locator("#review-reports li")).to_contain_text("Abduction")

    actions = [(x["action"], x["field"], x["who"]) for x in reversed(_log(page, server))]
    assert actions == [
        ("accept", "status", "ana"),
        ("correct", "sub_event_type", "ana"),
        ("correct", "event_date", "ana"),
        ("correct", "fatalities", "ana"),
        ("correct", "notes", "ana"),
        ("reject", "status", "ana"),
        ("merge", "members", "ana"),
        ("split", "members", "ana"),
    ]
    # the list marks the reviewed events
    page.goto(server + "/#/")
    page.reload()
    page.wait_for_selector("body[data-ready='1'][data-review-ready='on']")
    item = page.locator(".event-item", has_text="Violent demonstration")
    sync_api.expect(item.locator(".badge")).to_have_text("accepted")
    sync_api.expect(item).to_contain_text("2023-07-05")
    sync_api.expect(
        page.locator(".event-item", has_text="Tadmur").first.locator(".badge")
    ).to_have_count(0)
    page.screenshot(path=str(shots / "3-list.png"))
    # the export carries the correction
    geo = page.request.get(server + "/api/export?format=geojson").json()
    riot = [
        f for f in geo["features"] if f["properties"]["sub_event_type"] == "Violent demonstration"
    ]
    assert riot and riot[0]["properties"]["reviewed"] is True
    assert riot[0]["properties"]["notes"] == XSS
    assert not errors, errors
    ctx.close()


def test_csrf_from_another_origin_fails(server: str, browser: Any) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1'][data-review-ready='on']", timeout=15000)
    page.fill("#review-token", TOKEN)
    page.click("#review-signin-button")  # the victim is signed in on dateline's origin
    ref = page.request.get(server + "/api/events?place=Tadmur").json()["items"][0]
    before = len(_log(page, server))
    target = server + "/api/review/reject"
    body = f'{{"article_id": "{ref["article_id"]}", "idx": {ref["idx"]}, "pad": "'
    html = f"""<!doctype html><html><body>
<form id="f" method="POST" action="{target}" enctype="text/plain">
<input name='{body}' value='"}}'></form>
<script>
window.results = [];
const tries = [
  fetch("{target}", {{method: "POST", mode: "no-cors", credentials: "include",
    headers: {{"Content-Type": "text/plain"}}, body: '{{"article_id": "{ref["article_id"]}", "idx": {ref["idx"]}}}'}}),
  fetch("{target}", {{method: "POST", credentials: "include",
    headers: {{"Content-Type": "application/json", "Authorization": "Bearer " + (sessionStorage.getItem("dateline.review.token") || "guess")}},
    body: '{{"article_id": "{ref["article_id"]}", "idx": {ref["idx"]}}}'}}),
];
Promise.allSettled(tries).then((r) => {{
  window.results = r.map((x) => x.status === "fulfilled" ? "opaque:" + x.value.type : "blocked");
  document.body.setAttribute("data-done", "1");
}});
</script></body></html>"""
    page.route(EVIL + "/**", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(EVIL + "/attack.html")
    page.wait_for_selector("body[data-done='1']", timeout=10000)
    results = page.evaluate("window.results")
    assert results[1] == "blocked"  # the CORS preflight is never answered
    # sent blind (opaque) and refused by the server (no token, no JSON), or blocked by the
    # browser's own rules for a public page calling a loopback address
    assert results[0] in ("opaque:opaque", "blocked")
    # the classic JSON-in-a-text/plain-form CSRF
    with page.expect_navigation():
        page.evaluate("document.getElementById('f').submit()")
    assert page.url.startswith(server)
    assert "401" in page.content() or "bearer" in page.content().lower()
    assert len(_log(page, server)) == before  # nothing was recorded
    ctx.close()


def test_read_only_without_a_token(ro_server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(ro_server + "/")
    page.wait_for_selector("body[data-ready='1'][data-review-ready='off']", timeout=15000)
    assert page.locator("#review-login").count() == 0
    page.locator(".event-item", has_text="Peaceful protest").first.click()
    sync_api.expect(page.locator("#event-title")).to_contain_text("Peaceful protest")
    page.wait_for_timeout(300)
    assert page.locator("#review, #review-accept, #review-form").count() == 0
    r = page.request.post(
        ro_server + "/api/review/accept",
        data={"article_id": "x", "idx": 0},
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert r.status in (404, 405)
    page.close()
