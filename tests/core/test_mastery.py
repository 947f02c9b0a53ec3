"""The learner model: knowledge per skill and mix-ups held, read off the answer log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.exercises.generator import SKILL_LEVELS
from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.progress.mastery import by_level, learner_model, standing_counts

T0 = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Row:
    at: datetime
    skills: tuple[str, ...]
    correct: bool
    hints_used: int = 0
    misconception: str | None = None


def rows(answers: list[bool], skill: str = "gate_blocks") -> list[Row]:
    return [Row(T0 + timedelta(minutes=i), (skill,), ok) for i, ok in enumerate(answers)]


def test_unseen_skill_is_not_yet() -> None:
    model = learner_model([], T0, skills=("gate_blocks",))
    assert [(s.skill, s.standing, s.attempts) for s in model.skills] == [
        ("gate_blocks", "not_yet", 0)
    ]


def test_right_answers_make_a_skill_known_and_one_is_not_enough() -> None:
    after_one = learner_model(rows([True]), T0 + timedelta(hours=1)).skills[0]
    after_five = learner_model(rows([True] * 5), T0 + timedelta(hours=1)).skills[0]
    assert after_one.standing == "learning"
    assert after_five.standing == "known"


def test_known_fades_with_time() -> None:
    soon = learner_model(rows([True] * 5), T0 + timedelta(hours=1)).skills[0]
    later = learner_model(rows([True] * 5), T0 + timedelta(days=120)).skills[0]
    assert later.known < soon.known
    assert later.standing == "learning"


def test_a_hinted_right_is_no_proof() -> None:
    hinted = [Row(T0 + timedelta(minutes=i), ("gate_blocks",), True, 1) for i in range(8)]
    assert learner_model(hinted, T0 + timedelta(hours=1)).skills[0].standing == "learning"


def test_named_mixup_is_open_then_closed_by_right_answers_on_its_skill() -> None:
    wrong = Row(T0, ("gate_blocks",), False, misconception="gate_rows_missing")
    model = learner_model([wrong], T0)
    assert [(b.misconception, b.is_open, b.named) for b in model.beliefs] == [
        ("gate_rows_missing", True, 1)
    ]
    elsewhere = Row(T0 + timedelta(minutes=1), ("output_layout",), True)
    assert learner_model([wrong, elsewhere], T0).beliefs[0].is_open
    right = Row(T0 + timedelta(minutes=2), ("gate_blocks",), True)
    assert not learner_model([wrong, elsewhere, right], T0).beliefs[0].is_open


def test_json_has_ids_and_numbers() -> None:
    wrong = Row(T0, ("gate_blocks",), False, misconception="gate_rows_missing")
    data = learner_model([wrong], T0).to_json()
    assert data["skills"][0]["id"] == "gate_blocks"
    assert data["misconceptions"][0] == {
        "id": "gate_rows_missing",
        "held": data["misconceptions"][0]["held"],
        "named": 1,
        "open": True,
    }


@given(st.lists(st.booleans(), max_size=40), st.booleans())
def test_probabilities_stay_in_bounds_and_a_right_answer_never_lowers_knowledge(
    answers: list[bool], last: bool
) -> None:
    end = T0 + timedelta(minutes=len(answers))
    before = learner_model(rows(answers), end).skills
    after = learner_model(rows([*answers, last]), end).skills[0]
    assert 0.0 <= after.known <= 1.0
    if before:
        if last:
            assert after.known >= before[0].known - 1e-12
        else:
            assert after.known <= before[0].known + (1 - before[0].known) * 0.25 + 1e-12


@given(st.lists(st.tuples(st.booleans(), st.sampled_from([None, "a", "b"])), max_size=30))
def test_beliefs_in_bounds(log: list[tuple[bool, str | None]]) -> None:
    data = [
        Row(T0 + timedelta(minutes=i), ("gate_blocks",), ok, misconception=m)
        for i, (ok, m) in enumerate(log)
    ]
    for belief in learner_model(data, T0 + timedelta(hours=1)).beliefs:
        assert 0.0 < belief.held < 1.0
        assert belief.named >= 1


def test_the_map_groups_every_skill_by_its_first_level() -> None:
    model = learner_model(rows([True] * 5, "two_biases"), T0 + timedelta(hours=1), SKILLS)
    grouped = by_level(model, SKILL_LEVELS)
    assert [level for level, _ in grouped] == sorted(set(SKILL_LEVELS.values()))
    assert sorted(s.skill for _, row in grouped for s in row) == sorted(SKILLS)
    for level, row in grouped:
        assert all(SKILL_LEVELS[s.skill] == level for s in row)
    level_one = dict(grouped)[1]
    assert [s.skill for s in level_one if s.standing == "known"] == ["two_biases"]


def test_a_skill_the_levels_do_not_know_is_left_off_the_map() -> None:
    model = learner_model(rows([True], "from_a_later_version"), T0, ("gate_blocks",))
    assert [s.skill for _, row in by_level(model, SKILL_LEVELS) for s in row] == ["gate_blocks"]


@given(st.lists(st.tuples(st.sampled_from(SKILLS[:6]), st.booleans()), max_size=30))
def test_counts_add_up_to_the_skills(answers: list[tuple[str, bool]]) -> None:
    history = [Row(T0 + timedelta(minutes=i), (s,), ok) for i, (s, ok) in enumerate(answers)]
    model = learner_model(history, T0 + timedelta(days=1), SKILLS)
    counts = standing_counts(model.skills)
    assert sum(counts.values()) == len(SKILLS)
    assert counts["not_yet"] == len(SKILLS) - len({s for s, _ in answers})
