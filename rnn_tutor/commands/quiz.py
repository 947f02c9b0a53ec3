"""`rnn-tutor quiz`: a fixed set of questions, scored, with a results screen at the end."""

from __future__ import annotations

import argparse
from typing import Any

from rnn_tutor.commands import practice
from rnn_tutor.i18n import t


def _positive(text: str) -> int:
    """argparse type: a whole number of at least 1, with a message in the learner's language."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("ui.quiz.cli.not_positive", value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("ui.quiz.cli.not_positive", value=text))
    return value


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "quiz", help=t("ui.quiz.cli.help"), description=t("ui.quiz.cli.help")
    )
    parser.add_argument(
        "--count", type=_positive, default=10, metavar="N", help=t("ui.quiz.cli.count")
    )
    parser.add_argument("--level", type=int, choices=range(1, 9), help=t("ui.quiz.cli.level"))
    parser.add_argument("--seed", type=int, help=t("ui.quiz.cli.seed"))
    parser.add_argument(
        "--time", type=_positive, metavar="SECONDS", dest="time_limit", help=t("ui.quiz.cli.time")
    )
    parser.add_argument("--feedback", choices=("end", "each"), help=t("ui.quiz.cli.feedback"))


def run(args: argparse.Namespace) -> int:
    # --level and --seed reach the app itself (open_app reads them from args).
    return practice.open_app(
        args,
        screen="quiz",
        count=args.count,
        time_limit=args.time_limit,
        feedback=args.feedback,
    )
