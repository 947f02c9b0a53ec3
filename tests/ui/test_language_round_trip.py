"""Issue 8: answer in English, switch to Korean, and the feedback, results and review read
wholly in Korean; switch back and they read in English again."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from rnn_tutor.core.grading.verdict import Verdict
from rnn_tutor.i18n import set_language
from tests.conftest import SeededHistory
from tests.ui.test_app_flows import answer, exercise, feedback_text, open_practice
from tests.ui.test_app_flows import make_app as flows_app
from tests.ui.test_modes import feedback_text as modes_feedback
from tests.ui.test_modes import handmade_result, review_app, settle, submit
from tests.ui.test_modes import make_app as modes_app

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# English prose: three words of letters in a row (formulas such as "D*num_layers" are not).
ENGLISH_PROSE = re.compile(r"\b[A-Za-z]{2,}\b \b[A-Za-z]{2,}\b \b[A-Za-z]{2,}\b")


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def prose_lines(text: str) -> list[str]:
    """The lines that are sentences (not code, shapes or the unrolled drawing)."""
    return [line for line in text.splitlines() if len(line.split()) > 3]


def assert_korean(text: str) -> None:
    lines = prose_lines(text)
    assert lines
    for line in lines:
        assert not ENGLISH_PROSE.search(line) or HANGUL.search(line), line


def assert_english(text: str) -> None:
    assert not HANGUL.search(text), text


async def switch(pilot: Any, lang: str) -> None:
    pilot.app.switch_language(lang)
    await pilot.pause()
    await pilot.pause()


async def test_feedback_reads_wholly_in_the_language_it_is_shown_in(tmp_path: Path) -> None:
    app = flows_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot, exercise("h_n"))
        await answer(pilot, "(3, 2, 20)")  # batch_first applied to h_n
        assert isinstance(screen.verdict, Verdict) and screen.verdict.misconception
        english = feedback_text(screen)
        assert_english(english)
        assert "h_n is" in english

        await switch(pilot, "ko")
        korean = feedback_text(screen)
        assert korean != english
        assert_korean(korean)

        await switch(pilot, "en")
        assert feedback_text(screen) == english


async def test_results_follow_the_language(tmp_path: Path) -> None:
    app = modes_app(tmp_path / "progress", "results", result=handmade_result())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"

        def item_text() -> str:
            widgets = list(app.screen.query(".results-item").results(Static))
            return "\n".join(str(w.render()) for w in widgets)

        assert_english(item_text())
        await switch(pilot, "ko")
        assert_korean(item_text())
        await switch(pilot, "en")
        assert_english(item_text())


async def test_a_review_answered_in_english_reads_in_korean(
    seeded_history: SeededHistory,
) -> None:
    app = review_app(seeded_history)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        review = app.screen
        assert type(review).__name__ == "ReviewScreen"
        await submit(pilot, "(99, 98, 97)")
        await settle(pilot)
        english = modes_feedback(review)
        assert "✗" in english
        assert_english(english)
        await switch(pilot, "ko")
        assert_korean(modes_feedback(review))
        await switch(pilot, "en")
        assert modes_feedback(review) == english


async def test_the_answer_box_key_follows_a_switch_made_on_home(tmp_path: Path) -> None:
    from rnn_tutor.i18n import tr

    app = flows_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot)
        await pilot.press("escape", "escape")  # out of the box, then home
        await pilot.pause()
        await pilot.press("l")  # Korean
        await pilot.pause()
        again = await open_practice(pilot)
        assert again is screen
        box = again.answer_box.input
        (binding,) = [b for _, b in box._bindings if b.action == "leave"]
        assert binding.description == tr("ko", "ui.key.leave_box")
