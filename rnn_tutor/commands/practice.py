"""`rnn-tutor practice` (and plain `rnn-tutor`): open the app.

``open_app`` is the one way into the UI; ``quiz``, ``review`` and ``stats`` call it with
their screen's name. Textual and the app are imported only here, inside the function,
so ``rnn-tutor --help`` and the command-line tools never pay for them.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
from typing import Any

from rnn_tutor.commands._profile import learner_name, progress_folder
from rnn_tutor.core.progress.paths import data_dir
from rnn_tutor.i18n import t


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "practice", help=t("ui.cli.practice.help"), description=t("ui.cli.practice.help")
    )
    parser.add_argument("--level", type=int, choices=range(1, 9), help=t("ui.cli.practice.level"))
    parser.add_argument("--seed", type=int, help=t("ui.cli.practice.seed"))
    parser.add_argument("--jsonl", action="store_true", help=t("ui.cli.practice.jsonl"))
    # Also after the command (`practice --jsonl --learner kim`), as scripts write it.
    parser.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=t("cli.help.data_dir")
    )
    parser.add_argument(
        "--learner",
        metavar="NAME",
        type=learner_name,
        default=argparse.SUPPRESS,
        help=t("serve.cli.learner"),
    )


def run(args: argparse.Namespace) -> int:
    if getattr(args, "jsonl", False):
        return run_jsonl(args)
    return open_app(args, screen="practice")


def run_jsonl(args: argparse.Namespace) -> int:
    """Practice over stdin and stdout (``practice_stream``): the same exercises at the same
    remembered level as the app, recorded in the same store."""
    from rnn_tutor.commands.practice_stream import PracticeStream, practice_stream
    from rnn_tutor.core.progress.practice_setting import (
        remembered_level,
        remembered_track,
        track_for_level,
    )
    from rnn_tutor.core.progress.store import Store

    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # a stray byte costs one line, not the run
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    with Store.open(progress_folder(args)) as store:
        if store.notice is not None:
            print(store.notice.text(), file=sys.stderr)  # stdout stays JSON lines
        track = remembered_track(store)
        level = args.level if args.level is not None else remembered_level(store, track)
        seed = args.seed if args.seed is not None else random.randrange(2**31)
        stream = PracticeStream(store, level, seed, track_for_level(level, track))
        return practice_stream(
            stream, sys.stdin, sys.stdout, ascii_only=not encoding.startswith("utf")
        )


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
