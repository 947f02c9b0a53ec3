"""The unrolled picture of a cell exercise: layers or sequences by steps, slices marked.

Drawn from hand-made SlicePicture values (no torch), so each glyph's meaning is pinned.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.grading.grader import grade
from rnn_tutor.core.grading.slices import Pick, SlicePicture, Slot
from rnn_tutor.i18n import set_language
from rnn_tutor.ui.unroll import shown_steps, unroll_slices
from rnn_tutor.ui.widgets.unrolled import draw, draw_grid, fitted, grid_width


def _packed(yours: bool = True) -> SlicePicture:
    lengths = (12, 9, 3)
    right = Pick(
        "padded[torch.arange(3), lengths - 1]",
        frozenset(Slot(0, False, n - 1, b) for b, n in enumerate(lengths)),
    )
    mine = Pick("padded[:, -1]", frozenset(Slot(0, False, 11, b) for b in range(3)))
    return SlicePicture(
        num_layers=1,
        bidirectional=False,
        seq_len=12,
        batch=3,
        lengths=lengths,
        output_name="padded",
        output_shape=(3, 12, 5),
        h_n_shape=(1, 3, 5),
        c_n_shape=None,
        right=right,
        yours=mine if yours else None,
    )


def _grid(picture: SlicePicture, columns: int = 6) -> list[str]:
    """The grid's lines, with ``columns`` steps at most (0: every step)."""
    drawn = unroll_slices(picture, columns or None)
    return draw_grid(drawn).plain.splitlines()


def test_a_packed_batch_is_drawn_by_sequence_with_padding_and_both_slices() -> None:
    set_language("en")
    header, *rows = _grid(_packed(), 0)
    assert header.split()[1:] == [str(step) for step in range(12)]  # every step fits
    assert rows[0].startswith("0 (12)")
    assert rows[0].rstrip().endswith("{h}")  # the longest: both slices read its last step
    assert rows[1].count("{h}") == 1 and rows[1].rstrip().endswith("<0>")  # padding, read
    assert rows[2].count("{h}") == 1 and rows[2].count("[0]") == 8
    legend = draw(unroll_slices(_packed())).plain
    assert "what padded[torch.arange(3), lengths - 1] reads" in legend
    assert "what your padded[:, -1] reads" in legend
    assert "padding" in legend


def test_without_lengths_rows_are_layers_and_a_one_sequence_slice_says_so() -> None:
    set_language("en")
    only_last = Pick("output[-1]", frozenset(Slot(1, False, t, 3) for t in range(9)))
    picture = SlicePicture(2, False, 9, 4, None, "output", (4, 9, 6), (2, 4, 6), None, only_last)
    _, top, bottom = _grid(picture)
    assert top.startswith("layer 1") and bottom.startswith("layer 0")
    assert top.count("{o ") + top.count("{oh") == 5  # the shown steps, all read
    assert "{" not in bottom
    assert "what output[-1] reads (sequence 3 only)" in draw(unroll_slices(picture)).plain


def test_a_hostile_expression_is_shown_with_its_controls_escaped() -> None:
    set_language("en")
    hostile = Pick("h_n[0]\x1b]52;c;x\x07", frozenset({Slot(0, False, 2, 0)}))
    picture = SlicePicture(1, False, 3, 1, None, "output", (3, 1, 2), (1, 1, 2), None, hostile)
    text = draw(unroll_slices(picture)).plain
    assert "\x1b" not in text and "\\x1b" in text


def test_the_picture_reads_in_korean() -> None:
    set_language("ko")
    try:
        text = draw(unroll_slices(_packed())).plain
    finally:
        set_language("en")
    assert "괄호 안은 그 길이" in text and "내 답 padded[:, -1]" in text


@given(
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=3, max_value=8),
    st.sets(st.integers(min_value=0, max_value=39), max_size=5),
)
def test_shown_steps_keep_both_ends_and_every_step_asked_for(
    seq_len: int, columns: int, must: set[int]
) -> None:
    steps = shown_steps(seq_len, columns, must)
    shown = [step for step in steps if step is not None]
    assert shown == sorted(set(shown))
    assert shown[0] == 0 and shown[-1] == seq_len - 1
    assert {step for step in must if step < seq_len} <= set(shown)
    for before, after in pairwise(steps):
        assert before is not None or after is not None  # never two gaps side by side
        if before is not None and after is not None:
            assert after == before + 1  # a left-out run is always marked
    if seq_len <= columns:
        assert shown == list(range(seq_len))
    elif not must:
        assert len(steps) == columns


def test_the_legend_names_the_tensor_the_cell_sliced() -> None:
    set_language("en")
    both = Pick(
        "torch.cat((h_n[0::2], h_n[1::2]), dim=2)",
        frozenset({Slot(0, False, 4, 0), Slot(0, True, 0, 0)}),
    )
    picture = SlicePicture(1, True, 5, 1, None, "enc_out", (5, 1, 8), (2, 1, 4), None, both)
    text = draw(unroll_slices(picture)).plain
    assert "enc_out = the top layer at every step: (5, 1, 8)" in text
    forward, backward = text.splitlines()[1:3]
    assert forward.rstrip().endswith("{oh}") and backward.split("<-", 1)[1].startswith("{oh}")


@cache
def _packed_pictures() -> tuple[tuple[str, SlicePicture], ...]:
    """Every packed cell of 30 level-7 sheets, graded (a wrong slice where it has a blank)."""
    found = []
    for seed in range(30):
        for exercise in generate(7, seed, 12):
            cell = exercise.cell
            if cell is None or cell.topic not in ("padded_last", "pad_packed"):
                continue
            wrong = "padded[:, -1]" if cell.topic == "padded_last" else str(cell.answer)
            slices = grade(exercise, wrong).slices
            assert slices is not None
            found.append((cell.source, slices))
    return tuple(found)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("room", [46, 68])  # the picture's width at 100x30 and at 80x24
def test_every_generated_packed_picture_fits_the_panel(lang: str, room: int) -> None:
    """The widest generated cells (8 sequences, 12 steps, 16 with total_length) fit, and
    every step a slice reads is drawn."""
    set_language(lang)
    try:
        for source, slices in _packed_pictures():
            picture = fitted(slices, room)
            assert grid_width(picture) <= room, (lang, room, source)
            shown = {step for step in picture.steps if step is not None}
            for pick in (slices.right, slices.yours):
                for slot in pick.slots if pick is not None else ():
                    assert slot.step in shown
    finally:
        set_language("en")
