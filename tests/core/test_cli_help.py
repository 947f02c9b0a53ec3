"""The command line's own words (usage, headings, -h, error line) follow the language."""

from __future__ import annotations

import pytest

from rnn_tutor.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


def test_help_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--lang", "ko", "--help")
    assert code == 0
    assert out.startswith("사용법: rnn-tutor")
    assert "\n옵션:\n" in out
    assert "이 도움말을 보여 주고 끝냅니다" in out
    assert "usage:" not in out and "show this help" not in out


def test_subcommand_help_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--lang", "ko", "quiz", "--help")
    assert code == 0
    assert out.startswith("사용법: rnn-tutor quiz")
    assert "문제 수" in out


def test_help_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("usage: rnn-tutor")
    assert "show this help and exit" in out


@pytest.mark.parametrize(("lang", "prefix"), [("en", "error:"), ("ko", "오류:")])
def test_a_bad_option_exits_2_with_a_translated_error_line(
    capsys: pytest.CaptureFixture[str], lang: str, prefix: str
) -> None:
    code, out, err = _run(capsys, "--lang", lang, "quiz", "--level", "9")
    assert code == 2
    assert out == ""
    assert f"rnn-tutor quiz: {prefix} " in err
