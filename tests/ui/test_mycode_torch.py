"""The "My code" screen on the real interpreter: the seed notebook, a torch error, and
`rnn-tutor explain --app FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from rnn_tutor.cli import main
from rnn_tutor.commands import practice
from rnn_tutor.commands.explain import app_code
from rnn_tutor.core.notebook import read_cells
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.screens.mycode import MyCodeScreen
from tests.shared_dir import SHARED
from tests.ui.test_mycode import gutter_row, open_code, row_of, run_cell

SEED = Path(__file__).parent.parent / "core" / "notebook_data" / "seed_cells.py"
PAGE = SHARED / "seed" / "000_d28419c060cd59fd.txt"

# A learner's next step after the seed notebook: a head on a bidirectional GRU, sized wrong.
GRU_HEAD = """import torch
import torch.nn as nn

x = torch.randn(4, 6, 7)
gru = nn.GRU(7, 7, bidirectional=True, batch_first=True)
out, h = gru(x)
fc = nn.Linear(7, 3)
y = fc(out)
"""


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def line_of(code: str, start: str) -> int:
    """The 1-based number of the last line that starts with ``start``."""
    lines = code.splitlines()
    return max(i for i, line in enumerate(lines, start=1) if line.startswith(start))


async def shapes_beside(pilot: Any, screen: MyCodeScreen, code: str, start: str) -> str:
    """The gutter beside the last line starting with ``start``, scrolled into view."""
    line = line_of(code, start)
    screen.editor.move_cursor((line - 1, 0))
    screen.editor.scroll_to(y=line - 3, animate=False)
    await pilot.pause()
    await pilot.pause()
    return gutter_row(screen.shapes, row_of(screen, line))


def seed_code(form: str) -> str:
    """The seed notebook as cells split on ``# %%``, or as the learner's page pasted whole."""
    if form == "cells":
        return app_code(read_cells(SEED))
    if not PAGE.exists():
        pytest.skip(f"the shared seed notebook is not at {PAGE} (set RNN_TUTOR_SHARED)")
    return PAGE.read_text(encoding="utf-8")


# "page": the learner copies their Jupyter page (prompts, code, printed outputs) into My code.
@pytest.mark.parametrize("form", ["cells", "page"])
async def test_the_seed_notebook_runs_with_its_shapes_modules_and_pictures(
    tmp_path: Path, form: str
) -> None:
    code = seed_code(form)
    app = open_code(tmp_path, code=code)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run_cell(pilot)
        assert screen.result is not None and screen.result.run.ok
        assert (await shapes_beside(pilot, screen, code, "output, hn = rnn(input, h0)")).startswith(
            "output: (1, 4, 5)"
        )
        full = str(screen.query_one("#mycode-status", Static).render())
        assert "output: (1, 4, 5) = (N, L, D*H_out)" in full
        assert "hn: (1, 1, 5) = (D*num_layers, N, H_out)" in full
        # The module still bound to `rnn` is the second one: 85 parameters, as summary() says.
        tree = screen.query_one("#mycode-params").query_one("#param-tree")
        labels = [str(node.label) for node in tree.root.children]  # type: ignore[attr-defined]
        assert labels == [t("ui.mycode.params.module", name="rnn", kind="RNN", total="85")]
        # Both recurrent calls are drawn, the first from the layer it used before `rnn` was rebound.
        pictures = str(screen.query_one("#mycode-unrolled", Static).render())
        later = line_of(code, "output, hn = rnn(input, h0)")
        earlier = min(
            i
            for i, line in enumerate(code.splitlines(), start=1)
            if line.startswith("output, hn = rnn(input, h0)")
        )
        assert t("ui.mycode.unrolled.heading", line=earlier, module="rnn") in pictures
        assert t("ui.mycode.unrolled.heading", line=later, module="rnn") in pictures
        assert "(1, 3, 1)" in pictures and "(1, 4, 5)" in pictures
        if form == "page":  # a printed output line of the page gets no shape and stops nothing
            assert (await shapes_beside(pilot, screen, code, "Total params: 85")).strip() == ""


async def test_a_torch_error_is_explained_with_the_change_that_makes_it_run(
    tmp_path: Path,
) -> None:
    app = open_code(tmp_path, code=GRU_HEAD)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        assert isinstance(screen, MyCodeScreen) and screen.result is not None
        error = screen.result.run.error
        assert error is not None and error.line == 8
        note = str(screen.note.render())
        assert "line 8: RuntimeError" in note
        assert "nn.Linear(14, 3)" in note
        assert note.count("\n") <= 6  # brief: where, why, the fix
        assert gutter_row(screen.shapes, row_of(screen, 6)) == "out: (4, 6, 14)  h: (2, 4, 7)"
        output = str(screen.query_one("#mycode-output", Static).render())
        assert "mat1 and mat2 shapes cannot be multiplied (24x14 and 7x3)" in output


def test_explain_app_opens_the_file_in_my_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: dict[str, Any] = {}

    def fake_open_app(args: Any, screen: str = "home", **options: Any) -> int:
        opened.update(screen=screen, **options)
        return 0

    monkeypatch.setattr(practice, "open_app", fake_open_app)
    file = tmp_path / "cells.py"
    file.write_text("# %%\nx = 1\n\n# %%\ny = x + 1\n", encoding="utf-8")
    assert main(["explain", "--app", str(file)]) == 0
    assert opened["screen"] == "mycode"
    assert "x = 1" in opened["code"] and "y = x + 1" in opened["code"]


def test_explain_app_refuses_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--app", "-"]) == 2
    assert t("ui.mycode.cli.app_stdin") in capsys.readouterr().err


def test_cells_split_on_markers_run_as_jupyter_cells_with_the_editors_line_numbers() -> None:
    from rnn_tutor.core.grading.grader import warm_up
    from rnn_tutor.core.notebook import Notebook
    from rnn_tutor.core.notebook.editor_run import cell_spans, run_cells

    code = "import torch\nx = torch.zeros(2, 3)\nx.shape\n# %%\ny = x.sum(0)\ny.shape\n"
    assert [before for before, _ in cell_spans(code)] == [0, 4]
    warm_up()
    run = run_cells(Notebook(), code)
    assert run.ok and run.source == code
    shown = {s.line: s.display for s in run.statements if s.display is not None}
    assert sorted(shown) == [3, 6]  # each cell shows its own last value, on its own line
    stopped = run_cells(Notebook(), "x = 1\n# %%\ny = nope\n# %%\nz = 2\n")
    assert stopped.error is not None and stopped.error.line == 3
    assert all(s.line < 5 for s in stopped.statements)  # the cell after the error never ran


async def test_a_linear_weight_in_the_browser_shows_its_shape_and_count(tmp_path: Path) -> None:
    """A parameter with no closed form (a Linear's) is described, not "shown after you answer"."""
    app = open_code(tmp_path, code="import torch.nn as nn\nfc = nn.Linear(7, 3)\n")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await run_cell(pilot)
        browser = screen.query_one("#mycode-params")
        tree = browser.query_one("#param-tree")
        module = tree.root.children[0]  # type: ignore[attr-defined]
        weight = next(
            leaf
            for group in module.children
            for leaf in group.children
            if leaf.data.name == "weight"
        )
        tree.move_cursor(weight)  # type: ignore[attr-defined]
        await pilot.pause()
        detail = str(browser.query_one("#param-detail", Static).render())
        assert detail == t("ui.mycode.params.detail", name="weight", shape="(3, 7)", numel="21")
