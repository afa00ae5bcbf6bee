"""Debian's headless ``chromium`` driven over the DevTools protocol, for the demo's page tests.

Only what the tests need: open a page, evaluate JavaScript, click at a point, take a
screenshot at a given viewport. The protocol goes over the websocket client that
``websockets`` (a test dependency) provides; Chromium listens on loopback only.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

#: Seconds a browser start or a page condition may take before the test fails.
TIMEOUT = 30.0


def chromium_path() -> str:
    """The ``chromium`` executable; a missing one fails the test (``.ci/run`` installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is needed for the demo page tests: apt-get install chromium"
    return found


class Browser:
    """One headless Chromium with one page, stopped (by its own pid) on ``close``."""

    def __init__(self, profile: Path) -> None:
        self._closing = contextlib.ExitStack()
        self.proc = subprocess.Popen(
            [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            port = self._port(profile / "DevToolsActivePort")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=TIMEOUT) as reply:
                pages = [target for target in json.load(reply) if target["type"] == "page"]
            assert pages, "chromium opened no page"
            # Entered as a context manager: websockets deprecates bare connections.
            self.socket = self._closing.enter_context(
                connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=TIMEOUT))
        except BaseException:
            self.proc.kill()
            self.proc.wait()
            raise
        self._ids = itertools.count(1)

    def _port(self, active_port: Path) -> int:
        deadline = time.monotonic() + TIMEOUT
        while not active_port.exists() or not active_port.read_text().strip():
            assert self.proc.poll() is None, f"chromium exited with {self.proc.returncode}"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            time.sleep(0.05)
        return int(active_port.read_text().split()[0])

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result (events in between are ignored)."""
        ident = next(self._ids)
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=TIMEOUT))
            if message.get("id") == ident:
                assert "error" not in message, f"{method}: {message['error']}"
                return message["result"]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, expression: str, what: str) -> None:
        """Poll until ``expression`` is true in the page; fail naming ``what`` after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while not self.evaluate(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.1)

    def viewport(self, width: int, height: int, *, mobile: bool = False) -> None:
        """Size the page's viewport as a screen of ``width`` x ``height`` CSS pixels."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)

    def open(self, url: str) -> None:
        """Load ``url`` and wait until its document has loaded."""
        self.call("Page.navigate", url=url)
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'",
                      f"{url} to load")

    def click(self, selector: str) -> None:
        """Scroll the element into view and click its centre with the mouse, as a person would."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def screenshot(self, path: Path) -> Path:
        """Save what the viewport shows as a PNG."""
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
        return path

    def close(self) -> None:
        """Stop the browser."""
        try:
            self._closing.close()
        finally:
            self.proc.kill()
            self.proc.wait()
