"""Pilot-driven flows of the quiz, results, review and statistics screens, and their commands.

Every app keeps its progress in a temporary folder. Quizzes use the seeded generator
(the app's ``seed=7``); the right answer of each question comes from the closed form
(``explain.closed_form``), which the differential tests keep equal to torch. Review and
statistics run on the ``seeded_history`` fixture at its fixed ``now`` and in UTC, so
what is due never depends on the day the tests run. The countdown is driven by calling
its tick handler, never by sleeping.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static
from textual.worker import WorkerCancelled

from rnn_tutor.core.call.spec import InputSpec, ModelCall
from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.exercises.questions import SKILLS, Exercise, Question
from rnn_tutor.core.grading.explain import closed_form, misconception_text
from rnn_tutor.core.grading.verdict import Truth, Verdict
from rnn_tutor.core.grading.words import misconception_name
from rnn_tutor.core.progress.store import AttemptRecord, Store
from rnn_tutor.core.progress.wording import relative_text
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.quiz import QuizScreen, clock_text
from rnn_tutor.ui.screens.quiz_result import QuizAnswer, QuizResult
from rnn_tutor.ui.screens.results import ResultsScreen
from rnn_tutor.ui.screens.review import ReviewScreen
from rnn_tutor.ui.screens.stats import StatsScreen
from rnn_tutor.ui.widgets.feedback import shape_text
from tests.conftest import SeededHistory
from tests.ui.told import Told

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    """The catalog language is process-wide; leave it as the next test expects."""
    yield
    set_language("en")


def make_app(data_dir: Path, screen: str, **screen_options: Any) -> RnnTutorApp:
    return RnnTutorApp(
        data_dir=data_dir,
        lang="en",
        seed=7,
        warm_up=False,
        screen=screen,
        screen_options=screen_options,
    )


def right_answer(exercise: Exercise) -> str:
    closed = closed_form(exercise)
    if closed.raises is not None:
        return "it raises an error"
    return shape_text(closed.value)


def wrong_answer(exercise: Exercise) -> str:
    closed = closed_form(exercise)
    if closed.raises is not None:
        return "(1, 2, 3)"
    value = closed.value
    if isinstance(value, tuple):
        return shape_text((value[0] + 1, *value[1:]))
    assert isinstance(value, int)
    return str(value + 1)


def text_of(static: Static) -> str:
    return str(static.content)


def feedback_text(screen: Any) -> str:
    return text_of(screen.query_one("#feedback-text", Static))


async def submit(pilot: Any, text: str) -> None:
    screen = pilot.app.screen
    screen.answer_box.focus_input()
    screen.answer_box.input.value = text
    await pilot.press("enter")
    await pilot.pause()


async def settle(pilot: Any) -> None:
    """Let grading workers finish and their messages arrive.

    An exclusive worker replaced by its successor (a timed-out answer's grading, then the
    next question's) ends cancelled; that is its job, not a failure, so it is waited past."""
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            await pilot.pause()
    await pilot.pause()
    await pilot.pause()


def attempts(data_dir: Path) -> list[Any]:
    with Store.open(data_dir) as store:
        return store.attempts()


# ---- quiz -------------------------------------------------------------------------------


async def test_quiz_feedback_at_end_to_results(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    app = make_app(data, "quiz", count=3, level=2, feedback="end")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert [slot.exercise for slot in quiz.slots] == generate(2, 7, 3)
        progress = quiz.query_one("#quiz-progress", Static)
        assert text_of(progress).startswith("Question 1 of 3")

        # A typo: the parser's message under the box, the text kept, still question 1.
        await submit(pilot, "[1, 3")
        assert quiz.index == 0
        assert quiz.answer_box.text == "[1, 3"
        message = text_of(quiz.query_one("#answer-message", Static))
        assert "[1, 3" in message

        first, second, third = (slot.exercise for slot in quiz.slots)
        await submit(pilot, right_answer(first))
        assert quiz.index == 1
        assert text_of(progress).startswith("Question 2 of 3")
        await submit(pilot, wrong_answer(second))
        await settle(pilot)
        # Feedback "end": no verdict while the quiz runs, even once grading is done.
        assert quiz.index == 2
        shown = feedback_text(quiz)
        assert t("ui.feedback.wrong") not in shown
        assert t("ui.feedback.right") not in shown
        assert t("ui.quiz.note.saved", number=2) in shown

        await submit(pilot, right_answer(third))
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result is not None
        assert [a.correct for a in results.result.answers] == [True, False, True]
        assert results.result.answers[1].answer == wrong_answer(second)
        score = text_of(results.query_one("#results-score", Static))
        assert score == "2 of 3 right (67%)"
        items = [text_of(w) for w in results.query(".results-item").results(Static)]
        assert len(items) == 1
        assert right_answer(second) in items[0]
        assert wrong_answer(second) in items[0]

    rows = attempts(data)
    assert [(r.mode, r.correct) for r in rows] == [("quiz", True), ("quiz", False), ("quiz", True)]
    assert rows[1].answer == wrong_answer(second)


async def test_one_stray_esc_does_not_end_a_quiz_under_way(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "quiz", count=3, level=1, feedback="each")
    notices = Told()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await submit(pilot, wrong_answer(quiz.slots[0].exercise))
        await settle(pilot)
        quiz.set_focus(None)  # after a verdict, as a learner leaving the answer box would be
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz
        assert t("ui.quiz.leave_confirm") in notices
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not quiz
        assert app.screen.id == "home"
    # What was graded is kept either way.
    assert len(attempts(tmp_path / "progress")) == 1


async def test_quiz_feedback_after_each_shows_the_verdict(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "quiz", count=2, level=1, feedback="each")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        first, second = (slot.exercise for slot in quiz.slots)
        await submit(pilot, right_answer(first))
        await settle(pilot)
        assert quiz.index == 0  # waits for the learner
        assert t("ui.feedback.right") in feedback_text(quiz)
        assert quiz.check_action("next", ()) is True

        await pilot.press("n")
        await pilot.pause()
        assert quiz.index == 1
        await submit(pilot, wrong_answer(second))
        await settle(pilot)
        assert t("ui.feedback.wrong") in feedback_text(quiz)
        assert quiz.answer_box.input.disabled

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.result is not None
        assert app.screen.result.correct == 1


async def test_quiz_countdown_expiring_counts_as_unanswered(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    app = make_app(data, "quiz", count=2, level=1, time_limit=5, feedback="end")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.countdown is not None
        quiz.countdown.pause()  # the test is the clock
        clock = quiz.query_one("#quiz-clock", Static)
        assert text_of(clock) == clock_text(5) == "0:05 left"

        quiz.answer_box.input.value = "(1, 2"  # typed but never submitted
        for _ in range(4):
            quiz.tick()
        assert quiz.index == 0
        assert text_of(clock) == "0:01 left"
        quiz.tick()
        # Time is up: unanswered, wrong, and on to the next question with a fresh clock.
        assert quiz.slots[0].status == "timed_out"
        assert quiz.index == 1
        assert quiz.remaining == 5
        assert t("ui.quiz.note.timed_out", number=1) in feedback_text(quiz)

        quiz.action_skip()
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result is not None
        assert [a.status for a in results.result.answers] == ["timed_out", "skipped"]
        assert results.result.correct == 0
        item = text_of(results.query(".results-item").results(Static).__next__())
        truth = right_answer(results.result.answers[0].exercise)
        assert t("ui.results.unanswered.timed_out", truth=truth) in item

    rows = attempts(data)
    assert [(r.mode, r.correct, r.answer) for r in rows] == [("quiz", False, "")] * 2


async def test_a_question_out_of_time_shows_torchs_answer_before_the_quiz_moves_on(
    tmp_path: Path,
) -> None:
    """With feedback after each, time running out was followed at once by the next
    question: the learner never saw the answer they had been working towards (issue 21)."""
    app = make_app(tmp_path / "progress", "quiz", count=2, level=1, time_limit=2, feedback="each")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.countdown is not None
        quiz.countdown.pause()  # the test is the clock
        quiz.tick()
        quiz.tick()
        await settle(pilot)
        assert quiz.slots[0].status == "timed_out"
        assert quiz.index == 0  # still on the question that ran out
        truth = right_answer(quiz.slots[0].exercise)
        assert t("ui.feedback.timed_out", truth=truth) in feedback_text(quiz)
        assert quiz.answer_box.input.disabled
        assert quiz.check_action("next", ()) is True
        quiz.tick()  # the clock stopped with the question
        assert quiz.index == 0

        await pilot.press("n")
        await pilot.pause()
        assert quiz.index == 1
        assert quiz.remaining == 2 and not quiz.answer_box.input.disabled


async def test_switching_to_feedback_at_the_end_while_a_verdict_waits_moves_on(
    tmp_path: Path,
) -> None:
    """Found in review: the quiz waited for n or Enter, which "end" does not have; it stuck."""
    app = make_app(tmp_path / "progress", "quiz", count=2, level=1, time_limit=2, feedback="each")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.countdown is not None
        quiz.countdown.pause()
        quiz.tick()
        quiz.tick()
        await settle(pilot)
        assert quiz.slots[0].status == "timed_out" and quiz.index == 0
        quiz.action_toggle_feedback()
        await pilot.pause()
        assert quiz.feedback_mode == "end"
        assert quiz.index == 1 and quiz.question_open


# ---- results ----------------------------------------------------------------------------

H_N_EXERCISE = Exercise(
    call=ModelCall("RNN", (7, 13, 1), (("batch_first", True),)),
    input=InputSpec((2, 3, 7)),
    question=Question("h_n"),
    skills=("hn_ignores_batch_first", "hn_first_axis"),
    level=2,
)
COUNT_EXERCISE = Exercise(
    call=ModelCall("GRU", (13, 31, 1)),
    input=None,
    question=Question("total_params"),
    skills=("param_count", "gate_blocks", "two_biases"),
    level=2,
)


def handmade_result() -> QuizResult:
    """One right, one wrong with a misconception: no torch needed to show results."""
    right = Verdict(correct=True, expected=Truth(4278), parsed=4278)
    wrong = Verdict(
        correct=False,
        expected=Truth((1, 2, 13)),
        parsed=(3, 2, 13),
        misconception="time_in_hidden",
    )
    return QuizResult(
        answers=(
            QuizAnswer(1, COUNT_EXERCISE, "4278", "answered", 12.0, right),
            QuizAnswer(2, H_N_EXERCISE, "[3, 2, 13]", "answered", 20.0, wrong),
        ),
        seconds=32.0,
        level=2,
        seed=7,
    )


async def test_results_show_missed_question_and_practise_them_again(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "results", result=handmade_result())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert text_of(results.query_one("#results-score", Static)) == "1 of 2 right (50%)"
        meta = text_of(results.query_one("#results-meta", Static))
        assert "32 s" in meta and "16 s per question" in meta
        (item,) = [text_of(w) for w in results.query(".results-item").results(Static)]
        assert "(3, 2, 13)" in item and "(1, 2, 13)" in item
        assert misconception_text("time_in_hidden") in item
        assert "nn.RNN(7, 13, 1, batch_first=True)" in item

        await pilot.press("p")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, QuizScreen)
        assert again.retry
        assert again.feedback_mode == "each"
        # The missed question again with other numbers: its answer was just shown.
        (variant,) = [slot.exercise for slot in again.slots]
        assert variant.question.id == H_N_EXERCISE.question.id
        assert set(variant.skills) & set(H_N_EXERCISE.skills)
        assert variant.code() != H_N_EXERCISE.code()
        assert closed_form(variant).to_json() != closed_form(H_N_EXERCISE).to_json()
        # Escape (twice: the first leaves the answer box) goes home, not back to results.
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1


async def test_results_with_nothing_missed_offer_no_practice(tmp_path: Path) -> None:
    right = Verdict(correct=True, expected=Truth(4278), parsed=4278)
    result = QuizResult(
        answers=(QuizAnswer(1, COUNT_EXERCISE, "4278", "answered", 5.0, right),),
        seconds=5.0,
        level=2,
        seed=7,
    )
    app = make_app(tmp_path / "progress", "results", result=result)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert not results.query(".results-item")
        assert results.query_one("#results-all-right", Static)
        assert results.check_action("again", ()) is False
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert [s.exercise for s in app.screen.slots] == generate(2, 8, 1)


# ---- review -----------------------------------------------------------------------------


def review_app(history: SeededHistory, now: datetime | None = None) -> RnnTutorApp:
    return make_app(history.data_dir, "review", now=now or history.now, tz=timezone.utc)


async def test_review_serves_due_skills_first_then_mistakes(
    seeded_history: SeededHistory,
) -> None:
    from rnn_tutor.core.progress.review import review_queue

    with Store.open(seeded_history.data_dir) as store:
        queue = review_queue(store, seeded_history.now)
    assert queue.due_skills and len(queue.mistakes) == 1
    mistake = queue.mistakes[0].exercise

    app = review_app(seeded_history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.item is not None and review.exercise is not None
        first_skill = queue.due_skills[0]
        assert review.item.skill == first_skill
        assert first_skill in review.exercise.skills
        progress = text_of(review.query_one("#review-progress", Static))
        assert progress.startswith("Review 1 of ")
        total = progress.split(" of ", 1)[1].split()[0]

        # A hint, then the right answer: recorded as a review with the hint counted.
        await pilot.press("escape")
        await pilot.press("h")
        await pilot.pause()
        assert review.hints_used == 1
        assert "Hint 1/3" in feedback_text(review)
        answered = review.exercise
        await submit(pilot, right_answer(answered))
        await settle(pilot)
        assert t("ui.feedback.right_with_hint") in feedback_text(review)  # not a plain "Right."

        kinds: list[str] = []
        served_skills: list[str] = []
        seeds = [answered.seed]
        served_mistake: Exercise | None = None
        while True:
            review.set_focus(None)  # n is a screen key, not a letter for the answer box
            await pilot.press("n")
            await pilot.pause()
            if review.state != "asking":
                break
            assert review.item is not None and review.exercise is not None
            # The total is the queue as read: it never shrinks as the learner goes on.
            counter = text_of(review.query_one("#review-progress", Static))
            assert counter.split(" of ", 1)[1].split()[0] == total
            if review.item.skill is not None:
                kinds.append("skill")
                served_skills.append(review.item.skill)
                seeds.append(review.exercise.seed)
                assert review.item.skill in review.exercise.skills
            else:
                kinds.append("mistake")
                served_mistake = review.exercise
                assert "2026-11-27" in text_of(review.query_one("#review-progress", Static))
        assert kinds[-1] == "mistake" and set(kinds[:-1]) == {"skill"}
        assert served_mistake == mistake
        # Skills the first exercise also covered were reviewed by that answer: passed over.
        assert served_skills == [s for s in queue.due_skills if s not in answered.skills]
        # Fresh numbers: every due skill got its own seed.
        assert len(set(seeds)) == len(seeds)
        assert review.state == "done"
        message = str(review.message_text())
        assert t("ui.review.done.score", right=1, answered=1) in message
        # The done screen and home's "Review (N due)" count the same queue.
        with Store.open(seeded_history.data_dir) as store:
            after = review_queue(store, seeded_history.now)
        assert after.size > 0  # the skills moved past with n, at least
        assert t("ui.review.detail.still_due", count=after.size) in message

    last = attempts(seeded_history.data_dir)[-1]
    assert last.mode == "review"
    assert last.correct and last.hints_used == 1
    assert last.at == seeded_history.now
    with Store.open(seeded_history.data_dir) as store:
        card = store.cards()[first_skill]
    assert card.due > seeded_history.now


async def test_review_with_nothing_due_says_when_and_offers_practice(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    answered_at = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
    exercise = generate(1, 3, 1)[0]
    with Store.open(data) as store:
        store.record_attempt(
            AttemptRecord(
                exercise=exercise.to_dict(),
                question=exercise.question.id,
                skills=exercise.skills,
                answer=right_answer(exercise),
                correct=True,
                expected=closed_form(exercise).to_json(),
                misconception=None,
                hints_used=0,
                seconds=10.0,
                mode="practice",
                at=answered_at,
            )
        )
        due = min(card.due for card in store.cards().values())
    now = answered_at + timedelta(minutes=1)
    assert due > now

    app = make_app(data, "review", now=now, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.state == "empty"
        message = text_of(review.query_one("#review-message", Static))
        assert t("ui.review.empty.nothing_due") in message
        assert due.strftime("%Y-%m-%d %H:%M") in message
        assert relative_text(due, now) in message
        assert not review.query_one("#review-pane").display
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "PracticeScreen"


async def test_review_without_history_explains_scheduling(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "review", tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        message = text_of(review.query_one("#review-message", Static))
        assert t("ui.review.detail.none") in message


def record_past_mistake(data_dir: Path, answer: str) -> None:
    """H_N_EXERCISE answered wrong (as typed: ``answer``) on 2026-11-27."""
    with Store.open(data_dir) as store:
        store.record_attempt(
            AttemptRecord(
                exercise=H_N_EXERCISE.to_dict(),
                question="h_n",
                skills=(),
                answer=answer,
                correct=False,
                expected=[1, 2, 13],
                misconception=None,
                hints_used=0,
                seconds=3.0,
                mode="practice",
                at=datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc),
            )
        )


async def test_review_shows_a_past_answer_with_brackets_as_plain_text(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    answer = "[/] [bold]torch.Size([1, 5])"
    record_past_mistake(data, answer)
    app = make_app(data, "review", now=datetime(2026, 11, 28, tzinfo=timezone.utc))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.exercise == H_N_EXERCISE
        progress = review.query_one("#review-progress", Static)
        assert answer in str(progress.render())


@pytest.mark.parametrize("answer", ["", "   "])
async def test_review_of_an_unanswered_mistake_says_so(tmp_path: Path, answer: str) -> None:
    data = tmp_path / "progress"
    record_past_mistake(data, answer)
    app = make_app(data, "review", now=datetime(2026, 11, 28, tzinfo=timezone.utc))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        progress = str(app.screen.query_one("#review-progress", Static).render())
        assert progress.endswith("on 2026-11-27 you left it unanswered")


def test_relative_text_reads_naturally() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    assert relative_text(now, now) == "now"
    assert relative_text(now + timedelta(seconds=30), now) == "in 1 minute"
    assert relative_text(now + timedelta(minutes=9), now) == "in 9 minutes"
    assert relative_text(now + timedelta(hours=23), now) == "in 23 hours"
    assert relative_text(now + timedelta(days=3), now) == "in 3 days"


# ---- statistics -------------------------------------------------------------------------


async def test_stats_with_seeded_history(seeded_history: SeededHistory) -> None:
    app = make_app(seeded_history.data_dir, "stats", now=seeded_history.now, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        summary = text_of(stats.query_one("#stats-summary", Static))
        assert "10 answers, 4 right (40%), 2 hints" in summary
        assert "Streak: 1 day in a row (longest 1 day)" in summary
        assert stats.query("#stats-plot")
        mistakes = str(stats.query_one("#stats-mistakes-text", Static).content)
        # The mix-up's short name labels it, not its whole explanation (issue 23).
        assert mistakes.startswith("2× Direction factor D left out\n")
        assert misconception_text("direction_factor_missing") not in mistakes
        assert "(3, 5, 30)" in mistakes and "(6, 5, 30)" in mistakes
        table = stats.query_one("#stats-skills", DataTable)
        assert table.row_count == len(SKILLS)
        practised = [key.value for key in table.rows if table.get_cell(key, "answers") != "-"]
        assert len(practised) == 8
        assert table.get_cell("hn_first_axis", "answers") == "1/4"
        assert table.get_cell("proj_size", "due") == t("ui.stats.never")


async def test_stats_with_empty_history_is_friendly(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "stats")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert not stats.query("#stats-plot")
        assert not stats.query("#stats-skills")
        empty = str(stats.query_one("#stats-empty", Static).content)
        assert t("ui.stats.empty.title") in empty
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "PracticeScreen"


async def test_stats_follow_a_language_switch(seeded_history: SeededHistory) -> None:
    app = make_app(seeded_history.data_dir, "stats", now=seeded_history.now, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        app.switch_language("ko")
        await pilot.pause()
        await pilot.pause()
        title = app.screen.query_one("#stats-title", Static)
        assert text_of(title) == "통계"
        mistakes = str(app.screen.query_one("#stats-mistakes-text", Static).content)
        assert mistakes.startswith("2회 방향 수 D 누락\n")


# ---- commands ---------------------------------------------------------------------------


def test_quiz_command_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from rnn_tutor import cli
    from rnn_tutor.commands import practice, quiz

    seen: dict[str, Any] = {}

    def fake_open_app(args: argparse.Namespace, screen: str = "home", **options: Any) -> int:
        seen.update(screen=screen, level=args.level, seed=args.seed, **options)
        return 0

    monkeypatch.setattr(practice, "open_app", fake_open_app)
    argv = ["quiz", "--count", "4", "--level", "3", "--seed", "7", "--time", "60"]
    args = cli.build_parser().parse_args([*argv, "--feedback", "each"])
    assert quiz.run(args) == 0
    assert seen == {
        "screen": "quiz",
        "level": 3,
        "seed": 7,
        "count": 4,
        "time_limit": 60,
        "feedback": "each",
    }


@pytest.mark.parametrize("bad", [["--count", "0"], ["--time", "-5"], ["--feedback", "never"]])
def test_quiz_command_refuses_bad_options(bad: list[str]) -> None:
    from rnn_tutor import cli

    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["quiz", *bad])


def test_review_command_opens_the_review_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    from rnn_tutor import cli
    from rnn_tutor.commands import practice, review

    seen: list[str] = []

    def fake_open_app(args: argparse.Namespace, screen: str = "home", **options: Any) -> int:
        seen.append(screen)
        return 0

    monkeypatch.setattr(practice, "open_app", fake_open_app)
    assert review.run(cli.build_parser().parse_args(["review"])) == 0
    assert seen == ["review"]


async def test_quiz_keeps_the_typed_answer_across_a_language_switch(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "quiz", count=2, level=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        quiz.answer_box.input.value = "(3, 5"
        app.switch_language("ko")
        await pilot.pause()
        assert quiz.answer_box.text == "(3, 5"
        assert text_of(quiz.query_one("#quiz-progress", Static)).startswith("2문제 중 1번째")


async def test_quiz_typo_with_markup_characters_is_shown_as_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress", "quiz", count=1, level=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await submit(pilot, "[/] [bold]3")
        assert quiz.answer_box.text == "[/] [bold]3"
        shown = str(quiz.query_one("#answer-message", Static).render())
        assert "[/] [bold]3" in shown


async def test_quiz_feedback_choice_is_remembered(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    app = make_app(data, "quiz", count=1, level=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.feedback_mode == "end"
        titles = [command.title for command in quiz.screen_commands()]
        assert t("ui.quiz.command.feedback.each") in titles
        quiz.action_toggle_feedback()
        assert quiz.feedback_mode == "each"  # type: ignore[comparison-overlap]  # mypy keeps the earlier narrowing
    # The next quiz opened without an explicit choice (the home screen's) uses it.
    app = make_app(data, "quiz", count=1, level=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.feedback_mode == "each"


# ---- history this version cannot use ------------------------------------------------------

WRONG_AT = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
WEEK_LATER = datetime(2026, 12, 4, 9, 0, tzinfo=timezone.utc)


def record_wrong(
    store: Store,
    exercise: dict[str, Any],
    skills: tuple[str, ...],
    at: datetime,
    misconception: str | None = None,
) -> None:
    """Write an attempt straight into the store, as a newer rnn-tutor (or an import) might."""
    row = store.record_attempt(
        AttemptRecord(
            exercise=exercise,
            question=str(exercise.get("question", "h_n")),
            skills=skills,
            answer="(3, 2, 13)",
            correct=False,
            expected=[1, 2, 13],
            misconception=misconception,
            hints_used=0,
            seconds=5.0,
            mode="practice",
            at=at,
        )
    )
    assert row is not None, store.notice


def unusable_exercises() -> list[dict[str, Any]]:
    """Stored exercises this version cannot rebuild or explain."""
    list_argument = H_N_EXERCISE.to_dict()
    list_argument["call"] = {**list_argument["call"], "args": [[10], 5]}
    unknown_kind = H_N_EXERCISE.to_dict()
    unknown_kind["call"] = {**unknown_kind["call"], "kind": "Transformer"}
    unknown_question = {**H_N_EXERCISE.to_dict(), "question": "attention_weights"}
    no_call = {"model": "nn.Mamba(10, 20)", "question": "h_n"}
    return [list_argument, unknown_kind, unknown_question, no_call]


async def test_review_passes_over_skills_this_version_does_not_know(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    with Store.open(data) as store:
        # A skill of a newer rnn-tutor and one of ours, both due a week later.
        record_wrong(store, H_N_EXERCISE.to_dict(), ("attention_heads", "hn_first_axis"), WRONG_AT)
    app = make_app(data, "review", now=WEEK_LATER, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [item.skill for item in review.items] == ["hn_first_axis", None]
        assert review.state == "asking"
        assert review.item is not None and review.item.skill == "hn_first_axis"
        review.set_focus(None)
        await pilot.press("n")
        await pilot.pause()
        assert review.exercise == H_N_EXERCISE  # then the mistake itself
        review.set_focus(None)
        await pilot.press("n")
        await pilot.pause()
        assert review.state == "done"  # type: ignore[comparison-overlap]  # mypy keeps the earlier narrowing
        await pilot.press("escape")
        await settle(pilot)
        # Home counts what review can serve: one skill, one mistake.
        due = text_of(app.screen.query_one("#home-due", Static))
        assert t("ui.count.skills", count=1) in due
        assert t("ui.count.mistakes", count=1) in due


async def test_review_passes_over_mistakes_it_cannot_rebuild(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    with Store.open(data) as store:
        record_wrong(store, H_N_EXERCISE.to_dict(), (), WRONG_AT)  # the oldest: served last
        for minutes, stored in enumerate(unusable_exercises(), start=1):
            record_wrong(store, stored, (), WRONG_AT + timedelta(minutes=minutes))
    app = make_app(data, "review", now=WEEK_LATER, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [item.exercise for item in review.items] == [H_N_EXERCISE]
        assert review.state == "asking" and review.exercise == H_N_EXERCISE
        await pilot.press("escape")
        await pilot.press("h")
        await pilot.pause()
        assert "Hint 1/3" in feedback_text(review)


async def test_review_with_only_unusable_history_has_nothing_due(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    with Store.open(data) as store:
        record_wrong(store, unusable_exercises()[0], ("attention_heads",), WRONG_AT)
    app = make_app(data, "review", now=WEEK_LATER, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.state == "empty"
        message = text_of(review.query_one("#review-message", Static))
        assert t("ui.review.empty.nothing_due") in message


async def test_stats_tolerate_history_this_version_cannot_use(tmp_path: Path) -> None:
    data = tmp_path / "progress"
    with Store.open(data) as store:
        record_wrong(
            store,
            H_N_EXERCISE.to_dict(),
            ("attention_heads", "hn_first_axis"),
            WRONG_AT,
            misconception="time_in_hidden",
        )
        for minutes, stored in enumerate(unusable_exercises(), start=1):
            record_wrong(
                store,
                stored,
                ("attention_heads",),
                WRONG_AT + timedelta(minutes=minutes),
                misconception=f"future_mixup_{minutes}",
            )
    app = make_app(data, "stats", now=WEEK_LATER, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the queue and the figures are read in workers
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        summary = text_of(stats.query_one("#stats-summary", Static))
        assert "5 answers, 0 right (0%)" in summary
        # A skill this version cannot name or review is not listed; ours are.
        table = stats.query_one("#stats-skills", DataTable)
        assert table.row_count == len(SKILLS)
        assert table.get_cell("hn_first_axis", "answers") == "0/1"
        mistakes = str(stats.query_one("#stats-mistakes-text", Static).content)
        assert misconception_name("time_in_hidden") in mistakes
        assert "nn.RNN([10], 5" in mistakes  # shown as stored, not explained


async def test_stats_read_the_history_once_per_visit(
    seeded_history: SeededHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rnn_tutor.core.progress.stats import stats_for
    from rnn_tutor.ui.screens import stats as stats_screen

    reads: list[object] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        reads.append(args)
        return stats_for(*args, **kwargs)

    monkeypatch.setattr(stats_screen, "stats_for", counting)
    app = make_app(seeded_history.data_dir, "stats", now=seeded_history.now, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = text_of(app.screen.query_one("#stats-summary", Static))
        app.switch_language("ko")
        await settle(pilot)
        reworded = text_of(app.screen.query_one("#stats-summary", Static))
    assert len(reads) == 1
    assert summary != reworded and "10" in reworded


# ---- the countdown behind another screen ----------------------------------------------------


class StubTimer:
    """Stands in for the quiz's one-second interval: the test calls ``tick`` itself."""

    def __init__(self) -> None:
        self.running = False

    def pause(self) -> None:
        self.running = False

    def resume(self) -> None:
        self.running = True

    def reset(self) -> None:
        self.running = True  # Textual's reset also resumes

    def stop(self) -> None:
        self.running = False


async def test_quiz_countdown_waits_while_the_window_is_too_small(tmp_path: Path) -> None:
    from rnn_tutor.ui.screens.too_small import TooSmallScreen

    app = make_app(tmp_path / "progress", "quiz", count=3, level=1, time_limit=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and quiz.countdown is not None
        quiz.countdown.stop()
        stub = StubTimer()
        stub.running = True
        quiz.countdown = stub  # type: ignore[assignment]
        quiz.tick()
        assert quiz.remaining == 2

        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert not stub.running
        for _ in range(9):  # what a running interval would have done meanwhile
            quiz.tick()
        assert quiz.index == 0
        assert [slot.status for slot in quiz.slots] == [None, None, None]

        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen is quiz  # type: ignore[comparison-overlap]  # mypy keeps the earlier narrowing
        assert stub.running
        assert quiz.remaining == 2  # the time that was left
        assert text_of(quiz.query_one("#quiz-clock", Static)) == clock_text(2)
        quiz.tick()
        quiz.tick()
        assert quiz.slots[0].status == "timed_out"
        assert quiz.index == 1


async def test_quiz_finished_behind_the_guard_shows_results_once_it_is_back(
    tmp_path: Path,
) -> None:
    from rnn_tutor.ui.screens.too_small import TooSmallScreen

    app = make_app(tmp_path / "progress", "quiz", count=1, level=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        quiz.action_skip()  # the last question ends while the guard is up
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "ResultsScreen"]
