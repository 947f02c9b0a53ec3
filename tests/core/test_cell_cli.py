"""`rnn-tutor grade --jsonl` with cells, and `rnn-tutor exercises --level 6..8 --track`."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from rnn_tutor.commands import exercises, grade
from rnn_tutor.i18n import get_language, set_language

pytest.importorskip("torch")

LAST_STEP = "rnn = nn.GRU(5, 7, batch_first=True)\nx = torch.randn(4, 6, 5)\noutput, h_n = rnn(x)\n"
PACKED = (
    "rnn = nn.GRU(5, 7, batch_first=True)\n"
    "x = torch.randn(4, 6, 5)\n"
    "packed = pack_padded_sequence(x, [6, 4, 3, 1], batch_first=True)\n"
    "out, h_n = rnn(packed)\n"
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def _grade(*requests: object) -> list[dict[str, Any]]:
    source = io.StringIO("\n".join(json.dumps(r) for r in requests) + "\n")
    sink = io.StringIO()
    assert grade.grade_stream(source, sink) == 0
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def test_grade_jsonl_takes_cells_and_the_old_form() -> None:
    old = {"model": "nn.RNN(10, 5, 1, batch_first=True)", "input": [1, 4, 10]}
    verdicts = _grade(
        {**old, "question": "output", "answer": "(1, 4, 5)"},
        {
            "id": 1,
            "program": LAST_STEP + "last = output[-1]",
            "question": "shape:last",
            "answer": "(6, 7)",
        },
        {
            "id": 2,
            "program": LAST_STEP + "last = output[-1]",
            "question": "shape:last",
            "answer": "(4, 7)",
        },
        {"id": 3, "program": PACKED, "question": "runs:out", "answer": "(4, 6, 7)"},
        {"id": 4, "program": PACKED, "question": "runs:out", "answer": "error"},
        {
            "id": 5,
            "program": LAST_STEP + "last = ____",
            "question": "blank",
            "answer": "h_n[-1]",
            "expect": "output[:, -1]",
        },
        {
            "id": 6,
            "program": LAST_STEP + "last = ____",
            "question": "blank",
            "answer": "output[-1]",
            "expect": "output[:, -1]",
        },
    )
    assert verdicts[0]["correct"] is True and verdicts[0]["error"] is None
    assert [v["correct"] for v in verdicts[1:]] == [True, False, False, True, True, False]
    # output[-1] of a batch-first output: the interpreter names its axes (L, D*H_out).
    assert verdicts[2]["axes"][0] == {"name": "L", "expected": 6, "given": 4, "ok": False}
    assert verdicts[3]["expected"] == {"raises": "'PackedSequence' object has no attribute 'shape'"}
    assert verdicts[3]["misconception"] == "packed_has_shape"
    assert verdicts[5]["parsed"] == {"expression": "h_n[-1]"}
    assert verdicts[6]["axes"][0]["given"] == 6  # output[-1] is (L, H): the last sequence


def test_grade_jsonl_refuses_malformed_cell_requests() -> None:
    verdicts = _grade(
        {"program": LAST_STEP, "question": "guess", "answer": "(1,)"},
        {"program": LAST_STEP + "last = output", "question": "blank", "answer": "x", "expect": "x"},
        {"program": LAST_STEP + "last = ____", "question": "blank", "answer": "x"},
        {"program": "import os", "question": "runs:x", "answer": "(1,)"},
        {
            "program": LAST_STEP + "last = ____",
            "question": "blank",
            "answer": "1)\nimport os\n(",
            "expect": "h_n",
        },
    )
    assert all(v["correct"] is False for v in verdicts)
    assert all(v["error"] for v in verdicts), verdicts


def _exercises(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    exercises.add_parser(parser.add_subparsers(dest="command"))
    status = exercises.run(parser.parse_args(["exercises", *argv]))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("level", ["6", "7", "8"])
def test_exercises_levels_6_to_8_verify_through_the_interpreter(
    level: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _exercises(
        ["--level", level, "--count", "12", "--seed", "5", "--verify"], capsys
    )
    assert status == 0, err
    assert "All 12 answers match torch." in err
    assert "____" in out or "shape" in out


def test_exercises_track_checks_the_level_and_mixes(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _exercises(["--level", "6", "--track", "call"], capsys)
    assert status == 2 and "call" in err
    status, out, _ = _exercises(
        ["--level", "2", "--track", "mixed", "--count", "4", "--seed", "1", "--json"], capsys
    )
    assert status == 0
    items = json.loads(out)["exercises"]
    assert [("cell" in item) for item in items] == [False, True, False, True]
