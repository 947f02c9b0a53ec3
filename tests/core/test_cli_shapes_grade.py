"""`rnn-tutor shapes` and `rnn-tutor grade` as scripts and autograders use them."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rnn_tutor.commands import grade, shapes
from rnn_tutor.i18n import get_language, set_language

pytest.importorskip("torch")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    shapes.add_parser(subparsers)
    grade.add_parser(subparsers)
    args = parser.parse_args(argv)
    module = {"shapes": shapes, "grade": grade}[args.command]
    status = module.run(args)
    out, err = capsys.readouterr()
    return status, out, err


# --------------------------------------------------------------------------- shapes


def test_shapes_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["shapes", "nn.LSTM(10, 20, 2, batch_first=True)", "--input", "3,5,10"], capsys
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "nn.LSTM(10, 20, 2, batch_first=True)"
    row = next(line for line in lines if line.startswith("h_n"))
    assert row.split()[1:4] == ["(2,", "3,", "20)"]
    assert "(D*num_layers, N, H_out) = (1*2, 3, 20)" in row
    assert any(line.startswith("c_n ") and "(2, 3, 20)" in line for line in lines)
    param = next(line for line in lines if line.startswith("weight_ih_l1"))
    assert "(80, 20)" in param and param.rstrip().endswith("1600")
    assert "Total params (torchinfo): 5920" in lines
    assert "len(all_weights): 2" in lines
    # Aligned: every parameter row puts its shape in the same column.
    rows = [line for line in lines if line.startswith(("weight_", "bias_"))]
    assert len({line.index("(") for line in rows}) == 1


def test_shapes_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["shapes", "nn.GRU(4, 6, bidirectional=True)", "--input", "5,3,4", "--json"], capsys
    )
    data = json.loads(out)
    assert status == 0
    assert data["output"]["shape"] == [5, 3, 12]
    assert data["h_n"] == {
        "shape": [2, 3, 6],
        "formula": "(D*num_layers, N, H_out)",
        "derivation": "(2*1, 3, 6)",
    }
    assert data["c_n"] is None
    assert [p["name"] for p in data["parameters"]][:5] == [
        "weight_ih_l0",
        "weight_hh_l0",
        "bias_ih_l0",
        "bias_hh_l0",
        "weight_ih_l0_reverse",
    ]
    assert data["parameters"][0]["formula"] == "(3*H, I)"
    assert data["total_params"] == sum(p["numel"] for p in data["parameters"])
    assert data["error"] is None


def test_shapes_without_input_shows_parameters_only(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["shapes", "nn.RNN(10, 5)", "--json"], capsys)
    data = json.loads(out)
    assert status == 0 and data["output"] is None and data["total_params"] == 85


def test_shapes_packed(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["shapes", "nn.GRU(4, 6, batch_first=True)", "--input", "3,5,4", "--lengths", "4,2,3"]
    status, out, _ = run([*argv, "--json"], capsys)
    assert status == 0 and json.loads(out)["output"]["shape"] == [3, 4, 6]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["nn.LSTM(10, 20, 2, batch_first=True)", "--input", "3,5,12"], "(3, 5, 10)"),
        (
            ["nn.LSTM(10, 20, 2, batch_first=True)", "--input", "3,5,10", "--h0", "3,2,20"],
            "pair",
        ),
        (["nn.RNN(10, 20, 2)", "--input", "5,3,10", "--h0", "2,5,20"], "(2, 3, 20)"),
        (["nn.RNN(20, 300, 5, True)"], "nonlinearity"),
        (["nn.Linear(3, 4)"], "nn.RNN"),
        (["nn.GRU(4, 6)", "--input", "5,3,4", "--lengths", "5,3"], "one length per sequence"),
    ],
)
def test_shapes_errors_exit_2_with_plain_words(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["shapes", *argv], capsys)
    assert status == 2
    assert words in out
    assert "Traceback" not in out
    status, out, _ = run(["shapes", *argv, "--json"], capsys)
    assert status == 2 and json.loads(out)["error"]["advice"]


def test_shapes_bad_shape_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["shapes", "nn.RNN(10, 5)", "--input", "3,a,10"], capsys)
    assert status == 2 and "3,a,10" in err


def test_shapes_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    set_language("ko")
    status, out, _ = run(["shapes", "nn.RNN(10, 5)", "--input", "4,2,12"], capsys)
    assert status == 2
    assert "피처" in out and "(4, 2, 10)" in out
    status, out, _ = run(["shapes", "nn.RNN(10, 5)", "--input", "4,2,10"], capsys)
    assert "파라미터" in out and "전체 파라미터 수(torchinfo): 85" in out


# --------------------------------------------------------------------------- grade --jsonl


class RecordingSink(io.StringIO):
    """Counts flushes, to see that every verdict leaves as soon as it is written."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed_lines: list[int] = []

    def flush(self) -> None:
        self.flushed_lines.append(self.getvalue().count("\n"))
        super().flush()


