"""Outside text (torch's messages, reprs of learner values, printed output) made safe to show.

The notebook's own names for the shared function in ``rnn_tutor.core.safe_text``: control
characters become visible escapes, long text is cut with an ellipsis.
"""

from __future__ import annotations

from rnn_tutor.core import safe_text


def clean(text: str, limit: int = 300, keep_newlines: bool = False) -> str:
    """``text`` with control characters escaped; cut to about ``limit`` characters."""
    if keep_newlines and len(text) <= limit and text.replace("\n", "").isprintable():
        return text  # printed output is mostly plain lines: nothing to escape, checked in C
    return safe_text.visible(text, newlines=keep_newlines, limit=limit)


def first_line(text: str, limit: int = 300) -> str:
    """The first non-empty line of a message, made visible."""
    return safe_text.first_line(text, limit=limit)
