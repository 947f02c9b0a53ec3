"""The progress store: what goes in comes back, and no disk fault stops the app."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnn_tutor.core.progress.paths import DB_FILENAME, ENV_VAR, data_dir
from rnn_tutor.core.progress.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    AttemptRecord,
    Store,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def record(
    *,
    exercise: dict[str, Any] | None = None,
    question: str = "output",
    skills: tuple[str, ...] = ("output_layout",),
    answer: str = "(3, 2, 20)",
    correct: bool = True,
    misconception: str | None = None,
    hints_used: int = 0,
    mode: str = "practice",
    at: datetime | None = T0,
) -> AttemptRecord:
    return AttemptRecord(
        exercise=exercise if exercise is not None else {"model": "nn.RNN(10, 20)", "level": 1},
        question=question,
        skills=skills,
        answer=answer,
        correct=correct,
        expected=[3, 2, 20],
        misconception=misconception,
        hints_used=hints_used,
        seconds=12.5,
        mode=mode,
        at=at,
    )


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


# ---- paths ------------------------------------------------------------------------------


def test_data_dir_prefers_cli_then_env_then_platform(tmp_path: Path) -> None:
    env = {ENV_VAR: str(tmp_path / "from-env")}
    assert data_dir(str(tmp_path / "from-cli"), env) == tmp_path / "from-cli"
    assert data_dir(None, env) == tmp_path / "from-env"
    from platformdirs import user_data_dir

    assert data_dir(None, {}) == Path(user_data_dir("rnn-tutor", appauthor=False))
    assert data_dir("  ", {ENV_VAR: " "}) == Path(user_data_dir("rnn-tutor", appauthor=False))


def test_open_uses_rnn_tutor_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "home"))
    with Store.open() as store:
        assert store.path == tmp_path / "home" / DB_FILENAME
        assert store.enabled
    assert (tmp_path / "home" / DB_FILENAME).is_file()


# ---- recording ----------------------------------------------------------------------------


def test_attempt_round_trip(tmp_path: Path) -> None:
    exercise = {"model": "nn.LSTM(10, 20, 2, batch_first=True)", "level": 2, "question": "h_n"}
    with Store.open(tmp_path) as store:
        written = store.record_attempt(
            record(
                exercise=exercise,
                question="h_n",
                skills=("hn_ignores_batch_first", "hn_first_axis"),
                answer="（３，２，２０）",
                correct=False,
                misconception="batch_first_on_hidden",
                hints_used=2,
                mode="quiz",
            )
        )
        assert written is not None
        assert written.id > 0
    with Store.open(tmp_path) as store:
        (row,) = store.attempts()
    assert row == written
    assert row.exercise == exercise
    assert row.answer == "（３，２，２０）"
    assert row.skills == ("hn_ignores_batch_first", "hn_first_axis")
    assert (row.correct, row.misconception, row.hints_used, row.mode) == (
        False,
        "batch_first_on_hidden",
        2,
        "quiz",
    )
    assert row.expected == [3, 2, 20]
    assert row.at == T0 and row.at.tzinfo == timezone.utc
    assert len(row.uuid) == 36


def test_default_time_is_now_utc(tmp_path: Path) -> None:
    before = datetime.now(timezone.utc)
    with Store.open(tmp_path) as store:
        row = store.record_attempt(record(at=None))
    assert row is not None
    assert before <= row.at <= datetime.now(timezone.utc)
    assert row.at.tzinfo == timezone.utc


def test_times_are_stored_in_utc_whatever_the_offset(tmp_path: Path) -> None:
    seoul = timezone(timedelta(hours=9))
    with Store.open(tmp_path) as store:
        store.record_attempt(record(at=datetime(2026, 3, 2, 8, 30, tzinfo=seoul)))
        store.record_attempt(record(at=datetime(2026, 3, 1, 23, 45, tzinfo=timezone.utc)))
        rows = store.attempts()
    # 08:30 in Seoul is 23:30 UTC the day before: it sorts first.
    assert [r.at for r in rows] == [
        datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc),
        datetime(2026, 3, 1, 23, 45, tzinfo=timezone.utc),
    ]


def test_attempts_since(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for minutes in (0, 10, 20):
            store.record_attempt(record(at=T0 + timedelta(minutes=minutes), answer=str(minutes)))
        assert [r.answer for r in store.attempts(since=T0 + timedelta(minutes=10))] == ["10", "20"]


def test_record_updates_every_skill_card(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        assert store.cards() == {}
        store.record_attempt(record(skills=("param_count", "gate_blocks", "two_biases")))
        cards = store.cards()
    assert set(cards) == {"param_count", "gate_blocks", "two_biases"}
    assert all(card.last_review == T0 for card in cards.values())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mode": "exam"}, "mode"),
        ({"hints_used": -1}, "hints_used"),
        ({"skills": "output_layout"}, "skills"),
        ({"exercise": {"bad": object()}}, "JSON"),
    ],
)
def test_malformed_record_is_refused_and_nothing_written(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    base = record()
    fields = {**base.__dict__, **change}
    with Store.open(tmp_path) as store:
        with pytest.raises(ValueError, match=message):
            store.record_attempt(AttemptRecord(**fields))
        assert store.attempts() == []


def test_settings(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        assert store.get_setting("language") is None
        store.set_setting("language", "ko")
        store.set_setting("level", "2")
        store.set_setting("language", "en")
    with Store.open(tmp_path) as store:
        assert store.get_setting("language") == "en"
        assert store.get_setting("level") == "2"


def test_usable_from_another_thread(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for i in range(5):
                assert store.record_attempt(record(answer=str(i))) is not None
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.attempts()) == 15
    store.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    answer=st.text(),
    exercise=st.dictionaries(st.text(), json_values, max_size=4),
    expected=json_values,
)
def test_any_answer_and_exercise_come_back_exactly(
    tmp_path: Path, answer: str, exercise: dict[str, Any], expected: Any
) -> None:
    with Store.open(tmp_path / "h") as store:
        rec = AttemptRecord(
            exercise=exercise,
            question="output",
            skills=("output_layout",),
            answer=answer,
            correct=False,
            expected=expected,
            misconception=None,
            hints_used=0,
            seconds=1.0,
            mode="practice",
            at=T0,
        )
        written = store.record_attempt(rec)
        assert written is not None
        back = [r for r in store.attempts() if r.id == written.id]
    assert back == [written]
    assert back[0].answer == answer
    assert back[0].exercise == exercise
    assert back[0].expected == expected


# ---- schema and migrations -----------------------------------------------------------------


def test_migrations_are_lists_of_steps() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert all(len(steps) >= 1 for steps in MIGRATIONS)


def test_empty_database_at_version_0_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    sqlite3.connect(path).close()  # an SQLite file with nothing in it, user_version 0
    assert user_version(path) == 0
    with Store.open(tmp_path) as store:
        assert store.enabled and store.notice is None
        assert store.record_attempt(record()) is not None
    assert user_version(path) == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert {"attempts", "cards", "settings"} <= tables
    assert journal == "wal"


def test_database_from_a_newer_release_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x TEXT)")
    conn.execute("INSERT INTO future VALUES ('keep me')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    store = Store.open(tmp_path)
    assert not store.enabled
    assert store.notice is not None
    assert store.notice.key == "progress.notice.newer_schema"
    assert store.notice.params["found"] == str(SCHEMA_VERSION + 1)
    assert store.record_attempt(record()) is None
    assert store.attempts() == []
    store.close()

    assert path.read_bytes() == before
    assert user_version(path) == SCHEMA_VERSION + 1
    assert not list(tmp_path.glob("*.corrupt-*"))


# ---- faults -------------------------------------------------------------------------------


def test_garbage_file_is_moved_aside_and_a_new_database_started(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    garbage = bytes(range(256)) * 40
    path.write_bytes(garbage)

    store = Store.open(tmp_path)
    assert store.enabled
    assert store.notice is not None and store.notice.key == "progress.notice.corrupt"
    (moved,) = tmp_path.glob(f"{DB_FILENAME}.corrupt-*")
    assert moved.read_bytes() == garbage  # kept, not deleted
    assert store.notice.path == moved
    assert store.notice.params["moved_to"] == str(moved)
    assert str(moved) in store.notice.text("en")
    assert str(moved) in store.notice.text("ko")
    assert store.record_attempt(record()) is not None
    assert len(store.attempts()) == 1
    store.close()

    with Store.open(tmp_path) as again:  # the new file is healthy: no second move
        assert again.notice is None
        assert len(again.attempts()) == 1
    assert len(list(tmp_path.glob(f"{DB_FILENAME}.corrupt-*"))) == 1


def test_damaged_pages_are_detected_and_moved_aside(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for i in range(300):
            store.record_attempt(record(answer="x" * 200 + str(i)))
    path = tmp_path / DB_FILENAME
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    data[4096 : 3 * 4096] = bytes([0xA5]) * (2 * 4096)  # keep the header, ruin the b-tree
    path.write_bytes(bytes(data))

    with Store.open(tmp_path) as store:
        assert store.enabled
        assert store.notice is not None and store.notice.key == "progress.notice.corrupt"
        assert store.attempts() == []
    assert len(list(tmp_path.glob(f"{DB_FILENAME}.corrupt-*"))) == 1


def test_folder_that_cannot_be_created_turns_progress_off(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = Store.open(blocker / "progress")  # mkdir under a regular file fails, even as root
    assert not store.enabled
    assert store.notice is not None and store.notice.key == "progress.notice.unavailable"
    assert str(blocker / "progress") in store.notice.text("en")
    assert store.record_attempt(record()) is None
    assert store.attempts() == []
    assert store.cards() == {}
    assert store.get_setting("language") is None
    store.set_setting("language", "ko")  # a no-op, not an error
    store.close()
    assert blocker.read_text() == "not a folder"


def test_database_path_taken_by_a_folder_turns_progress_off(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).mkdir()
    (tmp_path / DB_FILENAME / "keep.txt").write_text("mine")
    store = Store.open(tmp_path)
    assert not store.enabled
    assert store.notice is not None and store.notice.key == "progress.notice.unavailable"
    assert (tmp_path / DB_FILENAME / "keep.txt").read_text() == "mine"
    assert not list(tmp_path.glob("*.corrupt-*"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_folder_turns_progress_off(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod does not stop root from writing (see the test above)")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = Store.open(folder)
        assert not store.enabled
        assert store.notice is not None and store.notice.key == "progress.notice.unavailable"
        assert store.record_attempt(record()) is None
    finally:
        folder.chmod(0o700)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from rnn_tutor.core.progress.store import AttemptRecord, Store

    folder, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store.open(folder)
    assert store.enabled, store.notice
    for i in range(count):
        row = store.record_attempt(AttemptRecord(
            exercise={"writer": name, "i": i}, question="output",
            skills=("output_layout", "hn_first_axis"), answer=f"{name}-{i}",
            correct=i % 3 != 0, expected=[1, 2, 3], misconception=None,
            hints_used=i % 2, seconds=1.0, mode="practice",
        ))
        assert row is not None, store.notice
    store.close()
    """
)


