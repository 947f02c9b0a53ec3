"""Where progress lives on disk.

One function decides it so the app, ``stats`` and ``progress`` always agree: ``--data-dir``
beats ``RNN_TUTOR_HOME``, which beats the platform's user data directory. Nothing is
created here; the store creates the folder when it opens, and turns progress off
(with a notice) when it cannot.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "rnn-tutor"
ENV_VAR = "RNN_TUTOR_HOME"
DB_FILENAME = "progress.sqlite3"


def data_dir(cli_value: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The folder for progress: ``--data-dir``, else ``$RNN_TUTOR_HOME``, else the OS default."""
    if cli_value and cli_value.strip():
        return Path(cli_value.strip()).expanduser()
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    # Imported here: platformdirs costs ~10 ms and only this branch needs it.
    from platformdirs import user_data_dir

    # appauthor=False: on Windows the default would nest rnn-tutor/rnn-tutor.
    return Path(user_data_dir(APP_NAME, appauthor=False))


def progress_file(directory: Path) -> Path:
    """The database inside a data folder."""
    return directory / DB_FILENAME
