"""The home screen's first frame with a long history, against the same app with none.

Histories of 0, 3,000 and 100,000 recorded attempts (realistic ones: 2,000 generated exercises,
about 40% wrong, spread over a year, every mode) are written once through
``Store.import_history``. Then, interleaved in one run, each start of ``rnn-tutor`` runs in
a fresh detached tmux session (a real pty); the clock stops when ``tmux capture-pane``
first shows the home screen's tagline (the first frame) and, separately, when the line of
what is due has been counted (the review queue, read in a worker). The same is done for
``rnn-tutor stats`` at 100,000 attempts: start until its figures are on screen.

Aim (issue 10): the first frame at most 1.1x the empty history's at 3,000 attempts and
1.5x at 100,000; (issue 23) the stats screen's figures at 100,000 attempts at most 1.5x
their time with none. Run by hand (not a test):

    .venv/bin/python benchmarks/bench_home.py                 # 9 rounds
    .venv/bin/python benchmarks/bench_home.py --rounds 15 --keep /tmp/histories
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tmux_server import run_kept, tmux_of  # noqa: E402
from rnn_tutor.core.exercises.generator import LEVELS, generate  # noqa: E402
from rnn_tutor.core.grading.explain import closed_form  # noqa: E402
from rnn_tutor.core.progress.store import HISTORY_FORMAT, HISTORY_VERSION, Store  # noqa: E402
from rnn_tutor.i18n import tr  # noqa: E402

SESSION = f"rnn-tutor-bench-home-{os.getpid()}"
SIZES = (0, 3_000, 100_000)
MISCONCEPTIONS = ("batch_first_on_hidden", "direction_factor_missing", "time_in_hidden")


def history(count: int, seed: int = 5) -> dict[str, Any]:
    """``count`` attempts as an export file holds them, oldest first, over the past year."""
    rng = random.Random(seed)
    exercises = [ex for level in LEVELS for ex in generate(level, seed, 400)]
    truths = {id(ex): closed_form(ex).to_json() for ex in exercises}
    now = datetime.now(timezone.utc)
    start = now - timedelta(days=365)
    step = timedelta(days=365) / max(count, 1)
    attempts = []
    for i in range(count):
        exercise = rng.choice(exercises)
        correct = rng.random() < 0.6
        attempts.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                "at": (start + step * i).isoformat(),
                "question": exercise.question.id,
                "exercise": exercise.to_dict(),
                "skills": list(exercise.skills),
                "answer": "(1, 2, 3)",
                "correct": correct,
                "expected": truths[id(exercise)],
                "misconception": None if correct else rng.choice(MISCONCEPTIONS),
                "hints_used": rng.choice((0, 0, 0, 1, 2)),
                "seconds": round(rng.uniform(4, 60), 3),
                "mode": rng.choice(("practice", "quiz", "review")),
            }
        )
    return {"format": HISTORY_FORMAT, "version": HISTORY_VERSION, "attempts": attempts}


def make_folder(root: Path, count: int) -> Path:
    folder = root / f"history-{count}"
    with Store.open(folder) as store:
        have = len(store.attempts())
        if have != count:
            if have:
                raise SystemExit(f"{folder} holds {have} attempts, not {count}: remove it")
            store.import_history(history(count))
    return folder


tmux = tmux_of(SESSION)  # a server of this run's own (benchmarks/tmux_server.py)


def times_until(
    command: list[str], seen: dict[str, Callable[[str], bool]], timeout: float = 60.0
) -> dict[str, float]:
    """Seconds from spawning ``command`` in a new tmux session until each test holds."""
    tmux("kill-session", "-t", SESSION)
    line = " ".join(shlex.quote(part) for part in command)
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", line)
    found: dict[str, float] = {}
    try:
        while len(found) < len(seen):
            elapsed = time.perf_counter() - start
            if elapsed > timeout:
                raise TimeoutError(f"not all of {list(seen)} shown after {timeout}s: {line}")
            screen = tmux("capture-pane", "-p", "-t", SESSION).stdout
            for name, test in seen.items():
                if name not in found and test(screen):
                    found[name] = elapsed
            time.sleep(0.002)
    finally:
        tmux("kill-session", "-t", SESSION)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="keep the histories in this folder")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    tagline = tr("en", "ui.home.tagline")[:40]
    due_words = (tr("en", "ui.home.due.none"), "Due for review:")
    figures = (" right (", tr("en", "ui.stats.empty.title"))
    home_seen = {
        "frame": lambda screen: tagline in screen,
        "due": lambda screen: any(words in screen for words in due_words),
    }
    stats_seen = {"figures": lambda screen: any(words in screen for words in figures)}
    with tempfile.TemporaryDirectory(prefix="rnn-tutor-bench-") as scratch:
        root = args.keep or Path(scratch)
        started = time.perf_counter()
        folders = {count: make_folder(root, count) for count in SIZES}
        print(f"histories ready in {time.perf_counter() - started:.0f} s ({root})")
        env = ["env", f"PYTHONPATH={ROOT}", "LANG=C.UTF-8"]
        python = sys.executable

        def tutor(count: int, *screen: str) -> list[str]:
            data = str(folders[count])
            return [*env, python, "-m", "rnn_tutor", "--lang", "en", "--data-dir", data, *screen]

        # One untimed start each: files and caches warm.
        for count in SIZES:
            times_until(tutor(count), home_seen)
        home: dict[int, list[dict[str, float]]] = {count: [] for count in SIZES}
        stats: dict[int, list[float]] = {0: [], SIZES[-1]: []}
        for _ in range(args.rounds):
            for count in random.sample(SIZES, len(SIZES)):
                home[count].append(times_until(tutor(count), home_seen))
            for count in stats:
                stats[count].append(times_until(tutor(count, "stats"), stats_seen)["figures"])

    def median(values: list[float]) -> float:
        return statistics.median(values) * 1000

    base = median([run["frame"] for run in home[0]])
    print(f"rounds: {args.rounds} (interleaved, shuffled per round), python -m rnn_tutor")
    print("attempts   first frame        ratio   what is due counted")
    for count in SIZES:
        frame = median([run["frame"] for run in home[count]])
        due = median([run["due"] for run in home[count]])
        print(f"{count:>8,}   {frame:6.0f} ms (median)  {frame / base:4.2f}x   {due:6.0f} ms")
    for count, runs in stats.items():
        print(f"stats screen, {count:,} attempts: figures shown after {median(runs):.0f} ms")
    ratio = median(stats[SIZES[-1]]) / median(stats[0])
    print(f"stats screen at {SIZES[-1]:,} against none: {ratio:.2f}x (aim: at most 1.5x)")
    return 0


if __name__ == "__main__":
    run_kept(main, SESSION)
