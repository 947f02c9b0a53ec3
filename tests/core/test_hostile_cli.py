"""The command line against hostile text, huge sizes and unfriendly terminals (issue 9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
