"""What the "My code" screen makes of a run, tested without an app (scripted runs)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from rnn_tutor.core.notebook import CellRun
from rnn_tutor.core.progress.store import AttemptRecord, Store
from rnn_tutor.i18n import set_language, t
from rnn_tutor.ui.cell_view import line_notes, quiz_items, quiz_skills
from rnn_tutor.ui.screens.mycode import grade_item
from tests.ui.scripted_notebook import H_N, OUTPUT, Bound, Failed, Ran, Run


@pytest.fixture(autouse=True)
def english_after_each_test() -> Any:
    yield
    set_language("en")


def as_cell_run(run: Run) -> CellRun:
    """The scripted stand-in has the fields of an interpreter's ``CellRun`` that cell_view
    reads; typed as one here, the one place the test says so."""
    return cast("CellRun", run)


def seed_run(error: Failed | None = None) -> Run:
    return Run(
        ok=error is None,
        statements=(
            Ran(1, (Bound("HIDDEN_SIZE", "number", None, "1"),)),
            Ran(2, (Bound("input", "tensor", (1, 3, 10), "(1, 3, 10)"),)),
            Ran(3, (Bound("rnn", "module", None, "RNN(10, 1, batch_first=True)"),)),
            Ran(4, (OUTPUT, H_N), end_line=5),
            Ran(6, printed="torch.Size([1, 3, 1])\n"),
            Ran(7, display="torch.Size([1, 3, 1])"),
            Ran(
                8,
                inner=(
                    Ran(9, (Bound("p", "tensor", (1, 10), "(1, 10)"),)),
                    Ran(9, (Bound("p", "tensor", (1,), "(1,)"),)),
                ),
            ),
        ),
        error=error,
        stdout="torch.Size([1, 3, 1])\n",
        display=None,
    )


def test_each_line_gets_its_bindings_print_or_value() -> None:
    notes = line_notes(as_cell_run(seed_run()))
    assert notes[1].text == "HIDDEN_SIZE: 1"
    assert notes[4].text == (
        "output: (1, 3, 1) = (N, L, D*H_out)   hn: (1, 1, 1) = (D*num_layers, N, H_out)"
    )
    assert 5 not in notes  # a statement over two lines is noted on its first
    assert (notes[6].kind, notes[6].text) == ("printed", "> torch.Size([1, 3, 1])")
    assert (notes[7].kind, notes[7].text) == ("display", "= torch.Size([1, 3, 1])")
    # A loop's body: the name's last value, once.
    assert notes[9].text == "p: (1,)"


def test_the_line_that_raised_is_marked_with_the_exception() -> None:
    error = Failed(6, "torch", "RuntimeError", "input.size(-1) must be equal", "ui.mycode.failed")
    notes = line_notes(as_cell_run(seed_run(error)))
    assert (notes[6].kind, notes[6].text) == ("error", "✗ RuntimeError")


def test_a_refusal_without_exception_says_what_kind() -> None:
    error = Failed(2, "refused", None, None, "ui.mycode.failed")
    assert line_notes(as_cell_run(seed_run(error)))[2].text == "✗ " + t(
        "ui.mycode.error.kind.refused"
    )


def test_outside_text_reaches_the_gutter_without_control_characters() -> None:
    evil = Bound("s", "other", None, "\x1b[2Jgone\u202eevil\x07")
    run = Run(True, (Ran(1, (evil,)),), None, "", None)
    text = line_notes(as_cell_run(run))[1].text
    assert not any(ch in text for ch in "\x1b\x07\u202e")
    assert "\\x1b" in text and "\\u202e" in text


def test_quiz_asks_every_bound_tensor_once_in_line_order() -> None:
    items = quiz_items(as_cell_run(seed_run()))
    assert [(i.name, i.line, i.shape) for i in items] == [
        ("input", 2, (1, 3, 10)),
        ("output", 4, (1, 3, 1)),
        ("hn", 4, (1, 1, 1)),
        ("p", 9, (1,)),
    ]


def test_quiz_skills_follow_the_axes_of_recurrent_outputs() -> None:
    items = {i.name: i for i in quiz_items(as_cell_run(seed_run()))}
    assert quiz_skills(items["output"]) == ("output_layout", "output_last_axis")
    assert quiz_skills(items["hn"]) == ("hn_first_axis",)
    assert quiz_skills(items["input"]) == ()


def test_grading_a_quiz_answer_marks_each_axis() -> None:
    output = {i.name: i for i in quiz_items(as_cell_run(seed_run()))}["output"]
    right = grade_item(output, "torch.Size([1, 3, 1])")
    assert not isinstance(right, str) and right.correct
    wrong = grade_item(output, "(3, 1, 1)")
    assert not isinstance(wrong, str) and not wrong.correct
    assert [(m.name, m.ok) for m in wrong.axes] == [("N", False), ("L", False), ("D*H_out", True)]
    unreadable = grade_item(output, "three by one")
    assert isinstance(unreadable, str) and unreadable


def test_the_store_keeps_mycode_attempts_and_imports_their_export(tmp_path: Any) -> None:
    record = AttemptRecord(
        exercise={"kind": "mycode", "code": "x = 1\n", "name": "output", "line": 4, "axes": None},
        question="mycode:shape",
        skills=("output_layout",),
        answer="(1, 3, 1)",
        correct=True,
        expected=[1, 3, 1],
        misconception=None,
        hints_used=0,
        seconds=3.0,
        mode="mycode",
    )
    store = Store.open(tmp_path / "a")
    assert store.record_attempt(record) is not None
    exported = store.export_history()
    store.close()
    other = Store.open(tmp_path / "b")
    assert other.import_history(exported).added == 1
    assert [row.mode for row in other.attempts()] == ["mycode"]
    other.close()


def test_a_jupyter_value_is_noted_by_its_telling_line() -> None:
    table = "=====\nLayer (type:depth-idx)   Param #\n=====\nRNN   85\n=====\nTotal params: 85\n"
    run = Run(
        True,
        (Ran(3, display=table), Ran(5, display="\n(torch.Size([1, 4, 5]),\n 3)")),
        None,
        "",
        None,
    )
    notes = line_notes(as_cell_run(run))
    assert notes[3].text == "= Total params: 85"
    assert notes[5].text == "= (torch.Size([1, 4, 5]),"


def test_the_error_text_says_whose_message_it_quotes() -> None:
    """Python's own SyntaxError is not "torch says"; torch's error is."""
    from rnn_tutor.core.notebook import Notebook
    from rnn_tutor.ui.screens.mycode import error_text

    python_error = Notebook().run_cell("x = (1,\n").error
    assert python_error is not None and python_error.torch_message
    text = error_text(python_error).plain
    assert t("ui.mycode.error.python") in text
    assert t("ui.mycode.error.torch") not in text

    torch_error = (
        Notebook()
        .run_cell("import torch\nimport torch.nn as nn\nnn.Linear(7, 3)(torch.randn(4, 14))\n")
        .error
    )
    assert torch_error is not None and torch_error.kind == "torch"
    assert t("ui.mycode.error.torch") in error_text(torch_error).plain
