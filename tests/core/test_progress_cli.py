"""`rnn-tutor stats --json` and `rnn-tutor progress export|import` through the real entry point."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from rnn_tutor import cli
from rnn_tutor.core.progress.store import AttemptRecord, Store
from rnn_tutor.i18n import set_language

if TYPE_CHECKING:
    from tests.conftest import SeededHistory

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def english_and_only_our_commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() builds every subcommand's parser; these tests need only stats and progress,
    and must not break while another command module is being written."""
    monkeypatch.setattr(cli, "COMMANDS", ("stats", "progress"))
    monkeypatch.delenv("RNN_TUTOR_HOME", raising=False)
    yield
    set_language("en")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def lstm_exercise(seed: int) -> dict[str, Any]:
    """A real exercise, as the app records it (import refuses what it cannot rebuild)."""
    from rnn_tutor.core.call.spec import InputSpec, ModelCall
    from rnn_tutor.core.exercises.questions import Exercise, Question

    call = ModelCall("LSTM", (10, 20), (("proj_size", 5),))
    return Exercise(call, InputSpec((3, 1, 10)), Question("h_n"), seed=seed).to_dict()


def attempt(
    i: int, *, correct: bool = True, skills: tuple[str, ...] = ("proj_size",)
) -> AttemptRecord:
    return AttemptRecord(
        exercise=lstm_exercise(i),
        question="h_n",
        skills=skills,
        answer=f"answer {i}",
        correct=correct,
        expected=[1, 3, 5],
        misconception=None if correct else "proj_ignored",
        hints_used=i % 2,
        seconds=3.0,
        mode="quiz",
        at=T0 + timedelta(hours=i * 7),
    )


def fill(folder: Path, indices: range) -> None:
    with Store.open(folder) as store:
        for i in indices:
            assert store.record_attempt(attempt(i, correct=i % 3 != 0)) is not None


def cards_of(folder: Path) -> dict[str, Any]:
    with Store.open(folder) as store:
        return {skill: card.to_dict() for skill, card in store.cards().items()}


def uuids_of(folder: Path) -> set[str]:
    with Store.open(folder) as store:
        return {row.uuid for row in store.attempts()}


# ---- stats --json -------------------------------------------------------------------------


