"""The daily review budget on screen: home says how many wait for later days, ``b`` changes
the budget (remembered), review asks at most the budget and says why it stops.

The history is written relative to the real clock (home reads the queue at ``utc_now``): one
long sitting a month ago, so that today every skill it touched is due.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.progress.review import SETTING_DAILY_BUDGET
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.review import ReviewScreen
from tests.core.test_review_budget import answer  # a right answer, not rebuildable

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def long_sitting_long_ago(data_dir: Path, *, mode: str = "practice", answers: int = 50) -> None:
    """50 answers a minute apart, a month ago: every skill of SKILLS is due now."""
    start = datetime.now(timezone.utc) - timedelta(days=30)
    with Store.open(data_dir) as store:
        for n in range(answers):
            skill = SKILLS[n % len(SKILLS)]
            store.record_attempt(answer(skill, start + timedelta(minutes=n), mode=mode))


def menu_texts(app: RnnTutorApp) -> list[str]:
    menu = app.screen.query_one("#home-menu", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


def due_line(app: RnnTutorApp) -> str:
    return str(app.screen.query_one("#home-due", Static).render())


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_home_says_how_many_wait_and_b_changes_the_budget(tmp_path: Path) -> None:
    long_sitting_long_ago(tmp_path)
    app = RnnTutorApp(data_dir=tmp_path, lang="en", warm_up=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.review_budget == 20
        texts = menu_texts(app)
        assert any(t("ui.home.budget", count=20) in text for text in texts)
        assert any(text.endswith(t("ui.home.review.due", count=20)) for text in texts)
        later = len(SKILLS) - 20
        assert due_line(app) == (
            t("ui.home.due.skills", skills=t("ui.count.skills", count=20))
            + " "
            + t("ui.home.due.later", count=later)
        )

        await pilot.press("b")  # 20 -> 30: everything due fits
        await settle(pilot)
        assert app.review_budget == 30
        assert any(t("ui.home.budget", count=30) in text for text in menu_texts(app))
        assert t("ui.home.due.later", count=later) not in due_line(app)
        assert any(
            text.endswith(t("ui.home.review.due", count=len(SKILLS))) for text in menu_texts(app)
        )

        for _ in range(2):  # 30 -> 50 -> no limit
            await pilot.press("b")
            await settle(pilot)
        assert app.review_budget == 0
        assert any(t("ui.home.budget.unlimited") in text for text in menu_texts(app))

    # Remembered for the next start.
    with Store.open(tmp_path) as store:
        assert store.get_setting(SETTING_DAILY_BUDGET) == "0"


async def test_home_in_korean_words_the_budget(tmp_path: Path) -> None:
    long_sitting_long_ago(tmp_path)
    app = RnnTutorApp(data_dir=tmp_path, lang="ko", warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "하루 복습: 최대 20개" in "\n".join(menu_texts(app))
        assert f"나머지 {len(SKILLS) - 20}개는 다음 날로 미룹니다" in due_line(app)


async def test_review_asks_at_most_the_budget_then_says_the_rest_wait(tmp_path: Path) -> None:
    long_sitting_long_ago(tmp_path)
    with Store.open(tmp_path) as store:
        store.set_setting(SETTING_DAILY_BUDGET, "10")
    app = RnnTutorApp(data_dir=tmp_path, lang="en", warm_up=False, screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.state == "asking"
        assert str(review.query_one("#review-progress", Static).content).startswith(
            "Review 1 of 10"
        )


async def test_a_spent_budget_is_said_not_nothing_due(tmp_path: Path) -> None:
    long_sitting_long_ago(tmp_path)
    now = datetime.now(timezone.utc)
    with Store.open(tmp_path) as store:
        store.set_setting(SETTING_DAILY_BUDGET, "10")
        for minute in range(10):  # today's ten reviews, on a skill beyond those due
            store.record_attempt(
                answer(SKILLS[0], now - timedelta(seconds=minute + 1), mode="review")
            )
    app = RnnTutorApp(data_dir=tmp_path, lang="en", warm_up=False, screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        message = str(review.message_text())
        assert review.state == "empty"
        assert t("ui.review.empty.budget_spent", reviewed=10, budget=10) in message
        assert t("ui.review.empty.nothing_due") not in message
        assert t("ui.review.detail.budget", later=len(SKILLS) - 1) in message
