"""The home screen: practice, quiz, review, statistics, language, level, what is due, and
the mastery map.

What is due is the review queue (``core.progress.review``), read in a worker after the
first frame, and read again only when the history has changed (``Store.revision``) or a
skill has come due since; until then the line under the menu shows a loading indicator.
The mastery map (the learner model, ``core.progress.mastery``) is read in the same worker
from the same history, so the two never disagree about what was answered; its evidence is
kept in the history's digest (``core.progress.digest``), so a long history is not read
attempt by attempt at every visit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from rnn_tutor.core.exercises.curriculum import SKILLS, TRACKS
from rnn_tutor.core.progress.clock import utc_now
from rnn_tutor.core.progress.digest import learner_model_for
from rnn_tutor.core.progress.mastery import LearnerModel
from rnn_tutor.core.progress.review import DAILY_BUDGETS, ReviewQueue, review_queue
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import LANGUAGES, t
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.widgets.mastery_map import MasteryMap

# Menu entries: option id -> (catalog key of the label, key shown beside it).
MENU: tuple[tuple[str, str, str], ...] = (
    ("practice", "ui.home.practice", "p"),
    ("quiz", "ui.home.quiz", "q"),
    ("review", "ui.home.review", "r"),
    ("stats", "ui.home.stats", "s"),
    ("mycode", "ui.mycode.home", "m"),
    ("language", "ui.home.language", "l"),
    ("level", "ui.home.level", "v"),
    ("track", "ui.home.track", "t"),
    ("budget", "ui.home.budget", "b"),
)


def _read_home(store: Store, budget: int) -> tuple[ReviewQueue, LearnerModel]:
    """What home shows of the history, read off the event loop at one instant."""
    now = utc_now()
    queue = review_queue(store, now, budget=budget)
    return queue, learner_model_for(store, now, SKILLS)


class HomeScreen(TutorScreen):
    """The first screen; every other screen is pushed above it by name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "app.open('practice')", "ui.key.practice"),
        Binding("q", "app.open('quiz')", "ui.key.quiz"),
        Binding("r", "app.open('review')", "ui.key.review"),
        Binding("s", "app.open('stats')", "ui.key.stats"),
        Binding("m", "app.open('mycode')", "ui.mycode.key.open"),
        Binding("l", "language", "ui.key.language"),
        Binding("v", "level", "ui.key.level"),
        Binding("t", "track", "ui.key.track"),
        # In the menu and the command palette (the footer has no room for every entry).
        Binding("b", "budget", "ui.key.budget", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        self._highlight = 0
        self._counts: tuple[int, int] | None = None  # (due skills, open mistakes) once read
        self._later = 0  # due but over today's budget
        self._counted: tuple[tuple[int, int], datetime | None] | None = None
        self._model: LearnerModel | None = None  # the mastery map's, once read

    def compose(self) -> ComposeResult:
        with Vertical(id="home-body"):
            yield Static(t("ui.app.title"), id="home-title")
            yield Static(t("ui.home.tagline"), id="home-tagline")
            yield OptionList(*self._options(), id="home-menu")
            yield Static(self._due_text(), id="home-due")
            if self.tutor.store.enabled:
                yield MasteryMap(self._model, self.tutor.level, id="home-mastery")
            # The store's notice (file set aside, progress off) stays in view, not only as a toast.
            notice = self.tutor.store.notice
            yield Static(
                "" if notice is None else notice.text(), id="home-notice", markup=False
            ).set_class(notice is not None, "-shown")
        yield Footer(compact=True)  # the footer has more keys than 80 columns hold otherwise

    def on_mount(self) -> None:
        menu = self.query_one("#home-menu", OptionList)
        menu.highlighted = self._highlight
        menu.focus()

    def _options(self) -> list[Option]:
        options = []
        for option_id, key, shortcut in MENU:
            label = Text()
            label.append(f" {shortcut} ", style="bold reverse")
            label.append("  ")
            label.append(self._label(option_id, key))
            options.append(Option(label, id=option_id))
        return options

    def _label(self, option_id: str, key: str) -> str:
        if option_id == "language":
            return t(key, language=t(f"ui.language.{self.tutor.language}"))
        if option_id == "level":
            return t(key, level=self.tutor.level, levels=TRACKS[self.tutor.track][-1])
        if option_id == "track":
            return t(key, track=t(f"ui.track.{self.tutor.track}"))
        if option_id == "budget":
            budget = self.tutor.review_budget
            return t(key + (".unlimited" if budget == 0 else ""), count=budget)
        if option_id == "review":
            due = self._due_count()
            return t(key) + (t("ui.home.review.due", count=due) if due else "")
        return t(key)

    def _due_count(self) -> int:
        return 0 if self._counts is None else sum(self._counts)

    def _due_text(self) -> str:
        if not self.tutor.store.enabled:
            return t("ui.home.due.off")
        if self._counts is None:
            return ""  # being counted
        due = self._due_now_text()
        if not self._later:
            return due
        later = t("ui.home.due.later", count=self._later)
        return f"{due} {later}"

    def _due_now_text(self) -> str:
        assert self._counts is not None
        skills, mistakes = self._counts
        if not skills and not mistakes:
            return t("ui.home.due.budget_spent" if self._later else "ui.home.due.none")
        skills_text = t("ui.count.skills", count=skills)
        mistakes_text = t("ui.count.mistakes", count=mistakes)
        if not mistakes:  # "0 mistakes to redo" says nothing
            return t("ui.home.due.skills", skills=skills_text)
        if not skills:
            return t("ui.home.due.mistakes", mistakes=mistakes_text)
        return t("ui.home.due.some", skills=skills_text, mistakes=mistakes_text)

    def on_screen_resume(self) -> None:
        # Shown (first, or back from practice or review): what is due may have changed. Not
        # while another screen covers home at the start (``rnn-tutor stats``): it would
        # compete with that screen's own work.
        if not self.is_mounted or self.app.screen is not self:
            return
        self._count_due()

    def _stale(self, revision: tuple[int, int]) -> bool:
        if self._counted is None:
            return True
        counted_at, changes_at = self._counted
        if revision != counted_at:
            return True
        return changes_at is not None and utc_now() >= changes_at

    @work(exclusive=True, group="due")
    async def _count_due(self) -> None:
        """The same queue review serves, so the count never promises what it cannot show.

        Even whether to count again is asked off the event loop: the store's thread may be
        waiting for another instance's transaction, and keys must answer meanwhile."""
        store = self.tutor.store
        if not store.enabled:
            return
        due_line = self.query_one("#home-due", Static)
        revision = await asyncio.to_thread(store.revision)
        if not self._stale(revision) or not due_line.is_attached:
            return
        due_line.loading = True
        queue, self._model = await asyncio.to_thread(_read_home, store, self.tutor.review_budget)
        self._counts = (len(queue.due_skills), len(queue.mistakes))
        self._later = queue.later
        self._counted = (revision, queue.changes_at)
        if not due_line.is_attached:  # home re-made meanwhile (a language switch) or gone
            lines = self.query("#home-due").results(Static) if self.is_attached else iter(())
            due_line = next(lines, None)  # the line home was re-made with, if any
            if due_line is None:
                return  # the app quit: the old line's loading flag would raise NoScreen
        due_line.loading = False
        self._refresh_menu()

    def _refresh_menu(self) -> None:
        menu = self.query_one("#home-menu", OptionList)
        for option in self._options():
            assert option.id is not None
            menu.replace_option_prompt(option.id, option.prompt)
        self.query_one("#home-due", Static).update(self._due_text())
        self._show_mastery()

    def _show_mastery(self) -> None:
        if self._model is not None:
            for widget in self.query("#home-mastery").results(MasteryMap):
                widget.show(self._model, self.tutor.level)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._highlight = event.option_index
        option_id = event.option.id
        if option_id == "language":
            self.action_language()
        elif option_id == "level":
            self.action_level()
        elif option_id == "track":
            self.action_track()
        elif option_id == "budget":
            self.action_budget()
        elif option_id is not None:
            self.tutor.open_screen(option_id)

    def action_language(self) -> None:
        current = LANGUAGES.index(self.tutor.language)
        self._highlight = self.query_one("#home-menu", OptionList).highlighted or 0
        self.tutor.switch_language(LANGUAGES[(current + 1) % len(LANGUAGES)])

    def action_level(self) -> None:
        levels = TRACKS[self.tutor.track]
        level = self.tutor.level
        following = levels.index(level) + 1 if level in levels else 0
        self.tutor.level = levels[following % len(levels)]
        self._refresh_menu()

    def action_track(self) -> None:
        """The next track: the RNN call, around the RNN, both mixed (the level follows)."""
        tracks = list(TRACKS)
        self.tutor.track = tracks[(tracks.index(self.tutor.track) + 1) % len(tracks)]
        self._refresh_menu()

    def action_budget(self) -> None:
        """The next daily budget (10, 20, 30, 50, no limit); what is due is counted again."""
        budgets = DAILY_BUDGETS
        budget = self.tutor.review_budget
        following = budgets.index(budget) + 1 if budget in budgets else 0
        self.tutor.review_budget = budgets[following % len(budgets)]
        self._counted = None  # the same history, cut differently
        self._refresh_menu()
        self._count_due()

    def screen_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(t("ui.command.track"), t("ui.command.track.help"), self.action_track)
        yield SystemCommand(t("ui.command.budget"), t("ui.command.budget.help"), self.action_budget)

    def reword(self) -> None:
        self._highlight = self.query_one("#home-menu", OptionList).highlighted or 0
        super().reword()
