"""The Textual app: screens by name, the learner's settings, and torch loading in the background.

The first frame must not wait for torch (about a second to import). The app shows the
home screen from pure-Python modules only, then imports torch and torchinfo in a thread
worker; grading simply imports torch again, which waits on Python's import lock only if
the learner answers before the warm-up has finished.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.events import Resize
from textual.screen import Screen
from textual.worker import get_current_worker

from rnn_tutor.i18n import LANGUAGES, detect_language, get_language, set_language, t
from rnn_tutor.ui.localise import localise_bindings
from rnn_tutor.ui.registry import ScreenUnavailable, screen_class

if TYPE_CHECKING:
    from rnn_tutor.core.progress.store import Store
    from rnn_tutor.ui.screens.practice import PracticePosition

# Below this the layout cannot hold (issue: "works at 80x24").
MIN_WIDTH = 80
MIN_HEIGHT = 24

LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
SETTING_LANGUAGE = "language"
SETTING_LEVEL = "level"


class RnnTutorApp(App[int]):
    """rnn-tutor's terminal app.

    ``seed`` fixes the exercise sequence (tests, snapshots); ``screen`` is the first
    screen opened above home (``"quiz"`` for ``rnn-tutor quiz``); ``lang`` is an explicit
    ``--lang`` (it beats the remembered choice, which beats the locale);
    ``warm_up=False`` skips the background torch import (tests that never grade).
    ``learner`` keeps progress in that learner's own folder under the data folder;
    ``ask_learner`` (a served class) asks for the name before anything else opens.
    """

    CSS_PATH = "tutor.tcss"
    TITLE = "rnn-tutor"
    ENABLE_COMMAND_PALETTE = True
    # Narrow terminals get a narrower parameter pane (see tutor.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's API)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "ui.key.quit", priority=True, show=True),
        Binding(
            "ctrl+p",
            "command_palette",
            "ui.key.palette",
            show=False,
            priority=True,
            tooltip="ui.key.palette.tooltip",
        ),
    ]

    def __init__(
        self,
        *,
        data_dir: str | Path | None = None,
        lang: str | None = None,
        seed: int | None = None,
        screen: str = "home",
        level: int | None = None,
        warm_up: bool = True,
        screen_options: dict[str, Any] | None = None,
        learner: str | None = None,
        ask_learner: bool = False,
    ) -> None:
        super().__init__()
        self.learner = learner
        # Until a name is given no database is opened: not the class's, not anyone's.
        self.learner_pending = ask_learner and learner is None
        self._data_dir = None if data_dir is None else str(data_dir)
        self._explicit_lang = lang if lang in LANGUAGES else None
        self.seed = seed
        self.first_screen = screen
        self.first_screen_options = dict(screen_options or {})
        self._level_override = level
        self._want_warm_up = warm_up
        self._store: Store | None = None
        # Set once torch and torchinfo are imported (or failed to import).
        self.torch_ready = threading.Event()
        self.torch_error: str | None = None
        # Where practice was left, so leaving it and coming back continues there.
        self.practice_position: PracticePosition | None = None
        self._resolve_language()
        localise_bindings(self)

    # ---- settings ------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The progress store, opened on first use (never raises; see ``Store.notice``)."""
        if self._store is None:
            from rnn_tutor.core.progress.paths import data_dir
            from rnn_tutor.core.progress.store import Store

            if self.learner_pending:
                return Store.disabled()
            folder = data_dir(self._data_dir)
            if self.learner is not None:
                from rnn_tutor.core.progress.learners import learner_dir

                folder = learner_dir(folder, self.learner)
            self._store = Store.open(folder)
        return self._store

    def choose_learner(self, name: str) -> None:
        """Open ``name``'s own progress and show the home screen (the served class's prompt)."""
        from rnn_tutor.core.progress.learners import check_learner_name

        self.learner = check_learner_name(name)
        self.learner_pending = False
        self._store = None
        self._resolve_language()
        localise_bindings(self)
        prompt = self.screen
        # Home becomes the bottom of the stack: the prompt is taken out from under it
        # (Textual cannot switch away from the default screen), so escape never returns to it.
        self.push_screen(screen_class("home")())
        self._screen_stack.remove(prompt)
        prompt.remove()
        self._open_first_screen()
        self._show_store_notice()

    def _resolve_language(self) -> None:
        """--lang, else the remembered choice, else the locale, else English."""
        remembered = self.store.get_setting(SETTING_LANGUAGE)
        if self._explicit_lang is not None:
            lang = self._explicit_lang
        elif remembered in LANGUAGES:
            lang = str(remembered)
        else:
            lang = detect_language(None)
        set_language(lang)

    @property
    def language(self) -> str:
        return get_language()

    def switch_language(self, lang: str | None = None) -> None:
        """Change the language everywhere, now, and remember it for the next start."""
        if lang is None:
            current = LANGUAGES.index(get_language())
            lang = LANGUAGES[(current + 1) % len(LANGUAGES)]
        set_language(lang)
        self.store.set_setting(SETTING_LANGUAGE, lang)
        localise_bindings(self)
        for screen in self.screen_stack:
            relocalise = getattr(screen, "relocalise", None)
            if callable(relocalise):
                relocalise()
        self.refresh_bindings()

    @property
    def level(self) -> int:
        if self._level_override is not None:
            return self._level_override
        stored = self.store.get_setting(SETTING_LEVEL)
        if stored is not None and stored.isdigit() and int(stored) in LEVELS:
            return int(stored)
        return LEVELS[0]

    @level.setter
    def level(self, value: int) -> None:
        if value not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}")
        self._level_override = value
        self.store.set_setting(SETTING_LEVEL, str(value))

    # ---- screens -------------------------------------------------------------------

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()

    def get_default_screen(self) -> Screen[Any]:
        if self.learner_pending:
            from rnn_tutor.ui.screens.learner import LearnerScreen

            return LearnerScreen()
        return screen_class("home")()

    def _open_first_screen(self) -> None:
        if self.first_screen != "home":
            self.open_screen(self.first_screen, **self.first_screen_options)

    def on_mount(self) -> None:
        if not self.learner_pending:
            self._open_first_screen()
        self._show_store_notice()
        # Whatever changes the stack (a worker's switch_screen, a screen Textual pushes),
        # the guard looks again: it must stay on top while the window is too small.
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._guard_size(self.size.width, self.size.height)
        if self._want_warm_up:
            # After the first frame is on the terminal, not before.
            self.call_after_refresh(self._warm_up_torch)

    def open_screen(self, name: str, /, **options: Any) -> bool:
        """Push the screen registered as ``name``; tell the learner if it cannot be opened."""
        try:
            cls = screen_class(name)
        except ScreenUnavailable:
            self.notify(t("ui.notify.screen_unavailable", name=name), severity="warning")
            return False
        screen = cls(**options)
        if self._guarded:
            # Beneath the guard: what the learner asked for is there once the window grows.
            self.pop_screen()
            self.push_screen(screen)
            self._push_guard()
        else:
            self.push_screen(screen)
        return True

    def action_open(self, name: str) -> None:
        """``app.open('quiz')`` from bindings and buttons."""
        self.open_screen(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            # Hidden on the home screen: there is nothing below it.
            return len(self.screen_stack) > 1
        if action == "command_palette":
            # Nothing but ctrl+q works behind the too-small message, or before a learner
            # has given their name (the palette would open screens with no profile).
            return not self._guarded and not self.learner_pending
        return True

    async def action_back(self) -> None:
        """Leave the current screen for the one below; the home screen stays."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def _show_store_notice(self) -> None:
        notice = self.store.notice
        if notice is not None:
            self.notify(notice.text(), severity="warning", timeout=30)

    # ---- the too-small guard --------------------------------------------------------

    @property
    def _guarded(self) -> bool:
        """The too-small message is the screen on top."""
        from rnn_tutor.ui.screens.too_small import TooSmallScreen

        return bool(self.screen_stack) and isinstance(self.screen, TooSmallScreen)

    def on_resize(self, event: Resize) -> None:
        self._guard_size(event.size.width, event.size.height)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self._guard_size(self.size.width, self.size.height)

    def _push_guard(self) -> None:
        from rnn_tutor.ui.screens.too_small import TooSmallScreen

        self.push_screen(TooSmallScreen())

    def _guard_size(self, width: int, height: int) -> None:
        """Below 80x24 exactly one guard, on top and telling the current size; above, none."""
        from rnn_tutor.ui.screens.too_small import TooSmallScreen

        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        guards = [s for s in self.screen_stack if isinstance(s, TooSmallScreen)]
        if too_small and self._guarded:
            top = guards.pop()
            assert isinstance(top, TooSmallScreen)
            top.show_size()
        elif too_small:
            self._push_guard()  # something was pushed above the guard: cover it again
        # Any other guard is stale: the top one when the window is big enough, and any
        # left lower in the stack.
        for guard in reversed(guards):
            if guard is self.screen:
                self.pop_screen()
            else:
                # Textual pops only the top screen; one lower down is taken out directly.
                self._screen_stack.remove(guard)
                guard.remove()

    # ---- torch in the background ----------------------------------------------------

    def _warm_up_torch(self) -> None:
        self._load_torch()

    @work(thread=True, exclusive=True, group="torch", name="load torch")
    def _load_torch(self) -> None:
        worker = get_current_worker()
        try:
            from rnn_tutor.core.grading.grader import warm_up

            warm_up()
        except Exception as exc:  # torch missing or broken: grading will say so, not crash
            self.torch_error = f"{type(exc).__name__}: {exc}"
        finally:
            if not worker.is_cancelled:
                self.torch_ready.set()

    # ---- command palette -------------------------------------------------------------

    def action_command_palette(self) -> None:
        if self._guarded or self.learner_pending:
            return
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t("ui.palette.placeholder"))
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The main actions, in the learner's language (Textual's own are English-only)."""
        for name in ("practice", "quiz", "review", "stats"):
            yield SystemCommand(
                t(f"ui.command.{name}"),
                t(f"ui.command.{name}.help"),
                lambda name=name: self.open_screen(name),
            )
        yield from getattr(screen, "screen_commands", lambda: ())()
        yield SystemCommand(
            t("ui.command.language"), t("ui.command.language.help"), self.switch_language
        )
        yield SystemCommand(t("ui.command.keys"), t("ui.command.keys.help"), self._toggle_keys)
        yield SystemCommand(t("ui.command.quit"), t("ui.command.quit.help"), self.exit)

    def _toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
