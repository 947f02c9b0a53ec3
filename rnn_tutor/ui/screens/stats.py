"""Statistics: accuracy per day, how well each skill is remembered, the usual mix-ups, streaks.

All figures come from ``core.stats.stats_for`` (the same numbers as ``stats --json``);
this screen only words and places them. ``now`` and ``tz`` fix the clock and the zone
days are counted in (tests, snapshots). An empty history gets a friendly explanation of
what will appear here, never an empty plot.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone, tzinfo
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from rnn_tutor.core.exercises.questions import SKILLS, Exercise
from rnn_tutor.core.grading import explain
from rnn_tutor.core.grading.explain import skill_name
from rnn_tutor.core.grading.words import misconception_name
from rnn_tutor.core.progress.stats import MisconceptionStat, Stats, stats_for
from rnn_tutor.core.progress.stats_text import (
    TOP_MISCONCEPTIONS,
    answers_text,
    due_text,
    ordered_skills,
    recall_text,
    streak_text,
    totals_text,
)
from rnn_tutor.core.safe_text import visible_params
from rnn_tutor.i18n import t
from rnn_tutor.ui import palette
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.widgets.feedback import shape_text, typed_answer_text
from rnn_tutor.ui.widgets.mastery_map import standing_text

# The plot shows at most this many practice days (the most recent ones).
PLOT_DAYS = 30


# A stored question or answer quoted back: whole as the tutor writes them, never megabytes.
STORED_QUOTE_LIMIT = 1000


def _value_text(value: Any) -> str:
    """A stored answer or truth (JSON) as the learner would write it."""
    if isinstance(value, list):
        return shape_text(tuple(value))
    if isinstance(value, dict) and "raises" in value:
        return t("ui.feedback.truth.raises")
    return shape_text(value)


def misconception_text(stat: MisconceptionStat) -> Text:
    """The mix-up's short name, how often, and the latest attempt that made it."""
    row = stat.example
    text = Text()
    text.append(t("ui.stats.mistake.count", count=stat.count) + " ", style=palette.WRONG)
    text.append(misconception_name(stat.misconception), style="bold")
    answer = row.answer
    try:
        exercise = Exercise.from_dict(row.exercise)
        question = explain.question_text(exercise)
        model = exercise.call.code()
        answer = typed_answer_text(exercise.question.answer_kind, row.answer)
    except Exception:  # stored by another version, or damaged: show it as it was stored
        question, model = row.question, str(row.exercise.get("model", "?"))
    # The stored row may come from an imported file: nothing in it reaches the terminal live.
    example = t(
        "ui.stats.mistake.example",
        **visible_params(
            {
                "model": model,
                "question": question,
                "answer": answer,
                "truth": _value_text(row.expected),
            },
            limit=STORED_QUOTE_LIMIT,
        ),
    )
    text.append("\n" + example, style=palette.MUTED)
    return text


def mastery_cell(stats: Stats, skill: str) -> Text:
    """The learner model's word for ``skill`` ("◐ learning 77%"), "○ not yet" if unseen."""
    for row in stats.mastery.skills:
        if row.skill == skill:
            return standing_text(row.standing, row.known if row.attempts else None)
    return standing_text("not_yet")


