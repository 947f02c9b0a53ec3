"""Choices made in the app while the progress is read-only (issue 9's leftover): the app
says plainly that they hold for this session only, never that something "could not be
saved", and they do hold for the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from rnn_tutor.core.progress.paths import DB_FILENAME
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language, tr
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.quiz import QuizScreen
from tests.core.test_progress_cli import fill
from tests.core.test_store_faults import immutable
from tests.ui.told import Told


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield None
    set_language("en")


def settings_of(folder: Path) -> dict[str, str | None]:
    with Store.open(folder) as store:
        return {key: store.get_setting(key) for key in ("language", "level", "track")}


@pytest.mark.parametrize("what", ["file", "folder"])
async def test_choices_on_read_only_progress_hold_for_the_session(
    tmp_path: Path, what: str
) -> None:
    folder = tmp_path / "progress"
    fill(folder, range(3))
    before = settings_of(folder)
    target = folder / DB_FILENAME if what == "file" else folder
    with immutable(target):
        app = RnnTutorApp(data_dir=folder, lang="en", seed=7, warm_up=False)
        told = Told()
        async with app.run_test(size=(100, 30), message_hook=told) as pilot:
            await pilot.pause()
            assert app.store.read_only
            opened_with = len(told)
            await pilot.press("l")  # language
            await pilot.pause()
            assert app.language == "ko"
            assert told[opened_with:] == [tr("ko", "settings.read_only.session_only")]
            await pilot.press("t")  # track: the level follows
            await pilot.press("v")  # level
            await pilot.pause()
            assert app.track == "around"
            assert app.level == 7
            said = told[opened_with:]
            assert said == [tr("ko", "settings.read_only.session_only")] * 3
            # The notice in view still says why: read-only, not a failed write.
            notice = str(app.screen.query_one("#home-notice", Static).render())
            assert notice == tr("ko", "safety.notice.read_only", path=str(folder / DB_FILENAME))
            # The quiz's feedback choice holds for the next quiz of this session too.
            assert app.open_screen("quiz", count=1)
            await pilot.pause()
            quiz = app.screen
            assert isinstance(quiz, QuizScreen) and quiz.feedback_mode == "end"
            quiz.action_toggle_feedback()
            assert told[-2] == tr("ko", "settings.read_only.session_only")
            await pilot.press("escape", "escape")
            assert app.open_screen("quiz", count=1)
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen) and app.screen.feedback_mode == "each"
    assert settings_of(folder) == before
