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

from rnn_tutor.core.safe_text import visible
from rnn_tutor.i18n import t

APP_NAME = "rnn-tutor"
ENV_VAR = "RNN_TUTOR_HOME"
DB_FILENAME = "progress.sqlite3"


class DataDirError(ValueError):
    """A progress folder that cannot even be named (``~nosuchuser/x``); ``text()`` says so."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def text(self) -> str:
        return t("safety.data_dir.bad", path=visible(self.path, limit=1000), reason=self.reason)


def _expand(text: str) -> Path:
    try:
        return Path(text).expanduser()
    except RuntimeError as exc:  # "Could not determine home directory" for ~nosuchuser
        raise DataDirError(text, str(exc).rstrip(".")) from None


def data_dir(cli_value: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The folder for progress: ``--data-dir``, else ``$RNN_TUTOR_HOME``, else the OS default.

    Raises DataDirError for a ``~user`` that does not exist.
    """
    if cli_value and cli_value.strip():
        return _expand(cli_value.strip())
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_VAR, "").strip()
    if from_env:
        return _expand(from_env)
    # Imported here: platformdirs costs ~10 ms and only this branch needs it.
    from platformdirs import user_data_dir

    # appauthor=False: on Windows the default would nest rnn-tutor/rnn-tutor.
    return Path(user_data_dir(APP_NAME, appauthor=False))


def progress_file(directory: Path) -> Path:
    """The database inside a data folder."""
    return directory / DB_FILENAME
