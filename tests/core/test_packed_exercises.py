"""Packed exercises test packing: max(lengths) often stops short of L (issue 8)."""

from __future__ import annotations

from rnn_tutor.core.call.spec import bind
from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import question_text
from rnn_tutor.core.grading.misconceptions import diagnose
from rnn_tutor.i18n import tr


def _padded_len(exercise: Exercise) -> int:
    assert exercise.input is not None
    shape = exercise.input.shape
    return shape[1] if bind(exercise.call).batch_first else shape[0]


def test_a_third_of_300_packed_exercises_have_max_lengths_below_L() -> None:
    exercises = generate(5, seed=8, count=300, skills=["packed_sequence"])
    packed = [e for e in exercises if e.input is not None and e.input.packed]
    assert len(packed) == 300
    short = [e for e in packed if max(e.input.lengths or ()) < _padded_len(e)]  # type: ignore[union-attr]
    assert len(short) >= 100, len(short)


def test_a_packed_output_question_asks_for_the_padded_output_and_names_the_mix_up() -> None:
    exercises = generate(5, seed=3, count=300, skills=["packed_sequence"])
    short = [
        e
        for e in exercises
        if e.question.kind == "output" and max(e.input.lengths or ()) < _padded_len(e)  # type: ignore[union-attr]
    ]
    assert short
    for exercise in short[:20]:
        assert question_text(exercise) == tr("en", "question.output.packed")
        assert "pad_packed_sequence(packed_out" in exercise.code()
        spec = bind(exercise.call)
        assert exercise.input is not None
        true_len = max(exercise.input.lengths or ())
        n = len(exercise.input.lengths or ())
        width = spec.D * spec.H_out
        ignoring_packing = (
            (n, _padded_len(exercise), width)
            if spec.batch_first
            else (_padded_len(exercise), n, width)
        )
        assert true_len < _padded_len(exercise)
        assert diagnose(exercise, ignoring_packing) == "padded_time_is_L"


def test_gate_blocks_are_asked_only_of_gated_layers() -> None:
    from rnn_tutor.core.exercises.generator import exercise_for_skill

    for level in (1, 3, 5):
        for seed in range(40):
            exercise = exercise_for_skill("gate_blocks", seed, level)
            assert exercise.call.kind in ("LSTM", "GRU"), (level, exercise.code())


def test_a_worksheet_refuses_a_skill_above_its_level(capsys: object) -> None:
    import argparse

    from rnn_tutor.commands import exercises

    parser = argparse.ArgumentParser()
    exercises.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["exercises", "--level", "1", "--skill", "packed_sequence"])
    assert exercises.run(args) == 2
    args = parser.parse_args(["exercises", "--level", "5", "--skill", "packed_sequence"])
    assert exercises.run(args) == 0


def test_level_7_pad_packed_cells_ask_max_lengths_and_not_only_total_length() -> None:
    """Issue 18: 149 of 149 pad_packed cells had ``total_length=`` (the distinctness check
    listed the time axis twice), so "the time axis is max(lengths), not L" was never
    asked in a cell. Measured when fixed, over 900 exercises: 91 of 426 pad_packed cells
    with total_length (21%), 207 whose longest sequence stops short of L (49%), 128 with
    max(lengths) == L (30%)."""
    seen = {"total_length": 0, "short": 0, "full": 0}
    for seed in (5, 6, 7):
        for exercise in generate(7, seed, 300, ["packed_output"]):
            cell = exercise.cell
            assert cell is not None
            if cell.topic != "pad_packed":
                continue
            config = cell.config
            kind = (
                "total_length"
                if config["total_length"]
                else "short"
                if config["max_len"] < config["L"]  # type: ignore[operator]
                else "full"
            )
            seen[kind] += 1
            assert isinstance(cell.answer, tuple)
            time = cell.answer[1] if config["out_bf"] else cell.answer[0]
            assert time == (config["total_length"] or config["max_len"])
            assert ("total_length=" in cell.source) == bool(config["total_length"])
    cells = sum(seen.values())
    assert cells >= 300, seen
    assert 0.1 <= seen["total_length"] / cells <= 0.4, seen
    assert seen["short"] / cells >= 0.3, seen
    assert seen["full"] / cells >= 0.1, seen
