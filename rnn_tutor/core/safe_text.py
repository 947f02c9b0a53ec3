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
from collections.abc import Mapping

__all__ = ["first_line", "visible", "visible_json", "visible_params"]

# How much of a value from outside a message quotes: enough to recognise it, never megabytes.
QUOTE_LIMIT = 200
# torch's own message, first line: long enough for its longest shape complaint.
FIRST_LINE_LIMIT = 500

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


def visible_params(params: Mapping[str, object], *, limit: int = QUOTE_LIMIT) -> dict[str, object]:
    """A message's parameters with every text among them made ``visible`` and cut to ``limit``.

    Numbers stay numbers (a catalog may format them); everything else is quoted as text.
    """
    return {
        name: value
        if isinstance(value, int | float) and not isinstance(value, bool)
        else visible(value, limit=limit)
        for name, value in params.items()
    }


def first_line(message: object, *, limit: int = FIRST_LINE_LIMIT) -> str:
    """The first non-empty line of a message (torch's own words), made ``visible``.

    torch appends a C++ stack trace with the build machine's paths to some messages; the
    first line is the part written for people, so it is all that is ever shown.
    """
    text = message if isinstance(message, str) else str(message)
    for line in text.splitlines():
        if line.strip():
            return visible(line.strip(), limit=limit)
    return ""


def visible_json(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every character a
    terminal could act on written as a ``\\uXXXX`` escape: still the same JSON value.

    ``json.dumps`` escapes C0 controls itself but leaves DEL, C1 and bidi overrides raw.
    """
    if dumped.isprintable():
        return dumped
    out = []
    for ch in dumped:
        if ch in "\n\t" or unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
            out.append(ch)  # newlines and tabs here are JSON's own layout, never inside a string
            continue
        code = ord(ch)
        if code > 0xFFFF:  # JSON spells characters beyond the BMP as a surrogate pair
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)
