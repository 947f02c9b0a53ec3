"""`rnn-tutor serve` for a class: time from opening the page to the home screen, and memory
per connected learner, for 1, 5 and 20 learners at once (headless Chromium, loopback only).

For each class size N: N browser tabs (one Playwright context each, ``?learner=learnerK``)
are opened one after another while the earlier ones stay connected; each tab's clock runs
from ``page.goto`` until the home screen's menu is in the terminal's text (read from the
xterm buffer, see tests/browser/driver.py). Once all N are home and every app's kernel
has started, the memory of the app processes (one per tab, descendants of the server) is
summed: RSS (counts shared pages once per process) and PSS (shares them out; the fairer
figure for "what one more learner costs"); each app's kernel (its zygote, which holds
torch since issue 17, and the zygote's forks) is summed beside. The server's own
memory is reported apart. Chromium's memory is the learners' own machines' and not counted.

Run by hand (not a test), on an otherwise quiet machine:

    .venv/bin/python benchmarks/bench_serve.py                  # 1, 5 and 20 learners
    .venv/bin/python benchmarks/bench_serve.py --sizes 1 5 --settle 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

# The baseline: textual-serve itself serving bench_startup's bare app that shows one label.
from bench_startup import BARE_APP, BARE_MARKER  # noqa: E402

from tests.browser.driver import (  # noqa: E402
    Tab,
    chromium_path,
    free_port,
    launch,
    running,
    serving,
)

HOME_MARKERS = ("Practice", "Quiz", "Statistics")
BARE_SERVER = """
import shlex, sys
from textual_serve.server import Server
command = shlex.join([sys.executable, "-c", sys.argv[2]])
Server(command, host="127.0.0.1", port=int(sys.argv[1])).serve()
"""


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return rss, pss


def is_app(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
    except FileNotFoundError:
        return False
    return b"--learner" in argv or b"--ask-learner" in argv


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``: an app's kernel (its zygote runs in a session of its
    own, so it is in no process group of the server's) and the zygote's forks."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def wait_for_apps(pgid: int, count: int, timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while True:
        # Below the server (each tab's process leads a process group of its own).
        apps = [pid for pid in descendants(pgid) if is_app(pid)]
        if len(apps) == count or time.monotonic() > deadline:
            return apps
        time.sleep(0.2)


def run_size(browser: object, url: str, pgid: int, size: int, settle: float) -> dict[str, float]:
    tabs: list[Tab] = []
    times: list[float] = []
    try:
        for k in range(size):
            started = time.perf_counter()
            tab = Tab(browser, f"{url}/?learner=learner{size}x{k}")
            tab.wait_for(*HOME_MARKERS, timeout=120)
            times.append(time.perf_counter() - started)
            tabs.append(tab)
        time.sleep(settle)  # every app's torch warm-up has finished importing by then
        apps = wait_for_apps(pgid, size, 30)
        rss, pss = zip(*(memory_kib(pid) for pid in apps), strict=True)
        kernels = [child for pid in apps for child in descendants(pid)]
        kernel_pss = sum(memory_kib(pid)[1] for pid in kernels)
        server_rss, server_pss = memory_kib(pgid)
    finally:
        for tab in tabs:
            tab.close()
    wait_for_apps(pgid, 0, 30)  # the closed tabs' processes have quit
    return {
        "n": size,
        "apps": len(apps),
        "home_median_s": statistics.median(times),
        "home_max_s": max(times),
        "home_first_s": times[0],
        "rss_per_learner_mib": sum(rss) / len(apps) / 1024,
        "pss_per_learner_mib": sum(pss) / len(apps) / 1024,
        "pss_total_mib": sum(pss) / 1024,
        # The apps' kernels (zygote and forks), which hold torch since issue 17.
        "kernel_processes": len(kernels),
        "kernel_pss_per_learner_mib": kernel_pss / len(apps) / 1024,
        "all_pss_total_mib": (sum(pss) + kernel_pss) / 1024,
        "server_rss_mib": server_rss / 1024,
        "server_pss_mib": server_pss / 1024,
    }


def page_to_screen(browser: object, url: str, markers: tuple[str, ...]) -> float:
    """Seconds from opening ``url`` in a fresh tab until ``markers`` show; the tab is closed."""
    started = time.perf_counter()
    tab = Tab(browser, url)
    try:
        tab.wait_for(*markers, timeout=120)
        return time.perf_counter() - started
    finally:
        tab.close()


def baseline(browser: object, url: str, bare_url: str, rounds: int) -> tuple[float, float]:
    """Median page-to-first-screen of rnn-tutor's home and of the bare app, interleaved."""
    ours: list[float] = []
    bare: list[float] = []
    for k in range(rounds):
        ours.append(page_to_screen(browser, f"{url}/?learner=base{k}", HOME_MARKERS))
        bare.append(page_to_screen(browser, bare_url, (BARE_MARKER,)))
        time.sleep(1)  # let the closed tabs' processes go
    return statistics.median(ours), statistics.median(bare)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--settle", type=float, default=15.0, help="seconds before measuring")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved baseline rounds")
    args = parser.parse_args()
    executable = chromium_path()
    if executable is None:
        print("Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = Path(tmp)
        bare_port = free_port()
        bare_command = [sys.executable, "-c", BARE_SERVER, str(bare_port), BARE_APP]
        with (
            serving(folder / "data", folder / "serve.log") as server,
            running(bare_command, bare_port, folder / "bare.log"),
            sync_playwright() as pw,
        ):
            browser = launch(pw, executable)
            try:
                ours, bare = baseline(
                    browser, server.url, f"http://127.0.0.1:{bare_port}/", args.rounds
                )
                rows = [
                    run_size(browser, server.url, server.process.pid, n, args.settle)
                    for n in args.sizes
                ]
            finally:
                browser.close()
    print(
        f"page to first screen, median of {args.rounds} interleaved rounds: rnn-tutor home "
        f"{ours:.2f} s, bare Textual app under textual-serve {bare:.2f} s "
        f"({ours / bare:.2f}x)\n"
    )
    print(
        "| learners | page to home: first / median / max | RSS per app | "
        "PSS per app | PSS per app's kernel | PSS all (apps + kernels) | server RSS |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['n']:.0f} | {r['home_first_s']:.2f} s / {r['home_median_s']:.2f} s / "
            f"{r['home_max_s']:.2f} s | {r['rss_per_learner_mib']:.0f} MiB | "
            f"{r['pss_per_learner_mib']:.0f} MiB | {r['kernel_pss_per_learner_mib']:.0f} MiB "
            f"({r['kernel_processes']:.0f} processes) | {r['all_pss_total_mib']:.0f} MiB | "
            f"{r['server_rss_mib']:.0f} MiB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
