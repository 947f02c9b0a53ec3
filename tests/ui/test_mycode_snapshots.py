"""Snapshots of the "My code" screen on the real interpreter: a cell with its shapes, and a
cell whose torch error is explained under its line; English and Korean, 100x30 and 80x24.

Regenerate with ``pytest tests/ui/test_mycode_snapshots.py --snapshot-update`` and look at
the SVGs before committing them. Only shapes are shown (never tensor values), so torch's
random numbers do not reach the pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from rnn_tutor.i18n import set_language
from rnn_tutor.ui.app import RnnTutorApp
from tests.ui.test_mycode_torch import GRU_HEAD

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
LANGS = [pytest.param("en", id="en"), pytest.param("ko", id="ko")]

# The seed notebook's second model, as a learner would paste it (Korean comments included).
SEED_CELL = """import torch
import torch.nn as nn

# 입력 초기 텐서 2개
input = torch.randn(1, 4, 10)  # (배치, 시퀀스, 피처)
h0 = torch.randn(1, 1, 5)
rnn = nn.RNN(10, 5, 1, batch_first=True)
output, hn = rnn(input, h0)
print(f"[all_weights] - {len(rnn.all_weights)}")
output.shape
"""


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def make_app(tmp_path: Path, lang: str, code: str) -> RnnTutorApp:
    return RnnTutorApp(
        data_dir=tmp_path / "progress",
        lang=lang,
        warm_up=False,
        screen="mycode",
        screen_options={"code": code},
    )


async def run_it(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    # The editor's blinking cursor would be drawn or not depending on when the picture is
    # taken: the pictures show the screen with the focus off the editor.
    pilot.app.screen.set_focus(None)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_my_code_with_shapes(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    assert snap_compare(make_app(tmp_path, lang, SEED_CELL), run_before=run_it, terminal_size=size)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_my_code_with_an_explained_error(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    assert snap_compare(make_app(tmp_path, lang, GRU_HEAD), run_before=run_it, terminal_size=size)