def test_stats_json(seeded_history: SeededHistory, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--data-dir", str(seeded_history.data_dir), "stats", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["version"] == 1
    assert data["totals"]["attempts"] == 10 and data["totals"]["correct"] == 4
    assert data["totals"]["accuracy"] == pytest.approx(0.4)
    assert data["totals"]["hints_used"] == 2
    # Days are counted in the machine's zone; 09:00-09:45 UTC is the 27th from UTC-9 to UTC+14.
    assert data["days"] == [{"date": "2026-11-27", "attempts": 10, "correct": 4}]
    assert set(data["streak"]) == {"current", "longest"}
    # Every known skill is listed, seen or not, first in the catalogue's order.
    from rnn_tutor.core.exercises.questions import SKILLS

    ids = [skill["id"] for skill in data["skills"]]
    assert ids[: len(SKILLS)] == list(SKILLS)
    seen = {s["id"]: s for s in data["skills"]}
    assert seen["packed_sequence"]["recall"] is None
    assert isinstance(seen["hn_first_axis"]["recall"], float)
    assert datetime.fromisoformat(seen["hn_first_axis"]["due"]).tzinfo is not None
    assert data["misconceptions"][0]["id"] == "direction_factor_missing"
    assert data["misconceptions"][0]["count"] == 2
    assert data["misconceptions"][0]["example"]["answer"] == "(3, 5, 30)"
    # The learner model: every skill with its standing, the named mix-up still open.
    standing = {s["id"]: s["standing"] for s in data["mastery"]["skills"]}
    assert standing["packed_sequence"] == "not_yet"
    assert set(standing.values()) <= {"known", "learning", "not_yet"}
    held = {m["id"]: m for m in data["mastery"]["misconceptions"]}
    assert held["direction_factor_missing"]["named"] == 2


def test_stats_json_on_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["--data-dir", str(tmp_path / "new"), "stats", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["attempts"] == 0 and data["totals"]["accuracy"] is None
    assert data["days"] == [] and data["misconceptions"] == []


def test_stats_json_with_progress_off_still_prints_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(["--data-dir", str(blocker / "sub"), "stats", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["totals"]["attempts"] == 0
    assert "Progress is off" in err


def test_stats_json_with_every_command_registered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.undo()  # the real COMMANDS list
    for name in cli.COMMANDS:
        try:
            importlib.import_module(f"rnn_tutor.commands.{name}")
        except ModuleNotFoundError:
            pytest.skip(f"rnn_tutor.commands.{name} is not written yet")
    fill(tmp_path, range(3))
    code = cli.main(["--data-dir", str(tmp_path), "stats", "--json"])
    out, _err = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["totals"]["attempts"] == 3


# ---- export / import -----------------------------------------------------------------------


def test_export_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target, file = tmp_path / "a", tmp_path / "b", tmp_path / "history.json"
    fill(source, range(12))
    code, out, err = run(["--data-dir", str(source), "progress", "export", str(file)], capsys)
    assert code == 0, err
    assert "Exported 12 attempts" in out
    exported = json.loads(file.read_text(encoding="utf-8"))
    assert exported["format"] == "rnn-tutor-progress" and exported["version"] == 1
    assert len(exported["attempts"]) == 12

    code, out, err = run(["--data-dir", str(target), "progress", "import", str(file)], capsys)
    assert code == 0, err
    assert "Imported 12 new attempts" in out
    with Store.open(source) as a, Store.open(target) as b:
        rows_a = [r.to_json() for r in a.attempts()]
        rows_b = [r.to_json() for r in b.attempts()]
    assert rows_a == rows_b
    # Cards are rebuilt by replay, and agree with the ones built answer by answer.
    assert cards_of(target) == cards_of(source)


def test_import_twice_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "h.json"
    fill(tmp_path / "a", range(5))
    run(["--data-dir", str(tmp_path / "a"), "progress", "export", str(file)], capsys)
    run(["--data-dir", str(tmp_path / "b"), "progress", "import", str(file)], capsys)
    cards_before = cards_of(tmp_path / "b")
    code, out, _err = run(
        ["--data-dir", str(tmp_path / "b"), "progress", "import", str(file)], capsys
    )
    assert code == 0
    assert "Nothing new" in out and "all 5 attempts" in out
    assert len(uuids_of(tmp_path / "b")) == 5
    assert cards_of(tmp_path / "b") == cards_before


def test_import_merges_two_histories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop, desktop, file = tmp_path / "laptop", tmp_path / "desktop", tmp_path / "h.json"
    fill(laptop, range(0, 10, 2))  # even hours on one machine
    fill(desktop, range(1, 10, 2))  # odd ones on the other, interleaved in time
    before = uuids_of(desktop)
    run(["--data-dir", str(laptop), "progress", "export", str(file)], capsys)
    code, out, _err = run(["--data-dir", str(desktop), "progress", "import", str(file)], capsys)
    assert code == 0 and "Imported 5 new attempts" in out and "(0 were already here)" in out
    assert uuids_of(desktop) == before | uuids_of(laptop)
    assert len(uuids_of(desktop)) == 10
    # The merged cards are those of the whole history, replayed in time order.
    with Store.open(desktop) as store:
        from rnn_tutor.core.progress.scheduler import replay_cards

        expected = {k: v.to_dict() for k, v in replay_cards(store.attempts()).items()}
        times = [r.at for r in store.attempts()]
    assert cards_of(desktop) == expected
    assert times == sorted(times)


def test_export_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill(tmp_path, range(2))
    code, out, _err = run(["--data-dir", str(tmp_path), "progress", "export", "-"], capsys)
    assert code == 0
    assert len(json.loads(out)["attempts"]) == 2


def test_export_into_a_missing_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(tmp_path / "d", range(1))
    target = tmp_path / "no" / "such" / "dir" / "h.json"
    code, out, err = run(
        ["--data-dir", str(tmp_path / "d"), "progress", "export", str(target)], capsys
    )
    assert code == 2
    assert "Cannot write" in err and str(target) in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "is not valid JSON (line 1, column 2)"),
        ("[1, 2, 3]", "is not an rnn-tutor progress export"),
        ('{"format": "something-else", "version": 1, "attempts": []}', "is not an rnn-tutor"),
        ('{"format": "rnn-tutor-progress", "version": 99, "attempts": []}', "newer rnn-tutor"),
        (
            '{"format": "rnn-tutor-progress", "version": 1, "attempts": [{"uuid": "x"}]}',
            "attempt 1 has a missing or invalid",
        ),
    ],
)
def test_bad_import_files_exit_2_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    fill(tmp_path / "d", range(3))
    before = uuids_of(tmp_path / "d")
    file = tmp_path / "bad.json"
    file.write_text(content, encoding="utf-8")
    code, out, err = run(
        ["--data-dir", str(tmp_path / "d"), "progress", "import", str(file)], capsys
    )
    assert code == 2
    assert needle in err
    assert "Traceback" not in out + err
    assert uuids_of(tmp_path / "d") == before


def test_one_bad_attempt_among_good_ones_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(tmp_path / "a", range(4))
    with Store.open(tmp_path / "a") as store:
        history = store.export_history()
    history["attempts"][2]["hints_used"] = -1
    file = tmp_path / "h.json"
    file.write_text(json.dumps(history), encoding="utf-8")
    code, _out, err = run(
        ["--data-dir", str(tmp_path / "b"), "progress", "import", str(file)], capsys
    )
    assert code == 2
    assert 'attempt 3 has a missing or invalid "hints_used"' in err
    assert uuids_of(tmp_path / "b") == set()


def test_missing_and_binary_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        ["--data-dir", str(tmp_path / "d"), "progress", "import", str(tmp_path / "nope.json")],
        capsys,
    )
    assert code == 2 and "No such file" in err
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    code, _out, err = run(
        ["--data-dir", str(tmp_path / "d"), "progress", "import", str(binary)], capsys
    )
    assert code == 2 and "not UTF-8" in err


