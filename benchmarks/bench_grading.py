"""Grading speed: the engine against a bare torch loop on the same 1,000 answers.

Run by hand: ``python benchmarks/bench_grading.py [--count 1000] [--rounds 3] [--threads N]``.

The answers are 1,000 (exercise, answer) pairs from ``generator.generate`` over all five
levels, a mix of right answers, answers a misconception predicts, other wrong shapes,
"it raises" and unreadable text. Side by side, in one process, interleaved per round:

- bare: what a script does to get the same truths by hand: build each module with torch's
  constructor and run its forward pass (packing and padding where the exercise does)
  under ``torch.no_grad()``; nothing else.
- engine, cache off: ``grader.grade`` with the module cache disabled, so the answer builds
  its module again (answer parsing, torchinfo where asked, misconception diagnosis and
  the explanation text included).
- engine, cache on (cold): the default engine, the module not yet in its cache. Generated
  exercises rarely repeat a constructor call, so this is what grading mostly costs.
- engine, cache on (warm): the same answer graded again right away (a second attempt):
  the module comes from the cache.

The machine may be busy, so the modes run back to back for every answer, and every answer
keeps its fastest of ``--rounds`` rounds per mode. Whatever runs first on an answer pays
first-use costs (torch's allocator and kernels meeting new sizes), so the order of bare,
cache off and cache on (cold, then warm right after it) is shuffled for every answer and
round, from ``--seed``. Reported: ms per answer (median, mean), the ratio of each mode's
total to the bare loop's total, and the median over answers of each answer's own ratio to
bare (which no single slow answer can move), overall and per question kind.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading import grader
from rnn_tutor.core.grading.misconceptions import ANY_SHAPE, closed_form_truth, predictions


def _text(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(v) for v in value) + ")"
    return str(value)


def build_pairs(count: int, seed: int = 0) -> list[tuple[Exercise, str]]:
    """``count`` generated exercises with answers: right, misconceived, wrong, unreadable."""
    from rnn_tutor.core.exercises.generator import LEVELS, generate

    rng = random.Random(seed)
    per_level = -(-count // len(LEVELS))
    exercises = [ex for level in LEVELS for ex in generate(level, seed, per_level)][:count]
    pairs = []
    for exercise in exercises:
        truth = closed_form_truth(exercise)
        roll = rng.random()
        wrong = [
            p
            for answers in predictions(exercise, truth).values()
            for p in answers
            if p is not ANY_SHAPE
        ]
        if roll < 0.4:
            answer = "error" if truth.raises else _text(truth.value)
        elif roll < 0.75 and wrong:
            choice = rng.choice(wrong)
            answer = "error" if not isinstance(choice, tuple | int) else _text(choice)
        elif roll < 0.9:
            answer = "(2, 3, 4)" if exercise.question.answer_kind != "count" else "1234"
        else:
            answer = rng.choice(["??", "error", "torch.Size([1, 2])", "모르겠어요"])
        pairs.append((exercise, answer))
    return pairs


def _classes() -> dict[str, Any]:
    from torch import nn

    return {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


def bare(exercise: Exercise) -> float:
    """Build and run one module with torch alone; seconds."""
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = _classes()[exercise.call.kind](
                *exercise.call.args, **dict(exercise.call.kwargs)
            )
            module.eval()
            inp = exercise.input
            if inp is not None:
                with torch.no_grad():
                    data: Any = torch.zeros(inp.shape)
                    if inp.packed:
                        data = pack_padded_sequence(
                            data,
                            torch.tensor(inp.lengths),
                            batch_first=module.batch_first,
                            enforce_sorted=False,
                        )
                    states = [torch.zeros(s) for s in (inp.h0, inp.c0) if s is not None]
                    hx: Any = None
                    if len(states) == 2:
                        hx = tuple(states)
                    elif states:
                        hx = states[0]
                    output, _ = module(data, hx)
                    if inp.packed:
                        pad_packed_sequence(output, batch_first=module.batch_first)
    except Exception:
        pass  # torch's refusal is a result too
    return time.perf_counter() - start


def engine(exercise: Exercise, answer: str) -> float:
    start = time.perf_counter()
    grader.grade(exercise, answer)
    return time.perf_counter() - start


MODES = ("bare", "engine, cache off", "engine, cache on (cold)", "engine, cache on (warm)")


def one_answer(
    exercise: Exercise, answer: str, rng: random.Random
) -> tuple[float, float, float, float]:
    """The four modes back to back on one answer, in an order drawn from ``rng``.

    Warm stays right after cold: it is the second attempt at the answer cold just graded.
    """
    times: dict[str, float] = {}

    def run_bare() -> None:
        times["bare"] = bare(exercise)

    def run_uncached() -> None:
        grader.set_cache_size(0)  # also empties the cache
        times["uncached"] = engine(exercise, answer)
        grader.set_cache_size(grader.CACHE_SIZE)

    def run_cached() -> None:
        grader.cache_clear()
        times["cold"] = engine(exercise, answer)
        times["warm"] = engine(exercise, answer)

    steps = [run_bare, run_uncached, run_cached]
    rng.shuffle(steps)
    for step in steps:
        step()
    return times["bare"], times["uncached"], times["cold"], times["warm"]


def _median_ratio(times: list[float], bare_times: list[float]) -> float:
    """The median over answers of this answer's time over its bare time."""
    return statistics.median(t / b for t, b in zip(times, bare_times, strict=True) if b > 0)


