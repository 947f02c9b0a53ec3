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

The machine may be busy, so the four run back to back for every answer, and every answer
keeps its fastest of ``--rounds`` rounds per mode. Reported: ms per answer (median, mean)
and the ratio of each mode's total to the bare loop's total, overall and per question kind.
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

from rnn_tutor.core import grader
from rnn_tutor.core.misconceptions import ANY_SHAPE, closed_form_truth, predictions
from rnn_tutor.core.questions import Exercise


def _text(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(v) for v in value) + ")"
    return str(value)


def build_pairs(count: int, seed: int = 0) -> list[tuple[Exercise, str]]:
    """``count`` generated exercises with answers: right, misconceived, wrong, unreadable."""
    from rnn_tutor.core.generator import LEVELS, generate

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


def one_answer(exercise: Exercise, answer: str) -> tuple[float, float, float, float]:
    """The four modes back to back on one answer."""
    plain = bare(exercise)
    grader.set_cache_size(0)  # also empties the cache
    uncached = engine(exercise, answer)
    grader.set_cache_size(grader.CACHE_SIZE)
    cold = engine(exercise, answer)
    warm = engine(exercise, answer)
    return plain, uncached, cold, warm


def _row(name: str, times: list[float], bare_total: float) -> dict[str, Any]:
    return {
        "mode": name,
        "median_ms": statistics.median(times) * 1000,
        "mean_ms": statistics.fmean(times) * 1000,
        "total_s": sum(times),
        "ratio_to_bare": sum(times) / bare_total,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    pairs = build_pairs(args.count)
    grader.warm_up()
    for exercise, answer in pairs[:50]:
        one_answer(exercise, answer)

    fastest = [[float("inf")] * len(MODES) for _ in pairs]
    for _ in range(args.rounds):
        for i, (exercise, answer) in enumerate(pairs):
            times = one_answer(exercise, answer)
            fastest[i] = [min(a, b) for a, b in zip(fastest[i], times, strict=True)]

    columns = {name: [times[m] for times in fastest] for m, name in enumerate(MODES)}
    bare_total = sum(columns["bare"])
    rows = [_row(name, columns[name], bare_total) for name in MODES]
    by_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({exercise.question.kind for exercise, _ in pairs}):
        picked = [i for i, (exercise, _) in enumerate(pairs) if exercise.question.kind == kind]
        base = sum(columns["bare"][i] for i in picked)
        by_kind[kind] = {
            "answers": len(picked),
            "bare_median_ms": statistics.median(columns["bare"][i] for i in picked) * 1000,
            "cold_median_ms": statistics.median(
                columns["engine, cache on (cold)"][i] for i in picked
            )
            * 1000,
            "cold_ratio": sum(columns["engine, cache on (cold)"][i] for i in picked) / base,
        }
    summary = {
        "answers": len(pairs),
        "rounds": args.rounds,
        "torch_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "results": rows,
        "by_question": by_kind,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{len(pairs)} answers, fastest of {args.rounds} rounds each, "
        f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"
    )
    print(f"{'mode':<26}{'median ms':>10}{'mean ms':>10}{'total s':>9}{'x bare':>8}")
    for row in rows:
        print(
            f"{row['mode']:<26}{row['median_ms']:>10.3f}{row['mean_ms']:>10.3f}"
            f"{row['total_s']:>9.3f}{row['ratio_to_bare']:>8.2f}"
        )
    print()
    header = f"{'question (cache on, cold)':<26}{'answers':>8}{'bare ms':>10}{'engine ms':>10}"
    print(f"{header}{'x bare':>8}")
    for kind, row in by_kind.items():
        print(
            f"{kind:<26}{row['answers']:>8}{row['bare_median_ms']:>10.3f}"
            f"{row['cold_median_ms']:>10.3f}{row['cold_ratio']:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
