"""`rnn-tutor explain` and `grade --jsonl` run learner code in the kernel (issue 17).

On the in-process path the issue's batch_sizes cell killed the command (rc 134/139) and
the requests after it were never graded, and a second request read what the first left in
freed memory. Here the command process never imports torch, the request that crashed is
told which limit ended it, and every request after it is graded.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from rnn_tutor.commands import grade
from rnn_tutor.core.kernel import Kernel, grading
from rnn_tutor.core.notebook import Limits
from tests.core.kernel.test_kernel_faults import HANG_IN_C, MARK, SEGFAULT

ROOT = Path(__file__).resolve().parents[3]
CELL_SECONDS = 1.0

RIGHT = {"model": "nn.RNN(10, 5, 1, batch_first=True)", "input": [1, 4, 10]}
RIGHT_REQUEST = {**RIGHT, "question": "output", "answer": "(1, 4, 5)"}
CRASH_REQUEST = {"program": SEGFAULT + "x = 1\n", "question": "runs:x", "answer": "runs"}
HANG_REQUEST = {"program": HANG_IN_C, "question": "runs:same", "answer": "runs"}


def _without_torch(code: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python; it prints whether torch was ever imported there."""
    script = code + "\nimport sys\nprint('TORCH', 'torch' in sys.modules, file=sys.stderr)\n"
    return subprocess.run(
        [sys.executable, "-c", script],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )


def _lines(requests: Sequence[Mapping[str, object]]) -> str:
    return "".join(json.dumps({"id": n, **r}) + "\n" for n, r in enumerate(requests, start=1))


def test_grade_jsonl_survives_the_batch_sizes_crash_without_torch_in_the_command() -> None:
    stdin = _lines([RIGHT_REQUEST, CRASH_REQUEST, RIGHT_REQUEST])
    done = _without_torch(
        "from rnn_tutor.cli import main\nrc = main(['grade', '--jsonl'])\nprint('RC', rc)", stdin
    )
    assert "TORCH False" in done.stderr, done.stderr
    assert "RC 0" in done.stdout, done.stdout + done.stderr
    verdicts = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [v["id"] for v in verdicts] == [1, 2, 3]
    assert verdicts[0]["correct"] and verdicts[2]["correct"]
    crashed = verdicts[1]
    assert not crashed["correct"] and crashed["error_id"]["id"] == "kernel.grade.stopped"
    why = crashed["error_id"]["params"]["why"]
    assert why["id"] == "kernel.why.crash" and why["params"]["signal"] in ("SIGABRT", "SIGSEGV")
    assert "torch crashed" in crashed["error"] and "graded in a fresh kernel" in crashed["error"]


def test_explain_reports_the_crash_for_its_cell_without_torch_in_the_command(
    tmp_path: Path,
) -> None:
    notebook = tmp_path / "nb.py"
    notebook.write_text(
        "import torch\nfrom torch import nn\nrnn = nn.GRU(4, 3)\n# %%\n"
        "output, h_n = rnn(torch.randn(5, 2, 4))\noutput.shape\n# %%\n" + SEGFAULT
    )
    done = _without_torch(
        f"from rnn_tutor.cli import main\nprint('RC', main(['explain', {str(notebook)!r}]))"
    )
    assert "TORCH False" in done.stderr, done.stderr
    assert "RC 2" in done.stdout, done.stdout + done.stderr
    assert "torch.Size([5, 2, 3])" in done.stdout  # the cells before it ran, in the kernel
    assert "The kernel stopped: torch crashed (SIG" in done.stdout
    assert "line 0" not in done.stdout  # a stop belongs to the cell, not to a line
    assert "Stopped at cell 3" in done.stdout


@pytest.fixture
def quick_kernel(monkeypatch: pytest.MonkeyPatch) -> Iterator[Kernel]:
    """The command's shared kernel with a 1 s cell limit, so a hang costs about 1 s."""
    kernel = Kernel(notebook_limits=Limits(max_seconds=CELL_SECONDS))
    monkeypatch.setattr(grading, "_shared", kernel)
    yield kernel
    kernel.close()


def test_a_hang_in_c_costs_its_request_only(quick_kernel: Kernel) -> None:
    quick_kernel.start()
    sink = io.StringIO()
    started = time.monotonic()
    assert grade.grade_stream(io.StringIO(_lines([HANG_REQUEST, RIGHT_REQUEST])), sink) == 0
    took = time.monotonic() - started
    hung, after = (json.loads(line) for line in sink.getvalue().splitlines())
    assert hung["error_id"]["params"]["why"]["id"] in ("kernel.why.wall", "kernel.why.cpu")
    assert after["correct"]
    assert took < CELL_SECONDS + 5  # deadline is limit + 1.5 s; slack for a loaded machine


def test_a_request_never_reads_what_an_earlier_one_left_in_freed_memory(
    quick_kernel: Kernel,
) -> None:
    write = {
        "program": "import torch\nxs = [torch.full((1024,), 1234.5678) for i in range(50)]\n",
        "question": "count:len(xs)",
        "answer": "50",
    }
    read = {
        "program": "import torch\nzs = [torch.Tensor(1024).view(torch.int32).tolist()"
        f" for i in range(50)]\nseen = sum([z.count({MARK}) for z in zs])\n",
        "question": "count:seen",
        "answer": "0",
    }
    sink = io.StringIO()
    grade.grade_stream(io.StringIO(_lines([write, read])), sink)
    wrote, seen = (json.loads(line) for line in sink.getvalue().splitlines())
    assert wrote["correct"], wrote
    assert seen["expected"] == 0, seen
