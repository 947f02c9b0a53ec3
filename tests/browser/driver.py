"""Drive `rnn-tutor serve` in headless Chromium: start the server, open tabs, read the terminal.

Shared by the browser tests and benchmarks/bench_serve.py. The browser is the system's
Chromium (Debian's ``chromium`` package) through Playwright's Python client; nothing is
downloaded. Only loopback addresses are used, and every wait is bounded.

The page draws the terminal with xterm.js on a canvas, so there are no DOM rows to read.
An init script catches the page's xterm ``Terminal`` as it is created (textual-serve's
page assigns it to ``this.terminal``) and the tests read its buffer, line by line, with
xterm's public API: exactly the text a learner sees.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The page's viewport: about 130 x 40 terminal cells at textual-serve's 16 px font.
VIEWPORT = {"width": 1200, "height": 800}
# Between keys, as a person types: keys sent at once can reach the app in one read.
KEY_DELAY_MS = 25

CATCH_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    window.__terminals.push(value);
    Object.defineProperty(this, 'terminal',
      {value: value, writable: true, configurable: true, enumerable: true});
  },
});
"""
READ_TERMINAL = """() => {
  const term = window.__terminals[0];
  if (!term) return '';
  const buffer = term.buffer.active, lines = [];
  for (let i = 0; i < term.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    lines.push(line ? line.translateToString(true) : '');
  }
  return lines.join('\\n');
}"""


def chromium_path() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def serving(data_dir: Path, log: Path, lang: str = "en", timeout: float = 60) -> Iterator[Server]:
    """`rnn-tutor serve` on a free loopback port, in its own process group (stopped after)."""
    port = free_port()
    command = [sys.executable, "-m", "rnn_tutor", "--lang", lang, "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)]
    with running(command, port, log, timeout) as process:
        yield Server(f"http://127.0.0.1:{port}", data_dir, process, log)


@contextmanager
def running(
    command: list[str], port: int, log: Path, timeout: float = 60
) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` (a server on ``port``) until it answers; then stopped with its children."""
    env = {k: v for k, v in os.environ.items() if k != "RNN_TUTOR_HOME"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # the app processes of every tab are in this group too
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start:\n" + log.read_text()) from None
                time.sleep(0.1)
        yield process
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and the app processes it started (its process group), bounded."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The server is gone; its app processes may still be closing.
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie that no parent has reaped yet does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def app_processes(server: Server, learner: str) -> list[int]:
    """The ids of the server's app processes running for ``learner`` (its direct children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pairs = [argv[i : i + 2] for i in range(len(argv))]
        ours = fields[0] != "Z" and int(fields[1]) == server.process.pid
        if ours and [b"--learner", learner.encode()] in pairs:
            found.append(int(entry.name))
    return found


def launch(playwright: Any, executable: str) -> Any:
    """Headless system Chromium; Playwright gives every launch a fresh temporary profile."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)


class Tab:
    """One browser tab on the served tutor, read through its xterm buffer."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(CATCH_TERMINAL)
        # Loopback only: a request elsewhere is refused at once (instead of waiting for a
        # network this machine does not have) and kept, for tests to say there was none.
        self.refused: list[str] = []
        self.context.route("**/*", self._loopback_only)
        self.page = self.context.new_page()
        self.page.goto(url, wait_until="domcontentloaded")

    def text(self) -> str:
        return str(self.page.evaluate(READ_TERMINAL))

    def wait_for(self, *needles: str, timeout: float = 60) -> str:
        """The terminal's text once it holds every one of ``needles``."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if all(needle in text for needle in needles):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout}s for {needles!r}; the page shows:\n{text}")
            time.sleep(0.05)

    def focus(self) -> None:
        self.page.locator(".textual-terminal").click()

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=KEY_DELAY_MS)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.page.wait_for_timeout(KEY_DELAY_MS)

    def close(self) -> None:
        self.context.close()

    def _loopback_only(self, route: Any) -> None:
        url = str(route.request.url)
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1")):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()
