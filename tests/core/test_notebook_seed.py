"""The seed notebook (a learner's real cells) runs on the interpreter and prints what it printed.

The cells are in notebook_data/seed_cells.py (split on "# %%") and seed.ipynb (the same
cells as Jupyter stores them); the outputs checked are those in shared/seed/000_*.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rnn_tutor.core.notebook import CellRun, Notebook, read_cells

DATA = Path(__file__).parent / "notebook_data"


def run_all(path: Path) -> list[CellRun]:
    notebook = Notebook()
    return [notebook.run_cell(cell) for cell in read_cells(path)]


@pytest.fixture(scope="module")
def runs() -> list[CellRun]:
    return run_all(DATA / "seed_cells.py")


def test_every_cell_of_the_seed_notebook_runs(runs: list[CellRun]) -> None:
    assert len(runs) == 11
    assert [run.error for run in runs] == [None] * 11
    assert all(run.ok for run in runs)


def test_the_shapes_it_printed_come_out_the_same(runs: list[CellRun]) -> None:
    assert "-SHAPE ; torch.Size([1, 3, 10])  DIM : 3D" in runs[2].stdout
    assert runs[3].stdout == "RNN 출력 - output\n- SHAPE ; torch.Size([1, 3, 1])  DIM : 3D\n"
    assert runs[4].stdout == "RNN 출력 - hidden state\n- SHAPE : torch.Size([1, 1, 1])  DIM : 3D\n"
    assert "[all_weights] : 1\n" in runs[6].stdout
    assert "[all_weight] - 1개\n" in runs[9].stdout


def test_the_parameter_loop_prints_each_name(runs: list[CellRun]) -> None:
    out = runs[5].stdout
    names = [line for line in out.splitlines() if line.startswith("---------[")]
    assert names == [
        "---------[weight_ih_l0] ",
        "---------[weight_hh_l0] ",
        "---------[bias_ih_l0] ",
        "---------[bias_hh_l0] ",
    ]
    assert out.count("Parameter containing:") == 4


def test_summary_is_shown_as_torchinfo_prints_it(runs: list[CellRun]) -> None:
    display = runs[8].display
    assert display is not None
    assert "Layer (type:depth-idx)                   Param #" in display
    assert "RNN                                      85" in display
    assert "Total params: 85" in display
    assert "Trainable params: 85" in display
    assert "Non-trainable params: 0" in display


def test_the_last_expression_is_displayed_as_jupyter_does(runs: list[CellRun]) -> None:
    display = runs[10].display
    assert display is not None
    lines = display.splitlines()
    assert lines[0] == "(torch.Size([1, 4, 5]),"
    assert lines[1] == " 3,"
    assert lines[2].startswith(" tensor([[[")
    assert lines[-1].endswith("grad_fn=<TransposeBackward1>))")


def test_recurrent_outputs_get_their_axis_names(runs: list[CellRun]) -> None:
    bindings = {b.name: b for s in runs[1].statements for b in s.bindings}
    assert bindings["input"].shape == (1, 3, 10)
    assert bindings["input"].axes is None
    assert bindings["output"].shape == (1, 3, 1)
    assert bindings["output"].axes == ("N", "L", "D*H_out")
    assert bindings["output"].text == "(1, 3, 1) = (N, L, D*H_out)"
    assert bindings["hn"].text == "(1, 1, 1) = (D*num_layers, N, H_out)"
    assert bindings["hn"].dtype == "float32"
    assert bindings["rnn"].kind == "module"
    assert bindings["HIDDEN_SIZE"].kind == "number"
    lines = {b.name: s.line for s in runs[1].statements for b in s.bindings}
    assert lines["output"] == 16
    assert lines["h0"] == 10


def test_the_ipynb_gives_the_same_cells_and_results() -> None:
    assert read_cells(DATA / "seed.ipynb") == read_cells(DATA / "seed_cells.py")
    runs = run_all(DATA / "seed.ipynb")
    assert all(run.ok for run in runs)
    assert "torch.Size([1, 1, 1])" in runs[4].stdout


def test_names_carry_over_between_cells_and_can_be_read() -> None:
    notebook = Notebook()
    notebook.run_cell("import torch\nx = torch.zeros(2, 3)")
    assert tuple(notebook.value("x").shape) == (2, 3)  # type: ignore[attr-defined]
    assert notebook.evaluate("x.shape[1] + 1") == 4
    with pytest.raises(KeyError):
        notebook.value("y")
