"""My code: the learner's own notebook cell, run on real torch, every line's shapes beside it.

The editor (Textual's TextArea, Python highlighting, no wrapping) is never blocked: ctrl+r
hands the text to a thread worker that sends it to this screen's kernel session
(:mod:`rnn_tutor.core.kernel`, a child process the operating system bounds, as a Jupyter
kernel), where the interpreter (:mod:`rnn_tutor.core.notebook`) runs it from no names and
reads the modules it built; the worker turns what comes back into the Parameters tree and
the Unrolled pictures and posts one :class:`CellRan`. The app never runs the learner's text
itself. A kernel that dies (a crash in torch, a limit, kill -9) is replaced at once and the
screen says which limit ended it; the code in the editor is untouched. Leaving the screen
(or the app) ends the session, a cell still running in it included.

Then the gutter shows each line's shapes on the line's own row, an error is explained in a
note under the line that raised, and the panels below hold the printed output, the
parameter browser and the unrolled pictures. Text shown from a run is made from message ids
at display time, so switching language re-words it.

The code is kept in the data folder (``mycode.py``) on every run and when leaving.
"Quiz me" runs the code, hides the annotations and asks the shape of each bound tensor in
turn; each answer is graded against the interpreter's shape and recorded as an attempt.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static, TabbedContent, TabPane, TextArea

from rnn_tutor.core.grading.answers import parse_answer
from rnn_tutor.core.grading.verdict import Truth, Verdict, mark_axes
from rnn_tutor.core.kernel import KernelError, KernelStop
from rnn_tutor.core.kernel.grading import shared_kernel
from rnn_tutor.core.notebook import CellError, CellRun
from rnn_tutor.core.notebook.editor_run import EditorRun
from rnn_tutor.core.progress.code_file import MAX_CODE_CHARS, load_code, save_code
from rnn_tutor.core.progress.store import AttemptRecord
from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t
from rnn_tutor.ui import palette
from rnn_tutor.ui.cell_models import (
    CallPicture,
    ModuleView,
    call_pictures,
    module_views,
)
from rnn_tutor.ui.cell_view import (
    QuizItem,
    error_fix,
    error_message,
    error_misconception,
    error_title,
    line_notes,
    quiz_items,
    quiz_skills,
)
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.widgets.answer_box import AnswerBox
from rnn_tutor.ui.widgets.feedback import shape_text, verdict_text
from rnn_tutor.ui.widgets.module_browser import ModuleBrowser
from rnn_tutor.ui.widgets.shape_gutter import ShapeGutter
from rnn_tutor.ui.widgets.unrolled import draw

MYCODE_MODE = "mycode"
HEADING_STYLE = palette.HEADING
ERROR_STYLE = palette.WRONG

STARTER_CODE = """import torch
import torch.nn as nn

