"""The exercise as the few lines a learner writes in a notebook, syntax highlighted.

A line too long for the card is reflowed as Python would be written, never wrapped flush
left: a call's arguments continue under its opening parenthesis (or, when that is too far
right, on lines indented by four), so a continuation never reads as a new statement.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.syntax import Syntax
from textual import events

from rnn_tutor.i18n import t
from rnn_tutor.ui.widgets.framed import Framed

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

# An ANSI theme follows the terminal's own palette, like the learner's notebook would.
CODE_THEME = "ansi_dark"
HANGING_INDENT = "    "
COMPACT_HEIGHT = 26
"""At this terminal height or less the card drops its bottom border and padding, so the
feedback below it gets the rows."""

_OPENERS = {"(": ")", "[": "]", "{": "}"}


def _split_arguments(inside: str) -> list[str] | None:
    """Top-level comma-separated arguments of a call's inside; None if brackets or quotes
    do not balance (then the line is left alone)."""
    parts: list[str] = []
    stack: list[str] = []
    quote = ""
    start = 0
    for index, ch in enumerate(inside):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                return None
        elif ch == "," and not stack:
            parts.append(inside[start:index].strip())
            start = index + 1
    if stack or quote:
        return None
    tail = inside[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _pack(head: str, arguments: list[str], indent: str, width: int) -> list[str]:
    """``head`` then the arguments, as many per line as fit, continuation lines indented."""
    lines: list[str] = []
    current = head
    for number, argument in enumerate(arguments):
        piece = argument + ("," if number < len(arguments) - 1 else ")")
        fresh = current in (head, indent)
        candidate = current + ("" if fresh else " ") + piece
        if len(candidate) <= width or fresh:
            current = candidate
        else:
            lines.append(current.rstrip())
            current = indent + piece
    lines.append(current)
    return lines


def reflow_line(line: str, width: int) -> list[str]:
    """One line of code fitted to ``width`` columns (see the module docstring)."""
    if len(line) <= width or not line.rstrip().endswith(")"):
        return [line]
    opening = line.find("(")
    leading = line[: len(line) - len(line.lstrip())]
    if opening < 0:  # the continuation of a call broken earlier: keep its indent
        rest = _split_arguments(line.rstrip()[:-1])
        if not rest or not leading:
            return [line]
        return _pack(leading, rest, leading, width)
    arguments = _split_arguments(line[opening + 1 : line.rstrip().rfind(")")])
    if not arguments:
        return [line]
    head = line[: opening + 1]
    if opening + 1 <= width // 2:  # under the parenthesis, as PEP 8 shows
        return _pack(head, arguments, " " * (opening + 1), width)
    return [head, *_pack(leading + HANGING_INDENT, arguments, leading + HANGING_INDENT, width)]


def reflow(code: str, width: int) -> str:
    """Every line of ``code`` fitted to ``width`` columns where a call allows it."""
    if width <= 0:
        return code
    return "\n".join(part for line in code.splitlines() for part in reflow_line(line, width))


_BUILDS = re.compile(
    r"\bnn\.(?!Module\b)[A-Z]\w*\(|\btorch\.(randn|randint|rand|zeros|ones|full|tensor|empty)\("
)
"""A line that makes a layer (``nn.LSTM(``, not ``nn.Module``) or a tensor of given sizes."""


def _fold_line(count: int, below: str) -> str:
    """``# ... 3 lines``, indented as the line it stands above."""
    indent = below[: len(below) - len(below.lstrip())]
    return indent + t("ui.code.folded", count=count)


class CodeCard(Framed):
    """A bordered code cell titled like a notebook prompt (``In [3]:``)."""

    DEFAULT_CSS: ClassVar[str] = """
    CodeCard {
        max-height: 10;
    }
    /* A short terminal (see COMPACT_HEIGHT): the card gives its bottom border to the
     * feedback below it. */
    CodeCard.-compact {
        border-bottom: none;
    }
    /* A cell around the RNN (levels 6-8) runs to 14 lines and its last line is often the
       one asked about: it may take most of the height (the feedback below scrolls). */
    CodeCard.-cell {
        max-height: 70%;
    }
    /* Graded on a short terminal: the card folds to the lines that end at the asked one,
       and the feedback gets the rows (see FOLDED_SHARE). */
    CodeCard.-cell.-compact.-folded {
        max-height: 45%;
    }
    """

    FOLDED_SHARE: ClassVar[float] = 0.45
    """The part of the screen's height a folded card keeps (its CSS max-height)."""

    _code = ""
    _folded = False

    def show(self, exercise: Exercise, number: int) -> None:
        self.border_title = f"In [{number}]:"
        self.set_class(exercise.cell is not None, "-cell")
        self._code = exercise.code()
        self._folded = False
        self._render_code()

    def fold(self, folded: bool = True) -> None:
        """Once the answer is graded on a short terminal (80x24), a long cell gives the
        feedback its rows: the card keeps what the question needs (the modules' lines and
        the asked one, see ``_folded_code``). The next exercise unfolds it."""
        self._folded = folded
        self._render_code()

    def _render_code(self) -> None:
        compact = self.screen.size.height <= COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        width = self.content_size.width
        code = reflow(self._code, width) if width else self._code
        folding = self._folded and compact and self.has_class("-cell")
        self.set_class(folding, "-folded")
        if folding:
            code = self._folded_code(code)
        self.update(
            Syntax(
                code,
                "python",
                theme=CODE_THEME,
                word_wrap=True,
                background_color="default",
            )
        )

    def _folded_code(self, code: str) -> str:
        """The lines that build the layers and the input (``_BUILDS``: where the sizes come
        from) and the asked last line, each run of the others folded into one ``# ...``
        line that says how many; the last lines alone when those do not fit."""
        lines = code.splitlines()
        rows = max(3, int(self.screen.size.height * self.FOLDED_SHARE) - 1)  # top border
        if len(lines) <= rows:
            return code
        keep = {len(lines) - 1} | {
            number for number, line in enumerate(lines) if _BUILDS.search(line)
        }
        shown: list[str] = []
        folded = 0
        for number, line in enumerate(lines):
            if number in keep:
                if folded:
                    shown.append(_fold_line(folded, line))
                shown.append(line)
                folded = 0
            else:
                folded += 1
        if len(shown) <= rows:
            return "\n".join(shown)
        kept = lines[-(rows - 1) :]
        return "\n".join([_fold_line(len(lines) - len(kept), kept[0]), *kept])

    def on_resize(self, event: events.Resize) -> None:
        if self._code:
            self._render_code()