def test_messages_in_korean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(
        [
            "--lang",
            "ko",
            "--data-dir",
            str(tmp_path),
            "progress",
            "import",
            str(tmp_path / "x.json"),
        ]
    )
    _out, err = capsys.readouterr()
    assert code == 2
    assert "파일이 없습니다" in err


def test_progress_off_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _out, err = run(
        ["--data-dir", str(blocker / "sub"), "progress", "export", str(tmp_path / "h.json")], capsys
    )
    assert code == 1
    assert "Progress is off" in err and "Nothing was done" in err
    assert not (tmp_path / "h.json").exists()


def test_progress_needs_an_action(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--data-dir", str(tmp_path), "progress"])
    assert exited.value.code == 2


# ---- what import refuses, and what it keeps --------------------------------------------------


def exported_history(folder: Path, count: int = 3) -> dict[str, Any]:
    fill(folder, range(count))
    with Store.open(folder) as store:
        return store.export_history()


def import_file(
    tmp_path: Path, history: Any, capsys: pytest.CaptureFixture[str], target: str = "b"
) -> tuple[int, str, str]:
    file = tmp_path / "h.json"
    text = history if isinstance(history, str) else json.dumps(history)
    file.write_text(text, encoding="utf-8")
    return run(["--data-dir", str(tmp_path / target), "progress", "import", str(file)], capsys)


@pytest.mark.parametrize(
    "change",
    [
        {"call": {"kind": "LSTM", "args": [[10], 5], "kwargs": {}}},  # not literals
        {"call": {"kind": "LSTM", "args": [10, float("inf")], "kwargs": {}}},
        {"call": {"kind": "LSTM", "args": [10, 5], "kwargs": {"bias": {"x": 1}}}},
        {"call": {"kind": "LSTM", "args": [10, 5], "prefix": "os.system("}},
        {"call": {"kind": "Transformer", "args": [10, 5]}},
        {"call": "nn.LSTM(10, 5)"},
        {"input": {"shape": [3, "1", 10]}},
        {"input": {"shape": [3, 1.5, 10]}},
        {"input": {"shape": [3, 1, 10], "h0": [True, 1, 5]}},
        {"question": "hidden_state"},
        {"names": {"X": [1, 2]}},
    ],
    ids=[
        "list_args",
        "inf",
        "dict_kwarg",
        "prefix",
        "kind",
        "call_text",
        "str_axis",
        "float_axis",
        "bool_axis",
        "question",
        "names",
    ],
)
def test_import_refuses_an_exercise_it_cannot_rebuild(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any]
) -> None:
    history = exported_history(tmp_path / "a")
    history["attempts"][1]["exercise"].update(change)
    code, out, err = import_file(tmp_path, history, capsys)
    assert code == 2, out
    assert 'attempt 2 has a missing or invalid "exercise"' in err
    assert "Traceback" not in out + err
    assert uuids_of(tmp_path / "b") == set()


