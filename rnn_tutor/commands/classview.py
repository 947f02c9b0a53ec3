"""`rnn-tutor class`: the teacher's view of a served class, as text, JSON or a screen.

Reads every learner's database read-only (see core.progress.classroom), so it can be run
while the class is answering.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time
from typing import Any

from rnn_tutor.commands._output import emit
from rnn_tutor.i18n import t


def _date(text: str) -> datetime:
    """argparse type for --since: midnight of that day in the machine's time zone."""
    from rnn_tutor.core.progress.clock import local_zone

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(t("classview.cli.bad_date", value=text)) from None
    return datetime.combine(day, time(), tzinfo=local_zone())


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "class", help=t("classview.cli.help"), description=t("classview.cli.help")
    )
    # SUPPRESS: given after `class` it sets the folder; otherwise the top-level one stands.
    parser.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=t("classview.cli.data_dir")
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help=t("classview.cli.json"))
    shown.add_argument("--app", action="store_true", help=t("classview.cli.app"))
    parser.add_argument("--since", metavar="DATE", type=_date, help=t("classview.cli.since"))


def run(args: argparse.Namespace) -> int:
    from rnn_tutor.core.exercises.questions import SKILLS
    from rnn_tutor.core.progress.paths import data_dir

    folder = data_dir(getattr(args, "data_dir", None))
    if args.app:
        from rnn_tutor.ui.class_app import ClassApp

        return int(ClassApp(folder, since=args.since, lang=getattr(args, "lang", None)).run() or 0)

    from rnn_tutor.core.progress.classroom import class_report

    report = class_report(folder, since=args.since, skills=SKILLS)
    if args.json:
        emit(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    from rnn_tutor.core.progress.class_text import report_lines

    emit("\n".join(report_lines(report)))
    return 0
