"""The command line's own words (usage, headings, -h, error line) follow the language."""

from __future__ import annotations

import pytest

from rnn_tutor.cli import COMMANDS, _needed_modules, build_parser, main


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


@pytest.mark.parametrize(
    ("argv", "needed"),
    [
        ([], ()),
        (["--lang", "en", "--data-dir", "quiz"], ()),  # a value, not the command
        (["--learner=ann", "quiz", "--count", "3"], ("quiz",)),
        (["class"], ("classview",)),
        (["quiz", "--help"], COMMANDS),
        (["--help"], COMMANDS),
        (["bogus"], COMMANDS),  # argparse lists every command in its error
        (["classview"], COMMANDS),  # a module's name is not a command's
    ],
)
def test_only_the_chosen_commands_module_is_read(argv: list[str], needed: tuple[str, ...]) -> None:
    """Opening the app imports no command module's rooms (the first frame waits for them)."""
    assert _needed_modules(argv) == needed


def test_a_command_parses_the_same_with_only_its_module_read() -> None:
    argv = ["--lang", "en", "quiz", "--count", "3", "--level", "2"]
    assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))