x = torch.randn(3, 5, 10)
rnn = nn.LSTM(10, 20, num_layers=2, batch_first=True)
output, (h_n, c_n) = rnn(x)
print(output.shape)
"""


TABS = ("output", "params", "unrolled")
"""The tabs under the editor, in order (``#mycode-tab-<name>``), on f2, f3 and f4."""
TAB_KEYS = Binding.Group("ui.mycode.key.tabs")

KERNEL_REASONS = ("cpu", "wall", "memory", "crash", "signal", "file", "zygote")
"""Stops with words of their own (``ui.mycode.kernel.<reason>``); others say "other"."""


class CellSession(Protocol):
    """Where My code's cells run: a kernel session (tests put a scripted one in)."""

    def ensure(self) -> KernelStop | None: ...

    def run_editor(self, source: str) -> EditorRun | KernelStop: ...

    def close(self, wait: bool = True) -> None: ...


def open_session() -> CellSession:
    """This screen's own session in the app's kernel (one notebook, one process)."""
    return shared_kernel().session()


def stopped_error(stop: KernelStop) -> CellError:
    """A kernel stop as the run's error: which limit ended it, and that the code is kept."""
    reason = stop.reason if stop.reason in KERNEL_REASONS else "other"
    return CellError(
        line=0,
        kind="kernel",
        exception=None,
        torch_message=None,
        message_id=f"ui.mycode.kernel.{reason}",
        params=stop.params,
    )


@dataclass(frozen=True)
class CellResult:
    """Everything one run gives the screen: plain values, no torch object."""

    source: str
    run: CellRun
    modules: tuple[ModuleView, ...]
    pictures: tuple[CallPicture, ...]

    @property
    def kernel_stopped(self) -> bool:
        return self.run.error is not None and self.run.error.kind == "kernel"


def cell_result(source: str, ran: EditorRun | KernelStop) -> CellResult:
    """What the kernel sent back, as the screen shows it."""
    if isinstance(ran, KernelStop):
        run = CellRun(False, (), stopped_error(ran), "", None, source=source)
        return CellResult(source, run, (), ())
    modules = module_views(ran.modules, ran.run)
    return CellResult(source, ran.run, modules, call_pictures(ran.modules, ran.run))


@dataclass
class CellRan(Message):
    """The run worker finished; ``serial`` tells a late answer from the latest run."""

    serial: int
    result: CellResult
    quiz: bool


@dataclass
class CellFailed(Message):
    """The interpreter itself could not be used (torch missing or broken)."""

    serial: int
    error: str


@dataclass(frozen=True)
class QuizState:
    items: tuple[QuizItem, ...]
    source: str
    index: int = 0
    right: int = 0
    answered: bool = False  # the current question has been graded


def grade_item(item: QuizItem, text: str) -> Verdict | str:
    """The answer to "what is the shape of ``item``": a verdict, or the parser's message."""
    parsed = parse_answer("shape", text)
    if not isinstance(parsed.value, tuple):
        return parsed.message or ""
    names = item.axes if item.axes is not None else ()
    return Verdict(
        correct=parsed.value == item.shape,
        expected=Truth(item.shape),
        parsed=parsed.value,
        axes=mark_axes(item.shape, names, parsed.value),
    )


def error_text(error: CellError, brief: bool = False) -> Text:
    """The explained error: where, our words, torch's own line, the confusion, the fix.

    ``brief`` (the note under the line): where, our words and the fix only.
    """
    text = Text()
    if error.kind == "kernel":  # the whole run, not a line of it
        text.append(t("ui.mycode.kernel.heading"), style=ERROR_STYLE)
        text.append("\n" + error_message(error))
        return text
    what = error_title(error).removeprefix("✗ ")
    text.append(t("ui.mycode.error.heading", line=error.line, what=what), style=ERROR_STYLE)
    text.append("\n" + error_message(error))
    fix = error_fix(error)
    if brief:
        if fix:
            text.append("\n" + t("ui.mycode.error.fix") + " ", style=HEADING_STYLE)
            text.append(fix)
        return text
    if error.torch_message:
        # A SyntaxError or NameError is Python's own message, not torch's (as explain says).
        said = "ui.mycode.error.torch" if error.kind == "torch" else "ui.mycode.error.python"
        text.append("\n" + t(said) + " ", style=HEADING_STYLE)
        text.append(visible(error.torch_message, limit=400), style="italic")
    confusion = error_misconception(error)
    if confusion:
        text.append("\n" + t("ui.mycode.error.misconception") + " ", style=HEADING_STYLE)
        text.append(confusion)
    if fix:
        text.append("\n" + t("ui.mycode.error.fix") + " ", style=HEADING_STYLE)
        text.append(fix)
    return text


def output_text(run: CellRun) -> Text:
    """The Output panel: the error first (it is why the run stopped), then what was printed."""
    text = Text()
    if run.error is not None:
        text.append_text(error_text(run.error))
        text.append("\n\n")
    if run.stdout.strip():
        text.append(t("ui.mycode.output.printed") + "\n", style=HEADING_STYLE)
        text.append(visible(run.stdout, newlines=True, limit=20_000).rstrip("\n") + "\n")
    if run.display is not None:
        text.append(t("ui.mycode.output.display") + " ", style=HEADING_STYLE)
        text.append(visible(run.display, newlines=True, limit=4000) + "\n")
    if run.error is None and not run.stdout.strip() and run.display is None:
        text.append(t("ui.mycode.output.nothing"))
    return text


def pictures_text(pictures: tuple[CallPicture, ...]) -> Text:
    if not pictures:
        return Text(t("ui.mycode.unrolled.none"))
    text = Text()
    for index, call in enumerate(pictures):
        if index:
            text.append("\n\n")
        heading = t(
            "ui.mycode.unrolled.heading", line=call.line, module=visible(call.module, limit=40)
        )
        text.append(heading + "\n", style=HEADING_STYLE)
        text.append_text(draw(call.picture))
    return text


def editor_text(text: str) -> str:
    """Code from a file or the data folder, with no control character left live."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return visible(normal, newlines=True, limit=MAX_CODE_CHARS)


class MyCodeScreen(TutorScreen):
    """The learner's cell, its shapes line by line, its modules and its recurrent calls."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run", "ui.mycode.key.run", priority=True),
        Binding("f5", "run", "ui.mycode.key.run", show=False, priority=True),
        Binding("ctrl+t", "quiz", "ui.mycode.key.quiz", priority=True),
        Binding("ctrl+n", "clear", "ui.mycode.key.clear", priority=True),
        # Out of the editor, where Tab indents: to the tab below it (before the editor, which
        # would take the key itself); anywhere else Esc goes back.
        Binding("escape", "leave_editor", "ui.mycode.key.leave_editor", priority=True),
        Binding("escape", "leave", "ui.key.back"),
        *(
            Binding(
                f"f{number}",
                f"tab('{name}')",
                f"ui.mycode.key.tab.{name}",
                priority=True,
                group=TAB_KEYS,
            )
            for number, name in enumerate(TABS, start=2)
        ),
        Binding("ctrl+e", "edit", "ui.mycode.key.edit"),
        Binding("enter", "quiz_next", "ui.mycode.key.next"),
    ]

    def __init__(self, *, code: str | None = None) -> None:
        super().__init__(id="mycode")
        self._initial = code  # opened from a file (``rnn-tutor explain --app FILE``)
        self._serial = 0
        self._cell_running = False
        self._session: CellSession | None = None  # opened on mount, ended when leaving
        self.result: CellResult | None = None
        self.quiz: QuizState | None = None
        self._asked_at = 0.0
        self._verdict: Verdict | None = None  # the quiz's last graded answer
        self._note_text = Text()  # the error note's brief explanation
        self._text: str | None = None  # the editor's text, kept for saving at unmount
        self._saved: str | None = None

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="mycode-frame"):
            with Horizontal(id="mycode-code"):
                yield TextArea.code_editor(
                    "",
                    language="python",
                    theme="monokai",
                    soft_wrap=False,
                    id="mycode-editor",
                )
                yield ShapeGutter(id="mycode-gutter")
            yield Static("", id="mycode-note", markup=False)
        yield Static("", id="mycode-status", markup=False)
        with TabbedContent(id="mycode-details"):
            with (
                TabPane(t("ui.mycode.tab.output"), id="mycode-tab-output"),
                VerticalScroll(id="mycode-output-scroll"),
            ):
                yield Static(t("ui.mycode.output.empty"), id="mycode-output", markup=False)
            with TabPane(t("ui.mycode.tab.params"), id="mycode-tab-params"):
                yield ModuleBrowser(id="mycode-params")
            with (
                TabPane(t("ui.mycode.tab.unrolled"), id="mycode-tab-unrolled"),
                VerticalScroll(id="mycode-unrolled-scroll"),
            ):
                yield Static(t("ui.mycode.unrolled.none"), id="mycode-unrolled", markup=False)
        with Vertical(id="mycode-quiz"):
            yield Static("", id="mycode-question", markup=False)
            yield AnswerBox(id="answer-box")
            with VerticalScroll(id="mycode-verdict-scroll"):
                yield Static("", id="mycode-verdict", markup=False)
        yield Footer(compact=True)  # the footer has more keys than 80 columns hold otherwise

    def on_mount(self) -> None:
        self.editor.text = self._text = self._saved = self._starting_code()
        self.editor.border_title = t("ui.mycode.editor.title")
        self.shapes.border_title = t("ui.mycode.gutter.title")
        self.note.display = False
        self.query_one("#mycode-quiz").display = False
        self.watch(self.editor, "scroll_y", self._editor_scrolled, init=False)
        self.editor.focus()
        self._show_status(t("ui.mycode.status.hint"))
        self._session = open_session()
        self._warm(self._session)

    @work(thread=True, group="mycode-warm", exit_on_error=False)
    def _warm(self, session: CellSession) -> None:
        """Start the kernel and fork this screen's session before the first ctrl+r."""
        with contextlib.suppress(KernelError, OSError):  # the run says so, in its words
            session.ensure()

    def _starting_code(self) -> str:
        if self._initial is not None:
            return editor_text(self._initial)
        saved = load_code(self.tutor.data_folder)
        if saved is not None:
            return editor_text(saved)
        return t("ui.mycode.starter") + "\n" + STARTER_CODE

    @property
    def editor(self) -> TextArea:
        return self.query_one("#mycode-editor", TextArea)

    @property
    def shapes(self) -> ShapeGutter:
        return self.query_one("#mycode-gutter", ShapeGutter)

    @property
    def note(self) -> Static:
        return self.query_one("#mycode-note", Static)

    @property
    def answer_box(self) -> AnswerBox:
        return self.query_one("#answer-box", AnswerBox)

    def _show_status(self, text: str) -> None:
        self.query_one("#mycode-status", Static).update(text)

    # ---- keeping the code ------------------------------------------------------------

    def save(self) -> None:
        """Keep the editor's text in this learner's own folder (a small atomic write)."""
        if self._text is None:
            return
        folder = self.tutor.data_folder
        if save_code(folder, self._text):
            self._saved = self._text
        else:
            self.notify(
                t("ui.mycode.save_failed", folder=visible(str(folder), limit=200)),
                severity="warning",
            )

    def on_unmount(self) -> None:
        # The app is closing (ctrl+q) with this screen open: keep what was typed.
        if self._text != self._saved:
            self.save()
        self._end_session()

    def _end_session(self) -> None:
        """End the session's process (a cell spinning in C with it); never waits."""
        session, self._session = self._session, None
        if session is not None:
            session.close(wait=False)

    # ---- keyboard routes: editor <-> tabs ---------------------------------------------

    def action_leave_editor(self) -> None:
        """Esc in the editor: into the tab below it (Esc again goes back)."""
        self._focus_tab(self.query_one("#mycode-details", TabbedContent).active)

    def action_tab(self, name: str) -> None:
        """f2, f3, f4: show that tab and put the keys in it (arrows scroll or walk it)."""
        if name in TABS:
            self._focus_tab(f"mycode-tab-{name}")

    def action_edit(self) -> None:
        if self.quiz is None:
            self.editor.focus()

    def _focus_tab(self, pane: str) -> None:
        tabs = self.query_one("#mycode-details", TabbedContent)
        tabs.active = pane
        inside = {
            "mycode-tab-output": "#mycode-output-scroll",
            "mycode-tab-params": "#mycode-params Tree",
            "mycode-tab-unrolled": "#mycode-unrolled-scroll",
        }.get(pane)
        if inside is not None:
            self.query_one(inside).focus()

    def action_leave(self) -> None:
        if self.quiz is not None:
            self.end_quiz()
            return
        self.save()
        self.app.pop_screen()

    # ---- running ---------------------------------------------------------------------

    def action_clear(self) -> None:
        """An empty editor to paste a cell into (ctrl+z brings the old text back)."""
        if self.quiz is not None:
            return
        self.editor.replace("", self.editor.document.start, self.editor.document.end)
        self.editor.focus()

    def action_run(self) -> None:
        if self.quiz is not None:
            return
        self.start_run(quiz=False)

    def start_run(self, *, quiz: bool) -> None:
        if self._cell_running:
            # Run again while a run is on: as a kernel's interrupt, the old one is ended
            # with its session, and the new text runs in a fresh one.
            self._end_session()
        self._serial += 1
        self._cell_running = True
        source = self.editor.text
        self.save()
        self._show_status(t("ui.mycode.status.running"))
        if self._session is None:
            self._session = open_session()
        self._run_cell(self._session, source, self._serial, quiz)

    @work(thread=True, exclusive=True, group="mycode-run", exit_on_error=False)
    def _run_cell(self, session: CellSession, source: str, serial: int, quiz: bool) -> None:
        try:
            ran = session.run_editor(source)
            result = cell_result(source, ran)
            if isinstance(ran, KernelStop) and ran.reason != "closed":
                session.ensure()  # restarted now: the next run finds a kernel ready
        except Exception as exc:  # the kernel answered with an error: say so, keep the code
            self.post_message(
                CellFailed(serial, f"{type(exc).__name__}: {visible(str(exc), limit=300)}")
            )
            return
        self.post_message(CellRan(serial, result, quiz))

    @on(CellFailed)
    def _failed(self, message: CellFailed) -> None:
        if message.serial != self._serial:
            return
        self._cell_running = False
        self._show_status(t("ui.mycode.failed", error=message.error))

    @on(CellRan)
    def _ran(self, message: CellRan) -> None:
        if message.serial != self._serial:
            return  # a newer run is on its way
        self._cell_running = False
        self.result = message.result
        self.show_result()
        if message.quiz:
            self.begin_quiz(message.result)

    def show_result(self) -> None:
        """Put the last run on screen, in the current language."""
        result = self.result
        if result is None:
            return
        run = result.run
        self.shapes.show(line_notes(run))
        self.shapes.follow(self.editor.scroll_y)
        self.query_one("#mycode-output", Static).update(palette.themed(output_text(run)))
        self.query_one("#mycode-params", ModuleBrowser).show_modules(result.modules)
        self.query_one("#mycode-unrolled", Static).update(
            palette.themed(pictures_text(result.pictures))
        )
        stale = result.source != self.editor.text
        if stale:
            self.shapes.mark_stale()
        if run.error is not None:
            self.query_one("#mycode-details", TabbedContent).active = "mycode-tab-output"
            self._note_text = error_text(run.error, brief=True)
            self.note.update(palette.themed(self._note_text))
            # A kernel stop is no line's: the status line and Output say it.
            self.note.display = not stale and not result.kernel_stopped
            self.call_after_refresh(self._place_note)
            self._scroll_to_line(run.error.line)
        else:
            self.note.display = False
        self._status_for_cursor()

    def _scroll_to_line(self, line: int) -> None:
        self.editor.scroll_to(y=max(0, line - 3), animate=False)

    # ---- the gutter and the note follow the editor -----------------------------------

    def _editor_scrolled(self, scroll_y: float) -> None:
        self.shapes.follow(scroll_y)
        if self.note.display:
            self._place_note()

    def _place_note(self) -> None:
        """Under the line that raised, over the lines after it (they did not run).

        The note sits on its own layer over the code, so it is placed by offset. Where the
        brief explanation does not fit under the line, a one-line note says where the whole
        of it is (the Output tab); only with no room at all below does it go above the line.
        """
        result = self.result
        error = None if result is None else result.run.error
        if error is None or not self.note.display:
            return
        frame = self.query_one("#mycode-code").size
        row = error.line - self.shapes.first_line + 1  # +1: the editor's border
        if row < 1 or row > frame.height - 2:
            self.note.styles.visibility = "hidden"  # the line is scrolled out of view
            return
        self.note.styles.visibility = "visible"
        # Over the editor only, short of its scrollbar: Textual cuts an overlay's lines at
        # the edges of the widgets beneath it, and a Korean character (two cells wide) cut
        # in half is not drawn.
        width = max(24, self.editor.outer_size.width - 3)
        self.note.styles.width = width
        full = self._note_text
        lines = len(full.wrap(self.app.console, width - 4))
        below = frame.height - row - 1
        if below >= lines + 2:  # + the border
            self.note.update(palette.themed(full))
            self.note.styles.offset = (0, row + 1)
            return
        what = error_title(error).removeprefix("✗ ")
        short = Text(t("ui.mycode.error.heading", line=error.line, what=what), style=ERROR_STYLE)
        short.append(" " + t("ui.mycode.error.more"))
        self.note.update(palette.themed(short))
        self.note.styles.offset = (0, row + 1 if below >= 3 else max(0, row - 3))

    @on(TextArea.Changed, "#mycode-editor")
    def _edited(self, event: TextArea.Changed) -> None:
        self._text = self.editor.text
        if self.result is not None and self.result.source != self.editor.text:
            self.shapes.mark_stale()
            self.note.display = False
            self._show_status(t("ui.mycode.status.stale"))

    @on(TextArea.SelectionChanged, "#mycode-editor")
    def _cursor_moved(self, event: TextArea.SelectionChanged) -> None:
        if self.quiz is None:
            self._status_for_cursor()

    def _status_for_cursor(self) -> None:
        result = self.result
        if self._cell_running or result is None:
            return
        if result.source != self.editor.text:
            self._show_status(t("ui.mycode.status.stale"))
            return
        line = self.editor.cursor_location[0] + 1
        note = self.shapes.notes.get(line)
        if result.kernel_stopped and result.run.error is not None:
            self._show_status(error_message(result.run.error))
        elif note is not None and note.kind != "error":
            self._show_status(t("ui.mycode.status.line", line=line, text=note.text))
        elif result.run.error is not None:
            self._show_status(t("ui.mycode.status.error", line=result.run.error.line))
        else:
            self._show_status(t("ui.mycode.status.ok"))

    # ---- quiz me ---------------------------------------------------------------------

    def action_quiz(self) -> None:
        if self.quiz is not None or self._cell_running:
            return
        self.start_run(quiz=True)

    def begin_quiz(self, result: CellResult) -> None:
        items = quiz_items(result.run)
        if not items:
            self.notify(t("ui.mycode.quiz.none"), severity="warning")
            return
        self.quiz = QuizState(items, result.source)
        self.editor.read_only = True
        self.note.display = False
        self.set_class(True, "-quiz")
        self.query_one("#mycode-details").display = False
        self.query_one("#mycode-quiz").display = True
        self._ask()
        self.refresh_bindings()

    def _word_quiz(self) -> None:
        """The quiz's words in the current language (asked again after a switch)."""
        quiz = self.quiz
        assert quiz is not None
        item = quiz.items[quiz.index]
        panel = self.query_one("#mycode-quiz")
        panel.border_title = t("ui.mycode.quiz.title")
        panel.border_subtitle = t("ui.mycode.quiz.keys")
        self._show_status(t("ui.mycode.quiz.status"))
        self.answer_box.input.placeholder = t("ui.mycode.quiz.placeholder")
        self.query_one("#mycode-question", Static).update(
            t(
                "ui.mycode.quiz.question",
                number=quiz.index + 1,
                total=len(quiz.items),
                line=item.line,
                name=visible(item.name, limit=60),
            )
        )

    def _ask(self) -> None:
        quiz = self.quiz
        assert quiz is not None
        item = quiz.items[quiz.index]
        self.shapes.ask(item.line, "?")
        self._word_quiz()
        self.query_one("#mycode-verdict", Static).update("")
        self.answer_box.prepare(t("ui.mycode.quiz.placeholder"))
        self.answer_box.focus_input()
        self.editor.move_cursor((item.line - 1, 0))
        self._scroll_to_line(item.line)
        self._asked_at = time.monotonic()

    @on(AnswerBox.Submitted)
    def _answered(self, event: AnswerBox.Submitted) -> None:
        event.stop()
        quiz = self.quiz
        if quiz is None:
            return
        if quiz.answered:
            self._next_question()
            return
        item = quiz.items[quiz.index]
        verdict = grade_item(item, event.text)
        if isinstance(verdict, str):
            self.answer_box.show_error(verdict)
            return
        self.quiz = QuizState(
            quiz.items, quiz.source, quiz.index, quiz.right + int(verdict.correct), True
        )
        self.answer_box.freeze()
        self.set_focus(None)  # Enter now goes to the screen: the next question
        self._verdict = verdict
        self._show_verdict()
        self.shapes.ask(item.line, f"{visible(item.name, limit=40)}: {shape_text(item.shape)}")
        self._record(quiz.source, item, event.text, verdict, time.monotonic() - self._asked_at)

    def _show_verdict(self) -> None:
        """The last answer's verdict in the current language (again after a switch)."""
        quiz, verdict = self.quiz, self._verdict
        if quiz is None or verdict is None or not quiz.answered:
            return
        feedback = verdict_text(verdict)
        if quiz.index + 1 == len(quiz.items):
            done = t("ui.mycode.quiz.done", right=quiz.right, total=len(quiz.items))
            feedback.append("\n" + done, style=HEADING_STYLE)
        self.query_one("#mycode-verdict", Static).update(palette.themed(feedback))

    def action_quiz_next(self) -> None:
        if self.quiz is not None and self.quiz.answered:
            self._next_question()

    def _next_question(self) -> None:
        quiz = self.quiz
        assert quiz is not None
        if quiz.index + 1 >= len(quiz.items):
            self.end_quiz()
            return
        self.quiz = QuizState(quiz.items, quiz.source, quiz.index + 1, quiz.right)
        self._ask()

    def end_quiz(self) -> None:
        self.quiz = None
        self.editor.read_only = False
        self.set_class(False, "-quiz")
        self.query_one("#mycode-quiz").display = False
        self.query_one("#mycode-details").display = True
        self.show_result()
        self.editor.focus()
        self.refresh_bindings()

    @work(thread=True, group="mycode-record")
    def _record(
        self, source: str, item: QuizItem, answer: str, verdict: Verdict, seconds: float
    ) -> None:
        saving = self.store_attempt(
            AttemptRecord(
                exercise={
                    "kind": MYCODE_MODE,
                    "code": source,
                    "name": item.name,
                    "line": item.line,
                    "axes": None if item.axes is None else list(item.axes),
                },
                question=f"{MYCODE_MODE}:shape",
                skills=quiz_skills(item),
                answer=answer,
                correct=verdict.correct,
                expected=verdict.expected.to_json(),
                misconception=None,
                hints_used=0,
                seconds=round(max(0.0, seconds), 3),
                mode=MYCODE_MODE,
            )
        )
        self.tell_if_unsaved(saving)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run", "quiz", "clear"):
            return None if self.quiz is not None else True
        editing = self.focused is not None and self.focused.id == "mycode-editor"
        if action == "leave_editor":
            return self.quiz is None and editing  # hidden elsewhere: Esc is "back" there
        if action == "edit":
            return self.quiz is None and not editing
        if action == "tab":
            return self.quiz is None  # the tabs are hidden while quizzing
        if action == "quiz_next":
            return self.quiz is not None and self.quiz.answered
        return True

    def screen_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            t("ui.mycode.command.run"), t("ui.mycode.command.run.help"), self.action_run
        )
        yield SystemCommand(
            t("ui.mycode.command.quiz"), t("ui.mycode.command.quiz.help"), self.action_quiz
        )
        yield SystemCommand(
            t("ui.mycode.command.clear"), t("ui.mycode.command.clear.help"), self.action_clear
        )
        for name in TABS:
            yield SystemCommand(
                t(f"ui.mycode.command.tab.{name}"),
                t(f"ui.mycode.command.tab.{name}.help"),
                lambda name=name: self.action_tab(name),
            )
        yield SystemCommand(
            t("ui.mycode.command.edit"), t("ui.mycode.command.edit.help"), self.action_edit
        )

    # ---- language --------------------------------------------------------------------

    def reword(self) -> None:
        """Re-word the panels without touching the code or the run."""
        self.editor.border_title = t("ui.mycode.editor.title")
        self.shapes.border_title = t("ui.mycode.gutter.title")
        tabs = self.query_one("#mycode-details", TabbedContent)
        for pane, key in (
            ("mycode-tab-output", "ui.mycode.tab.output"),
            ("mycode-tab-params", "ui.mycode.tab.params"),
            ("mycode-tab-unrolled", "ui.mycode.tab.unrolled"),
        ):
            tabs.get_tab(pane).label = t(key)
        if self.result is None:
            self.query_one("#mycode-output", Static).update(t("ui.mycode.output.empty"))
            self.query_one("#mycode-unrolled", Static).update(t("ui.mycode.unrolled.none"))
            self.query_one("#mycode-params", ModuleBrowser).show_modules(())
            self._show_status(t("ui.mycode.status.hint"))
        elif self.quiz is None:
            self.show_result()
        else:
            self._word_quiz()
            self._show_verdict()
