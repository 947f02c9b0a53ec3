"""Settings (language, level, track, quiz feedback) where they cannot be saved: the store
says whether it is read-only, a choice not saved holds for the session, and a failed write
is worded as a choice not remembered, never as a lost answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rnn_tutor.core.progress.paths import DB_FILENAME
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import tr
from tests.core.test_progress_cli import fill
from tests.core.test_store_faults import immutable


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_says_so_and_keeps_choices_for_the_session(
    tmp_path: Path, what: str
) -> None:
    folder = tmp_path / "home"
    fill(folder, range(2))
    with Store.open(folder) as store:
        assert not store.read_only
        assert store.set_setting("language", "en") is True
    target = folder / DB_FILENAME if what == "file" else folder
    with immutable(target), Store.open(folder) as store:
        assert store.read_only
        notice = store.notice
        assert notice is not None and notice.key == "safety.notice.read_only"
        assert store.set_setting("language", "ko") is False
        assert store.notice is notice  # still read-only, not a failed write
        assert store.get_setting("language") == "ko"  # for this session
    with Store.open(folder) as store:
        assert store.get_setting("language") == "en"  # the file was not changed


def test_read_only_is_not_settable_from_outside(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store, pytest.raises(AttributeError):
        store.read_only = True  # type: ignore[misc]


def test_a_failed_settings_write_is_not_called_a_lost_answer(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        conn = sqlite3.connect(tmp_path / DB_FILENAME)
        conn.execute("DROP TABLE settings")
        conn.commit()
        conn.close()
        assert store.set_setting("level", "3") is False
        assert not store.read_only
        assert store.notice is not None and store.notice.key == "settings.notice.not_saved"
        for lang, answer in (("en", "answer"), ("ko", "답안")):
            text = store.notice.text(lang)
            assert "no such table: settings" in text
            assert answer not in text
            assert answer in tr(lang, "progress.notice.write_failed", reason="")
        assert store.get_setting("level") == "3"


def test_progress_off_keeps_choices_for_the_session() -> None:
    store = Store.disabled()
    assert store.get_setting("track") is None
    assert store.set_setting("track", "around") is False
    assert store.get_setting("track") == "around"
    assert not store.read_only
