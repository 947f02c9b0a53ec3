"""The progress folder a command works on: ``--data-dir``, narrowed by ``--learner``."""

from __future__ import annotations

import argparse
from pathlib import Path


def progress_folder(args: argparse.Namespace) -> Path:
    """The data folder, or the learner's own folder inside it when ``--learner`` is given."""
    from rnn_tutor.core.progress.learners import progress_folder as folder

    return folder(getattr(args, "data_dir", None), getattr(args, "learner", None))
