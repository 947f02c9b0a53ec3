"""Fault injection for the progress store (issue 9): bad rows of every column, a damaged
index page, a CHECK violation, a read-only file and folder, foreign schemas, an export that
cannot read, and a long import beside a writer. No committed attempt is lost, and every
outcome is a message, never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid as uuid_module
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rnn_tutor import cli
from rnn_tutor.core.progress import store as store_module
from rnn_tutor.core.progress.paths import DB_FILENAME
from rnn_tutor.core.progress.scheduler import replay_cards
from rnn_tutor.core.progress.stats import stats_for
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language
from tests.core.test_progress_cli import T0, attempt, fill

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(cli, "COMMANDS", ("stats", "progress"))
    monkeypatch.delenv("RNN_TUTOR_HOME", raising=False)
    yield
    set_language("en")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def raw(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / DB_FILENAME, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    return conn


def uuids(folder: Path) -> set[str]:
    conn = raw(folder)
    try:
        return {str(u) for (u,) in conn.execute("SELECT uuid FROM attempts NOT INDEXED")}
    finally:
        conn.close()


# ---- bad rows of every column ---------------------------------------------------------

BLOB = b"\x00\xff"
BAD_VALUES: list[tuple[str, Any]] = [
    ("uuid", BLOB),
    ("at", "not a time"),
    ("question", BLOB),
    ("exercise", "{broken"),
    ("exercise", "[1, 2]"),
    ("skills", "5"),
    ("skills", "[1]"),
    ("answer", BLOB),
    ("correct", 5),
    ("expected", "nan"),
    ("expected", "NaN"),
    ("misconception", BLOB),
    ("hints_used", -1),
    ("hints_used", "abc"),
    ("seconds", "abc"),
    ("seconds", -3.0),
    ("mode", BLOB),
]


@pytest.mark.parametrize(("column", "value"), BAD_VALUES)
def test_one_bad_row_is_skipped_counted_and_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: Any
) -> None:
    fill(tmp_path, range(4))
    conn = raw(tmp_path)
    conn.execute(f"UPDATE attempts SET {column} = ? WHERE id = 2", (value,))
    conn.close()

    with Store.open(tmp_path) as store:
        rows = store.attempts()
        assert [row.id for row in rows] == [1, 3, 4]
        assert store.unreadable_rows == 1
        assert store.notice is not None and store.notice.key == "safety.notice.bad_rows"
        assert "1 attempt could not be read and was left as it is" in store.notice.text()
        stats_for(store, skills=("proj_size",))  # stats read the same rows

    code, out, err = run(["--data-dir", str(tmp_path), "stats", "--json"], capsys)
    assert code == 0 and json.loads(out)["totals"]["attempts"] == 3
    assert "could not be read" in err
    backup = tmp_path / "backup.json"
    code, out, err = run(["--data-dir", str(tmp_path), "progress", "export", str(backup)], capsys)
    assert code == 0 and len(json.loads(backup.read_text())["attempts"]) == 3
    conn = raw(tmp_path)  # the bad row is still there, untouched
    assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 4
    conn.close()


def test_the_app_starts_on_a_history_with_bad_rows(tmp_path: Path) -> None:
    fill(tmp_path, range(3))
    conn = raw(tmp_path)
    conn.execute("UPDATE attempts SET at = 'not a time' WHERE id = 1")
    conn.execute("UPDATE attempts SET skills = '5' WHERE id = 2")
    conn.close()
    code = (
        "import asyncio\n"
        "from textual.notifications import Notify\n"
        "from rnn_tutor.ui.app import RnnTutorApp\n"
        "told = []\n"
        "def hook(message):\n"
        "    if isinstance(message, Notify):\n"
        "        told.append(message.notification.message)\n"
        f"app = RnnTutorApp(data_dir={str(tmp_path)!r}, lang='en', screen='stats')\n"
        "async def main():\n"
        "    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:\n"
        "        await pilot.pause(0.5)\n"
        "        print('NOTICES', told)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "2 attempts could not be read" in done.stdout


# ---- damaged files --------------------------------------------------------------------


def test_a_check_violation_does_not_send_the_file_aside(tmp_path: Path) -> None:
    fill(tmp_path, range(3))
    conn = raw(tmp_path)
    conn.execute("UPDATE attempts SET correct = 7 WHERE id = 3")
    conn.execute("PRAGMA ignore_check_constraints = OFF")
    assert "CHECK constraint failed" in conn.execute("PRAGMA quick_check").fetchone()[0]
    conn.close()
    with Store.open(tmp_path) as store:
        assert [row.id for row in store.attempts()] == [1, 2]
        assert store.notice is not None and store.notice.key == "safety.notice.bad_rows"
        assert store.record_attempt(attempt(9)) is not None
    assert list(tmp_path.glob("*.corrupt-*")) == []


def damage_index(folder: Path) -> None:
    conn = sqlite3.connect(folder / DB_FILENAME)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'attempts_at'").fetchone()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    path = folder / DB_FILENAME
    data = bytearray(path.read_bytes())
    start = (root[0] - 1) * page_size
    data[start : start + page_size] = bytes([0xA5]) * page_size
    path.write_bytes(bytes(data))


def test_a_damaged_index_page_is_salvaged_into_a_fresh_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(tmp_path, range(40))
    before = uuids(tmp_path)
    damage_index(tmp_path)
    code, out, err = run(["--data-dir", str(tmp_path), "progress", "export", "-"], capsys)
    assert code == 0 and "Traceback" not in err
    assert "40 attempts were read from it" in err
    assert {a["uuid"] for a in json.loads(out)["attempts"]} == before
    with Store.open(tmp_path) as store:
        assert {row.uuid for row in store.attempts()} == before
        assert store.cards()  # rebuilt from the salvaged attempts
    aside = list(tmp_path.glob(f"{DB_FILENAME}.corrupt-*"))
    assert len(aside) == 1  # the damaged file is kept, and nothing beside it


# ---- read-only file and folder --------------------------------------------------------


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Read-only even for root (chattr +i); mode 0444/0555 for anyone else."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(stat.S_IMODE(mode) & ~0o222)
        try:
            yield
        finally:
            path.chmod(stat.S_IMODE(mode))


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_progress_is_read_not_turned_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    folder = tmp_path / "home"
    fill(folder, range(5))
    before = uuids(folder)
    target = folder / DB_FILENAME if what == "file" else folder
    backup = tmp_path / "backup.json"
    with immutable(target):
        with Store.open(folder) as store:
            assert store.enabled and store.read_only
            assert store.notice is not None and store.notice.key == "safety.notice.read_only"
            assert {row.uuid for row in store.attempts()} == before
            assert stats_for(store, skills=("proj_size",)).totals.attempts == 5
            assert store.record_attempt(attempt(99)) is None
            assert store.notice.key == "safety.notice.not_saved_read_only"
        code, _, err = run(["--data-dir", str(folder), "progress", "export", str(backup)], capsys)
        assert code == 0, err
        assert "read-only" in err
    assert {a["uuid"] for a in json.loads(backup.read_text())["attempts"]} == before
    assert uuids(folder) == before


# ---- foreign databases ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "found"),
    [
        ("CREATE TABLE attempts (foo TEXT); INSERT INTO attempts VALUES ('x')", "attempts"),
        ("PRAGMA user_version = -1", "user_version = -1"),
    ],
)
def test_a_foreign_database_is_named_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, found: str
) -> None:
    path = tmp_path / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.executescript(setup)
    conn.close()
    content = path.read_bytes()
    code, _out, err = run(["--data-dir", str(tmp_path), "stats", "--json"], capsys)
    assert code == 0 and "Traceback" not in err
    assert "is not an rnn-tutor progress file" in err and found in err
    assert "folder you can write to" not in err
    assert path.read_bytes() == content
    assert list(tmp_path.glob("*.corrupt-*")) == []


# ---- export ---------------------------------------------------------------------------


def test_export_of_an_unreadable_database_fails_and_keeps_the_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    fill(home, range(3))
    backup = tmp_path / "backup.json"
    assert run(["--data-dir", str(home), "progress", "export", str(backup)], capsys)[0] == 0
    good = backup.read_bytes()
    conn = raw(home)
    conn.execute("DROP INDEX attempts_at")
    conn.execute("ALTER TABLE attempts DROP COLUMN mode")
    conn.close()
    code, out, err = run(["--data-dir", str(home), "progress", "export", str(backup)], capsys)
    assert code == 1
    assert "Nothing was exported" in err and "no such column" in err
    assert "Exported" not in out
    assert backup.read_bytes() == good


def test_export_never_overwrites_a_backup_with_less(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(tmp_path / "a", range(5))
    fill(tmp_path / "b", range(2))
    backup = tmp_path / "backup.json"
    assert (
        run(["--data-dir", str(tmp_path / "a"), "progress", "export", str(backup)], capsys)[0] == 0
    )
    good = backup.read_bytes()
    code, _, err = run(
        ["--data-dir", str(tmp_path / "b"), "progress", "export", str(backup)], capsys
    )
    assert code == 1 and "holds 5 attempts that your progress does not" in err
    assert backup.read_bytes() == good
    # The same history again, or more, replaces it.
    assert (
        run(["--data-dir", str(tmp_path / "a"), "progress", "export", str(backup)], capsys)[0] == 0
    )


def test_export_refuses_targets_that_are_not_regular_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(tmp_path / "home", range(2))
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(precious)
    for target in [str(fifo), "/dev/null", "/dev/stdout", str(link), str(tmp_path)]:
        code, _out, err = run(
            ["--data-dir", str(tmp_path / "home"), "progress", "export", target], capsys
        )
        assert code == 2, target
        assert "is not a regular file" in err, target
    assert precious.read_text() == "keep me" and link.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ---- a long import beside a writer ----------------------------------------------------


def history_of(count: int, template: dict[str, Any]) -> dict[str, Any]:
    attempts = []
    for i in range(count):
        item = dict(template)
        item["uuid"] = str(uuid_module.uuid4())
        item["at"] = (T0 - timedelta(minutes=count - i)).isoformat()
        attempts.append(item)
    return {"format": "rnn-tutor-progress", "version": 1, "attempts": attempts}


def test_a_long_import_never_holds_the_lock_long_and_loses_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "IMPORT_BATCH", 500)
    folder = tmp_path / "home"
    fill(folder, range(1))
    with Store.open(folder) as store:
        template = store.export_history()["attempts"][0]
    history = history_of(6_000, template)

    writer_waits: list[float] = []
    written: list[str] = []
    done = threading.Event()

    def writer() -> None:
        with Store.open(folder) as other:
            i = 0
            while not done.is_set():
                started = time.perf_counter()
                row = other.record_attempt(attempt(1000 + i))
                writer_waits.append(time.perf_counter() - started)
                assert row is not None, other.notice
                written.append(row.uuid)
                i += 1
                time.sleep(0.01)

    thread = threading.Thread(target=writer)
    with Store.open(folder) as importer:
        thread.start()
        try:
            result = importer.import_history(history)
        finally:
            done.set()
            thread.join()
    assert result.added == 6_000
    assert written and max(writer_waits) < 2.0
    stored = uuids(folder)
    assert set(written) <= stored
    assert {a["uuid"] for a in history["attempts"]} <= stored
    with Store.open(folder) as store:
        rows = store.attempts()
        assert len(rows) == 1 + 6_000 + len(written)
        # The writer's answers came after every imported one: the cards are exactly a
        # replay of everything, the answers saved during the rebuild included.
        replayed = {skill: card.to_dict() for skill, card in replay_cards(rows).items()}
        assert {skill: card.to_dict() for skill, card in store.cards().items()} == replayed


# ---- imported names and refs must agree with the call -----------------------------------


def named_exercise() -> dict[str, Any]:
    from rnn_tutor.core.exercises.generator import generate

    exercise = generate(1, 0, 1)[0].to_dict()
    assert exercise["names"] == {"HIDDEN_SIZE": 31, "NUM_LAYERS": 1}
    return exercise


def one_attempt_history(exercise: dict[str, Any]) -> dict[str, Any]:
    item = {
        "uuid": str(uuid_module.uuid4()),
        "at": T0.isoformat(),
        "question": str(exercise.get("question", "output")),
        "exercise": exercise,
        "skills": ["output_layout"],
        "answer": "(1, 2, 3)",
        "correct": False,
        "expected": [1, 2, 3],
        "misconception": None,
        "hints_used": 0,
        "seconds": 1.0,
        "mode": "practice",
    }
    return {"format": "rnn-tutor-progress", "version": 1, "attempts": [item]}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: e["names"].update(HIDDEN_SIZE=99),  # review would show 99, torch runs 31
        lambda e: e["call"]["refs"].update({"0": "HIDDEN_SIZE"}),  # names the wrong slot
        lambda e: e["call"]["refs"].update({"1": "NOWHERE"}),  # a name with no value
    ],
)
def test_imported_names_must_agree_with_the_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper: Any
) -> None:
    good = named_exercise()
    with Store.open(tmp_path) as store:
        assert store.import_history(one_attempt_history(good)).added == 1
    bad = named_exercise()
    tamper(bad)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(one_attempt_history(bad)))
    code, _out, err = run(["--data-dir", str(tmp_path), "progress", "import", str(path)], capsys)
    assert code == 2 and '"exercise"' in err and "Nothing was imported" in err


def test_a_damaged_table_page_keeps_the_rows_that_still_read(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for i in range(300):
            assert store.record_attempt(attempt(i)) is not None
    before = uuids(tmp_path)
    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    path = tmp_path / DB_FILENAME
    data = bytearray(path.read_bytes())
    leaves = [  # b-tree pages of the attempts table's rows (type byte 0x0D)
        start for start in range(page_size, len(data), page_size) if data[start] == 0x0D
    ]
    middle = leaves[len(leaves) // 2]
    data[middle : middle + page_size] = bytes([0xA5]) * page_size
    path.write_bytes(bytes(data))

    with Store.open(tmp_path) as store:
        notice = store.notice
        assert notice is not None and notice.key == "safety.notice.salvaged"
        kept = {row.uuid for row in store.attempts()}
        # Only the rows on the ruined page are gone (a page holds about ten of them).
        assert kept <= before and len(kept) >= len(before) - 30
        assert int(notice.params["count"]) == len(kept)
        assert store.record_attempt(attempt(999)) is not None  # a fresh, working file
    assert len(list(tmp_path.glob(f"{DB_FILENAME}.corrupt-*"))) == 1
