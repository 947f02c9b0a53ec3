"""`rnn-tutor review`: the skills that are due, with fresh numbers, then the mistakes to redo."""

from __future__ import annotations

import argparse
from typing import Any

from rnn_tutor.commands import practice
from rnn_tutor.i18n import t


def add_parser(subparsers: Any) -> None:
    subparsers.add_parser(
        "review", help=t("ui.review.cli.help"), description=t("ui.review.cli.help")
    )


def run(args: argparse.Namespace) -> int:
    return practice.open_app(args, screen="review")
