"""The cells a slice reads, traced through the interpreter, checked against plain torch.

For every generated cell of levels 6 to 8 that runs a recurrent layer, each slot the
picture marks is read from the real tensors by the rule of rnn-shapes.md (the top layer is
``output``; every layer's last step, step 0 in reverse, the real last step when packed, is
``h_n``), and the real value of the slice must be made of exactly those vectors.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest

from rnn_tutor.core.exercises.cells import Cell, fill_blank
from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.cell_picture import slice_picture
from rnn_tutor.core.grading.grader import grade, grade_unanswered
from rnn_tutor.core.grading.slices import Pick, SlicePicture, Slot
from tests.core.test_cell_generator import run_plain


def _vector(cell: Cell, namespace: dict[str, Any], picture: SlicePicture, slot: Slot) -> Any:
    """The state of one slot, read from the real tensors by the rule, not by the tracer
    (the layout from the cell's own options, not guessed from the shape)."""
    hidden = picture.h_n_shape[-1]
    directions = 2 if picture.bidirectional else 1
    direction = int(slot.reverse)
    if slot.layer == picture.num_layers - 1:
        output = namespace[picture.output_name]
        if picture.output_name == "padded":  # pad_packed_sequence's own batch_first
            batch_first = bool(cell.config.get("out_bf", cell.topic == "padded_last"))
        else:
            batch_first = bool(cell.config.get("bf", False))
        row = output[slot.sequence, slot.step] if batch_first else output[slot.step, slot.sequence]
        return row[direction * hidden : (direction + 1) * hidden]
    assert slot.step == picture.last_step(slot.sequence, slot.reverse)
    return namespace["h_n"][slot.layer * directions + direction, slot.sequence]


def _made_of(value: Any, vectors: list[Any], hidden: int) -> bool:
    """Every H-long piece of ``value`` is one of ``vectors``, and every vector is there."""
    import torch

    values = value if isinstance(value, tuple) else (value,)
    pieces = [piece for v in values for piece in v.reshape(-1, hidden)]
    return all(any(torch.equal(p, v) for v in vectors) for p in pieces) and all(
        any(torch.equal(p, v) for p in pieces) for v in vectors
    )


def _run_until_error(source: str) -> dict[str, Any]:
    """The cell run by Python itself (test only), statement by statement, up to an error
    (a "runs?" cell may raise after the slice)."""
    namespace = run_plain("")
    for statement in ast.parse(source).body:
        try:
            exec(compile(ast.Module([statement], []), "<cell>", "exec"), namespace)
        except Exception:
            break
    return namespace


def _check(cell: Cell, picture: SlicePicture, pick: Pick, source: str) -> None:
    namespace = _run_until_error(source)
    vectors = [_vector(cell, namespace, picture, slot) for slot in sorted(pick.slots)]
    value = eval(pick.expression, namespace)
    assert _made_of(value, vectors, picture.h_n_shape[-1]), (cell.source, pick)


def _traced() -> list[tuple[Exercise, SlicePicture]]:
    found = []
    for level in (6, 7, 8):
        for seed in range(12):
            for exercise in generate(level, seed, 12):
                picture = slice_picture(exercise)
                if picture is not None:
                    found.append((exercise, picture))
    return found


TRACED = _traced()


def test_the_pictured_slots_are_what_the_slice_reads_in_plain_torch() -> None:
    picked = 0
    for exercise, picture in TRACED:
        assert exercise.cell is not None
        if picture.right is None:
            continue
        picked += 1
        _check(exercise.cell, picture, picture.right, exercise.cell.reference_source)
    assert picked >= 100  # most cells around the call slice output or h_n


def test_every_slicing_topic_gets_a_picture_with_its_slice_marked() -> None:
    marked = {ex.cell.topic for ex, pic in TRACED if pic.right is not None and ex.cell}
    assert {
        "last_step",
        "last_step_blank",
        "h_n_final",
        "bidir_summary",
        "h_n_view",
        "head",
        "squeeze",
        "padded_last",
        "enc_dec",
    } <= marked


def _first(topic: str, where: Any = None) -> Exercise:
    for exercise, _ in TRACED:
        cell = exercise.cell
        if cell and cell.topic == topic and (where is None or where(cell)):
            return exercise
    raise AssertionError(f"no {topic} cell")


def test_output_minus_one_under_batch_first_reads_the_last_sequence_at_every_step() -> None:
    exercise = _first("last_step", lambda c: c.config["bf"] and c.config["pick"] == "[-1]")
    picture = slice_picture(exercise)
    assert picture is not None and picture.right is not None
    last = picture.batch - 1
    assert picture.right.sequences() == (last,)
    assert {slot.step for slot in picture.right.slots} == set(range(picture.seq_len))


def test_the_real_last_step_and_the_padding_a_wrong_slice_reads() -> None:
    exercise = _first("padded_last")
    cell = exercise.cell
    assert cell is not None
    verdict = grade(exercise, "padded[:, -1]")
    picture = verdict.slices
    assert not verdict.correct and picture is not None and picture.lengths is not None
    assert picture.right is not None and picture.yours is not None
    top = picture.num_layers - 1
    lengths = picture.lengths
    assert picture.right.slots == {
        Slot(top, False, lengths[b] - 1, b) for b in range(picture.batch)
    }
    assert picture.yours.slots == {
        Slot(top, False, picture.seq_len - 1, b) for b in range(picture.batch)
    }
    assert any(picture.padding(slot.step, slot.sequence) for slot in picture.yours.slots)
    _check(cell, picture, picture.yours, fill_blank(cell.source, "padded[:, -1]"))


def test_a_wrong_h_n_index_is_traced_to_its_own_layer() -> None:
    exercise = _first("h_n_final", lambda c: c.config["K"] > 1 and c.config["D"] == 1)
    verdict = grade(exercise, "h_n[0]")
    picture = verdict.slices
    assert picture is not None and picture.yours is not None and picture.right is not None
    assert {slot.layer for slot in picture.yours.slots} == {0}
    assert {slot.layer for slot in picture.right.slots} == {picture.num_layers - 1}


def test_a_right_answer_and_a_skip_show_only_the_right_slice() -> None:
    exercise = _first("h_n_final")
    assert exercise.cell is not None
    right = grade(exercise, str(exercise.cell.answer))
    skipped = grade_unanswered(exercise)
    for verdict in (right, skipped):
        assert verdict.slices is not None and verdict.slices.right is not None
        assert verdict.slices.yours is None
    assert right.to_json()["picture"]["right"]["expression"] == exercise.cell.answer


def test_an_expression_that_reads_no_state_traces_to_nothing() -> None:
    exercise = _first("last_step_blank")
    verdict = grade(exercise, "torch.zeros(3)")
    assert verdict.slices is not None and verdict.slices.yours is None


@pytest.mark.parametrize("topic", ["pad_sequence", "cell_loop", "cell_params"])
def test_cells_without_a_recurrent_layer_have_no_picture(topic: str) -> None:
    for seed in range(10):
        for exercise in generate(7, seed, 12):
            if exercise.cell and exercise.cell.topic == topic:
                assert slice_picture(exercise) is None
                return
    raise AssertionError(f"no {topic} cell")


def test_on_a_packed_batch_h_n_is_read_at_each_sequence_s_real_last_step() -> None:
    exercise = _first("padded_last")
    right = slice_picture(exercise)
    traced = slice_picture(exercise, "h_n[-1]")
    assert right is not None and traced is not None and right.right is not None
    assert traced.yours is None  # the same cells as padded[torch.arange(N), lengths - 1]
    mine = slice_picture(exercise, "padded[:, -1]")
    assert mine is not None and mine.yours is not None


@pytest.mark.parametrize(
    "answer",
    [
        "output[-1].exp()",  # overflows the numbers
        "output[:, -1] / 0",
        "torch.full((3,), float('nan'))",
        "output.mean(0)",  # an average of positions is not a position
        "h_n.mean(0)",
        "output.sum(0)",
        "torch.tensor(2.0 ** 22 + 5)",  # a number the learner wrote
        "output - output + 4194304.0",
    ],
)
def test_arithmetic_and_written_numbers_are_not_drawn_as_cells(answer: str) -> None:
    exercise = _first("last_step_blank")
    verdict = grade(exercise, answer)
    assert not verdict.correct and verdict.slices is not None
    assert verdict.slices.right is not None and verdict.slices.yours is None


def test_a_value_holding_one_tensor_many_times_is_read_once() -> None:
    exercise = _first("last_step_blank")
    verdict = grade(exercise, "[[[output] * 16] * 16] * 16")
    picture = verdict.slices
    assert picture is not None and picture.yours is not None
    top = picture.num_layers - 1
    directions = (False, True) if picture.bidirectional else (False,)
    assert picture.yours.slots == {
        Slot(top, reverse, step, b)
        for reverse in directions
        for step in range(picture.seq_len)
        for b in range(picture.batch)
    }


def test_a_name_computed_from_h_n_is_traced_through_its_own_line() -> None:
    exercise = _first("h_n_view", lambda c: c.target == "last_layer")
    picture = slice_picture(exercise)
    assert picture is not None and picture.right is not None
    assert {slot.layer for slot in picture.right.slots} == {picture.num_layers - 1}


def test_a_wrong_value_is_quoted_with_its_controls_visible() -> None:
    exercise = _first("last_step_blank")
    verdict = grade(exercise, "'\\x1b[2J\\x07boom'")
    assert "\x1b" not in verdict.explanation and "\\x1b" in verdict.explanation
