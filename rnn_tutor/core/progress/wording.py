"""How times, durations and shares read, on screen and in printed text, in the learner's
language (the core holds them so that a command prints what a screen shows)."""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime, tzinfo

from rnn_tutor.core.progress.clock import local_zone
from rnn_tutor.i18n import t


def duration_text(seconds: float) -> str:
    """``3 min 12 s`` / ``3분 12초``; under a minute only seconds."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    if minutes:
        return t("ui.results.time.minutes", minutes=minutes, seconds=rest)
    return t("ui.results.time.seconds", seconds=rest)


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def zone(tz: tzinfo | None) -> tzinfo:
    """``tz``, or the machine's own zone."""
    return tz if tz is not None else local_zone()


def relative_text(moment: datetime, now: datetime) -> str:
    """``in 3 hours`` / ``3시간 후``; ``now`` when it has come."""
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return t("ui.review.in.now")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        unit, count = "minutes", minutes
    elif minutes < 48 * 60:
        unit, count = "hours", round(minutes / 60)
    else:
        unit, count = "days", round(minutes / (24 * 60))
    return t(f"ui.review.in.{unit}", count=count)


def when_text(moment: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """``2026-11-28 10:45 (in 23 hours)``: a date anyone can read, and how far off it is."""
    local = moment.astimezone(zone(tz))
    return t(
        "ui.review.when", date=local.strftime("%Y-%m-%d %H:%M"), relative=relative_text(moment, now)
    )


def cell_width(text: str) -> int:
    """Columns a terminal gives ``text`` (Korean and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