REQUESTS = [
    {
        "model": "nn.RNN(10, 5, 1, batch_first=True)",
        "input": [1, 4, 10],
        "h0": None,
        "question": "output",
        "answer": "(1, 4, 5)",
    },
    "this line is not JSON",
    "",
    {"model": "nn.RNN(10, 5, 1)", "question": "total_params", "answer": "80"},
    {"model": "nn.RNN(10, 5, 1)", "question": "total_params", "answer": 85, "id": "q4"},
    ["not", "an", "object"],
    {"model": "nn.RNN(10, 5)", "question": "output"},
    {"model": "nn.RNN(10, 5)", "input": [4, 2, 10], "question": "c_n", "answer": "(1, 2, 5)"},
    {"model": "nn.RNN(10, 5)", "input": "4,2,10", "question": "outputs", "answer": "(4, 2, 5)"},
    {"model": "eval('1')", "input": [4, 2, 10], "question": "output", "answer": "(4, 2, 5)"},
    {"model": "nn.RNN(10, 5)", "input": [4, -2, 10], "question": "output", "answer": "1"},
    {"model": "nn.RNN(10, 5)", "input": [4, 2, 12], "question": "runs", "answer": "error"},
    {
        "model": "nn.LSTM(10, 20)",
        "input": [5, 3, 10],
        "h0": [1, 3, 20],
        "c0": [1, 3, 20],
        "question": "h_n",
        "answer": "torch.Size([1, 3, 20])",
    },
    {"model": "nn.RNN(10, 5)", "input": [4, 2, 10], "question": "output", "answer": "???"},
]


def _lines() -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in REQUESTS) + "\n"


def test_grade_jsonl_stream() -> None:
    sink = RecordingSink()
    assert grade.grade_stream(io.StringIO(_lines()), sink) == 0
    verdicts = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(verdicts) == len(REQUESTS) - 1  # the blank line is skipped
    assert sink.flushed_lines == list(range(1, len(verdicts) + 1))
    first, bad_json, single_bias, numeric, not_object, missing, c_n, question, evil, negative = (
        verdicts[:10]
    )
    raises, lstm, unreadable = verdicts[10:]
    assert first["correct"] is True and first["expected"] == [1, 4, 5] and first["error"] is None
    assert set(first) >= {"correct", "expected", "parsed", "misconception", "explanation", "error"}
    assert bad_json["error"] and bad_json["correct"] is False and bad_json["expected"] is None
    assert single_bias["misconception"] == "single_bias" and single_bias["expected"] == 85
    assert numeric["correct"] is True and numeric["id"] == "q4"
    for failed in (not_object, missing, c_n, question, evil, negative):
        assert failed["error"] and failed["correct"] is False
    assert "answer" in missing["error"]
    assert raises["correct"] is True
    assert raises["expected"] == {
        "raises": "input.size(-1) must be equal to input_size. Expected 10, got 12"
    }
    assert raises["parsed"] == {"raises": True}
    assert lstm["correct"] is True and lstm["parsed"] == [1, 3, 20]
    assert unreadable["error"] and unreadable["expected"] == [4, 2, 5]


def test_grade_single_answer_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["grade", "nn.RNN(10, 5, 1, batch_first=True)", "--input", "1,4,10"]
    status, out, _ = run([*base, "--answer", "(1, 4, 5)"], capsys)
    assert status == 0 and "Correct" in out
    status, out, _ = run([*base, "--answer", "(4, 1, 5)"], capsys)
    assert status == 1 and "batch_first_ignored" in out
    status, out, _ = run([*base, "--answer", "(4, 1, 5)", "--json"], capsys)
    assert json.loads(out)["misconception"] == "batch_first_ignored"
    status, _, err = run(["grade", "nn.RNN(10, 5)"], capsys)
    assert status == 2 and "--jsonl" in err


def _cli_ready() -> bool:
    from rnn_tutor.cli import COMMANDS

    return all(importlib.util.find_spec(f"rnn_tutor.commands.{c}") for c in COMMANDS)


