"""The "around the RNN" misconceptions: each wrong answer, built from the catalogue's own
description on many generated cells, gets its id back from the beliefs; random wrong
answers get none.

Builders here follow shared/domain/misconceptions.md, not the beliefs' code, so a belief that
drifts from the catalogue fails. Every answer goes through the real grader: the truth run
on torch, then each belief that acts on it (``core/notebook/beliefs.py``), blanks included,
where the learner's expression is run and compared by value.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator

import pytest

from rnn_tutor.core.exercises.cells import Cell
from rnn_tutor.core.exercises.generator import CELL_LEVELS, generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.catalogue import AROUND_IDS
from rnn_tutor.core.grading.grader import grade
from rnn_tutor.core.grading.verdict import Verdict

Answer = tuple[int, ...] | int | str


def _by_topic() -> dict[str, list[Exercise]]:
    found: dict[str, list[Exercise]] = defaultdict(list)
    for level in CELL_LEVELS:
        for seed in range(40):
            for exercise in generate(level, seed, 12):
                assert exercise.cell is not None
                found[exercise.cell.topic].append(exercise)
    return found


TOPICS = _by_topic()


def _n(cell: Cell, name: str) -> int:
    value = cell.config[name]
    assert isinstance(value, int)
    return value


def _seq(cell: Cell, last: int) -> tuple[int, int, int]:
    n, length = _n(cell, "N"), _n(cell, "L")
    return (n, length, last) if cell.config["bf"] else (length, n, last)


# For each id: (topic, which cells of it, the wrong answer as the catalogue describes it).
Builder = tuple[str, Callable[[Cell], bool], Callable[[Cell], Answer]]

BUILDERS: dict[str, list[Builder]] = {
    "last_step_wrong_axis": [
        (
            "last_step",
            lambda c: True,
            lambda c: (_n(c, "L") if c.config["picks_time"] else _n(c, "N"), _n(c, "DH")),
        ),
        (
            "last_step_blank",
            lambda c: True,
            lambda c: "output[-1]" if c.config["bf"] else "output[:, -1]",
        ),
        ("padded_last", lambda c: True, lambda c: "padded[-1]"),
    ],
    "h_n_first_is_last": [
        (
            "h_n_final",
            lambda c: c.config["direction"] == "forward" and _n(c, "K") > 1,
            lambda c: "h_n[0]",
        ),
    ],
    "bidir_last_step_is_backward_final": [
        (
            "h_n_final",
            lambda c: c.config["direction"] == "backward",
            lambda c: (
                f"output[:, -1, {_n(c, 'H_out')}:]"
                if c.config["bf"]
                else f"output[-1, :, {_n(c, 'H_out')}:]"
            ),
        ),
    ],
    "bidir_concat_wrong": [
        ("bidir_summary", lambda c: c.config["dim"] == 1, lambda c: (_n(c, "N"), _n(c, "H_out"))),
        (
            "bidir_summary",
            lambda c: c.config["dim"] == 1,
            lambda c: (2 * _n(c, "N"), _n(c, "H_out")),
        ),
        (
            "net_class",
            lambda c: c.config["variant"] == "one_direction",
            lambda c: (_n(c, "N"), _n(c, "C")),
        ),
    ],
    "head_in_features_H": [
        ("head_blank", lambda c: _n(c, "D") == 2, lambda c: _n(c, "H_out")),
        ("head_runs", lambda c: c.raises is not None, lambda c: (_n(c, "N"), _n(c, "C"))),
        (
            "net_class",
            lambda c: c.config["variant"] == "bad_head",
            lambda c: (_n(c, "N"), _n(c, "C")),
        ),
    ],
    "head_sees_sequence": [
        ("head", lambda c: bool(c.config["on_last"]), lambda c: _seq(c, _n(c, "C"))),
        ("head", lambda c: not c.config["on_last"], lambda c: (_n(c, "N"), _n(c, "C"))),
        (
            "net_class",
            lambda c: c.config["variant"] == "sequence",
            lambda c: (_n(c, "N"), _n(c, "C")),
        ),
    ],
    "view_after_transpose": [
        (
            "view_transpose",
            lambda c: c.config["how"] == "view",
            lambda c: (_n(c, "N") * _n(c, "L"), _n(c, "DH")),
        ),
    ],
    "packed_has_shape": [
        (
            "packed_runs",
            lambda c: c.raises is not None,
            lambda c: (_n(c, "N"), _n(c, "L"), _n(c, "DH")),
        ),
        (
            "packed_runs",
            lambda c: c.raises is None,
            lambda c: (_n(c, "N"), _n(c, "max_len"), _n(c, "DH")),
        ),
    ],
    "pad_packed_batch_first_remembered": [
        (
            "pad_packed",
            lambda c: bool(c.config["bf"]) and not c.config["out_bf"],
            lambda c: (_n(c, "N"), _n(c, "total_length") or _n(c, "max_len"), _n(c, "DH")),
        ),
    ],
    "padded_last_is_real_last": [
        ("padded_last", lambda c: True, lambda c: "padded[:, -1]"),
    ],
    "embedding_float_indices": [
        (
            "embedding_runs",
            lambda c: c.config["variant"] == "float",
            lambda c: (_n(c, "N"), _n(c, "L"), _n(c, "H_out")),
        ),
    ],
    "embedding_dim_mismatch": [
        ("embedding", lambda c: c.target == "x", lambda c: (_n(c, "N"), _n(c, "L"))),
        ("embedding", lambda c: c.target == "x", lambda c: (_n(c, "N"), _n(c, "E"))),
        (
            "embedding_runs",
            lambda c: c.config["variant"] == "dim",
            lambda c: (_n(c, "N"), _n(c, "L"), _n(c, "H_out")),
        ),
    ],
    "cell_takes_sequence": [
        ("cell_loop", lambda c: c.target == "h", lambda c: (_n(c, "N"), _n(c, "L"), _n(c, "H"))),
        (
            "cell_runs",
            lambda c: c.config["variant"] == "sequence",
            lambda c: (_n(c, "N"), _n(c, "H")),
        ),
        (
            "cell_runs",
            lambda c: c.config["variant"] == "ok",
            lambda c: (_n(c, "N"), _n(c, "L"), _n(c, "H")),
        ),
    ],
    "cell_hidden_has_layer_axis": [
        ("cell_loop", lambda c: c.target == "h", lambda c: (1, _n(c, "N"), _n(c, "H"))),
        (
            "cell_runs",
            lambda c: c.config["variant"] == "hidden",
            lambda c: (_n(c, "N"), _n(c, "H")),
        ),
    ],
    "cell_params_suffixed": [
        ("cell_params", lambda c: c.raises is not None, lambda c: (_n(c, "gH"), _n(c, "I"))),
    ],
    "stack_cat_confused": [
        (
            "cell_loop",
            lambda c: c.config["join"] in ("stack0", "cat1"),
            lambda c: (_n(c, "N"), _n(c, "L"), _n(c, "H")),
        ),
    ],
    "decoder_takes_bidir_hidden": [
        # An error's cause, read off the run. (The earlier rules also named h0 answered as
        # h_n's shape, (2*K, N, H), after the fix: no belief about torch gives that.)
        ("enc_dec", lambda c: c.raises is not None, lambda c: (_n(c, "T"), _n(c, "N"), _n(c, "H"))),
    ],
    "squeeze_removes_batch": [
        ("squeeze", lambda c: c.config["squeeze"] == "all", lambda c: (1, _n(c, "H_out"))),
    ],
    "bmm_operand_order": [
        (
            "attention",
            lambda c: c.target == "scores" and c.config["variant"] == "keys_first",
            lambda c: (_n(c, "N"), _n(c, "L")),
        ),
        ("attention", lambda c: c.raises is not None, lambda c: (_n(c, "N"), _n(c, "L"), 1)),
    ],
}


def _cases(mid: str) -> Iterator[tuple[Exercise, Answer]]:
    for topic, chosen, build in BUILDERS[mid]:
        for exercise in TOPICS[topic]:
            assert exercise.cell is not None
            if chosen(exercise.cell):
                yield exercise, build(exercise.cell)


def test_every_cell_id_has_builders() -> None:
    assert set(BUILDERS) == set(AROUND_IDS)


def _answer_text(wrong: Answer) -> str:
    if isinstance(wrong, tuple):
        return "(" + ", ".join(str(v) for v in wrong) + ("," if len(wrong) == 1 else "") + ")"
    return str(wrong)


@pytest.mark.parametrize("mid", AROUND_IDS)
def test_each_wrong_answer_gets_its_id_on_varied_cells(mid: str) -> None:
    cases = list(_cases(mid))
    configurations = {tuple(sorted(map(str, ex.cell.config.items()))) for ex, _ in cases if ex.cell}
    assert len(configurations) >= 5, f"only {len(configurations)} configurations for {mid}"
    picked = cases[:: max(1, len(cases) // 6)][:6]
    for exercise, wrong in picked:
        verdict: Verdict = grade(exercise, _answer_text(wrong))
        assert verdict.error is None, verdict.error
        assert not verdict.correct
        assert verdict.misconception == mid, (exercise.code(), wrong, verdict.misconception)
        assert verdict.misconception_text and mid not in verdict.misconception_text


def test_blank_wrong_answers_are_named_by_value_not_by_spelling() -> None:
    exercise = TOPICS["padded_last"][0]
    verdict = grade(exercise, "padded[:, -1, :]")  # another spelling of padded[:, -1]
    assert not verdict.correct and verdict.misconception == "padded_last_is_real_last"
    # Same shape as the right answer, other values: the marks are right, the values not.
    assert verdict.axes and all(mark.ok for mark in verdict.axes)
    for right in ("h_n[-1]", "padded[torch.arange(len(lengths)), lengths - 1]"):
        assert grade(exercise, right).correct, right
    assert exercise.cell is not None
    layers = exercise.cell.config["K"]
    assert grade(exercise, "h_n[0]").correct == (layers == 1)


def test_right_answers_are_right_through_the_interpreter() -> None:
    for topic, exercises in TOPICS.items():
        for exercise in exercises[:2]:
            cell = exercise.cell
            assert cell is not None
            if cell.raises is not None:
                answer = "error"
            elif isinstance(cell.answer, tuple):
                answer = _answer_text(cell.answer)
            else:
                answer = str(cell.answer)
            verdict = grade(exercise, answer)
            assert verdict.correct and verdict.error is None, (topic, exercise.code(), verdict)
            assert verdict.misconception is None


def test_random_wrong_answers_get_no_id() -> None:
    rng = random.Random(12)
    checked = 0
    for exercises in TOPICS.values():
        for exercise in exercises[:2]:
            cell = exercise.cell
            assert cell is not None
            if cell.raises is not None:
                # Shapes for a refused cell name the error's cause, whatever the shape.
                assert grade(exercise, "(97, 98)").misconception is not None
                continue
            rank = rng.randint(1, 4)
            wrong = _answer_text(tuple(rng.randint(100, 199) for _ in range(rank)))
            if cell.blank_kind == "number":
                wrong = str(rng.randint(100, 199))
            elif cell.blank_kind == "expression":
                wrong = rng.choice(("x[0]", "output.sum()", "torch.zeros(3)", "h_n[:, 0]"))
            verdict = grade(exercise, wrong)
            assert verdict.error is None or cell.blank_kind, (exercise.code(), wrong)
            assert verdict.misconception is None, (exercise.code(), wrong, verdict.misconception)
            checked += 1
    assert checked > 30
