"""The web page end to end in Debian's Chromium (Playwright): load, filter, brush, click an
event, see its evidence, open its article and place; stored HTML/script never runs.

Screenshots are saved under a temporary folder whose path is printed (``pytest -s``).
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not Path(CHROMIUM).exists():
    pytest.skip(
        "chromium not found at /usr/bin/chromium (apt-get install -y chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) not installed")
uvicorn = pytest.importorskip("uvicorn")

from dateline.api import create_app  # noqa: E402
from test_api import XSS_ACTOR, build_db  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free local port in a thread; yields its base URL."""
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    build_db(db)
    yield from serve(create_app(db))


@pytest.fixture(scope="module")
def shots() -> Path:
    d = Path(tempfile.mkdtemp(prefix="dateline-screens-"))
    print(f"\nscreenshots: {d}")
    return d


def launch() -> Iterator[Any]:
    """Debian's Chromium, headless, with the project's flags (never a downloaded browser)."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


def test_page_end_to_end(server: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    errors: list[str] = []
    foreign: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: None if r.url.startswith(server) else foreign.append(r.url))
    expect = sync_api.expect

    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=15000)
    items = page.locator(".event-item")
    expect(items).to_have_count(3)
    expect(page.locator("#status")).to_have_text("3 events")
    expect(page.locator("path.event-marker")).to_have_count(3)
    page.wait_for_selector("path.leaflet-interactive, svg path", timeout=5000)
    assert page.locator(".leaflet-overlay-pane svg path").count() > 100  # country outlines
    expect(page.locator("#timeline rect.bar")).to_have_count(3)
    page.screenshot(path=str(shots / "1-loaded.png"))

    # filter by type
    page.select_option("#f-type", "Protests")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Peaceful protest")
    expect(page.locator("path.event-marker")).to_have_count(1)
    page.screenshot(path=str(shots / "2-filtered.png"))
    page.click("#f-clear")
    expect(items).to_have_count(3)

    # filter by actor (typed)
    page.fill("#f-actor", "islamic state")
    page.click("#filters button[type=submit]")
    expect(items).to_have_count(1)
    page.click("#f-clear")
    expect(items).to_have_count(3)

    # brush the timeline over its left part (the first event only)
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    expect(items).to_have_count(1)
    expect(page.locator("#range")).to_contain_text("2016-")
    page.screenshot(path=str(shots / "3-brushed.png"))
    page.click("#f-clear")
    expect(items).to_have_count(3)

    # click an event: its evidence with the trigger marked
    page.locator(".event-item", has_text="Government regains territory").click()
    expect(page.locator("#evidence")).to_contain_text("Government forces retook the town")
    expect(page.locator("#evidence mark")).to_have_text("retook")
    # the calibrated probabilities the event has (no type confidence stored for it)
    expect(page.locator("#panel dl.kv")).to_contain_text("date 0.91 · place 0.97")
    page.screenshot(path=str(shots / "4-event.png"))

    # its article: clean text with spans highlighted
    page.click("#open-article")
    expect(page.locator("#article-headline")).to_have_text("Army retakes desert town")
    expect(page.locator("#article-text .a-trigger")).to_have_text("retook")
    expect(page.locator("#article-text .a-place").first).to_have_text("Tadmur")
    expect(page.locator("#article-text .a-time").first).to_have_text("Sunday")
    assert page.locator("#article-text .a-quote").count() >= 1
    page.screenshot(path=str(shots / "5-article.png"))

    # place page from a place in the text
    page.locator("#article-text .a-place").first.click()
    expect(page.locator("#place-name")).to_have_text("Tadmur")
    expect(page.locator("#panel")).to_contain_text("control timeline has not been computed")
    expect(page.locator("#panel .event-item")).to_have_count(1)
    page.screenshot(path=str(shots / "6-place.png"))

    # the stored-XSS article: shown as text, nothing runs
    page.goto(server + "/#/")
    page.wait_for_selector("body[data-ready='1']")
    page.locator(".event-item", has_text="Attack").click()
    expect(page.locator("#evidence")).to_contain_text("<script>window.__pwned=2</script>")
    expect(page.locator("#panel")).to_contain_text(XSS_ACTOR)
    page.click("#open-article")
    expect(page.locator("#article-text")).to_contain_text('<img src=x onerror="window.__pwned=1">')
    expect(page.locator("#article-headline")).to_contain_text("<script>")
    page.locator("path.event-marker").first.hover()
    page.screenshot(path=str(shots / "7-xss-article.png"))
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x], #panel script").count() == 0
    injected_b = "[...document.querySelectorAll('b')].some(b => b.textContent === 'nothing')"
    assert page.evaluate(injected_b) is False
    assert dialogs == []
    assert foreign == [], foreign
    assert errors == [], errors
    page.close()
