"""A teacher's cell (`rnn-tutor grade --jsonl` with "program") names the axes it marks.

The interpreter knows the axis names of a tensor that came out of a recurrent module, or
a slice or method of one (``output[:, -1]`` is (N, D*H_out)); the verdict's per-axis marks
use them, and say "axis k" only where nothing is known.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.test_cell_cli import _grade, english

__all__ = ["english"]  # the fixture keeps these verdicts in English

pytest.importorskip("torch")

# The learner's notebook, as written in a cell (the imports are the notebook's own).
NOTEBOOK = (
    "import torch\n"
    "import torch.nn as nn\n"
    "rnn = nn.RNN(10, 5, 1, batch_first=True)\n"
    "x = torch.randn(1, 3, 10)\n"
    "output, hn = rnn(x)\n"
)


def _verdict(request: dict[str, Any]) -> dict[str, Any]:
    return _grade(request)[0]


def _marks(verdict: dict[str, Any]) -> list[tuple[str, int | None, int | None, bool]]:
    return [(a["name"], a["expected"], a["given"], a["ok"]) for a in verdict["axes"]]


def test_output_and_hn_of_the_notebook_are_marked_by_their_axis_names() -> None:
    output = _verdict({"program": NOTEBOOK, "question": "shape:output", "answer": "(3, 1, 5)"})
    assert output["error"] is None and output["correct"] is False
    assert _marks(output) == [
        ("N", 1, 3, False),
        ("L", 3, 1, False),
        ("D*H_out", 5, 5, True),
    ]
    hn = _verdict({"program": NOTEBOOK, "question": "shape:hn", "answer": "(1, 3, 5)"})
    assert _marks(hn) == [
        ("D*num_layers", 1, 1, True),
        ("N", 1, 3, False),
        ("H_out", 5, 5, True),
    ]
    right = _verdict({"program": NOTEBOOK, "question": "shape:hn", "answer": "(1, 1, 5)"})
    assert right["correct"] and [m[0] for m in _marks(right)] == ["D*num_layers", "N", "H_out"]


def test_a_slice_of_a_recurrent_output_keeps_the_names_it_keeps() -> None:
    program = NOTEBOOK + "last = output[:, -1]\n"
    runs = _verdict({"program": program, "question": "runs:last", "answer": "(3, 5)"})
    assert _marks(runs) == [("N", 1, 3, False), ("D*H_out", 5, 5, True)]
    # Straight from the expression asked too, not only from a name.
    direct = _verdict({"program": NOTEBOOK, "question": "shape:output[0]", "answer": "(3, 5)"})
    assert [m[0] for m in _marks(direct)] == ["L", "D*H_out"]


def test_a_blank_is_marked_by_the_names_of_the_reference_value() -> None:
    program = NOTEBOOK + "last = ____\n"
    verdict = _verdict(
        {"program": program, "question": "blank", "expect": "output[:, -1]", "answer": "output[0]"}
    )
    assert verdict["correct"] is False
    assert _marks(verdict) == [("N", 1, 3, False), ("D*H_out", 5, 5, True)]


def test_a_tensor_of_unknown_origin_falls_back_to_axis_numbers() -> None:
    program = "import torch\nw = torch.randn(2, 3)\n"
    verdict = _verdict({"program": program, "question": "shape:w", "answer": "(3, 2)"})
    assert [m[0] for m in _marks(verdict)] == ["axis 0", "axis 1"]
    # A packed output has no shape: still torch's own error, graded as before.
    packed = (
        NOTEBOOK + "p = nn.utils.rnn.pack_padded_sequence(x, [3], batch_first=True)\n"
        "out, h = rnn(p)\n"
    )
    raised = _verdict({"program": packed, "question": "runs:out", "answer": "error"})
    assert raised["correct"] and "shape" in raised["expected"]["raises"]