def test_two_instances_both_record_everything(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, "200"],
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    with Store.open(tmp_path) as store:
        rows = store.attempts()
        cards = store.cards()
    assert len(rows) == 400
    assert len({r.uuid for r in rows}) == 400
    assert {r.answer for r in rows} == {f"{n}-{i}" for n in "ab" for i in range(200)}
    assert set(cards) == {"output_layout", "hn_first_axis"}


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import rnn_tutor.core.progress.store as store_module
    from rnn_tutor.core.progress.store import AttemptRecord, Store

    def attempt(i):
        return AttemptRecord(
            exercise={"i": i}, question="output", skills=("output_layout",), answer=str(i),
            correct=True, expected=[1], misconception=None, hints_used=0, seconds=1.0,
            mode="practice",
        )

    store = Store.open(Path(sys.argv[1]))
    assert store.enabled, store.notice
    for i in range(int(sys.argv[2])):
        assert store.record_attempt(attempt(i)) is not None
    print("recorded", flush=True)

    def die(*args, **kwargs):
        # Inside record_attempt's transaction: the attempt row is inserted, not committed.
        os.kill(os.getpid(), signal.SIGKILL)

    store_module.review_skill_card = die
    store.record_attempt(attempt(-1))
    print("survived", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_mid_transaction_loses_only_the_answer_being_graded(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(tmp_path), "25"],
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.split() == ["recorded"]

    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.notice is None
        answers = [r.answer for r in store.attempts()]
    assert sorted(answers, key=int) == [str(i) for i in range(25)]


def test_export_json_is_plain_json(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_attempt(record(answer="（１，２）"))
        exported = store.export_history(now=T0)
    text = json.dumps(exported, ensure_ascii=False)
    assert json.loads(text) == exported
    assert exported["format"] == "rnn-tutor-progress" and exported["version"] == 1
    assert exported["attempts"][0]["answer"] == "（１，２）"
    assert set(exported["cards"]) == {"output_layout"}


def test_a_file_another_instance_already_replaced_is_not_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two instances start on a damaged file: the second must not move the first one's new,
    healthy database aside."""
    import rnn_tutor.core.progress.store as store_module

    garbage = b"not a database " * 500
    (tmp_path / DB_FILENAME).write_bytes(garbage)
    real_connect = store_module._connect
    calls = 0

    def racing_connect(path: Path) -> sqlite3.Connection:
        nonlocal calls
        calls += 1
        if calls == 1:
            # While this instance looks at the damaged file, the other one deals with it.
            monkeypatch.setattr(store_module, "_connect", real_connect)
            with Store.open(tmp_path) as other:
                assert other.notice is not None and other.notice.key == "progress.notice.corrupt"
                assert other.record_attempt(record(answer="from the other")) is not None
            monkeypatch.setattr(store_module, "_connect", racing_connect)
            raise sqlite3.DatabaseError("file is not a database")
        return real_connect(path)

    monkeypatch.setattr(store_module, "_connect", racing_connect)
    with Store.open(tmp_path) as store:
        assert store.enabled and store.notice is None
        assert [r.answer for r in store.attempts()] == ["from the other"]
    moved = list(tmp_path.glob(f"{DB_FILENAME}.corrupt-*"))
    assert [path.read_bytes() for path in moved] == [garbage]


def test_a_damaged_card_is_started_afresh(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_attempt(record(skills=("proj_size", "output_layout")))
    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    conn.execute("UPDATE cards SET card = '{\"oops\": 1' WHERE skill = 'proj_size'")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert set(store.cards()) == {"output_layout"}
        later = T0 + timedelta(days=2)
        assert store.record_attempt(record(skills=("proj_size",), at=later)) is not None
        assert store.cards()["proj_size"].last_review == later


def test_an_overflow_while_replaying_an_import_is_a_history_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rnn_tutor.core.progress.store as store_module
    from rnn_tutor.core.call.spec import InputSpec, ModelCall
    from rnn_tutor.core.exercises.questions import Exercise, Question

    exercise = Exercise(ModelCall("RNN", (10, 20)), InputSpec((3, 2, 10)), Question("output"))
    with Store.open(tmp_path / "a") as store:
        store.record_attempt(record(exercise=exercise.to_dict()))
        history = store.export_history(now=T0)

    def overflow(rows: object) -> dict[str, Any]:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(store_module, "replay_cards", overflow)
    with Store.open(tmp_path / "b") as store:
        with pytest.raises(store_module.HistoryError) as info:
            store.import_history(history)
        assert info.value.key == "progress.error.replay"
        assert store.attempts() == []  # rolled back: nothing half imported


def test_every_generated_exercise_survives_export_and_import(tmp_path: Path) -> None:
    """Import refuses exercises it cannot rebuild; none the app itself records may be one."""
    from rnn_tutor.core.exercises.generator import LEVELS, generate
    from rnn_tutor.core.exercises.questions import Exercise

    exercises = [ex for level in LEVELS for ex in generate(level, seed=3, count=40)]
    with Store.open(tmp_path / "a") as store:
        for ex in exercises:
            store.record_attempt(record(exercise=ex.to_dict(), question=ex.question.id))
        history = store.export_history(now=T0)
    with Store.open(tmp_path / "b") as store:
        result = store.import_history(json.loads(json.dumps(history)))
        rebuilt = [Exercise.from_dict(row.exercise) for row in store.attempts()]

    def meaning(ex: Exercise) -> tuple[object, ...]:
        # Keyword order is not kept (the exercise is stored with sorted keys); it means nothing.
        return (ex.call.kind, ex.call.args, sorted(ex.call.kwargs), ex.input, ex.question)

    assert result.added == len(exercises)
    assert sorted(map(meaning, rebuilt), key=repr) == sorted(map(meaning, exercises), key=repr)


def test_an_exercise_replays_with_its_keyword_arguments_in_order(tmp_path: Path) -> None:
    from rnn_tutor.core.call.spec import InputSpec, ModelCall
    from rnn_tutor.core.exercises.questions import Exercise, Question

    call = ModelCall("LSTM", (10, 20), (("num_layers", 2), ("batch_first", True), ("bias", False)))
    exercise = Exercise(call, InputSpec((3, 5, 10)), Question("h_n"))
    with Store.open(tmp_path) as store:
        store.record_attempt(
            AttemptRecord(
                exercise=exercise.to_dict(),
                question="h_n",
                skills=(),
                answer="(2, 3, 20)",
                correct=True,
                expected=[2, 3, 20],
                misconception=None,
                hints_used=0,
                seconds=1.0,
                mode="practice",
            )
        )
    with Store.open(tmp_path) as store:
        [row] = store.attempts()
    replayed = Exercise.from_dict(row.exercise)
    assert replayed.code() == exercise.code()
    assert "nn.LSTM(10, 20, num_layers=2, batch_first=True, bias=False)" in replayed.code()


def test_the_revision_changes_with_every_write_from_here_or_elsewhere(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store, Store.open(tmp_path) as other:
        before = store.revision()
        assert store.revision() == before  # reading changes nothing
        store.record_attempt(record())
        after_own = store.revision()
        assert after_own != before
        other.record_attempt(record())  # another instance, another connection
        assert store.revision() != after_own
    assert Store.disabled().revision() == Store.disabled().revision()


def test_a_verdict_is_kept_as_the_record_says() -> None:
    from rnn_tutor.core.call.spec import InputSpec, ModelCall
    from rnn_tutor.core.exercises.questions import Exercise, Question
    from rnn_tutor.core.grading.verdict import Truth, Verdict

    exercise = Exercise(
        ModelCall("RNN", (10, 20)),
        InputSpec((3, 2, 10)),
        Question("h_n"),
        skills=("hn_first_axis",),
    )
    verdict = Verdict(False, Truth((1, 2, 20)), (2, 1, 20), misconception="batch_first_on_hidden")
    rec = AttemptRecord.from_verdict(
        exercise, "(2, 1, 20)", verdict, hints_used=1, seconds=-0.2, mode="review", at=T0
    )
    assert rec == AttemptRecord(
        exercise=exercise.to_dict(),
        question="h_n",
        skills=("hn_first_axis",),
        answer="(2, 1, 20)",
        correct=False,
        expected=[1, 2, 20],
        misconception="batch_first_on_hidden",
        hints_used=1,
        seconds=0.0,  # a clock that went backwards never stores negative time
        mode="review",
        at=T0,
    )
