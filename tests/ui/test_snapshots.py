"""Snapshots of the app at 100x30 and 80x24, in English and Korean.

Regenerate with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the
SVGs before committing them. The pictures are deterministic: hand-built exercises (the
notebook's LSTM and a bidirectional one), a fresh progress folder, no torch warm-up
worker, and grading awaited before the picture is taken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from rnn_tutor.core.call.spec import InputSpec, ModelCall
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.i18n import set_language
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens.practice import PracticeScreen

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
LANGS = [pytest.param("en", id="en"), pytest.param("ko", id="ko")]

# output, (h_n, c_n) = nn.LSTM(10, 20, num_layers=2, batch_first=True)(torch.randn(3, 5, 10))
NOTEBOOK_H_N = Exercise(
    call=ModelCall("LSTM", (10, 20), (("num_layers", 2), ("batch_first", True))),
    input=InputSpec((3, 5, 10)),
    question=Question("h_n"),
    skills=("hn_ignores_batch_first", "hn_first_axis"),
    level=2,
)
BIDIRECTIONAL_OUTPUT = Exercise(
    call=ModelCall("GRU", (8, 16), (("num_layers", 2), ("bidirectional", True))),
    input=InputSpec((7, 4, 8)),
    question=Question("output"),
    skills=("output_layout", "output_last_axis"),
    level=3,
)
DEEP_WEIGHT = Exercise(
    call=ModelCall("LSTM", (10, 20), (("num_layers", 2), ("bidirectional", True))),
    input=None,
    question=Question("param", "weight_ih_l1_reverse"),
    skills=("gate_blocks", "deep_layer_input"),
    level=3,
)

Step = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def make_app(tmp_path: Path, lang: str = "en") -> RnnTutorApp:
    return RnnTutorApp(data_dir=tmp_path / "progress", lang=lang, seed=11, warm_up=False)


async def settled(pilot: Pilot[Any]) -> None:
    """What is due is counted in a worker: the picture is taken once it is there."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def answered(shown: Exercise, answer: str, *then: str) -> Step:
    """Open practice on ``shown``, answer, wait for the verdict, then press ``then``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("p")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PracticeScreen)
        screen.show_exercise(shown)
        await pilot.pause()
        screen.answer_box.input.value = answer
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.graded
        if then:
            await pilot.press(*then)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Any, tmp_path: Path, size: tuple[int, int], lang: str) -> None:
    assert snap_compare(make_app(tmp_path, lang), run_before=settled, terminal_size=size)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_practice_with_feedback(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    # A wrong answer: batch_first applied to h_n, the misconception named.
    step = answered(NOTEBOOK_H_N, "(3, 2, 20)")
    assert snap_compare(make_app(tmp_path, lang), run_before=step, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_parameter_browser(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    # Revealed after grading, the asked parameter highlighted; at 80x24 `p` shows the pane.
    extra = ("p",) if size[0] < 100 else ()
    step = answered(DEEP_WEIGHT, "(80, 20)", *extra)
    assert snap_compare(make_app(tmp_path), run_before=step, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_unrolled_picture(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    # Right answer on a 2-layer bidirectional GRU; scrolled down to the picture.
    step = answered(BIDIRECTIONAL_OUTPUT, "(7, 4, 32)", "end")
    assert snap_compare(make_app(tmp_path), run_before=step, terminal_size=size)


def test_too_small(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(70, 20))
