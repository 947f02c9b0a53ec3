"""My code's ctrl+r: from the key to the shapes on screen, in the kernel vs in the app process.

Run by hand: ``python benchmarks/bench_mycode.py [--rounds 15]``.

The same app (Pilot, headless, 120x40) and the same editor text (the seed notebook as
``# %%`` cells, 11 cells, and a one-model cell), side by side in one process, the two modes
interleaved per round in a shuffled order:

- kernel: what the screen does since issue 17, the cells sent to its kernel session (a
  process forked from the zygote, which imported torch once); the modules come back as
  plain facts over the pipe.
- in-process: what it did before, the same ``run_editor`` on a ``Notebook`` in the app's
  own worker thread (the stand-in is this benchmark's, not the product's).

Timed: pressing ctrl+r until the screen holds the run (``CellRan`` handled, gutter,
Output, Parameters and Unrolled filled). The kernel is started and its session forked
before the first round (the screen does that when it opens); the first run of each mode
is reported apart (torch's first calls in a fresh process or a fresh session), then the
median and the fastest of the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ONE_MODEL = """import torch
import torch.nn as nn
x = torch.randn(3, 5, 10)
rnn = nn.LSTM(10, 20, num_layers=2, batch_first=True)
output, (h_n, c_n) = rnn(x)
print(output.shape)
"""


class InProcess:
    """The screen's session as it was before: the interpreter in the app's own process."""

    def ensure(self) -> None:
        return None

    def run_editor(self, source: str) -> Any:
        from rnn_tutor.core.notebook import Notebook
        from rnn_tutor.core.notebook.editor_run import run_editor

        return run_editor(Notebook(), source)

    def close(self, wait: bool = True) -> None:
        return None


async def time_runs(code: str, mode: str, rounds: int, folder: Path) -> list[float]:
    from rnn_tutor.core.grading.grader import warm_up
    from rnn_tutor.ui.app import RnnTutorApp
    from rnn_tutor.ui.screens import mycode

    if mode == "in-process":
        warm_up()  # the app had torch warm before the first ctrl+r
        mycode.open_session = InProcess  # type: ignore[assignment]
    else:
        mycode.open_session = opened_session
    app = RnnTutorApp(
        data_dir=folder, lang="en", warm_up=False, screen="mycode", screen_options={"code": code}
    )
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await app.workers.wait_for_complete()  # the kernel session is forked ahead
        for _ in range(rounds):
            serial = screen._serial  # type: ignore[attr-defined]
            started = time.perf_counter()
            await pilot.press("ctrl+r")
            while screen.result is None or screen._serial != serial + 1 or screen._cell_running:  # type: ignore[attr-defined]
                await asyncio.sleep(0.0005)
            times.append(time.perf_counter() - started)
            assert screen.result.run.ok, screen.result.run.error  # type: ignore[attr-defined]
    return times


def opened_session() -> Any:
    from rnn_tutor.core.kernel.grading import shared_kernel

    return shared_kernel().session()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    from rnn_tutor.commands.explain import app_code
    from rnn_tutor.core.kernel.grading import shared_kernel
    from rnn_tutor.core.notebook import read_cells

    seed = app_code(read_cells(ROOT / "tests" / "core" / "notebook_data" / "seed_cells.py"))
    started = time.perf_counter()
    shared_kernel().start()
    print(f"kernel start (zygote imports torch): {time.perf_counter() - started:.2f} s")
    rng = random.Random(args.seed)
    workloads = {"seed notebook (11 cells)": seed, "one LSTM cell": ONE_MODEL}
    results: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, code in workloads.items():
            modes = ["kernel", "in-process"]
            for batch in range(3):  # interleaved: a busy spell costs both modes alike
                rng.shuffle(modes)
                for mode in modes:
                    folder = Path(tmp) / f"{mode}-{batch}"
                    times = asyncio.run(time_runs(code, mode, args.rounds // 3 + 1, folder))
                    results.setdefault((name, mode), []).extend(times)
    print(f"ctrl+r to shapes on screen, ms ({args.rounds // 3 + 1} runs x 3 apps per mode)")
    for name in workloads:
        line: list[str] = []
        medians = {}
        for mode in ("in-process", "kernel"):
            times = [1000 * t for t in results[(name, mode)]]
            first, rest = times[0], times[1:]
            medians[mode] = statistics.median(rest)
            line.append(
                f"{mode} first {first:.1f}, median {medians[mode]:.1f}, fastest {min(rest):.1f}"
            )
        ratio = medians["kernel"] / medians["in-process"]
        print(f"  {name}: " + "; ".join(line) + f"; kernel/in-process {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
