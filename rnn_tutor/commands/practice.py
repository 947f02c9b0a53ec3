"""`rnn-tutor practice` (and plain `rnn-tutor`): open the app.

``open_app`` is the one way into the UI; ``quiz``, ``review`` and ``stats`` call it with
their screen's name. Textual and the app are imported only here, inside the function,
so ``rnn-tutor --help`` and the command-line tools never pay for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from rnn_tutor.core.progress.paths import data_dir
from rnn_tutor.i18n import t


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "practice", help=t("ui.cli.practice.help"), description=t("ui.cli.practice.help")
    )
    parser.add_argument("--level", type=int, choices=range(1, 9), help=t("ui.cli.practice.level"))
    parser.add_argument("--seed", type=int, help=t("ui.cli.practice.seed"))


def run(args: argparse.Namespace) -> int:
    return open_app(args, screen="practice")


def open_app(args: argparse.Namespace, screen: str = "home", **options: Any) -> int:
    """Run the app with ``screen`` opened above home; ``options`` go to that screen.

    Exit code 2 at once, before Textual is imported, when there is no terminal to draw on
    (see ``not_a_terminal``).
    """
    data_dir(getattr(args, "data_dir", None))  # DataDirError before the screen is taken over
    missing = not_a_terminal()
    if missing is not None:
        print(t("cli.not_a_terminal", stream=missing), file=sys.stderr)
        return 2
    from rnn_tutor.ui.app import RnnTutorApp

    app = RnnTutorApp(
        data_dir=getattr(args, "data_dir", None),
        lang=getattr(args, "lang", None),
        seed=getattr(args, "seed", None),
        level=getattr(args, "level", None),
        screen=screen,
        screen_options=options,
        learner=getattr(args, "learner", None),
        ask_learner=getattr(args, "ask_learner", False),
    )
    result = app.run()
    return int(result or 0)


def not_a_terminal() -> str | None:
    """ "stdin" or "stdout" when that stream is not a terminal, else None.

    Textual draws into whatever stdout is: piped into a file, ``rnn-tutor stats > file``
    filled it with escape codes and then waited for keys that never came, at 65% CPU for
    as long as it was left (issue 23). A driver chosen in the environment (textual-serve's
    web driver for a served tab, which talks over pipes on purpose) is not a terminal
    either and is let through.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)):
        try:
            interactive = stream is not None and stream.isatty()
        except (OSError, ValueError):  # closed, or a replaced stream without a file
            interactive = False
        if not interactive:
            return name
    return None
