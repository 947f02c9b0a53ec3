"""The mastery map: every skill as one mark, grouped by the level that introduces it.

One line per track (the RNN call, levels 1-5; the code around it, 6-8), then how many
skills are known, learning and not yet. A mark per skill keeps the whole map in three
lines at 80 columns, so home shows it without scrolling; the statistics screen names
each skill with the same mark and word. The standings come from the learner model
(``core.progress.mastery``), never from FSRS's recall, which reads 100% minutes after a
single right answer.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from rnn_tutor.core.exercises.curriculum import SKILL_LEVELS, TRACKS
from rnn_tutor.core.progress.mastery import LearnerModel, Standing, by_level, standing_counts
from rnn_tutor.i18n import t
from rnn_tutor.ui import palette

MARKS: dict[Standing, tuple[str, str]] = {
    "known": ("●", palette.RIGHT),
    "learning": ("◐", palette.WARNING),
    "not_yet": ("○", palette.MUTED),
}
ORDER: tuple[Standing, ...] = ("known", "learning", "not_yet")
# The map's lines: a track's label and its levels.
LINES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("ui.mastery.track.call", TRACKS["call"]),
    ("ui.mastery.track.around", TRACKS["around"]),
)


def mark(standing: Standing) -> Text:
    glyph, style = MARKS[standing]
    return Text(glyph, style=style)


def standing_text(standing: Standing, known: float | None = None) -> Text:
    """The mark and the word ("◐ learning"), with P(known) as a percent once answered."""
    text = mark(standing)
    text.append(" " + t(f"ui.mastery.{standing}"))
    if known is not None and standing != "not_yet":
        text.append(f" {round(100 * known)}%", style=palette.MUTED)
    return text


def map_text(model: LearnerModel, current_level: int | None = None) -> Text:
    """The map as text (``current_level``'s number is shown reversed)."""
    rows = dict(by_level(model, SKILL_LEVELS))
    labels = [t(key) for key, _levels in LINES]
    width = max(cell_len(label) for label in labels)
    text = Text()
    for (_key, levels), label in zip(LINES, labels, strict=True):
        text.append(label + " " * (width - cell_len(label)), style=palette.HEADING)
        for level in levels:
            text.append("  ")
            text.append(str(level), style=palette.REVERSE if level == current_level else "")
            text.append(" ")
            for skill in rows.get(level, ()):
                text.append_text(mark(skill.standing))
        text.append("\n")
    counts = standing_counts(s for row in rows.values() for s in row)
    for index, standing in enumerate(ORDER):
        if index:
            text.append("   ")
        text.append_text(mark(standing))
        text.append(" " + t(f"ui.mastery.count.{standing}", count=counts[standing]))
    return text


class MasteryMap(Static):
    """Shows a ``LearnerModel`` (``show``); empty until the model has been read."""

    DEFAULT_CSS = """
    MasteryMap {
        height: auto;
        width: 60;
        max-width: 100%;
        padding: 0 1;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    """

    def __init__(
        self,
        model: LearnerModel | None = None,
        current_level: int | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__("", id=id, markup=False)
        self.model = model
        self.current_level = current_level

    def on_mount(self) -> None:
        self.reword()

    def show(self, model: LearnerModel, current_level: int | None) -> None:
        self.model, self.current_level = model, current_level
        self.reword()

    def reword(self) -> None:
        self.border_title = t("ui.mastery.title")
        self.update(
            "" if self.model is None else palette.themed(map_text(self.model, self.current_level))
        )
