"""Outside text (torch's messages, reprs of learner values) made safe for a terminal.

The notebook's names for the one shared function, ``rnn_tutor.core.safe_text.visible``:
control characters (C0, C1, DEL, bidi overrides) become visible escapes, long text is cut.
"""

from __future__ import annotations

from rnn_tutor.core import safe_text


def clean(text: str, limit: int = 300, keep_newlines: bool = False) -> str:
    """``text`` with control characters escaped; cut to ``limit`` characters with an ellipsis."""
    return safe_text.visible(text, newlines=keep_newlines, limit=max(0, limit - 3))


def first_line(text: str, limit: int = 300) -> str:
    """The first line of a message, cleaned."""
    return safe_text.first_line(text, limit=max(0, limit - 3))
