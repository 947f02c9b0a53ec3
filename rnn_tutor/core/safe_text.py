"""Text from outside made safe to put on a terminal.

Answers, model text, notebook cells, imported files and torch's messages may hold control
characters. A terminal acts on them: ``ESC ] 52`` writes the clipboard, ``ESC ] 2`` sets
the window title, ``ESC [`` moves the cursor, C1 bytes (U+0080..U+009F) do the same without
an ESC, and bidirectional overrides reorder what the learner reads. Every escape sequence
starts with such a character, so escaping each one, one character at a time, disarms every
sequence there is and leaves its harmless remainder readable.

``visible`` is the one function that does it; the CLI and the app call it on every text that
did not come from our own catalogs. It depends on nothing, so core, CLI and UI can all use it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["visible"]

# Unicode categories a terminal may act on or that change how the rest reads: controls
# (C0, DEL, C1), format characters (bidi overrides, zero-width characters, BOM), line and
# paragraph separators, and lone surrogates (which also fail to encode).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_ELLIPSIS = "..."


def _shown(ch: str, *, newlines: bool) -> str:
    if ch == "\n" and newlines:
        return ch
    if ch == "\t":
        return "    " if newlines else " "
    if ch == "\r" and newlines:
        return ""  # a Windows line end: the "\n" that follows keeps the break
    if unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: object, *, newlines: bool = False, limit: int | None = None) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never live.

    ``newlines`` keeps line breaks (for multi-line text such as a notebook cell); otherwise a
    newline is shown as ``\\x0a`` so a one-line field stays one line. A tab becomes spaces.
    ``limit`` cuts the result to about that many characters and ends it with ``...`` so a
    refused two-megabyte value is never echoed whole. Anything that is not a ``str`` is shown
    through ``str()`` first.
    """
    raw = text if isinstance(text, str) else str(text)
    if limit is not None and len(raw) > limit:
        raw = raw[: max(limit, 0)]
        cut = True
    else:
        cut = False
    if raw.isprintable() and not cut:
        return raw  # the common case: nothing to change
    shown = "".join(_shown(ch, newlines=newlines) for ch in raw)
    if limit is not None and len(shown) > limit:
        shown = shown[: max(limit, 0)]
        cut = True
    return shown + _ELLIPSIS if cut else shown
