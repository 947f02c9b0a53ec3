"""The tutor's colours, named by what they say and written in the theme's variables.

A Rich colour name ("bold red") is fixed when a text is made and never hears of the app's
theme. These styles name the theme's variables instead (``$error``, ``$success``...),
which Textual looks up each time a widget is drawn, so a theme change reaches every
verdict, note and picture already on screen.

Texts are still built as Rich :class:`~rich.text.Text` by small pure functions (tests read
them without an app), with these style strings in their spans. Rich cannot parse
``$error`` itself, so a widget is given such a text through :func:`themed` (Textual
``Content``, the strings kept for Textual to resolve at render time), or, where a Rich
renderable is needed (a DataTable cell), through :func:`resolved` with today's theme.
"""

from __future__ import annotations

from rich.style import Style as RichStyle
from rich.text import Span as RichSpan
from rich.text import Text
from textual.color import Color
from textual.content import Content, Span
from textual.style import Style

HEADING = "bold"
RIGHT = "bold $success"
WRONG = "bold $error"
WARNING = "$warning"
# ``$text-muted`` is "auto 60%": fine for CSS, but text styles drop the 60%; this one blends.
MUTED = "$foreground-muted"
CODE = MUTED  # a quoted line of code beside the words about it
REVERSE = "bold reverse"  # the key beside a menu entry, the level being practised

# The unrolled picture: what each cell of the grid holds.
OUTPUT = "bold $success"
H_N = "bold $warning"
BOTH = "bold $accent"
PADDING = "$error 60%"
MARKED_RIGHT = "bold $background on $success"
MARKED_YOURS = "bold $foreground on $error"


def themed(text: Text | str) -> Content:
    """``text`` as Textual Content, its style strings left for the theme of the moment."""
    if isinstance(text, str):
        return Content(text)
    spans: list[Span] = []
    if text.style:
        spans.append(Span(0, len(text.plain), _span_style(text.style)))
    spans.extend(Span(span.start, span.end, _span_style(span.style)) for span in text.spans)
    return Content(text.plain, spans)


def resolved(text: Text) -> Text:
    """A copy of ``text`` with every style string resolved in the running app's theme
    (for Rich renderables, which Textual does not re-style when the theme changes)."""
    copy = text.copy()
    copy.style = _rich(text.style)
    copy.spans = [RichSpan(span.start, span.end, _rich(span.style)) for span in text.spans]
    return copy


def _span_style(style: str | RichStyle) -> str | Style:
    return style if isinstance(style, str) else Style.from_rich_style(style)


def _rich(style: str | RichStyle) -> RichStyle:
    if isinstance(style, RichStyle):
        return style
    if not style:
        return RichStyle.null()
    parsed = Style.parse(style)
    colour = parsed.foreground
    if colour is None or colour.a >= 1:
        return parsed.rich_style
    # A Rich colour has no alpha: blend a muted colour onto the theme's background here.
    base = Style.parse("on $background").background or Color(0, 0, 0)
    blended = base.blend(colour.with_alpha(1.0), colour.a)
    return parsed.rich_style + RichStyle(color=blended.rich_color)
