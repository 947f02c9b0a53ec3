"""Notebook speed: `explain` on the seed notebook and on generated cells vs plain Python + torch.

Run by hand: ``python benchmarks/bench_notebook.py [--count 100] [--rounds 5] [--seed 11]``.

Two workloads, side by side in one process, interleaved per round:

- seed: the 11 cells of the seed notebook (tests/core/notebook_data/seed_cells.py) in one
  notebook, as ``rnn-tutor explain`` runs them (bindings described, output captured).
- generated: ``--count`` cells from tests/core/notebook_cells.py (every recurrent option,
  packing, cells in a loop, an nn.Module class, Linear heads, Embedding ...), each in a
  fresh notebook; cells that raise on purpose are included (both sides raise).

For each: the interpreter (``Notebook.run_cell``, which parses, checks limits, walks,
explains errors and describes every binding), against the same code compiled and run as
ordinary Python with torch (the baseline a learner's own Jupyter kernel gives), stdout
captured on both sides. The order of the two modes is shuffled per cell and round, and each
cell keeps its fastest round per mode (the machine may be busy). Reported: total ms per
mode and the ratio interpreter / plain, per workload and overall.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def plain(sources: list[str]) -> None:
    """The baseline: the cells as ordinary Python (this is the benchmark, not the product)."""
    names: dict[str, object] = {}
    for source in sources:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(Exception):
            exec(compile(source, "<cell>", "exec"), names)


def interpreted(sources: list[str]) -> None:
    from rnn_tutor.core.notebook import Notebook

    notebook = Notebook()
    for source in sources:
        notebook.run_cell(source)


def measure(groups: list[list[str]], rounds: int, rng: random.Random) -> tuple[float, float]:
    """Sum over groups of the fastest round per mode (seconds): (plain, interpreted)."""
    best = [[float("inf"), float("inf")] for _ in groups]
    for _ in range(rounds):
        for i, group in enumerate(groups):
            modes = [0, 1]
            rng.shuffle(modes)
            for mode in modes:
                started = time.perf_counter()
                (plain if mode == 0 else interpreted)(group)
                best[i][mode] = min(best[i][mode], time.perf_counter() - started)
    return sum(b[0] for b in best), sum(b[1] for b in best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    import torch

    from rnn_tutor.core.notebook import read_cells
    from tests.core.notebook_cells import cells

    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    seed_cells = read_cells(ROOT / "tests" / "core" / "notebook_data" / "seed_cells.py")
    generated = [[cell] for cell in cells(args.count, seed=args.seed)]
    # Warm both paths once (imports, torch's first kernels, torchinfo).
    plain(seed_cells)
    interpreted(seed_cells)

    rows = []
    seed_plain, seed_interp = measure([seed_cells], args.rounds, rng)
    rows.append(("seed notebook (11 cells)", seed_plain, seed_interp))
    gen_plain, gen_interp = measure(generated, args.rounds, rng)
    rows.append((f"generated ({args.count} cells)", gen_plain, gen_interp))
    rows.append(("all", seed_plain + gen_plain, seed_interp + gen_interp))
    print(f"{'workload':28} {'plain ms':>10} {'explain ms':>11} {'ratio':>7}")
    for name, p, i in rows:
        print(f"{name:28} {p * 1000:10.1f} {i * 1000:11.1f} {i / p:7.2f}x")


if __name__ == "__main__":
    main()
