"""The practice screen with cell exercises (levels 6-8): what the learner sees around them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from textual.widgets.tree import TreeNode

from rnn_tutor.core.exercises.cells import Cell
from rnn_tutor.core.exercises.generator import generate
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import answer_text
from rnn_tutor.i18n import LANGUAGES, t
from rnn_tutor.ui.reveal import ParamRow, param_view
from tests.ui.test_app_flows import answer, english_after_each_test, make_app, open_practice

__all__ = ["english_after_each_test"]  # the fixture resets the language after each test


def cell_exercise(level: int, question: str) -> Exercise:
    """The first generated exercise of ``level`` asking ``question``."""
    for seed in range(40):
        for exercise in generate(level, seed, 10):
            if exercise.cell is not None and exercise.cell.question == question:
                return exercise
    raise AssertionError(f"no {question} at level {level}")  # pragma: no cover


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_answer_box_of_a_runs_cell_names_the_asked_expression(
    tmp_path: Path, lang: str
) -> None:
    app = make_app(tmp_path, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot, cell_exercise(6, "runs:logits"))
        placeholder = screen.answer_box.input.placeholder
        assert "logits" in placeholder and "output" not in placeholder
        screen.show_exercise(cell_exercise(8, "runs:dec_out"))
        await pilot.pause()
        assert "dec_out" in screen.answer_box.input.placeholder


def first_cell(level: int, matches: Callable[[Cell], bool]) -> Exercise:
    """The first generated cell exercise of ``level`` whose cell ``matches``."""
    return next(
        e
        for seed in range(40)
        for e in generate(level, seed, 6)
        if e.cell is not None and matches(e.cell)
    )


def _labels(node: TreeNode[Any]) -> list[str]:
    return [str(child.label) for child in node.children]


@pytest.mark.parametrize("template", ["enc_dec_fix", "enc_dec_runs"])
async def test_the_parameter_pane_lists_the_encoder_and_the_decoder(
    tmp_path: Path, template: str
) -> None:
    exercise = first_cell(
        8,
        lambda cell: (
            cell.topic == "enc_dec"
            and (cell.form == "runs") == (template == "enc_dec_runs")
            and cell.config["K"] == 2
        ),
    )
    assert exercise.cell is not None
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot, exercise)
        tree = screen.browser.param_tree
        # A bidirectional 2-layer encoder, a unidirectional 2-layer decoder; names only.
        assert _labels(tree.root) == [
            "encoder: layer 0",
            "encoder: layer 0, reverse",
            "encoder: layer 1",
            "encoder: layer 1, reverse",
            "decoder: layer 0",
            "decoder: layer 1",
        ]
        decoder = tree.root.children[4]
        assert _labels(decoder)[0] == "weight_ih_l0  ?"
        await answer(pilot, "error" if exercise.cell.raises else answer_text(exercise))
        assert screen.verdict is not None and screen.verdict.correct
        first = tree.root.children[4].children[0]
        row = first.data
        assert isinstance(row, ParamRow) and row.shape is not None
        tree.move_cursor(first)
        await pilot.pause()
        detail = str(screen.browser.query_one("#param-detail", Static).render())
        assert detail.startswith(f"decoder.weight_ih_l0 = {row.formula} = ")
        summary = str(screen.browser.query_one("#param-summary", Static).render())
        assert "encoder: len(all_weights) = 4" in summary.splitlines()
        assert "decoder: len(all_weights) = 2" in summary.splitlines()


def _enc_dec(count: int) -> list[Exercise]:
    return [
        e
        for seed in range(count)
        for e in generate(8, seed, 6)
        if e.cell is not None and e.cell.topic == "enc_dec"
    ]


def test_every_encoder_decoder_pane_is_what_torch_names_and_shapes() -> None:
    import torch
    from torch import nn

    exercises = _enc_dec(12)
    assert len(exercises) >= 10
    for exercise in exercises:
        view = param_view(exercise, graded=True)
        assert [m.name for m in view.modules] == ["encoder", "decoder"] and not view.groups
        for module in view.modules:
            line = next(
                text for text in exercise.code_lines() if text.startswith(f"{module.name} = ")
            )
            kind, args = line.split(" = nn.", 1)[1].split("(", 1)
            with torch.device("meta"):
                built = getattr(nn, kind)(**_kwargs(args.rstrip(")")))
            rows = [row for group in module.groups for row in group.rows]
            assert [(r.full_name, r.shape) for r in rows] == [
                (f"{module.name}.{name}", tuple(p.shape)) for name, p in built.named_parameters()
            ]
            assert all(r.formula for r in rows)
            assert module.total == sum(p.numel() for p in built.parameters())
            assert module.all_weights_len == len(built.all_weights)


def _kwargs(args: str) -> dict[str, Any]:
    """``5, 7, 2, bidirectional=True`` as nn.GRU's keyword arguments (test only)."""
    names = ("input_size", "hidden_size", "num_layers")
    out: dict[str, Any] = {}
    for i, part in enumerate(p.strip() for p in args.split(",")):
        key, sep, value = part.partition("=")
        out[key if sep else names[i]] = value == "True" if sep else int(key)
    return out