def test_import_keeps_skills_from_a_newer_version_without_breaking_stats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = exported_history(tmp_path / "a")
    history["attempts"][0]["skills"] = ["bogus_skill", "proj_size"]
    code, out, err = import_file(tmp_path, history, capsys)
    assert code == 0, err
    assert "Imported 3 new attempts" in out
    code, out, err = run(["--data-dir", str(tmp_path / "b"), "stats", "--json"], capsys)
    assert code == 0, err
    skills = {skill["id"]: skill for skill in json.loads(out)["skills"]}
    assert skills["bogus_skill"]["attempts"] == 1
    # and review, which only schedules skills it can build exercises for, still works
    from rnn_tutor.core.exercises.generator import exercise_for_skill
    from rnn_tutor.core.exercises.questions import SKILLS
    from rnn_tutor.core.progress.review import review_queue

    with Store.open(tmp_path / "b") as store:
        assert "bogus_skill" in store.cards()  # the store keeps it; review passes over it
        queue = review_queue(store, T0 + timedelta(days=400))
    assert queue.due_skills and "bogus_skill" not in queue.due_skills
    for skill in queue.due_skills:
        assert skill in SKILLS
        exercise_for_skill(skill, seed=1)


@pytest.mark.parametrize(
    "at",
    [
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-05:00",  # past datetime.max once in UTC
        "0001-01-01T00:00:00+05:00",  # before datetime.min once in UTC
        (datetime.now(timezone.utc) + timedelta(days=3)).isoformat(),
    ],
    ids=["max", "max_offset", "min_offset", "three_days_ahead"],
)
def test_import_refuses_times_out_of_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], at: str
) -> None:
    history = exported_history(tmp_path / "a")
    history["attempts"][2]["at"] = at
    code, out, err = import_file(tmp_path, history, capsys)
    assert code == 2, out
    assert 'attempt 3 has a missing or invalid "at"' in err
    assert "Traceback" not in out + err
    assert uuids_of(tmp_path / "b") == set()


def test_import_a_few_hours_ahead_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another machine's clock may run a little ahead: that is not a reason to refuse.
    history = exported_history(tmp_path / "a", count=1)
    history["attempts"][0]["at"] = (datetime.now(timezone.utc) + timedelta(hours=3)).isoformat()
    code, _out, err = import_file(tmp_path, history, capsys)
    assert code == 0, err


def test_import_of_deeply_nested_json_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = import_file(tmp_path, "[" * 100_000 + "]" * 100_000, capsys)
    assert code == 2
    assert "nested too deeply" in err
    assert "Traceback" not in out + err


def test_import_of_a_deep_expected_value_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = exported_history(tmp_path / "a")
    text = json.dumps(history)
    # deep enough that writing it back out fails, shallow enough to be read
    deep = "[" * 980 + "]" * 980
    text = text.replace('"expected": [1, 3, 5]', f'"expected": {deep}', 1)
    code, out, err = import_file(tmp_path, text, capsys)
    assert code == 2, out
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "argv", [["progress", "export", "-"], ["stats", "--json"]], ids=["export", "stats"]
)
def test_a_closed_pipe_ends_quietly(tmp_path: Path, argv: list[str]) -> None:
    import os
    import subprocess
    import sys

    fill(tmp_path, range(40))  # more than a pipe's first write
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone, as `| head` leaves it
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "LANG": "C"}
    env.pop("RNN_TUTOR_HOME", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rnn_tutor", "--data-dir", str(tmp_path), *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
