"""A notebook page copied as text (``In [n]:`` prompts, outputs under the code) is split into
its code cells, outputs left out, so the learner's own page explains as it ran."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor.core.notebook.cells import split_cells, transcript_cells, transcript_spans
from tests.shared_dir import SHARED

DATA = Path(__file__).parent / "notebook_data"
SEED = SHARED / "seed" / "000_d28419c060cd59fd.txt"


def test_the_seed_page_splits_into_the_cells_the_learner_wrote() -> None:
    if not SEED.exists():
        pytest.skip(f"the shared seed notebook is not at {SEED} (set RNN_TUTOR_SHARED)")
    by_hand = split_cells((DATA / "seed_cells.py").read_text(encoding="utf-8"))
    from_page = split_cells(SEED.read_text(encoding="utf-8"))
    assert [cell.strip() for cell in from_page] == [cell.strip() for cell in by_hand]


def test_outputs_that_happen_to_parse_are_still_outputs() -> None:
    page = (
        "In [1]:\nx = torch.zeros(2)\nx\n\ntensor([0., 0.])\n\n"
        "In [2]:\nprint(x.shape)\n\ntorch.Size([2])\n\n"
        "In [3]:\nx.shape\n\nOut[3]: torch.Size([2])\n"
    )
    assert transcript_cells(page) == ["x = torch.zeros(2)\nx", "print(x.shape)", "x.shape"]


def test_blank_lines_inside_code_keep_the_code_whole() -> None:
    page = "# My notes\n\nIn [ ]:\na = 1\n\n\nb = a + 1\n\nIn [4]:\n\nprint(b)\n\n2\n"
    # "2" parses, so a bare number after print stays code: only what cannot be code is cut.
    assert transcript_cells(page) == ["a = 1\n\n\nb = a + 1", "print(b)\n\n2"]


def test_a_broken_first_paragraph_is_kept_so_its_error_is_shown() -> None:
    assert transcript_cells("In [1]:\nrnn = nn.RNN(10, 5\n\nsome output\n") == [
        "rnn = nn.RNN(10, 5"
    ]


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
def test_any_text_splits_without_error(text: str) -> None:
    for cell in split_cells("In [1]:\n" + text):
        assert cell.strip()


def test_explain_runs_the_seed_page_to_its_last_cell(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    if not SEED.exists():
        pytest.skip(f"the shared seed notebook is not at {SEED} (set RNN_TUTOR_SHARED)")
    result = subprocess.run(
        [sys.executable, "-m", "rnn_tutor", "explain", str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# --- cell 11 ---" in result.stdout
    assert "Stopped at cell" not in result.stdout
    assert "output (1, 4, 5) = (N, L, D*H_out); hn (1, 1, 5)" in result.stdout


def test_each_cell_knows_the_page_line_it_starts_on() -> None:
    page = "Title\n\nIn [1]:\n\nx = torch.zeros(2)\n\ntensor([0., 0.])\n\nIn [2]:\nx.shape\n"
    spans = transcript_spans(page)
    assert spans == [(4, "x = torch.zeros(2)"), (9, "x.shape")]
    lines = page.split("\n")
    for before, code in spans:
        assert lines[before : before + code.count("\n") + 1] == code.split("\n")
