"""Which level and track a learner practises: remembered in the store's settings.

The app and ``rnn-tutor practice --jsonl`` read the same two settings, so a learner who
practises in a notebook widget one day and in the terminal the next goes on at the same
place.
"""

from __future__ import annotations

from typing import Protocol

from rnn_tutor.core.exercises.curriculum import ALL_LEVELS, TRACKS

SETTING_LEVEL = "level"
SETTING_TRACK = "track"


class Settings(Protocol):
    """What is read here of a Store (a fake in tests)."""

    def get_setting(self, key: str) -> str | None: ...


def remembered_track(settings: Settings) -> str:
    """ "call" (levels 1-5), "around" (6-8) or "mixed"; "call" until one is chosen."""
    stored = settings.get_setting(SETTING_TRACK)
    return stored if stored in TRACKS else "call"


def remembered_level(settings: Settings, track: str) -> int:
    """The level last chosen, else the first level of ``track``."""
    stored = settings.get_setting(SETTING_LEVEL)
    if stored is not None and stored.isdigit() and int(stored) in ALL_LEVELS:
        return int(stored)
    return TRACKS[track][0]


def track_for_level(level: int, track: str) -> str:
    """``track`` when it holds ``level``; else the track that does (``--level 7`` on "the
    RNN call" moves to "the code around it")."""
    if level in TRACKS[track]:
        return track
    return "around" if level in TRACKS["around"] else "call"
