"""The served app's name prompt (a profile per learner) and the teacher's class screen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from rnn_tutor.core.progress.learners import learner_dir
from rnn_tutor.core.progress.paths import progress_file
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.class_app import ClassApp
from rnn_tutor.ui.screens.classview import ClassScreen
from rnn_tutor.ui.screens.home import HomeScreen
from rnn_tutor.ui.screens.learner import LearnerScreen

if TYPE_CHECKING:
    from tests.conftest import SeededHistory


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    yield
    set_language("en")


def served(tmp_path: Path, learner: str | None = None) -> RnnTutorApp:
    return RnnTutorApp(
        data_dir=tmp_path, lang="en", ask_learner=True, learner=learner, warm_up=False
    )


async def give_name(app: RnnTutorApp, pilot: Pilot[Any], name: str) -> None:
    """Type ``name`` at the prompt and press Enter; wait until the profile is opened (in a
    worker) or refused."""
    app.screen.query_one("#learner-name", Input).value = name
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_prompt_comes_first_and_opens_nothing_until_a_name(tmp_path: Path) -> None:
    app = served(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        assert not app.store.enabled
        await pilot.press("ctrl+p")  # no palette: it would open screens without a profile
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen)
        await pilot.press(*"../x", "enter")
        await pilot.pause()
        error = app.screen.query_one("#learner-error", Static)
        assert str(error.render()) == t("serve.name.chars")
        assert not any(tmp_path.iterdir())
        await give_name(app, pilot, "김민아")
        assert isinstance(app.screen, HomeScreen)
        assert [type(s) for s in app.screen_stack] == [HomeScreen]
        await pilot.press("escape")  # nothing below home: the prompt is gone for good
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.learner == "김민아"
        assert app.store.path == progress_file(tmp_path / "learners" / "김민아")
    assert not (tmp_path / "progress.sqlite3").exists()


async def test_a_name_from_the_url_skips_the_prompt(tmp_path: Path) -> None:
    app = served(tmp_path, learner="mina")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.path == progress_file(learner_dir(tmp_path, "mina"))


async def test_without_a_learner_nothing_changes(tmp_path: Path) -> None:
    app = RnnTutorApp(data_dir=tmp_path, lang="en", warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store.path == progress_file(tmp_path)


async def test_the_prompt_in_korean(tmp_path: Path) -> None:
    app = RnnTutorApp(data_dir=tmp_path, lang="ko", ask_learner=True, warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ask = app.screen.query_one("#learner-ask", Static)
        assert str(ask.render()) == t("serve.prompt.ask")
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.screen.query_one("#learner-error", Static).render()) == "이름을 입력하세요."


async def test_the_class_screen_shows_the_view_and_the_chart(
    tmp_path: Path, seeded_history: SeededHistory
) -> None:
    base = tmp_path / "class"
    mina = learner_dir(base, "mina")
    mina.mkdir(parents=True)
    shutil.copy(progress_file(seeded_history.data_dir), progress_file(mina))
    app = ClassApp(base, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassScreen)
        assert screen.report is not None and screen.report.totals.attempts == 10
        text = str(screen.query_one("#class-text", Static).render())
        assert "Class: 1 learner, 10 answers, 40% right." in text
        chart = screen.query_one("#class-chart")
        assert not chart.has_class("-empty")
        await pilot.press("r")  # read again: still the same, nothing written
        await app.workers.wait_for_complete()
    assert sorted(p.name for p in base.iterdir()) == ["learners"]  # no store of its own


async def test_an_empty_class_screen_has_no_chart(tmp_path: Path) -> None:
    app = ClassApp(tmp_path, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#class-chart").has_class("-empty")
        assert t("classview.empty") in str(app.screen.query_one("#class-text", Static).render())


async def test_a_learners_cell_never_appears_in_anothers_editor(tmp_path: Path) -> None:
    """My code is kept per profile; the served prompt's learner gets their own too."""
    from rnn_tutor.core.progress.code_file import code_file, load_code, save_code
    from rnn_tutor.ui.screens.mycode import STARTER_CODE, MyCodeScreen

    save_code(tmp_path, "shared_before_profiles = 1\n")  # the default profile's, kept

    async def editor_text(app: RnnTutorApp, typed: str = "") -> str:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if app.learner_pending:
                await give_name(app, pilot, "bora")
            if not isinstance(app.screen, MyCodeScreen):
                app.open_screen("mycode")
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MyCodeScreen)
            text = screen.editor.text
            if typed:
                screen.editor.text = typed
                await pilot.pause()
        return text  # typed text is kept when the app closes

    alice = RnnTutorApp(
        data_dir=tmp_path, lang="en", learner="alice", screen="mycode", warm_up=False
    )
    assert STARTER_CODE in await editor_text(alice, typed="alices_secret = 42\n")
    assert load_code(learner_dir(tmp_path, "alice")) == "alices_secret = 42\n"
    bora = served(tmp_path)  # asks for the name, as a tab without ?learner= does
    bora_text = await editor_text(bora)
    assert "alices_secret" not in bora_text and "shared_before" not in bora_text
    assert STARTER_CODE in bora_text
    assert not code_file(learner_dir(tmp_path, "bora")).exists()  # nothing typed: none kept
    alice_again = RnnTutorApp(data_dir=tmp_path, lang="en", learner="alice", warm_up=False)
    assert await editor_text(alice_again) == "alices_secret = 42\n"
    default = RnnTutorApp(data_dir=tmp_path, lang="en", warm_up=False)
    assert await editor_text(default) == "shared_before_profiles = 1\n"


