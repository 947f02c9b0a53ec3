"""The command line against hostile text, huge sizes and unfriendly terminals (issue 9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from rnn_tutor.cli import main
from rnn_tutor.i18n import get_language, set_language

ROOT = Path(__file__).resolve().parents[2]
ESC = "\x1b"
TITLE = f"{ESC}]2;pwned{ESC}\\"
CLIPBOARD = f"{ESC}]52;c;aGVsbG8=\x07"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def live(text: str) -> list[str]:
    return [
        ch for ch in text if ch != "\n" and unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}
    ]


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_model_text_with_a_title_sequence_is_shown_not_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = cli(["shapes", f"nn.RNN(b'{TITLE}', 2)"], capsys)
    assert status == 2
    assert live(out + err) == []
    assert "\\x1b]2;pwned" in out


def test_every_control_in_model_text_stays_visible(capsys: pytest.CaptureFixture[str]) -> None:
    controls = "".join(chr(c) for c in [*range(1, 32), 127, *range(0x80, 0xA0)])
    for model in [f"nn.RNN('{controls}', 2)", f"nn.RNN(1, 2){CLIPBOARD}", f"{CLIPBOARD}\x9b2J"]:
        status, out, err = cli(["shapes", model], capsys)
        assert status == 2
        assert live(out + err) == [], model


def test_argparse_quoting_argv_is_guarded(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(["--lang", TITLE, "stats"], capsys)
    assert status == 2
    assert live(out + err) == [] and "\\x1b]2;pwned" in err


def test_json_output_stays_valid_and_has_nothing_live(capsys: pytest.CaptureFixture[str]) -> None:
    model = f"nn.RNN('\x9b2J{CLIPBOARD}', 2)"
    status, out, _ = cli(["shapes", model, "--json"], capsys)
    assert status == 2
    assert live(out) == []
    assert "\\x9b2J" in json.loads(out)["model"]


def test_a_refused_huge_value_is_not_echoed_whole(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(["shapes", "nn.RNN(1, 2)", "--input", "x" * 2_000_000], capsys)
    assert status == 2
    assert len(out + err) < 1000


def run_cli(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "rnn_tutor", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environ,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_is_not_utf8_gets_replacements_not_a_crash(encoding: str) -> None:
    done = run_cli(["shapes", "nn.RNN(x, 2)"], PYTHONIOENCODING=encoding)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "x" in done.stdout
    done = run_cli(["--lang", "ko", "--help"], PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "rnn-tutor" in done.stdout


# ---- limits that cannot be got round ---------------------------------------------------


@pytest.mark.parametrize("shape", ["10000000,0,1", "100000000000000000000000,0,1", "0,0,9999999"])
def test_a_zero_size_axis_does_not_slip_past_the_caps(
    capsys: pytest.CaptureFixture[str], shape: str
) -> None:
    pytest.importorskip("torch")
    started = time.perf_counter()
    status, out, err = cli(["shapes", "nn.RNN(1, 1)", "--input", shape], capsys)
    assert time.perf_counter() - started < 10
    assert status == 2
    assert "too large to run here" in out
    assert "Exception raised from" not in out + err and "frame #" not in out + err


def test_too_large_sizes_are_named_with_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("torch")
    status, out, _ = cli(["shapes", "nn.GRU(10, 20, 1, True, False, 0.0, False, 10000)"], capsys)
    assert status == 2
    assert "proj_size=10,000 is too large" in out and "20,000,000 parameters" in out
    status, out, _ = cli(["shapes", "nn.LSTM(10, 100000)"], capsys)
    assert "hidden_size=100,000 is too large" in out


def test_torch_shows_its_first_line_only() -> None:
    from rnn_tutor.core.safe_text import first_line

    trace = "shape '[2]' is invalid\nException raised from x at /build/aten.cpp:1\nframe #0: ..."
    assert first_line(RuntimeError(trace)) == "shape '[2]' is invalid"


def test_lengths_follow_one_rule_as_text_or_list(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("torch")
    from rnn_tutor.commands.grade import grade_request

    many = [1] * 2000
    as_list = grade_request(
        {
            "model": "nn.RNN(2, 3)",
            "input": [1, 2000, 2],
            "lengths": many,
            "question": "output",
            "answer": "(1, 2000, 3)",
        }
    )
    as_text = grade_request(
        {
            "model": "nn.RNN(2, 3)",
            "input": "1,2000,2",
            "lengths": ",".join(map(str, many)),
            "question": "output",
            "answer": "(1, 2000, 3)",
        }
    )
    assert as_list["error"] == as_text["error"]
    assert "at most 1024" in str(as_list["error"])
    status, _, err = cli(
        ["shapes", "nn.RNN(2, 3)", "--input", "1,2000,2", "--lengths", ",".join(map(str, many))],
        capsys,
    )
    assert status == 2 and "at most 1024" in err
    nine = [1] * 9  # a batch of nine sequences is fine either way
    for lengths in (nine, ",".join(map(str, nine))):
        verdict = grade_request(
            {
                "model": "nn.RNN(2, 3)",
                "input": [1, 9, 2],
                "lengths": lengths,
                "question": "output",
                "answer": "(1, 9, 3)",
            }
        )
        assert "at most" not in str(verdict.get("error")), verdict


class Zeros:
    """/dev/zero as a text stream: never a newline, never an end."""

    def readline(self, limit: int = -1) -> str:
        return "\0" * (limit if limit > 0 else 1 << 20)


def test_a_jsonl_line_over_the_cap_is_refused_and_the_stream_goes_on() -> None:
    import io

    from rnn_tutor.commands.grade import MAX_LINE_CHARS, grade_stream

    good = json.dumps({"model": "nn.RNN(2, 3)", "question": "runs", "answer": "yes"})
    source = io.StringIO('{"answer": "' + "x" * (MAX_LINE_CHARS + 10) + '"}\n' + good + "\n")
    sink = io.StringIO()
    assert grade_stream(source, sink) == 0
    first, second = sink.getvalue().splitlines()
    assert "longer than 1000000 characters" in first and len(first) < 1000
    assert "line 1" in first.lower() or "Line 1" in first
    assert "longer than" not in second
    sink = io.StringIO()
    assert grade_stream(Zeros(), sink) == 2  # type: ignore[arg-type]
    assert len(sink.getvalue()) < 1000


def test_a_huge_answer_is_refused_quickly_and_quoted_short() -> None:
    from rnn_tutor.core.grading.answers import parse_answer

    started = time.perf_counter()
    result = parse_answer("shape", "(" + "1, " * 5_000_000 + ")")
    assert time.perf_counter() - started < 2
    assert not result.ok and len(str(result.message)) < 500


def test_an_import_over_the_size_cap_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rnn_tutor.commands import progress

    monkeypatch.setattr(progress, "MAX_IMPORT_MB", 1)
    big = tmp_path / "big.json"
    big.write_text(" " * (2 * 1024 * 1024))
    home = ["--data-dir", str(tmp_path / "home")]
    for source in (str(big), "/dev/urandom", "/dev/zero"):
        status, _, err = cli([*home, "progress", "import", source], capsys)
        assert status == 2, source
        assert "larger than 1 MB" in err, source


# ---- environments -----------------------------------------------------------------------


def test_a_data_dir_of_an_unknown_user_is_a_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _, err = cli(["--data-dir", "~nosuchuser/x", "stats", "--json"], capsys)
    assert status == 2 and "Cannot use ~nosuchuser/x as the progress folder" in err
    monkeypatch.setenv("RNN_TUTOR_HOME", "~nosuchuser")
    for argv in (["stats", "--json"], ["progress", "export", "-"], ["review"]):
        status, _, err = cli(argv, capsys)
        assert status == 2 and "Cannot use ~nosuchuser" in err, argv
