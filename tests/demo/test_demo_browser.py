"""``fastresp demo`` as a person meets it: a real server process and headless Chromium.

The page's script fills every card from the running server, so these assertions fail
unless the tour renders, captures the wire and wires its buttons. Screenshots at a
laptop's and a phone's size are kept in $FASTRESP_DEMO_SCREENSHOTS (default: the
test's tmp directory) for a person to look at.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import Browser
from fastresp.examples import tour

GET_CARDS = sum(example.method == "GET" for example in tour.EXAMPLES.values())


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """``fastresp demo --port N`` as a subprocess; stopped by its pid when the module ends."""
    port = free_port()
    log = (tmp_path_factory.mktemp("demo") / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "fastresp", "demo", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"fastresp demo did not start; see {log.name}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where the screenshots go: $FASTRESP_DEMO_SCREENSHOTS, else a tmp directory."""
    chosen = os.environ.get("FASTRESP_DEMO_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium with a fresh profile."""
    started = Browser(tmp_path / "profile")
    yield started
    started.close()


def card_text(browser: Browser, key: str) -> str:
    """What one card shows, as a person would read it."""
    return browser.evaluate(f"document.getElementById({json.dumps(key)}).innerText")


def test_laptop_page_shows_the_wire_and_the_post_button_answers(demo_url, browser, screenshots):
    """At 1280x800 every card shows its captured head; the POST form shows the JSON answer."""
    browser.viewport(1280, 800)
    browser.open(demo_url)
    browser.wait_for(f"document.querySelectorAll('.card[data-captured]').length === {GET_CARDS}",
                     "every GET card's capture")
    assert "sent: GET /status/custom HTTP/1.1\nHTTP/1.1 418 I'm a tea pot\n" in card_text(browser, "status-custom")
    assert "set-cookie: custom-cookie=ggg\n" in card_text(browser, "cookies")
    assert "set-cookie: yummy_cookie=choco\n" in card_text(browser, "cookies-yummy")
    # The chunked example tells decoded size from bytes on the wire.
    assert "transfer-encoding: chunked" in card_text(browser, "write")
    assert "[body: 22 bytes, 42 bytes chunked on the wire]" in card_text(browser, "write")
    # Each card shows the Python route as ktor_responses.py has it.
    assert tour.EXAMPLES["status-custom"].python.splitlines()[-1].strip() in card_text(browser, "status-custom")
    browser.evaluate("window.scrollTo(0, 0)")
    browser.screenshot(screenshots / "demo-1280x800.png")

    before = card_text(browser, "customer")
    assert '"first_name":"Jet"' not in before
    browser.click("#customer form button")
    browser.wait_for("document.getElementById('customer').dataset.captured === 'yes'", "the POST answer")
    after = card_text(browser, "customer")
    assert "sent: POST /customer HTTP/1.1\nHTTP/1.1 200 OK\n" in after
    assert "content-type: application/json\n" in after
    assert '{"id":1,"first_name":"Jet","last_name":"Brains"}' in after
    browser.screenshot(screenshots / "demo-1280x800-customer.png")


def test_phone_page_fits_390_pixels(demo_url, browser, screenshots):
    """At 390 px wide the panes stack and nothing makes the page scroll sideways."""
    browser.viewport(390, 844, mobile=True)
    browser.open(demo_url)
    browser.wait_for(f"document.querySelectorAll('.card[data-captured]').length === {GET_CARDS}",
                     "every GET card's capture")
    assert browser.evaluate("document.documentElement.scrollWidth") <= 390
    ktor, python = (browser.evaluate(f"document.querySelector('#status .{pane}').getBoundingClientRect().top")
                    for pane in ("ktor", "python"))
    assert python > ktor  # stacked, not side by side
    browser.screenshot(screenshots / "demo-390x844.png")


def test_event_source_reads_the_live_example_and_resumes(demo_url, browser):
    """Chromium's EventSource shows the /events ticks as they come, and after the stream ends it
    reconnects with Last-Event-ID, from which the server goes on: ids 1 to 7 in order, none twice."""
    browser.open(demo_url)
    # Five ticks per connection: a seventh proves a reconnection that resumed after id 5.
    browser.wait_for("Number(document.querySelector('#events ol.events').dataset.count || 0) >= 7",
                     "seven live events")
    ids = browser.evaluate("[...document.querySelectorAll('#events ol.events li')].map((li) => li.dataset.id)")
    assert ids[:7] == [str(n) for n in range(1, 8)]
    first = browser.evaluate("document.querySelector('#events ol.events li').textContent")
    assert first == 'id 1: {"tick":1}'
