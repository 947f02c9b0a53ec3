"""The class, as a screen: the teacher's view with the class's top mix-ups as a bar chart.

The same figures and words as ``rnn-tutor class`` (core.progress.classroom and
class_text). The databases are read in a thread worker, never in ``compose``; ``r``
reads them again while the class keeps answering.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from rnn_tutor.i18n import t
from rnn_tutor.ui.localise import localise_bindings

if TYPE_CHECKING:
    from rnn_tutor.core.progress.classroom import ClassReport

# Bars in the chart: the mix-ups named most often.
CHART_BARS = 6


class ClassScreen(Screen[Any]):
    """The teacher's view of the learners under ``data_dir``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "ui.classview.key.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, report: ClassReport) -> None:
            super().__init__()
            self.report = report

    def __init__(self, data_dir: Path, since: datetime | None = None) -> None:
        super().__init__(id="class")
        self.data_dir = data_dir
        self.since = since
        self.report: ClassReport | None = None
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        with VerticalScroll(id="class-body"):
            yield Static(t("classview.screen.title"), id="class-title", markup=False)
            yield PlotextPlot(id="class-chart", classes="-empty")
            yield Static("", id="class-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#class-chart").border_title = t("classview.screen.chart")
        self.query_one("#class-body").focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="class")
    def _load(self) -> None:
        from rnn_tutor.core.exercises.questions import SKILLS
        from rnn_tutor.core.progress.classroom import class_report

        self.post_message(self.Loaded(class_report(self.data_dir, since=self.since, skills=SKILLS)))

    def on_class_screen_loaded(self, message: Loaded) -> None:
        from rnn_tutor.core.progress.class_text import report_lines

        self.report = report = message.report
        self.query_one("#class-text", Static).update("\n".join(report_lines(report)))
        self._chart(report)

    def _chart(self, report: ClassReport) -> None:
        from textual_plotext import PlotextPlot

        chart = self.query_one("#class-chart", PlotextPlot)
        top = report.misconceptions[:CHART_BARS]
        chart.set_class(not top, "-empty")
        plt = chart.plt
        plt.clear_figure()
        if top:
            # Most frequent at the top; ids are short and stable, the words are in the text.
            labels = [item.misconception for item in reversed(top)]
            plt.bar(labels, [item.count for item in reversed(top)], orientation="horizontal")
        chart.refresh()