def _row(name: str, times: list[float], bare_times: list[float]) -> dict[str, Any]:
    return {
        "mode": name,
        "median_ms": statistics.median(times) * 1000,
        "mean_ms": statistics.fmean(times) * 1000,
        "total_s": sum(times),
        "ratio_to_bare": sum(times) / sum(bare_times),
        "median_ratio_to_bare": _median_ratio(times, bare_times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the per-answer mode order")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    pairs = build_pairs(args.count)
    grader.warm_up()
    for exercise, answer in pairs[:50]:
        one_answer(exercise, answer, rng)

    fastest = [[float("inf")] * len(MODES) for _ in pairs]
    for _ in range(args.rounds):
        for i, (exercise, answer) in enumerate(pairs):
            times = one_answer(exercise, answer, rng)
            fastest[i] = [min(a, b) for a, b in zip(fastest[i], times, strict=True)]

    columns = {name: [times[m] for times in fastest] for m, name in enumerate(MODES)}
    rows = [_row(name, columns[name], columns["bare"]) for name in MODES]
    cold_name = "engine, cache on (cold)"
    by_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({exercise.question.kind for exercise, _ in pairs}):
        picked = [i for i, (exercise, _) in enumerate(pairs) if exercise.question.kind == kind]
        bare_times = [columns["bare"][i] for i in picked]
        cold_times = [columns[cold_name][i] for i in picked]
        by_kind[kind] = {
            "answers": len(picked),
            "bare_median_ms": statistics.median(bare_times) * 1000,
            "cold_median_ms": statistics.median(cold_times) * 1000,
            "cold_ratio": sum(cold_times) / sum(bare_times),
            "cold_median_ratio": _median_ratio(cold_times, bare_times),
        }
    summary = {
        "answers": len(pairs),
        "rounds": args.rounds,
        "order_seed": args.seed,
        "torch_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "results": rows,
        "by_question": by_kind,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{len(pairs)} answers, fastest of {args.rounds} rounds each, mode order shuffled "
        f"per answer (seed {args.seed}), torch {torch.__version__}, "
        f"{torch.get_num_threads()} thread(s)"
    )
    print("x bare: total over total; median x: median over answers of each answer's ratio")
    header = f"{'mode':<26}{'median ms':>10}{'mean ms':>10}{'total s':>9}{'x bare':>8}"
    print(f"{header}{'median x':>10}")
    for row in rows:
        print(
            f"{row['mode']:<26}{row['median_ms']:>10.3f}{row['mean_ms']:>10.3f}"
            f"{row['total_s']:>9.3f}{row['ratio_to_bare']:>8.2f}"
            f"{row['median_ratio_to_bare']:>10.2f}"
        )
    print()
    header = f"{'question (cache on, cold)':<26}{'answers':>8}{'bare ms':>10}{'engine ms':>10}"
    print(f"{header}{'x bare':>8}{'median x':>10}")
    for kind, row in by_kind.items():
        print(
            f"{kind:<26}{row['answers']:>8}{row['bare_median_ms']:>10.3f}"
            f"{row['cold_median_ms']:>10.3f}{row['cold_ratio']:>8.2f}"
            f"{row['cold_median_ratio']:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
