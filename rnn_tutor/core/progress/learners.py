"""Learner profiles: one progress folder per learner under a shared data folder.

A class served from one machine keeps each learner's history in its own database,
``<data>/learners/<name>/progress.sqlite3``, so one learner's answers never land in, or
are read from, another's file. Names come from people (a form in a browser, a URL, a
command line) and become folder names, so they are checked strictly: letters (Hangul
included), digits, ``-`` and ``_``; nothing that could name another folder.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rnn_tutor.core.progress.paths import progress_file

LEARNERS_FOLDER = "learners"
MAX_NAME_LENGTH = 32
_PUNCTUATION = frozenset("-_")


class LearnerNameError(ValueError):
    """A name that cannot be a profile; ``key`` is the catalog message saying why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _allowed(char: str) -> bool:
    # isalpha() covers Hangul syllables and jamo as well as Latin letters; digits are
    # ASCII only (no superscripts or other scripts' digits that look alike).
    return char.isalpha() or char in "0123456789" or char in _PUNCTUATION


def check_learner_name(text: str) -> str:
    """The profile name for ``text`` (NFC, trimmed), or :class:`LearnerNameError`.

    NFC first: a Korean IME and a pasted name may spell the same syllables differently
    (composed or as separate jamo), and they must find the same folder.
    """
    name = unicodedata.normalize("NFC", text).strip()
    if not name:
        raise LearnerNameError("serve.name.empty")
    if len(name) > MAX_NAME_LENGTH:
        raise LearnerNameError("serve.name.long", limit=MAX_NAME_LENGTH)
    if not all(_allowed(char) for char in name):
        raise LearnerNameError("serve.name.chars")
    if name[0] in _PUNCTUATION:
        # "-x" would read as an option on a command line.
        raise LearnerNameError("serve.name.start")
    return name


def learners_root(base: Path) -> Path:
    """The folder holding every profile of a data folder."""
    return base / LEARNERS_FOLDER


def learner_dir(base: Path, name: str) -> Path:
    """The progress folder of the learner ``name`` (checked again here; never trust callers)."""
    return learners_root(base) / check_learner_name(name)


@dataclass(frozen=True)
class Profile:
    """A learner found on disk: the name and their database file."""

    name: str
    database: Path


def profiles(base: Path) -> tuple[Profile, ...]:
    """Every learner with a database under ``base``, by name; other entries are ignored."""
    root = learners_root(base)
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return ()
    found = []
    for entry in entries:
        try:
            name = check_learner_name(entry.name)
        except LearnerNameError:
            continue
        database = progress_file(entry)
        # A symlink could point into someone else's folder: profiles are real folders only.
        if name == entry.name and not entry.is_symlink() and database.is_file():
            found.append(Profile(name, database))
    return tuple(found)


def progress_folder(cli_value: str | None = None, learner: str | None = None) -> Path:
    """Where a run keeps progress: the data folder, or the learner's own folder inside it."""
    from rnn_tutor.core.progress.paths import data_dir

    base = data_dir(cli_value)
    return base if learner is None else learner_dir(base, learner)
