"""The Textual app: screens by name, the learner's settings, and torch loading in the background.

Screens are opened by name (``app.open('quiz')`` from a binding, ``open_screen("results",
result=...)`` from a screen): the home screen and practice live for the whole run in
Textual's ``SCREENS`` (so practice continues where the learner left it); the others are made
afresh for every visit from ``VISITS``. Both tables name the factories of
``rnn_tutor.ui.screens``, which import a screen's module when it is first opened.

The first frame must not wait for torch (about a second to import), and the app process
never imports it at all (issue 17): answers are graded and My code's cells run in the
kernel (``core.kernel``), a child process that holds torch. The app shows the home screen
from pure-Python modules only, then starts the kernel in a thread worker, so the first
answer finds torch imported there; an answer given sooner waits for that start only.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.events import Resize
from textual.screen import Screen, ScreenResultCallbackType
from textual.worker import get_current_worker

from rnn_tutor.core.exercises.curriculum import ALL_LEVELS, TRACKS
from rnn_tutor.core.progress.learners import LearnerNameError, claim_learner, learner_dir
from rnn_tutor.core.progress.paths import data_dir
from rnn_tutor.core.progress.practice_setting import (
    SETTING_LEVEL,
    SETTING_TRACK,
    remembered_level,
    remembered_track,
    track_for_level,
)
from rnn_tutor.core.progress.review import DAILY_BUDGETS, SETTING_DAILY_BUDGET, daily_budget
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import LANGUAGES, detect_language, get_language, set_language, t
from rnn_tutor.ui import screens
from rnn_tutor.ui.abandon import install
from rnn_tutor.ui.localise import localise_bindings
from rnn_tutor.ui.screens.base import TutorScreen
from rnn_tutor.ui.screens.home import HomeScreen
from rnn_tutor.ui.screens.too_small import TooSmallScreen

if TYPE_CHECKING:
    from rnn_tutor.ui.screens.learner import LearnerScreen

SETTING_LANGUAGE = "language"
# How long quitting waits for the writes still queued (another instance may hold the file).
QUIT_WAIT = 1.0
# The mode the tutor runs in once a served class's learner has given their name.
TUTOR_MODE = "tutor"


class RnnTutorApp(App[int]):
    """rnn-tutor's terminal app.

    ``seed`` fixes the exercise sequence (tests, snapshots); ``screen`` is the first
    screen opened above home (``"quiz"`` for ``rnn-tutor quiz``) with ``screen_options``;
    ``lang`` is an explicit ``--lang`` (it beats the remembered choice, which beats the
    locale); ``warm_up=False`` skips starting the kernel in the background (tests that
    never grade; the first answer starts it).
    ``learner`` keeps progress in that learner's own folder under the data folder;
    ``ask_learner`` (a served class) asks for the name before anything else opens.
    """

    CSS_PATH = "tutor.tcss"
    TITLE = "rnn-tutor"
    ENABLE_COMMAND_PALETTE = True
    # Narrow terminals get a narrower parameter pane (see tutor.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's API)

    # Kept for the whole run: made on first use, as they were left when opened again.
    SCREENS: ClassVar[dict[str, Callable[[], Screen[Any]]]] = {
        "home": HomeScreen,
        "practice": screens.practice_screen,
    }
    # Made afresh for every visit, with the options they are opened with.
    VISITS: ClassVar[dict[str, Callable[..., Screen[Any]]]] = {
        "quiz": screens.quiz_screen,
        "results": screens.results_screen,
        "review": screens.review_screen,
        "stats": screens.stats_screen,
        "mycode": screens.my_code_screen,
    }

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
        self._data_dir = None if data_dir is None else str(data_dir)
        self.learner = learner
        # Why the name the tab came with cannot be used (it reads like another's).
        self.learner_refusal: LearnerNameError | None = None
        if learner is not None and ask_learner:
            try:
                claim_learner(self.class_folder, learner)
            except LearnerNameError as exc:
                self.learner, self.learner_refusal = None, exc
        # Until a name is given no database is opened: not the class's, not anyone's.
        self.learner_pending = ask_learner and self.learner is None
        self._explicit_lang = lang if lang in LANGUAGES else None
        self._seed = seed
        self.first_screen = screen
        self.first_screen_options = dict(screen_options or {})
        self._want_warm_up = warm_up
        self._store: Store | None = None
        # Set once the kernel is up, torch imported in it (or it failed to start).
        self._torch_ready = threading.Event()
        self._notice_shown: object = None
        self.torch_error: str | None = None
        # The too-small guard is being moved above a newly opened screen.
        self._rearranging = False
        self._resolve_language()
        self._level = self._resolve_level(level)
        moved = track_for_level(self._level, self.track)
        if moved != self.track:  # --level 7 on "the RNN call": follow it
            # Not waited for: a busy file must not hold up the first frame.
            self.store.submit_setting(SETTING_TRACK, moved)
        localise_bindings(self)

    # ---- settings ------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The progress store, opened on first use (never raises; see ``Store.notice``)."""
        if self._store is None:
            if self.learner_pending:
                return Store.disabled()
            self._store = Store.open(self.data_folder)
            self._store.on_notice = self._store_notice_changed
        return self._store

    def _store_notice_changed(self) -> None:
        """A notice that arises while reading (rows skipped), from any thread."""
        if threading.get_ident() == self._thread_id:
            self._show_store_notice()
        else:
            self.call_from_thread(self._show_store_notice)

    @property
    def seed(self) -> int | None:
        return self._seed

    @property
    def torch_ready(self) -> threading.Event:
        return self._torch_ready

    @property
    def data_folder(self) -> Path:
        """This run's own folder: the progress database, settings and the "My code" cell.

        The learner's folder (``learners/NAME/``) when there is a learner, the data folder
        itself when there is none (the terminal's single learner, as before profiles). So
        everything a learner keeps follows the one profile: a served class's learners never
        read or write each other's cell, and a ``mycode.py`` left in the data folder by an
        earlier version stays the default profile's (no learner ever opens it).
        """
        if self.learner is None:
            return self.class_folder

        return learner_dir(self.class_folder, self.learner)

    @property
    def class_folder(self) -> Path:
        """The data folder itself: the class's, holding every profile under ``learners/``."""
        return data_dir(self._data_dir)

    def wait_for_torch(self, timeout: float = 60.0) -> None:
        """Block a worker until the warm-up import is done: two threads importing torch
        at once can fail inside torch ("cannot initialize type ...")."""
        if self._want_warm_up:
            self._torch_ready.wait(timeout)

    def remember(self, choices: Mapping[str, str]) -> None:
        """Save choices for the next start (the store keeps them for this session in any
        case). On read-only progress it is said plainly, once, that they hold for this session
        only; a write that fails says why."""
        store = self.store
        writes = [store.submit_setting(key, value) for key, value in choices.items()]
        self._told_when_saved(writes)

    @work(group="settings")
    async def _told_when_saved(self, writes: list[Future[bool]]) -> None:
        """Awaits the store's thread (the choices hold already): a busy file never stops
        the event loop, and a failure is told when it is known."""
        saved = [await asyncio.wrap_future(write) for write in writes]
        if all(saved):
            return
        if self.store.read_only:
            self.notify(t("settings.read_only.session_only"), timeout=8)
        else:
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
        """Change the language everywhere, now, and remember it for the next start.

        Screens in the stack are re-worded at once; a kept screen away from it is re-worded
        when it comes back (``TutorScreen``).
        """
        if lang is None:
            current = LANGUAGES.index(get_language())
            lang = LANGUAGES[(current + 1) % len(LANGUAGES)]
        set_language(lang)
        self.remember({SETTING_LANGUAGE: lang})
        localise_bindings(self)
        for screen in self.screen_stack:
            if isinstance(screen, TutorScreen | TooSmallScreen):
                screen.relocalise()
        self.refresh_bindings()

    @property
    def level(self) -> int:
        """--level, else the remembered choice (read once, at the start), else the first."""
        return self._level

    @level.setter
    def level(self, value: int) -> None:
        if value not in ALL_LEVELS:
            raise ValueError(f"level must be one of {ALL_LEVELS}")
        self._level = value
        self.remember({SETTING_LEVEL: str(value)})

    def _resolve_level(self, override: int | None) -> int:
        if override is not None:
            return override
        return remembered_level(self.store, self.track)

    @property
    def track(self) -> str:
        """ "call" (levels 1-5), "around" (6-8) or "mixed"; remembered like the level."""
        return remembered_track(self.store)

    @track.setter
    def track(self, value: str) -> None:
        if value not in TRACKS:
            raise ValueError(f"track must be one of {', '.join(TRACKS)}")
        choices = {SETTING_TRACK: value}
        if self._level not in TRACKS[value]:  # the level follows the track
            self._level = TRACKS[value][0]
            choices[SETTING_LEVEL] = str(self._level)
        self.remember(choices)

    @property
    def review_budget(self) -> int:
        """Reviews asked per day at most (0: no limit); remembered like the level."""
        return daily_budget(self.store.get_setting(SETTING_DAILY_BUDGET))

    @review_budget.setter
    def review_budget(self, value: int) -> None:
        if value not in DAILY_BUDGETS:
            raise ValueError(f"the daily budget must be one of {DAILY_BUDGETS}")
        self.remember({SETTING_DAILY_BUDGET: str(value)})

    # ---- screens -------------------------------------------------------------------

    def on_unmount(self) -> None:
        if self._store is not None:
            # Quitting waits a moment for the last writes, never for another instance.
            self._store.close(timeout=QUIT_WAIT)

    def get_default_screen(self) -> Screen[Any]:
        if self.learner_pending:
            return screens.learner_prompt(self.learner_refusal)
        return self.get_screen("home")

    def _open_first_screen(self) -> None:
        if self.first_screen != "home":
            self.open_screen(self.first_screen, **self.first_screen_options)

    def on_mount(self) -> None:
        install()  # ctrl+q and Esc never wait for a grading worker
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

    def open_screen(self, name: str, /, *, replace: bool = False, **options: Any) -> bool:
        """Open the screen called ``name`` above the current one (``replace``: instead of it).

        A kept screen (``SCREENS``) comes back as it was left and takes no options; any
        other (``VISITS``) is made afresh with ``options``. An unknown name is told to the
        learner, not raised.
        """
        screen: Screen[Any]
        if name in self.SCREENS:
            if options:
                raise TypeError(f"the {name!r} screen is kept between visits: no options")
            screen = self.get_screen(name)
        elif name in self.VISITS:
            screen = self.VISITS[name](**options)
        else:
            self.notify(t("ui.notify.screen_unavailable", name=name), severity="warning")
            return False
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if isinstance(screen, TutorScreen):
            screen.reopened()
        return True

    def on_learner_screen_chosen(self, message: LearnerScreen.Chosen) -> None:
        """A served class's learner gave their name: open their own progress, then home.

        The name is claimed and the learner's database opened in a thread (a profile's
        file held by another tab's transaction can make the open wait for seconds); the
        prompt says it is opening and takes no second name meanwhile.
        """
        message.screen.opening()
        self._open_profile(message)

    @work(exclusive=True, group="profile")
    async def _open_profile(self, message: LearnerScreen.Chosen) -> None:
        try:
            learner, store = await asyncio.to_thread(self._claim_and_open, message.name)
        except LearnerNameError as exc:  # reads like another learner's name: ask again
            message.refused(exc)
            return
        self.learner = learner
        self.learner_pending = False
        self._store = store
        store.on_notice = self._store_notice_changed
        # The tutor runs in a mode of its own above the prompt, so escape on home never
        # leads back to the prompt (Textual cannot switch away from a default screen).
        self._resolve_language()
        localise_bindings(self)
        self.add_mode(TUTOR_MODE, "home")
        self.switch_mode(TUTOR_MODE)
        self.call_later(self._open_first_screen)
        self._show_store_notice()

    def _claim_and_open(self, name: str) -> tuple[str, Store]:
        """In a worker thread: the checked profile name, and its store opened (which reads
        the settings once, so the language is known without another wait)."""
        learner = claim_learner(self.class_folder, name)
        return learner, Store.open(learner_dir(self.class_folder, learner))

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
        if notice is not None and notice is not self._notice_shown:
            self._notice_shown = notice
            self.notify(notice.text(), severity="warning", timeout=30)

    # ---- the too-small guard --------------------------------------------------------

    @property
    def _guarded(self) -> bool:
        """The too-small message is the screen on top."""
        return bool(self.screen_stack) and isinstance(self.screen, TooSmallScreen)

    def push_screen(  # one signature serves both of Textual's overloads
        self,
        screen: Screen[Any] | str,
        callback: ScreenResultCallbackType[Any] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """Textual's push; while the window is too small the new screen goes beneath the guard.

        What the learner (or Textual) opened is there once the window grows, and the guard
        stays the one screen on top: it never ends up lower in the stack.
        """
        if mode is not None or isinstance(screen, TooSmallScreen) or not self._guarded:
            return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)  # type: ignore[call-overload]
        self._rearranging = True
        try:
            self.pop_screen()
            pushed = super().push_screen(screen, callback, wait_for_dismiss)  # type: ignore[call-overload]
            super().push_screen(TooSmallScreen())
        finally:
            self._rearranging = False
        return pushed

    def on_resize(self, event: Resize) -> None:
        self._guard_size(event.size.width, event.size.height)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self._guard_size(self.size.width, self.size.height)

    def _guard_size(self, width: int, height: int) -> None:
        """Below 80x24 exactly one guard, on top and telling the current size; above, none."""
        if self._rearranging:
            return
        too_small = TooSmallScreen.needed(width, height)
        if too_small and self._guarded:
            cast("TooSmallScreen", self.screen).show_size()
        elif too_small:
            self.push_screen(TooSmallScreen())
        elif self._guarded:
            self.pop_screen()

    # ---- torch in the background ----------------------------------------------------

    def _warm_up_torch(self) -> None:
        self._load_torch()

    @work(thread=True, exclusive=True, group="torch", name="load torch")
    def _load_torch(self) -> None:
        # The kernel's client (and the wire's value types: exercises, verdicts, cell runs)
        # is imported here, not on the way to the first frame: home draws none of it.
        from rnn_tutor.core.kernel.grading import shared_kernel

        worker = get_current_worker()
        try:
            shared_kernel().start()  # the zygote imports torch and walks one cell
        except Exception as exc:  # torch missing or broken: grading will say so, not crash
            self.torch_error = f"{type(exc).__name__}: {exc}"
        finally:
            if not worker.is_cancelled:
                self._torch_ready.set()

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
        yield SystemCommand(
            t("ui.mycode.command.open"),
            t("ui.mycode.command.open.help"),
            lambda: self.open_screen("mycode"),
        )
        if isinstance(screen, TutorScreen):
            yield from screen.screen_commands()
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
