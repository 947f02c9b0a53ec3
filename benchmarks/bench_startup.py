"""Time from starting rnn-tutor until its home screen is on a real terminal, against bare
Textual apps measured in the same run (interleaved): one with a header, a paragraph and a
footer (the baseline of issue 23), and one that shows a single label (the earlier one).

Each start runs in a fresh detached tmux session (a real pty and terminal emulator); the
clock stops when ``tmux capture-pane`` first shows the screen's marker text. The package's
bytecode is compiled first (``compileall``), as an installed package has it. Aim: rnn-tutor
at most 1.2x the bare app with header, paragraph and footer. Run by hand (not a test):

    .venv/bin/python benchmarks/bench_startup.py            # 15 rounds
    .venv/bin/python benchmarks/bench_startup.py --rounds 30 --direct

``--direct`` starts the app class directly instead of ``python -m rnn_tutor`` (useful when
the command line cannot start, and to see what argparse and the subcommand imports add).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tmux_server import run_kept, tmux_of  # noqa: E402

SESSION = f"rnn-tutor-bench-{os.getpid()}"
BARE_MARKER = "bare-textual-ready"
BARE_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Label

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label({BARE_MARKER!r})

Bare().run()
"""
FRAMED_MARKER = "framed-textual-ready"
FRAMED_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Framed(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static({FRAMED_MARKER!r} + " A paragraph of text, as a screen shows one.")
        yield Footer()

Framed().run()
"""
AIM = 1.2
DIRECT_APP = """
import sys
from rnn_tutor.i18n import set_language
from rnn_tutor.ui.app import RnnTutorApp
set_language("en")
RnnTutorApp(data_dir=sys.argv[1], lang="en").run()
"""


def home_marker() -> str:
    from rnn_tutor.i18n import tr

    return tr("en", "ui.home.tagline")[:40]


tmux = tmux_of(SESSION)  # a server of this run's own (benchmarks/tmux_server.py)


def time_to_marker(command: list[str], marker: str, timeout: float = 20.0) -> float:
    """Seconds from spawning ``command`` in a new tmux window until ``marker`` is visible."""
    tmux("kill-session", "-t", SESSION)
    line = " ".join(shlex.quote(part) for part in command)
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", line)
    try:
        while True:
            elapsed = time.perf_counter() - start
            if elapsed > timeout:
                raise TimeoutError(f"{marker!r} not shown after {timeout}s: {line}")
            screen = tmux("capture-pane", "-p", "-t", SESSION).stdout
            if marker in screen:
                return elapsed
            time.sleep(0.002)
    finally:
        tmux("kill-session", "-t", SESSION)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--direct", action="store_true", help="start the app class directly")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "rnn_tutor")], check=True)
    marker = home_marker()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="rnn-tutor-bench-") as data_dir:
        env = ["env", f"PYTHONPATH={ROOT}", "LANG=C.UTF-8"]
        if args.direct:
            tutor = [*env, python, "-c", DIRECT_APP, data_dir]
        else:
            tutor = [*env, python, "-m", "rnn_tutor", "--lang", "en", "--data-dir", data_dir]
        starts = {
            "bare Textual app, header + paragraph + footer": (
                [*env, python, "-c", FRAMED_APP],
                FRAMED_MARKER,
            ),
            "bare Textual app, one label": ([*env, python, "-c", BARE_APP], BARE_MARKER),
            "rnn-tutor home screen": (tutor, marker),
        }
        # One untimed start each: the progress database is created, caches are warm.
        for command, seen in starts.values():
            time_to_marker(command, seen)
        times: dict[str, list[float]] = {name: [] for name in starts}
        for _ in range(args.rounds):
            for name, (command, seen) in starts.items():
                times[name].append(time_to_marker(command, seen))
    entry = "app class" if args.direct else "python -m rnn_tutor"
    print(f"rounds: {args.rounds} (interleaved), entry: {entry}, bytecode compiled")
    medians = {name: statistics.median(runs) * 1000 for name, runs in times.items()}
    for name, runs in times.items():
        print(f"{name + ':':48} median {medians[name]:.0f} ms (min {min(runs) * 1000:.0f})")
    tutor_ms = medians["rnn-tutor home screen"]
    for name in list(starts)[:2]:
        ratio = tutor_ms / medians[name]
        print(f"ratio against the {name[len('bare Textual app, ') :]}: {ratio:.2f}x")
    framed = tutor_ms / medians[next(iter(starts))]
    print(f"aim: at most {AIM}x the framed app -> {'OK' if framed <= AIM else 'OVER'}")
    return 0


if __name__ == "__main__":
    run_kept(main, SESSION)
