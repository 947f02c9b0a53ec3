"""Without a terminal: a command that opens the app says so and exits 2 at once; `stats`
prints its figures as text (issue 23: `rnn-tutor stats > file` drew the TUI into the file
and spun at 65% CPU for as long as it was left)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rnn_tutor import cli
from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.grading.explain import misconception_text, skill_name
from rnn_tutor.core.progress.stats import stats_for
from rnn_tutor.core.progress.stats_text import summary_lines, totals_text
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language, t, tr

if TYPE_CHECKING:
    from tests.conftest import SeededHistory

ROOT = Path(__file__).resolve().parents[2]

# A command that opens the app, and what opens it.
APP_COMMANDS = [[], ["practice"], ["quiz"], ["review"], ["practice", "--level", "8"]]


@pytest.fixture(autouse=True)
def no_chosen_driver(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.delenv("RNN_TUTOR_HOME", raising=False)
    yield
    set_language("en")


def python_with(*args: str, **streams: int) -> subprocess.CompletedProcess[str]:
    """``python *args`` with this checkout first on the path, no driver chosen."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        text=True,
        stdout=streams.get("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        stdin=streams.get("stdin", subprocess.DEVNULL),
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("argv", APP_COMMANDS, ids=lambda argv: " ".join(argv) or "no command")
def test_a_command_that_opens_the_app_exits_2_without_a_terminal(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--lang", "en", "--data-dir", str(tmp_path), *argv])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert "needs a terminal" in err and "stdin" in err
    assert "rnn-tutor stats --json" in err


def test_the_refusal_comes_before_textual_is_imported_and_within_a_second(
    tmp_path: Path,
) -> None:
    """In a process of its own, stdout a pipe. The time is CPU time, the interpreter's start
    included, so a loaded machine does not fail it (idle, 0.3-0.4 s wall in all)."""
    code = (
        "import sys, time\n"
        "from rnn_tutor.cli import main\n"
        f"code = main(['--lang', 'ko', '--data-dir', {str(tmp_path)!r}])\n"
        "print(code, 'textual' in sys.modules, time.process_time())\n"
    )
    done = python_with("-c", code)
    returned, textual_loaded, seconds = done.stdout.split()
    assert (returned, textual_loaded) == ("2", "False"), done.stderr
    assert float(seconds) < 1.0
    assert tr("ko", "cli.not_a_terminal", stream="stdin") in done.stderr


def missing_with_a_pty(*, stdout_too: bool) -> str:
    """What ``not_a_terminal`` says in a process whose stdin (and stdout) is a pty."""
    leader, follower = pty.openpty()
    streams = {"stdin": follower, **({"stdout": follower} if stdout_too else {})}
    try:
        done = python_with(
            "-c",
            "from rnn_tutor.commands.practice import not_a_terminal\n"
            "import sys\nsys.stderr.write(repr(not_a_terminal()))\n",
            **streams,
        )
    finally:
        os.close(leader)
        os.close(follower)
    return done.stderr


def test_stdout_alone_not_a_terminal_is_named() -> None:
    assert missing_with_a_pty(stdout_too=False) == "'stdout'"


def test_a_real_terminal_and_a_served_tab_are_let_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert missing_with_a_pty(stdout_too=True) == "None"
    # textual-serve's tab talks over pipes on purpose and names its driver.
    from rnn_tutor.commands.practice import not_a_terminal

    assert not_a_terminal() == "stdin"  # pytest's own stdin
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert not_a_terminal() is None


def test_stats_without_a_terminal_prints_the_screen_figures_as_text(
    seeded_history: SeededHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--lang", "en", "--data-dir", str(seeded_history.data_dir), "stats"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0] == "Statistics"
    assert lines[2].startswith("10 answers, 4 right (40%), 2 hints")
    assert lines[3].startswith("Streak: ")
    mistakes = lines.index(t("ui.stats.mistakes.title"))
    # The mix-up's short name, not its whole explanation (issue 23).
    assert lines[mistakes + 1] == "  2× Direction factor D left out"
    assert misconception_text("direction_factor_missing") not in out
    table = lines.index(t("ui.stats.skills.title"))
    header = lines[table + 1]
    assert header.split() == ["Skill", "Mastery", "Recall", "Next", "review", "Right"]
    rows = lines[table + 2 :]
    assert len(rows) == len(SKILLS)
    # Every row's last column starts where the header's does (padded columns).
    right = header.index("Right")
    named = {skill_name(skill): skill for skill in SKILLS}
    for row in rows:
        assert row[right - 2 : right] == "  " and row[right] != " ", row
        assert any(row.startswith("  " + name) for name in named), row
    packed = next(row for row in rows if skill_name("packed_sequence") in row)
    assert packed.split()[-1] == "-" and "not yet" in packed


def test_stats_text_reads_as_the_screen_in_korean(
    seeded_history: SeededHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--lang", "ko", "--data-dir", str(seeded_history.data_dir), "stats"])
    out, _err = capsys.readouterr()
    assert code == 0
    set_language("ko")
    with Store.open(seeded_history.data_dir) as store:
        stats = stats_for(store, skills=SKILLS)
    assert totals_text(stats) in out.splitlines()
    assert out.splitlines()[0] == tr("ko", "ui.stats.title")
    assert "  2회 방향 수 D 누락" in out.splitlines()


def test_stats_text_on_an_empty_folder_and_with_progress_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--lang", "en", "--data-dir", str(tmp_path / "new"), "stats"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Statistics", "", "No answers yet."]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cli.main(["--lang", "en", "--data-dir", str(blocker / "sub"), "stats"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == t("ui.stats.off")
    assert "Progress is off" in err


def test_stats_text_and_json_agree(
    seeded_history: SeededHistory, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    cli.main(["--lang", "en", "--data-dir", str(seeded_history.data_dir), "stats", "--json"])
    data = json.loads(capsys.readouterr().out)
    with Store.open(seeded_history.data_dir) as store:
        stats = stats_for(store, skills=SKILLS)
    lines = summary_lines(stats, stats.generated_at)
    assert f"{data['totals']['attempts']} answers, {data['totals']['correct']} right" in lines[2]


def test_stats_in_a_pipe_ends_at_once(seeded_history: SeededHistory) -> None:
    """The real entry point, stdout a pipe: text out and done, never a screen drawn."""
    start = time.perf_counter()
    folder = str(seeded_history.data_dir)
    done = python_with("-m", "rnn_tutor", "--lang", "en", "--data-dir", folder, "stats")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Statistics\n\n10 answers")
    assert "\x1b" not in done.stdout
    assert time.perf_counter() - start < 30
