"""The app's answer path in the kernel against the same grading in the app's own process.

Issue 17 moved practice, quiz and review grading out of the app process: each answer is sent
to the kernel (``kernel.grading.grade_verdict``), where a session forked for it alone runs
``grader.grade`` and torchinfo's total and sends the Verdict back. Before, a thread of the
app ran the same two calls. Side by side in one run:

- per answer: ``grade_verdict(exercise, answer, total=True)`` against ``grader.grade`` +
  ``grader.model_total`` in this process, on the same generated answers (levels 1-8,
  right and wrong), the order of the two shuffled per answer; each is a first grade of
  its exercise (the in-process module cache is cleared before it), as in practice;
- ready to grade: from a fresh process's start until the kernel has started (the zygote
  imports torch and the interpreter and walks one cell) against a fresh process importing
  torch and running ``grader.warm_up()`` (the app's background warm-up before), interleaved.

Run by hand (not a test):

    .venv/bin/python benchmarks/bench_answer_path.py              # 80 answers, 5 starts
    .venv/bin/python benchmarks/bench_answer_path.py --count 200 --starts 9
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnn_tutor.core.exercises.generator import ALL_LEVELS, generate  # noqa: E402
from rnn_tutor.core.exercises.questions import Exercise  # noqa: E402
from rnn_tutor.core.grading import grader  # noqa: E402
from rnn_tutor.core.grading.explain import answer_text  # noqa: E402
from rnn_tutor.core.kernel.grading import grade_verdict, shared_kernel  # noqa: E402

START_KERNEL = "from rnn_tutor.core.kernel.grading import shared_kernel; shared_kernel().start()"
START_IN_PROCESS = "from rnn_tutor.core.grading import grader; grader.warm_up()"


def answers(count: int, seed: int) -> list[tuple[Exercise, str]]:
    rng = random.Random(seed)
    per_level = max(1, count // len(ALL_LEVELS))
    pairs = []
    for level in ALL_LEVELS:
        for exercise in generate(level, seed, per_level):
            right = answer_text(exercise)
            pairs.append((exercise, right if rng.random() < 0.5 else "(1, 2, 3)"))
    return pairs


def in_process(exercise: Exercise, answer: str) -> float:
    grader.cache_clear()
    start = time.perf_counter()
    grader.grade(exercise, answer)
    grader.model_total(exercise.call)
    return time.perf_counter() - start


def in_kernel(exercise: Exercise, answer: str) -> float:
    start = time.perf_counter()
    graded = grade_verdict(exercise, answer, total=True)
    took = time.perf_counter() - start
    if not isinstance(graded, tuple):
        raise RuntimeError(f"the kernel stopped: {graded.text()}")
    return took


def start_time(code: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=80)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    starts: dict[str, list[float]] = {"kernel": [], "in-process": []}
    for _ in range(args.starts):
        codes = [("kernel", START_KERNEL), ("in-process", START_IN_PROCESS)]
        rng.shuffle(codes)
        for name, code in codes:
            starts[name].append(start_time(code))

    shared_kernel().start()
    grader.warm_up()
    times: dict[str, list[float]] = {"kernel": [], "in-process": []}
    for exercise, answer in answers(args.count, args.seed):
        modes = [("kernel", in_kernel), ("in-process", in_process)]
        rng.shuffle(modes)
        for name, run in modes:
            times[name].append(run(exercise, answer))
    shared_kernel().close()

    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    kernel, local = (statistics.median(times[m]) * 1000 for m in ("kernel", "in-process"))
    print(f"per answer ({len(times['kernel'])} answers), median ms:")
    print(f"  kernel {kernel:.1f}   in-process {local:.1f}   ratio {kernel / local:.2f}")
    ready_k, ready_i = (statistics.median(starts[m]) for m in ("kernel", "in-process"))
    print(f"ready to grade from a fresh process ({args.starts} starts each), median s:")
    print(f"  kernel {ready_k:.2f}   in-process {ready_i:.2f}   ratio {ready_k / ready_i:.2f}")


if __name__ == "__main__":
    main()
