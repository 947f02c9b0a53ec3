"""The "My code" screen, driven with Pilot: typing, running, the gutter on each line's row,
an error explained under its line, the code kept between runs, and "quiz me".

Runs come from a scripted interpreter (tests/ui/scripted_notebook.py) so each test decides
exactly which line binds what and which line raises; tests/ui/test_mycode_torch.py runs
the real interpreter on the seed notebook.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent, TextArea, Tree

from rnn_tutor.core.progress.code_file import load_code
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.app import RnnTutorApp
from rnn_tutor.ui.screens import mycode
from rnn_tutor.ui.screens.home import HomeScreen
from rnn_tutor.ui.screens.mycode import MyCodeScreen
from rnn_tutor.ui.widgets.shape_gutter import ShapeGutter
from tests.ui.scripted_notebook import (
    H_N,
    OUTPUT,
    Bound,
    Failed,
    Ran,
    Run,
    ScriptedNotebook,
    ScriptedSession,
)
from tests.ui.test_app_flows import type_text
from tests.ui.test_keys_shown import footer_keys

CELL = """import torch
import torch.nn as nn
x = torch.randn(1, 3, 10)
rnn = nn.RNN(10, 1, batch_first=True)
output, hn = rnn(x)
print(output.shape)
"""
CELL_RUN = Run(
    ok=True,
    statements=(
        Ran(1),
        Ran(2),
        Ran(3, (Bound("x", "tensor", (1, 3, 10), "(1, 3, 10)"),)),
        Ran(4, (Bound("rnn", "module", None, "RNN(10, 1, batch_first=True)"),)),
        Ran(5, (OUTPUT, H_N)),
        Ran(6, printed="torch.Size([1, 3, 1])\n"),
    ),
    error=None,
    stdout="torch.Size([1, 3, 1])\n",
    display=None,
)
RAISED = Failed(
    5,
    "torch",
    "RuntimeError",
    "input.size(-1) must be equal to input_size. Expected 10, got 7",
    "notebook.explain.input_size",
    {"kind": "RNN", "expected": 10, "got": 7},
    fix_id="notebook.fix.input_size",
    fix_params={"kind": "RNN", "got": 7},
)
RAISED_RUN = Run(False, CELL_RUN.statements[:4], RAISED, "", None)

Script = Callable[..., ScriptedNotebook]


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def script(monkeypatch: pytest.MonkeyPatch) -> Script:
    """Make the screen's next runs use a scripted interpreter (in this process, in place of
    the kernel session; until a test scripts one, every run is an empty cell's)."""

    current: list[ScriptedNotebook] = []

    def install(run: Run, values: dict[str, Any] | None = None, **options: Any) -> ScriptedNotebook:
        current[:] = [ScriptedNotebook(run, values, **options)]
        return current[0]

    monkeypatch.setattr(mycode, "open_session", lambda: ScriptedSession(lambda: current[0]))
    install(Run(True, (), None, "", None))
    return install


def make_app(tmp_path: Path, **options: Any) -> RnnTutorApp:
    options.setdefault("lang", "en")
    return RnnTutorApp(data_dir=tmp_path / "progress", warm_up=False, **options)


def open_code(tmp_path: Path, code: str | None = CELL, **options: Any) -> RnnTutorApp:
    screen_options = {} if code is None else {"code": code}
    return make_app(tmp_path, screen="mycode", screen_options=screen_options, **options)


