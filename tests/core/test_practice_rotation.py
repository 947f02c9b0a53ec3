"""Endless practice at a cell level (6-8) rotates through the level's topics.

A learner at level 8 saw attention four times in nine exercises: drawn at random, a topic
can come back before the others had a turn. Practice now takes the level's topics in an
order drawn once per seed, so every run of as many exercises as there are topics covers
each once, and ten in a row never show a topic twice before all have come.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from rnn_tutor.core.exercises.cell_generator import (
    CELL_LEVEL_TEMPLATES,
    CELL_LEVEL_TOPICS,
    CELL_SKILL_TEMPLATES,
    build_cell,
    topic_templates,
)
from rnn_tutor.core.exercises.generator import CELL_LEVELS, LEVELS, generate, practice_at
from rnn_tutor.core.exercises.questions import Exercise

SEEDS = range(8)


def topic(exercise: Exercise) -> str:
    """The topic an exercise was drawn for: its first skill (checked below)."""
    return exercise.skills[0]


def test_every_template_of_a_cell_level_belongs_to_one_topic_of_it() -> None:
    for level, templates in CELL_LEVEL_TEMPLATES.items():
        by_topic = [name for t in CELL_LEVEL_TOPICS[level] for name in topic_templates(level, t)]
        assert sorted(by_topic) == sorted(templates)
    for skill, names in CELL_SKILL_TEMPLATES.items():
        for name in names:
            for seed in range(5):
                assert build_cell(name, random.Random(f"{name}:{seed}")).skills[0] == skill


@pytest.mark.parametrize("level", CELL_LEVELS)
def test_ten_in_a_row_cover_every_topic_before_any_repeats(level: int) -> None:
    topics = set(CELL_LEVEL_TOPICS[level])
    width = len(topics)
    for seed in SEEDS:
        drawn = [topic(practice_at(level, seed, i)) for i in range(30)]
        # Every run of `width` exercises, wherever it starts, holds each topic once.
        for start in range(len(drawn) - width + 1):
            assert set(drawn[start : start + width]) == topics, (seed, drawn)
        counts = Counter(drawn[:10])
        assert max(counts.values()) - min(counts.values()) <= 1 and set(counts) == topics


def test_attention_comes_once_in_every_three_at_level_8() -> None:
    for seed in SEEDS:
        nine = [topic(practice_at(8, seed, i)) for i in range(9)]
        assert nine.count("attention_bmm") == 3


# Templates that share a cell topic differ by asking "does it run?" or not.
_SHARED_TOPICS = frozenset({"net_class", "enc_dec", "attention"})


def template_key(exercise: Exercise) -> tuple[str, bool | None]:
    """Which template made a cell exercise (test only)."""
    cell = exercise.cell
    assert cell is not None
    return cell.topic, (cell.form == "runs") if cell.topic in _SHARED_TOPICS else None


@pytest.mark.parametrize("level", CELL_LEVELS)
def test_within_a_topic_its_templates_take_turns(level: int) -> None:
    width = len(CELL_LEVEL_TOPICS[level])
    for seed in SEEDS[:4]:
        for place in range(width):
            turns = [practice_at(level, seed, place + width * r) for r in range(6)]
            count = len(topic_templates(level, topic(turns[0])))
            assert len({topic(e) for e in turns}) == 1
            # Each round of the topic's turns shows every one of its templates once.
            for start in range(0, 6 - count + 1, count):
                keys = {template_key(e) for e in turns[start : start + count]}
                assert len(keys) == count, (seed, place, keys)


def test_practice_is_seeded_and_the_order_differs_between_seeds() -> None:
    for level in CELL_LEVELS:
        first = [practice_at(level, 3, i) for i in range(8)]
        assert first == [practice_at(level, 3, i) for i in range(8)]
        orders = {tuple(topic(practice_at(level, s, i)) for i in range(3)) for s in range(12)}
        assert len(orders) > 1


def test_call_levels_keep_their_draw() -> None:
    for level in LEVELS:
        for index in range(4):
            assert practice_at(level, 7, index) == generate(level, 7 + index)[0]


def test_in_the_mixed_track_the_cell_turns_rotate_too() -> None:
    for seed in SEEDS[:4]:
        drawn = [practice_at(7, seed, i, track="mixed") for i in range(14)]
        assert [e.cell is not None for e in drawn] == [True, False] * 7
        cells = [topic(e) for e in drawn[0::2]]
        assert set(cells[:6]) == set(CELL_LEVEL_TOPICS[7])
        # Practice at level 1 takes its odd turns from level 6: they rotate as well.
        partner = [practice_at(1, seed, i, track="mixed") for i in range(1, 10, 2)]
        assert {topic(e) for e in partner} == set(CELL_LEVEL_TOPICS[6])
