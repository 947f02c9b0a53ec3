"""The one clock of progress: every stored time is aware UTC, so comparisons never mix zones."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already (fsrs refuses anything else)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_zone() -> tzinfo:
    """The machine's current time zone."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None  # astimezone() always sets one
    return zone
