"""`rnn-tutor explain`: annotated code, prints and Out under cells, --json, exit 2 and why."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rnn_tutor.cli import main
from rnn_tutor.i18n import set_language

DATA = Path(__file__).parent / "notebook_data"


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_seed_notebook_is_annotated_line_by_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--lang", "en", "explain", str(DATA / "seed_cells.py"))
    assert status == 0, err
    lines = out.splitlines()
    rnn_call = next(line for line in lines if line.startswith("output, hn = rnn(input, h0)"))
    assert rnn_call.endswith(
        "# output (1, 3, 1) = (N, L, D*H_out); hn (1, 1, 1) = (D*num_layers, N, H_out)"
    )
    assert "# --- cell 11 ---" in lines
    assert "- SHAPE ; torch.Size([1, 3, 1])  DIM : 3D" in lines
    assert "[all_weights] : 1" in lines
    assert "Total params: 85" in lines
    out_index = lines.index("Out:")
    assert lines[out_index + 1].startswith("===")  # the summary of cell 9, as torchinfo draws it


def test_the_ipynb_and_pasted_text_give_the_same_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, from_ipynb, _ = run(capsys, "explain", str(DATA / "seed.ipynb"))
    text = (DATA / "seed_cells.py").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    status, pasted, _ = run(capsys, "explain", "-")
    assert status == 0

    def shapes(report: str) -> list[str]:
        return [line.split("# ", 1)[-1] for line in report.splitlines() if " = (" in line]

    assert shapes(pasted) == shapes(from_ipynb)
    assert shapes(pasted)


def test_json_gives_every_statement(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "explain", "--json", str(DATA / "seed_cells.py"))
    assert status == 0
    cells = [json.loads(line) for line in out.splitlines()]
    assert [cell["cell"] for cell in cells] == list(range(1, 12))
    second = cells[1]
    assert second["ok"] is True
    bound = {b["name"]: b for s in second["statements"] for b in s["bindings"]}
    assert bound["output"]["shape"] == [1, 3, 1]
    assert bound["output"]["axes"] == ["N", "L", "D*H_out"]
    assert cells[8]["display"].count("Total params: 85") == 1


def test_a_failing_cell_exits_2_with_the_explanation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.py"
    path.write_text(
        "import torch\nimport torch.nn as nn\n"
        "gru = nn.GRU(5, 7, num_layers=2, bidirectional=True, batch_first=True)\n"
        "out, h = gru(torch.randn(4, 6, 5))\n"
        "head = nn.Linear(7, 3)\n"
        "y = head(out[:, -1])\n"
        "# %%\nprint('never')\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "explain", str(path))
    assert status == 2
    assert "never" not in out
    assert "  ^ line 6: The Linear layer was built for 7 input features" in out
    assert (
        "torch says: RuntimeError: mat1 and mat2 shapes cannot be multiplied (4x14 and 7x3)" in out
    )
    assert "fix: use nn.Linear(14, 3)" in out
    assert "common mix-up: head_in_features_H" in out
    assert "Stopped at cell 1" in out
    status, out, _ = run(capsys, "explain", "--json", str(path))
    assert status == 2
    error = json.loads(out.splitlines()[-1])["error"]
    assert error["misconception"] == "head_in_features_H"
    assert error["fix_params"] == {"in_features": 14, "out_features": 3}


def test_a_refused_cell_exits_2_in_korean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "evil.py"
    path.write_text("import os\nos.system('touch x')\n", encoding="utf-8")
    status, out, _ = run(capsys, "--lang", "ko", "explain", str(path))
    assert status == 2
    assert "1번째 줄: `import os`는 torch 모양 코드가 아닙니다" in out
    assert not (tmp_path / "x").exists()


def test_unreadable_files_are_said_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "explain", str(tmp_path / "missing.py"))
    assert status == 2
    assert "cannot read" in err
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    status, _, err = run(capsys, "explain", str(broken))
    assert (status, err.strip()) == (2, "this .ipynb file is not JSON.")


def test_control_characters_in_the_code_are_shown_not_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "esc.py"
    path.write_text("x = 1  # \x1b]52;c;cHduZWQ=\x07\nprint('\x1b[2J')\n", encoding="utf-8")
    status, out, _ = run(capsys, "explain", str(path))
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out
