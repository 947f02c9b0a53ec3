"""The progress folder a command works on: ``--data-dir``, narrowed by ``--learner``."""

from __future__ import annotations

import argparse
from pathlib import Path

from rnn_tutor.core.progress import learners
from rnn_tutor.i18n import t


def progress_folder(args: argparse.Namespace) -> Path:
    """The data folder, or the learner's own folder inside it when ``--learner`` is given."""
    return learners.progress_folder(getattr(args, "data_dir", None), getattr(args, "learner", None))


def learner_name(text: str) -> str:
    """argparse type for --learner: a checked profile name, or argparse's usage error."""
    try:
        return learners.check_learner_name(text)
    except learners.LearnerNameError as exc:
        raise argparse.ArgumentTypeError(
            t("serve.cli.bad_learner", name=text, reason=t(exc.key, **exc.params))
        ) from None
