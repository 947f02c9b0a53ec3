"""`rnn-tutor stats`: the stats screen; with --json the same figures for scripts; without
a terminal (a pipe, a file) the screen's figures as text (``core/progress/stats_text``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rnn_tutor.commands import practice
from rnn_tutor.commands._output import dumps, emit
from rnn_tutor.commands._profile import progress_folder
from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.progress.clock import utc_now
from rnn_tutor.core.progress.stats import stats_for
from rnn_tutor.core.progress.stats_text import summary_lines
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import t


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats", help=t("progress.cli.stats.help"), description=t("progress.cli.stats.help")
    )
    parser.add_argument("--json", action="store_true", help=t("progress.cli.stats.json"))


def run(args: argparse.Namespace) -> int:
    if not args.json and practice.not_a_terminal() is None:
        return practice.open_app(args, screen="stats")

    with Store.open(progress_folder(args)) as store:
        now = utc_now()
        # "mastery" in the figures is the learner model: per skill known / learning / not
        # yet, and the mix-ups this learner may still hold (core/progress/mastery.py).
        stats = stats_for(store, now, skills=SKILLS)
        enabled, notice = store.enabled, store.notice
    if notice is not None:
        # stderr: stdout stays the figures alone (pure JSON for scripts).
        print(notice.text(), file=sys.stderr)
    if args.json:
        emit(dumps(stats.to_json(), indent=2))
    else:
        emit("\n".join(summary_lines(stats if enabled else None, now)))
    return 0