async def test_a_name_that_reads_like_a_profile_is_refused_at_the_prompt(tmp_path: Path) -> None:
    Store.open(learner_dir(tmp_path, "alice")).close()
    # The address named a look-alike: the prompt comes first and says why.
    app = served(tmp_path, learner="\u0430lice")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LearnerScreen) and app.learner is None
        error = app.screen.query_one("#learner-error", Static)
        assert "reads like 'alice'" in str(error.render())
        await give_name(app, pilot, "Alice")
        assert isinstance(app.screen, LearnerScreen)  # refused again, still asking
        assert "'Alice' reads like 'alice'" in str(error.render())
        await give_name(app, pilot, "alice")
        assert isinstance(app.screen, HomeScreen) and app.learner == "alice"
    assert sorted(p.name for p in (tmp_path / "learners").iterdir() if p.is_dir()) == ["alice"]
    korean = RnnTutorApp(
        data_dir=tmp_path, lang="ko", ask_learner=True, learner="ALICE", warm_up=False
    )
    async with korean.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        error = korean.screen.query_one("#learner-error", Static)
        assert "'ALICE' 은 이 수업에 이미 있는 학습자 이름 'alice'" in str(error.render())


async def test_the_profile_opens_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Store.open after a name waits (another tab holds the file): the prompt says it is
    opening, takes no second name, and the event loop keeps answering; the test itself,
    on that loop, is what lets the open finish."""
    import asyncio
    import threading
    import time

    release = threading.Event()
    waited: list[bool] = []
    real_open = Store.open.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[Store], directory: Path | None = None) -> Store:
        if directory is not None and "learners" in directory.parts:
            waited.append(release.wait(10))
        return real_open(cls, directory)  # type: ignore[no-any-return]

    monkeypatch.setattr(Store, "open", classmethod(held_open))
    app = served(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        name_box = app.screen.query_one("#learner-name", Input)
        name_box.value = "mina"
        await pilot.press("enter")
        start = time.perf_counter()
        await asyncio.sleep(0.05)  # the loop runs while the open waits
        assert time.perf_counter() - start < 0.5
        assert isinstance(app.screen, LearnerScreen) and name_box.disabled
        assert str(app.screen.query_one("#learner-error", Static).render()) == t(
            "serve.prompt.opening"
        )
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert waited == [True]  # released by this loop: the open never blocked it
        assert isinstance(app.screen, HomeScreen) and app.learner == "mina"
