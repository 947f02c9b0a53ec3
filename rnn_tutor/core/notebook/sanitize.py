"""Outside text (torch's messages, reprs of learner values) made safe for a terminal.

A small private stand-in until the shared sanitizing function lands: control characters
(C0, C1, DEL, bidi overrides) become visible escapes, and long text is cut.
"""

from __future__ import annotations

import unicodedata

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def clean(text: str, limit: int = 300, keep_newlines: bool = False) -> str:
    """``text`` with control characters escaped; cut to ``limit`` characters with an ellipsis."""
    out = []
    for ch in text:
        if ch in "\n\t" and keep_newlines:
            out.append(ch)
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    result = "".join(out)
    if len(result) > limit:
        result = result[: max(0, limit - 3)] + "..."
    return result


def first_line(text: str, limit: int = 300) -> str:
    """The first line of a message, cleaned."""
    return clean(text.strip().split("\n", 1)[0] if text.strip() else "", limit)
