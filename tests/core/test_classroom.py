"""The teacher's view: every learner read-only, damaged rows skipped and counted, text and JSON."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rnn_tutor import cli
from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.progress.class_text import learner_lines
from rnn_tutor.core.progress.classroom import class_report
from rnn_tutor.core.progress.learners import learner_dir
from rnn_tutor.core.progress.paths import progress_file
from rnn_tutor.core.progress.store import AttemptRecord, Store
from rnn_tutor.i18n import set_language

if TYPE_CHECKING:
    from tests.conftest import SeededHistory

LATER = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def english_and_only_our_command(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(cli, "COMMANDS", ("classview",))
    yield
    set_language("en")


def _record(store: Store, answer: str, correct: bool, misconception: str | None) -> None:
    exercise = {"model": "nn.RNN(10, 5, 1, batch_first=True)", "input": [1, 4, 10]}
    row = store.record_attempt(
        AttemptRecord(
            exercise=exercise,
            question="output",
            skills=("output_layout", "output_last_axis"),
            answer=answer,
            correct=correct,
            expected=[1, 4, 5],
            misconception=misconception,
            hints_used=0,
            seconds=10.0,
            mode="practice",
            at=LATER,
        )
    )
    assert row is not None, store.notice


@pytest.fixture
def a_class(tmp_path: Path, seeded_history: SeededHistory) -> Path:
    """mina: the seeded day (10 answers, 4 right); 준호: 2 answers next day, 1 right."""
    base = tmp_path / "class"
    mina = learner_dir(base, "mina")
    mina.mkdir(parents=True)
    shutil.copy(progress_file(seeded_history.data_dir), progress_file(mina))
    with Store.open(learner_dir(base, "준호")) as store:
        _record(store, "(4, 1, 5)", False, "batch_first_ignored")
        _record(store, "(1, 4, 5)", True, None)
    return base


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_class_counts_every_learner(a_class: Path) -> None:
    report = class_report(a_class, now=LATER + timedelta(hours=1), skills=SKILLS)
    assert [r.name for r in report.learners] == ["mina", "준호"]
    assert (report.totals.attempts, report.totals.correct) == (12, 5)
    by_name = {r.name: r.stats.totals for r in report.learners}
    assert (by_name["mina"].attempts, by_name["mina"].correct) == (10, 4)
    assert (by_name["준호"].attempts, by_name["준호"].correct) == (2, 1)
    layout = next(s for s in report.skills if s.skill == "output_layout")
    assert (layout.attempts, layout.correct) == (4, 2)
    # Two mix-ups named twice each: the one made most recently first, with its latest example.
    batch, direction = report.misconceptions[:2]
    assert (batch.misconception, batch.count) == ("batch_first_ignored", 2)
    assert set(batch.learners) == {"mina", "준호"} and batch.example_learner == "준호"
    assert (direction.misconception, direction.count) == ("direction_factor_missing", 2)
    assert direction.learners == ("mina",)
    # Both answered the output questions; their skills' cards are due by now + 30 days.
    later = class_report(a_class, now=LATER + timedelta(days=60), skills=SKILLS)
    assert set(later.due["output_layout"]) == {"mina", "준호"}


def test_since_counts_only_later_answers(a_class: Path) -> None:
    report = class_report(a_class, since=LATER - timedelta(hours=1), skills=SKILLS)
    assert report.totals.attempts == 2
    assert [r.stats.totals.attempts for r in report.learners] == [0, 2]
    assert learner_lines(report.learners[0]) == ["mina: no answers yet"]


def test_reading_changes_no_file_and_works_while_a_learner_writes(a_class: Path) -> None:
    database = progress_file(learner_dir(a_class, "mina"))
    before = _digest(database)
    class_report(a_class)
    assert _digest(database) == before
    # Not even SQLite's side files appear next to a file no app has open.
    assert sorted(p.name for p in database.parent.iterdir()) == ["progress.sqlite3"]
    # A learner's app holds the write lock mid-answer: the teacher still reads.
    with Store.open(learner_dir(a_class, "준호")) as store:
        writer = sqlite3.connect(str(store.path), isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE settings SET value = value WHERE key = 'nothing'")  # a pending write
        report = class_report(a_class)
        writer.execute("ROLLBACK")
        writer.close()
    assert report.totals.attempts == 12


def test_damaged_rows_are_skipped_and_counted(a_class: Path) -> None:
    database = progress_file(learner_dir(a_class, "준호"))
    conn = sqlite3.connect(str(database))
    conn.execute("UPDATE attempts SET exercise = '{not json' WHERE correct = 1")
    conn.execute(
        "INSERT INTO attempts (uuid, at, question, exercise, skills, answer, correct, expected,"
        " misconception, hints_used, seconds, mode) VALUES"
        " ('x', 'yesterday', 'output', '{}', '[]', 'a', 0, '[1]', NULL, 0, 1.0, 'practice')"
    )
    conn.commit()
    conn.close()
    report = class_report(a_class, skills=SKILLS)
    junho = next(r for r in report.learners if r.name == "준호")
    assert junho.skipped_rows == 2 and junho.stats.totals.attempts == 1
    assert report.skipped_rows == 2 and report.totals.attempts == 11


def test_an_unreadable_file_is_reported_and_the_rest_read(a_class: Path) -> None:
    broken = learner_dir(a_class, "broken")
    broken.mkdir()
    progress_file(broken).write_bytes(b"this is not a database" * 100)
    report = class_report(a_class, skills=SKILLS)
    by_name = {r.name: r for r in report.learners}
    assert by_name["broken"].error is not None
    assert by_name["broken"].stats.totals.attempts == 0
    assert report.totals.attempts == 12
    assert progress_file(broken).read_bytes().startswith(b"this is not")


def test_class_json(a_class: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "class", "--data-dir", str(a_class), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["class"]["learners"] == 2
    assert data["class"]["totals"]["attempts"] == 12
    assert [learner["name"] for learner in data["learners"]] == ["mina", "준호"]
    mixup = data["class"]["misconceptions"][0]
    assert mixup["id"] == "batch_first_ignored" and mixup["example"]["learner"] == "준호"
    assert mixup["learners"] == ["mina", "준호"] and mixup["example"]["answer"] == "(4, 1, 5)"


def test_class_text_in_both_languages(a_class: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "--data-dir", str(a_class), "class"]) == 0
    out = capsys.readouterr().out
    assert "Class: 2 learners, 12 answers, 42% right." in out
    assert "준호: 2 answers, 50% right" in out
    assert "2x by 2 learners" in out and "e.g. 준호: nn.RNN(10, 5, 1, batch_first=True)" in out
    assert cli.main(["--lang", "ko", "--data-dir", str(a_class), "class"]) == 0
    assert "수업: 학습자 2명, 답 12개, 정답률 42%." in capsys.readouterr().out


def test_class_since_and_a_bad_date(a_class: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--lang", "en", "class", "--data-dir", str(a_class), "--json"]
    assert cli.main([*argv, "--since", "2026-11-28"]) == 0
    assert json.loads(capsys.readouterr().out)["class"]["totals"]["attempts"] == 2
    with pytest.raises(SystemExit):
        cli.main([*argv, "--since", "yesterday"])
    assert "not a date" in capsys.readouterr().err


def test_learner_text_never_reaches_the_terminal_live(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(learner_dir(tmp_path, "mina")) as store:
        _record(store, "(4, 1, 5)\x1b[2J\x07", False, "batch_first_ignored")
    assert cli.main(["--lang", "en", "class", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J" in out


def test_an_empty_class(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "class", "--data-dir", str(tmp_path)]) == 0
    assert "No learner has answered yet" in capsys.readouterr().out
    assert not any(tmp_path.iterdir())  # reading created nothing


def test_profiles_that_read_alike_are_never_shown_alike(
    a_class: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two profiles from before names were compared: "mina" and "mіna" (a Cyrillic і)."""
    impostor = "m\u0456na"
    with Store.open(a_class / "learners" / impostor) as store:
        _record(store, "(4, 1, 5)", False, "batch_first_ignored")
    assert cli.main(["--lang", "en", "class", "--data-dir", str(a_class)]) == 0
    text = capsys.readouterr().out
    marked = {
        "mina": "mina (U+006D U+0069 U+006E U+0061)",
        impostor: f"{impostor} (U+006D U+0456 U+006E U+0061)",
    }
    assert "Profiles whose names read alike: " + ", ".join(marked.values()) in text
    lines = text.splitlines()
    # No line names either profile bare: each name is always followed by its code points.
    for name, label in marked.items():
        assert all(label in line for line in lines if re.search(rf"\b{name}\b", line)), name
    assert "준호: 2 answers" in text  # a name that reads like no other is shown as it is
    assert cli.main(["--lang", "en", "class", "--data-dir", str(a_class), "--json"]) == 0
    learners = {entry["name"]: entry for entry in json.loads(capsys.readouterr().out)["learners"]}
    assert learners["mina"]["reads_like"] == [impostor]
    assert learners[impostor]["reads_like"] == ["mina"] and learners["준호"]["reads_like"] == []