def test_grade_jsonl_in_one_process() -> None:
    if not _cli_ready():
        pytest.skip("not every subcommand of rnn_tutor.cli exists yet")
    requests = "\n".join(json.dumps(r) for r in REQUESTS if isinstance(r, dict)) + "\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C"}
    done = subprocess.run(
        [sys.executable, "-m", "rnn_tutor", "grade", "--jsonl"],
        input=requests,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(verdicts) == sum(isinstance(r, dict) for r in REQUESTS)
    assert verdicts[0]["correct"] is True
    assert "Traceback" not in done.stderr


def test_shapes_json_error_names_the_tensor_to_change(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["shapes", "nn.RNN(10, 20, 2)", "--input", "5,3,10", "--h0", "2,5,20", "--json"]
    status, out, _ = run(argv, capsys)
    error = json.loads(out)["error"]
    assert status == 2
    assert error["message"] == "Expected hidden size (2, 3, 20), got [2, 5, 20]"
    assert (error["tensor"], error["shape"]) == ("h0", [2, 3, 20])


def test_grade_stream_ascii_only_for_sinks_that_cannot_encode() -> None:
    set_language("ko")
    sink = io.StringIO()
    line = json.dumps({"model": "nn.RNN(10, 5)", "question": "total_params", "answer": "80"})
    grade.grade_stream(io.StringIO(line + "\n"), sink, ascii_only=True)
    assert sink.getvalue().isascii()
    verdict = json.loads(sink.getvalue())
    assert verdict["misconception"] == "single_bias"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in verdict["explanation"])  # Korean, escaped


# --------------------------------------------------------------------------- who refused


@pytest.mark.parametrize(
    ("argv", "source"),
    [
        (["nn.RNN(10, 5)", "--input", "4,2,12"], "torch"),  # the forward pass raised
        (["nn.RNN(20, 300, 5, True)"], "torch"),  # the constructor raised
        (["nn.Linear(3, 4)"], "rnn-tutor"),  # text rnn-tutor does not read
        (["nn.RNN(2, 2, num_layers=100000)", "--input", "1,1,2"], "rnn-tutor"),  # size limit
        (["nn.RNN(10, 5, device='meta')"], "rnn-tutor"),  # device refused
        (["nn.RNN(10, 5)", "--h0", "1,2,5"], "rnn-tutor"),  # h0 without an input
        (["nn.GRU(4, 6)", "--input", "5,3,4", "--lengths", "5,3"], "rnn-tutor"),
    ],
)
def test_torch_raised_only_labels_what_torch_raised(
    argv: list[str], source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["shapes", *argv, "--json"], capsys)
    assert status == 2
    assert json.loads(out)["error"]["source"] == source
    status, out, _ = run(["shapes", *argv], capsys)
    assert status == 2
    assert ("torch raised:" in out) == (source == "torch")
    assert ("Cannot run:" in out) == (source != "torch")


def test_rnn_tutors_own_refusal_is_not_torchs_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    set_language("ko")
    status, out, _ = run(["shapes", "nn.RNN(2, 2, num_layers=100000)", "--input", "1,1,2"], capsys)
    assert status == 2
    assert "실행할 수 없습니다:" in out and "torch" not in out.splitlines()[2]


# --------------------------------------------------------------------------- odd input


def test_shapes_unicode_digits_in_a_shape_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["shapes", "nn.RNN(10,5)", "--input", "3,5,1\u00b2"], capsys)
    assert status == 2
    assert "3,5,1\u00b2" in err and "Traceback" not in out + err


def test_grade_jsonl_survives_a_deeply_nested_line() -> None:
    good = json.dumps({"model": "nn.RNN(10, 5)", "question": "total_params", "answer": "85"})
    deep = "[" * 100_000 + "]" * 100_000
    deep_id = json.dumps({"model": "nn.RNN(10, 5)", "question": "total_params", "answer": "85"})
    deep_id = deep_id[:-1] + ', "id": ' + "[" * 990 + "]" * 990 + "}"
    sink = io.StringIO()
    lines = [good, deep, deep_id, good]
    assert grade.grade_stream(io.StringIO("\n".join(lines) + "\n"), sink) == 0
    verdicts = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(verdicts) == 4  # one verdict per line, and the lines after still graded
    assert verdicts[0]["correct"] and verdicts[3]["correct"]
    assert "nested too deeply" in verdicts[1]["error"]
    assert verdicts[2]["error"] or verdicts[2]["correct"]  # read or refused, never a crash


# --------------------------------------------------------------------------- pipes closed early


def _closed_pipe_run(argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI with stdout a pipe whose reader is already gone (as `| head` leaves it)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "rnn_tutor", "--lang", "en", *argv],
            input=stdin,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["shapes", "nn.LSTM(10, 20, 2)", "--input", "5,3,10"], None),
        (["shapes", "nn.LSTM(10, 20, 2)", "--input", "5,3,10", "--json"], None),
        (["grade", "--jsonl"], json.dumps(REQUESTS[0]) + "\n" + json.dumps(REQUESTS[0]) + "\n"),
        (["grade", "nn.RNN(10, 5)", "--input", "4,2,10", "--answer", "(4, 2, 5)"], None),
        (["exercises", "--count", "3", "--seed", "1"], None),
    ],
    ids=["shapes", "shapes_json", "grade_jsonl", "grade_one", "exercises"],
)
def test_a_closed_pipe_ends_quietly(argv: list[str], stdin: str | None) -> None:
    if not _cli_ready():
        pytest.skip("not every subcommand of rnn_tutor.cli exists yet")
    done = _closed_pipe_run(argv, stdin)
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