class StatsScreen(TutorScreen):
    """Read-only figures; ``p`` practises, ``r`` reviews."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "open('practice')", "ui.stats.key.practice"),
        Binding("r", "open('review')", "ui.stats.key.review"),
    ]

    def __init__(self, *, now: datetime | None = None, tz: tzinfo | None = None) -> None:
        super().__init__(id="stats")
        self._fixed_now = now
        self._tz = tz
        self.stats: Stats | None = None  # None when progress is off
        self._loaded = False

    def now(self) -> datetime:
        return self._fixed_now if self._fixed_now is not None else datetime.now(timezone.utc)

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats-body"):
            yield Static(t("ui.stats.title"), id="stats-title", classes="title", markup=False)
            if not self._loaded:
                pass  # the figures are being read (on_mount shows a loading indicator)
            elif stats is None:
                yield Static(t("ui.stats.off"), id="stats-empty", markup=False)
            elif stats.totals.attempts == 0:
                yield Static(self._empty_text(), id="stats-empty", markup=False)
            else:
                yield Static(
                    totals_text(stats) + "\n" + streak_text(stats),
                    id="stats-summary",
                    markup=False,
                )
                with Horizontal(id="stats-top"):
                    yield self._plot(stats)
                    # Its own scroll (tab, then arrows): the list may be longer than the plot.
                    with VerticalScroll(id="stats-mistakes") as mistakes:
                        mistakes.border_title = t("ui.stats.mistakes.title")
                        yield Static(
                            palette.themed(self._mistakes_text(stats)), id="stats-mistakes-text"
                        )
                yield self._table(stats)
        yield Footer()

    def on_mount(self) -> None:
        # The table's cells are Rich text, styled when made: a new theme restyles them.
        self.app.theme_changed_signal.subscribe(self, self._restyle_table)
        if self._loaded:
            self._focus_body()
        elif not self.tutor.store.enabled:
            self._loaded = True
            self.call_later(self._show_figures)
        else:
            self._read_figures()

    @work(exclusive=True, group="stats")
    async def _read_figures(self) -> None:
        """The figures, computed off the event loop once per visit (a language switch
        re-words them without reading the history again)."""
        self.query_one("#stats-body").loading = True
        self.stats = await asyncio.to_thread(
            stats_for, self.tutor.store, self.now(), self._tz, skills=SKILLS
        )
        self._loaded = True
        await self._show_figures()

    async def _show_figures(self) -> None:
        await self.recompose()
        self._focus_body()

    def _focus_body(self) -> None:
        # The page scrolls (up/down, page keys); tab reaches the table. Focusing the table
        # first would scroll the summary and the plot out of sight.
        body = self.query_one("#stats-body", VerticalScroll)
        body.focus()
        body.scroll_home(animate=False)

    def reword(self) -> None:
        self.call_later(self._show_figures)

    def _empty_text(self) -> Text:
        text = Text()
        text.append(t("ui.stats.empty.title") + "\n\n", style=palette.HEADING)
        text.append(t("ui.stats.empty.body"))
        return text

    def _plot(self, stats: Stats) -> PlotextPlot:
        plot = PlotextPlot(id="stats-plot")
        plot.border_title = t("ui.stats.plot.title")
        days = stats.days[-PLOT_DAYS:]
        labels = [day.day.strftime("%m-%d") for day in days]
        values = [round(100 * day.accuracy) for day in days]
        plt = plot.plt
        plt.clear_figure()
        if len(days) == 1:
            # One day: a single narrow bar (a bar over the whole width reads as a wall).
            plt.bar([0.0], values, width=0.6)
            plt.xlim(-4.0, 4.0)
            plt.xticks([0.0], labels)
        else:
            positions = [float(i) for i in range(len(days))]
            plt.plot(positions, values, marker="dot")
            step = max(1, len(days) // 6)
            plt.xticks(positions[::step], labels[::step])
        plt.ylim(0, 100)
        plt.yticks([0, 25, 50, 75, 100])
        return plot

    def _mistakes_text(self, stats: Stats) -> Text:
        if not stats.misconceptions:
            return Text(t("ui.stats.mistakes.none"))
        text = Text()
        for index, stat in enumerate(stats.misconceptions[:TOP_MISCONCEPTIONS]):
            if index:
                text.append("\n\n")
            text.append_text(misconception_text(stat))
        return text

    def _table(self, stats: Stats) -> DataTable[str | Text]:
        table: DataTable[str | Text] = DataTable(
            id="stats-skills", cursor_type="row", zebra_stripes=True
        )
        table.border_title = t("ui.stats.skills.title")
        table.add_column(t("ui.stats.col.skill"), key="skill")
        table.add_column(t("ui.stats.col.mastery"), key="mastery")
        table.add_column(t("ui.stats.col.recall"), key="recall")
        table.add_column(t("ui.stats.col.due"), key="due")
        table.add_column(t("ui.stats.col.answers"), key="answers")
        now = self.now()
        for skill in ordered_skills(stats):
            table.add_row(
                skill_name(skill.skill),
                palette.resolved(mastery_cell(stats, skill.skill)),
                recall_text(skill, now),
                due_text(skill, now),
                answers_text(skill),
                key=skill.skill,
            )
        return table

    def _restyle_table(self, _theme: object = None) -> None:
        stats = self.stats
        if stats is None:
            return
        for table in self.query("#stats-skills").results(DataTable):
            for skill in ordered_skills(stats):
                cell = palette.resolved(mastery_cell(stats, skill.skill))
                table.update_cell(skill.skill, "mastery", cell)

    def action_open(self, name: str) -> None:
        """Leave the statistics for practice or review (escape from there goes home)."""
        self.tutor.open_screen(name, replace=True)