async def run_cell(pilot: Pilot[Any]) -> MyCodeScreen:
    await pilot.pause()
    await pilot.press("ctrl+r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MyCodeScreen)
    return screen


def row_of(screen: MyCodeScreen, line: int) -> int:
    """The terminal row where the editor draws document line ``line`` (1-based)."""
    editor = screen.editor
    return editor.content_region.y + (line - 1) - int(editor.scroll_y)


def gutter_row(gutter: ShapeGutter, row: int) -> str:
    return gutter.row_text(row - gutter.content_region.y).plain


def status(screen: MyCodeScreen) -> str:
    return str(screen.query_one("#mycode-status", Static).render())


# ---- opening it ---------------------------------------------------------------------


async def test_home_key_and_palette_open_my_code(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert t("ui.mycode.command.open") in titles
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MyCodeScreen)
        assert app.screen.editor.has_focus
        await pilot.press("escape", "escape")  # leave the editor, then the screen
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_first_visit_shows_a_starter_cell(tmp_path: Path) -> None:
    app = open_code(tmp_path, code=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        assert screen.editor.text.startswith(t("ui.mycode.starter"))
        assert screen.editor.language == "python"
        assert not screen.editor.soft_wrap  # one row per line, or the gutter would drift


# ---- running ------------------------------------------------------------------------


async def test_typing_a_cell_and_running_it_puts_shapes_on_each_lines_row(
    tmp_path: Path, script: Script
) -> None:
    notebook = script(CELL_RUN)
    app = open_code(tmp_path, code="")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for line in CELL.splitlines():
            await type_text(pilot, line)
            await pilot.press("enter")
        screen = await run_cell(pilot)
        assert notebook.sources == [CELL]
        gutter = screen.shapes
        expected = {
            3: "x: (1, 3, 10)",
            4: "rnn: RNN(10, 1, batch_first=True)",
            # Too wide for the gutter with axis names: bare shapes.
            5: "output: (1, 3, 1)  hn: (1, 1, 1)",
            6: "> torch.Size([1, 3, 1])",
        }
        for number, text in expected.items():
            assert gutter_row(gutter, row_of(screen, number)) == text
        assert gutter_row(gutter, row_of(screen, 1)) == ""
        # The status line reads the cursor's line in full.
        screen.editor.move_cursor((4, 0))
        await pilot.pause()
        full = "output: (1, 3, 1) = (N, L, D*H_out)   hn: (1, 1, 1) = (D*num_layers, N, H_out)"
        assert status(screen) == t("ui.mycode.status.line", line=5, text=full)


async def test_the_gutter_follows_the_editor_when_it_scrolls(
    tmp_path: Path, script: Script
) -> None:
    code = "".join(f"a{i} = {i}\n" for i in range(1, 61))
    bound = tuple(Ran(i, (Bound(f"a{i}", "number", None, str(i)),)) for i in range(1, 61))
    script(Run(True, bound, None, "", None))
    app = open_code(tmp_path, code=code)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run_cell(pilot)
        screen.editor.scroll_to(y=30, animate=False)
        await pilot.pause()
        await pilot.pause()
        assert screen.shapes.first_line == int(screen.editor.scroll_y) + 1 == 31
        for line in (31, 35, 38):
            assert gutter_row(screen.shapes, row_of(screen, line)) == f"a{line}: {line}"


async def test_an_error_is_explained_under_the_line_that_raised(
    tmp_path: Path, script: Script
) -> None:
    script(RAISED_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        note = screen.note
        assert note.display and note.styles.visibility == "visible"
        assert note.region.y == row_of(screen, 5) + 1
        text = str(note.render())
        assert "line 5: RuntimeError" in text
        assert "nn.RNN was built with input_size=10, but the input's last axis is 7." in text
        assert "build nn.RNN with input_size=7" in text  # the change that makes it run
        output = str(screen.query_one("#mycode-output", Static).render())
        assert "build nn.RNN with input_size=7" in output
        assert "Expected 10, got 7" in output  # torch's own words, in the Output tab
        assert gutter_row(screen.shapes, row_of(screen, 5)) == "✗ RuntimeError"
        assert status(screen) == t("ui.mycode.status.error", line=5)
        details = screen.query_one("#mycode-details", TabbedContent)
        assert details.active == "mycode-tab-output"
        assert "line 5: RuntimeError" in output
        # Editing the code makes the run stale: the note goes, the gutter dims.
        screen.editor.insert("# fixed\n", (0, 0))
        await pilot.pause()
        assert not note.display
        assert screen.shapes.has_class("-stale")
        assert status(screen) == t("ui.mycode.status.stale")


async def test_the_editor_never_waits_for_a_run(tmp_path: Path, script: Script) -> None:
    gate = threading.Event()
    script(CELL_RUN, gate=gate)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert status(screen) == t("ui.mycode.status.running")
        screen.editor.move_cursor((6, 0))
        await type_text(pilot, "y = 1")
        assert screen.editor.text.endswith("y = 1")
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert screen.result is not None
        assert screen.shapes.has_class("-stale")  # the run was of the text before "y = 1"


async def test_parameters_and_unrolled_panels_fill_from_the_run(
    tmp_path: Path, script: Script
) -> None:
    import torch.nn as nn

    rnn = nn.RNN(10, 1, batch_first=True)
    script(CELL_RUN, {"rnn": rnn})
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        browser = screen.query_one("#mycode-params")
        tree = browser.query_one("#param-tree", Tree)
        labels = [str(node.label) for node in tree.root.children]
        assert labels == [t("ui.mycode.params.module", name="rnn", kind="RNN", total="13")]
        picture = str(screen.query_one("#mycode-unrolled", Static).render())
        assert t("ui.mycode.unrolled.heading", line=5, module="rnn") in picture
        assert "t=0" in picture and "t=2" in picture and "t=3" not in picture


# ---- keeping the code ---------------------------------------------------------------


async def test_the_code_is_kept_between_runs_of_the_app(tmp_path: Path, script: Script) -> None:
    script(CELL_RUN)
    async with open_code(tmp_path, code=CELL).run_test(size=(100, 30)) as pilot:
        await run_cell(pilot)
    assert load_code(tmp_path / "progress") == CELL
    app = open_code(tmp_path, code=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        assert screen.editor.text == CELL
        # Typed and never run: still kept when the app closes.
        screen.editor.insert("z = 2\n", screen.editor.document.end)
        await pilot.pause()
    assert load_code(tmp_path / "progress") == CELL + "z = 2\n"


async def test_code_from_outside_loses_its_control_characters(tmp_path: Path) -> None:
    app = open_code(tmp_path, code="x = 1  # \x1b[2J\r\ny = 2\t# tab\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MyCodeScreen)
        assert app.screen.query_one("#mycode-editor", TextArea).text == (
            "x = 1  # \\x1b[2J\ny = 2    # tab\n"
        )


# ---- quiz me ------------------------------------------------------------------------


def attempts(tmp_path: Path) -> list[Any]:
    with Store.open(tmp_path / "progress") as store:
        return store.attempts()


async def test_quiz_me_hides_the_shapes_grades_each_tensor_and_records_it(
    tmp_path: Path, script: Script
) -> None:
    script(CELL_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        assert screen.quiz is not None and screen.editor.read_only
        question = screen.query_one("#mycode-question", Static)
        assert "what is the shape of x?" in str(question.render())
        # Only the asked line carries a mark; the shapes are hidden.
        assert gutter_row(screen.shapes, row_of(screen, 3)) == "?"
        assert gutter_row(screen.shapes, row_of(screen, 5)) == ""
        verdict = screen.query_one("#mycode-verdict", Static)

        await type_text(pilot, "(1, 3, 10)")  # x: right
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "✓" in str(verdict.render())
        assert gutter_row(screen.shapes, row_of(screen, 3)) == "x: (1, 3, 10)"
        await pilot.press("enter")
        await pilot.pause()
        assert "what is the shape of output?" in str(question.render())

        await type_text(pilot, "three")  # unreadable: the parser says why, nothing graded
        await pilot.press("enter")
        await pilot.pause()
        assert screen.quiz is not None and not screen.quiz.answered
        screen.answer_box.input.value = ""
        await type_text(pilot, "(3, 1, 1)")  # output: wrong (batch_first forgotten)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "✗" in str(verdict.render())
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "(1, 1, 1)")  # hn: right, the last question
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert t("ui.mycode.quiz.done", right=2, total=3) in str(verdict.render())
        await pilot.press("enter")
        await pilot.pause()
        assert screen.quiz is None and not screen.editor.read_only
        assert gutter_row(screen.shapes, row_of(screen, 3)) == "x: (1, 3, 10)"
    rows = attempts(tmp_path)
    assert [(r.mode, r.exercise["name"], r.correct, r.answer) for r in rows] == [
        ("mycode", "x", True, "(1, 3, 10)"),
        ("mycode", "output", False, "(3, 1, 1)"),
        ("mycode", "hn", True, "(1, 1, 1)"),
    ]
    assert rows[1].expected == [1, 3, 1]
    assert rows[1].skills == ("output_layout", "output_last_axis")


async def test_esc_ends_the_quiz_and_a_cell_without_tensors_has_none(
    tmp_path: Path, script: Script
) -> None:
    script(CELL_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen) and screen.quiz is not None
        await pilot.press("escape", "escape")  # leave the answer box, then the quiz
        await pilot.pause()
        assert screen.quiz is None and app.screen is screen
        script(Run(True, (Ran(1, (Bound("a", "number", None, "1"),)),), None, "", None))
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.quiz is None
    assert attempts(tmp_path) == []


# ---- language -----------------------------------------------------------------------


async def test_switching_language_rewords_the_run_and_keeps_the_code(
    tmp_path: Path, script: Script
) -> None:
    script(RAISED_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        app.switch_language("ko")
        await pilot.pause()
        assert screen.editor.text == CELL
        assert "5번째 줄: RuntimeError" in str(screen.note.render())
        assert status(screen) == t("ui.mycode.status.error", line=5)
        tabs = screen.query_one("#mycode-details", TabbedContent)
        assert str(tabs.get_tab("mycode-tab-output").label) == "출력"


async def test_ctrl_n_empties_the_editor_for_a_paste_and_ctrl_z_undoes_it(tmp_path: Path) -> None:
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.editor.text == "" and screen.editor.has_focus
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.editor.text == CELL


async def test_switching_language_mid_quiz_rewords_the_question_and_the_verdict(
    tmp_path: Path, script: Script
) -> None:
    script(CELL_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MyCodeScreen)
        await type_text(pilot, "(1, 3, 10)")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        english = str(screen.query_one("#mycode-verdict", Static).render())
        app.switch_language("ko")
        await pilot.pause()
        question = str(screen.query_one("#mycode-question", Static).render())
        assert question == t("ui.mycode.quiz.question", number=1, total=3, line=3, name="x")
        korean = str(screen.query_one("#mycode-verdict", Static).render())
        assert korean != english and "(1, 3, 10)" in korean
        assert screen.quiz is not None and screen.quiz.answered  # nothing was lost


# ---- keyboard routes: out of the editor, to each tab and back ----------------------


def _tab(screen: MyCodeScreen) -> str:
    return screen.query_one("#mycode-details", TabbedContent).active


async def test_my_code_is_left_and_its_tabs_reached_by_keyboard(
    tmp_path: Path, script: Script
) -> None:
    script(CELL_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        editor = screen.editor
        assert editor.has_focus
        shown = footer_keys(pilot)
        assert shown["escape"] == t("ui.mycode.key.leave_editor")
        assert shown["f2"] == shown["f3"] == shown["f4"] == t("ui.mycode.key.tabs")
        await pilot.press("escape")  # out of the editor, into the tab shown below it
        await pilot.pause()
        assert _tab(screen) == "mycode-tab-output"
        assert app.focused is screen.query_one("#mycode-output-scroll")
        assert footer_keys(pilot)["ctrl+e"] == t("ui.mycode.key.edit")
        await pilot.press("f3")
        await pilot.pause()
        assert _tab(screen) == "mycode-tab-params"
        assert isinstance(app.focused, Tree)
        await pilot.press("f4")
        await pilot.pause()
        assert _tab(screen) == "mycode-tab-unrolled"
        assert app.focused is screen.query_one("#mycode-unrolled-scroll")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert editor.has_focus
        await pilot.press("f3")  # straight from the editor too
        await pilot.pause()
        assert _tab(screen) == "mycode-tab-params"
        await pilot.press("ctrl+e", "f2")
        await pilot.pause()
        assert _tab(screen) == "mycode-tab-output"
        assert isinstance(app.screen, MyCodeScreen)
        await pilot.press("escape")  # out of the tabs: back home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_palette_has_my_codes_tabs_and_the_editor(tmp_path: Path, script: Script) -> None:
    script(CELL_RUN)
    app = open_code(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await run_cell(pilot)
        commands = {c.title: c.callback for c in app.get_system_commands(screen)}
        for name in ("output", "params", "unrolled"):
            commands[t(f"ui.mycode.command.tab.{name}")]()
            await pilot.pause()
            assert _tab(screen) == f"mycode-tab-{name}"
            assert not screen.editor.has_focus
        commands[t("ui.mycode.command.edit")]()
        await pilot.pause()
        assert screen.editor.has_focus