def test_a_stored_encoder_decoder_exercise_shows_both_modules_again() -> None:
    for exercise in _enc_dec(4):
        stored = json.loads(json.dumps(exercise.to_dict()))
        # A row written before the pane knew of decoders has exactly these keys.
        assert set(stored["cell"]) == {
            "topic", "source", "question", "config", "answer", "raises", "axes", "expect"
        }  # fmt: skip
        again = Exercise.from_stored(stored)
        assert again == exercise
        assert param_view(again, graded=False) == param_view(exercise, graded=False)
        assert [m.name for m in param_view(again, graded=False).modules] == [
            "encoder",
            "decoder",
        ]


@pytest.mark.parametrize("level", [6, 7, 8])
async def test_practice_at_a_cell_level_takes_each_topic_before_any_comes_back(
    tmp_path: Path, level: int
) -> None:
    from rnn_tutor.core.exercises.cell_generator import CELL_LEVEL_TOPICS

    topics = set(CELL_LEVEL_TOPICS[level])
    app = make_app(tmp_path, level=level)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot)
        seen: list[str] = []
        for _ in range(len(topics)):
            assert screen.exercise is not None and screen.exercise.cell is not None
            seen.append(screen.exercise.skills[0])
            await pilot.press("escape", "n")
            await pilot.pause()
        assert sorted(seen) == sorted(topics)


@pytest.mark.parametrize("topic", ["pad_sequence", "cell_loop", "cell_params"])
async def test_a_cell_without_a_recurrent_layer_says_so_after_the_answer(
    tmp_path: Path, topic: str
) -> None:
    """The pane said "Hidden until you answer" even after the answer (issue 23)."""
    exercise = first_cell(7, lambda cell: cell.topic == topic)
    assert exercise.cell is not None
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot, exercise)
        await answer(pilot, "error" if exercise.cell.raises else answer_text(exercise))
        assert screen.verdict is not None and screen.verdict.correct
        await pilot.pause()
        detail = str(screen.browser.query_one("#param-detail", Static).render())
        assert detail == t("ui.params.absent")
        assert "nn.RNN, nn.LSTM or nn.GRU" in detail
        assert detail != t("ui.params.hidden")


def _net_parameters(exercise: Exercise) -> int:
    """sum(p.numel()) of the cell's Net, built by torch from the cell's own sizes."""
    import torch
    from torch import nn

    assert exercise.cell is not None
    cell = exercise.cell
    vocab, dim, hidden, classes = (cell.size(key) for key in ("V", "E", "H", "C"))
    head = hidden if cell.config["variant"] == "bad_head" else 2 * hidden
    with torch.device("meta"):
        parts = (
            nn.Embedding(vocab, dim),
            nn.LSTM(dim, hidden, batch_first=True, bidirectional=True),
            nn.Linear(head, classes),
        )
    # The cell's own code names these three, in this order (the generator writes it).
    code = "\n".join(exercise.code_lines())
    assert f"nn.Embedding({vocab}, {dim})" in code and f"nn.Linear({head}, {classes})" in code
    return sum(p.numel() for part in parts for p in part.parameters())


def test_a_net_cell_counts_the_whole_model_as_torch_does() -> None:
    """Total params counted the LSTM alone (3,920 against 4,903 for the model, issue 23)."""
    exercises = [
        e
        for seed in range(12)
        for e in generate(8, seed, 6)
        if e.cell is not None and e.cell.topic == "net_class"
    ]
    assert len(exercises) >= 3
    for exercise in exercises:
        view = param_view(exercise, graded=True)
        assert view.model is not None and view.total is not None
        assert view.model.total == _net_parameters(exercise)
        assert view.model.total > view.total  # the embedding and the head count too


async def test_the_parameter_pane_of_a_net_cell_shows_the_model_total(tmp_path: Path) -> None:
    exercise = first_cell(8, lambda cell: cell.topic == "net_class")
    assert exercise.cell is not None
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_practice(pilot, exercise)
        await answer(pilot, "error" if exercise.cell.raises else answer_text(exercise))
        await pilot.pause()
        summary = str(screen.browser.query_one("#param-summary", Static).render())
        assert f"model: Total params {_net_parameters(exercise):,}" in summary.splitlines()
