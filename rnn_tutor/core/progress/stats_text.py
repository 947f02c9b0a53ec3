"""The statistics in words: what the stats screen writes and ``rnn-tutor stats`` prints
when there is no terminal to draw the screen on (a pipe, a file, a cron job).

Made at display time from ``Stats`` (ids and numbers) in the current language, so the
screen and the text say the same thing in the same words.
"""

from __future__ import annotations

from datetime import datetime, timezone

from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.grading.words import misconception_name, skill_name
from rnn_tutor.core.progress.stats import SkillStat, Stats
from rnn_tutor.core.progress.wording import cell_width, duration_text, percent, relative_text
from rnn_tutor.i18n import t

# How many mix-ups the screen and the text list; --json has them all.
TOP_MISCONCEPTIONS = 5


def totals_text(stats: Stats) -> str:
    totals = stats.totals
    return t(
        "ui.stats.totals",
        answers=t("ui.stats.answers", count=totals.attempts),
        correct=totals.correct,
        percent=percent(totals.correct, totals.attempts),
        hints=t("ui.stats.hints", count=totals.hints_used),
        time=duration_text(totals.seconds),
    ) + t("ui.stats.on_own.suffix", count=totals.correct_on_own)


def streak_text(stats: Stats) -> str:
    return t(
        "ui.stats.streak",
        current=t("ui.stats.days", count=stats.current_streak),
        longest=t("ui.stats.days", count=stats.longest_streak),
    )


def recall_text(skill: SkillStat, now: datetime | None = None) -> str:
    """The recall figure only once it means something: right after a miss FSRS still says
    100%, so the column says "missed last time" (the next column says when it is due); in
    FSRS's learning steps (minutes after a first right answer) it would also say 100%, so
    the column says it is too soon, and the mastery column beside it says "learning"."""
    if skill.recall is None:
        return "-"
    if now is not None and skill.standing(now) == "missed":
        return t("ui.stats.recall.just_failed")
    if skill.in_steps:
        return t("ui.stats.recall.in_steps")
    return f"{round(100 * skill.recall)}%"


def due_text(skill: SkillStat, now: datetime) -> str:
    if skill.due is None:
        return t("ui.stats.never")
    if skill.due <= now:
        return t("ui.stats.due_now")
    return relative_text(skill.due, now)


def answers_text(skill: SkillStat) -> str:
    """``3/4`` right of answered, ``-`` before the first answer."""
    return f"{skill.correct}/{skill.attempts}" if skill.attempts else "-"


def ordered_skills(stats: Stats) -> list[SkillStat]:
    """Practised skills first, the least likely to be recalled (then the soonest due) on top.

    Only the skills this version knows: another version's (an imported history) can be
    neither named nor reviewed here; their answers still count in the totals.
    """
    known = [s for s in stats.skills if s.skill in SKILLS]
    seen = [s for s in known if s.recall is not None]
    unseen = [s for s in known if s.recall is None]
    far = datetime.max.replace(tzinfo=timezone.utc)
    seen.sort(key=lambda s: (s.recall or 0.0, s.due or far, s.skill))
    return seen + unseen


def summary_lines(stats: Stats | None, now: datetime) -> list[str]:
    """The stats screen as plain lines: totals, streak, the usual mix-ups, every skill.

    The skill table is laid out in columns padded to the widest cell (Korean counts two
    cells a character, as a terminal shows it).
    """
    lines = [t("ui.stats.title"), ""]
    if stats is None:
        return [*lines, t("ui.stats.off")]
    if stats.totals.attempts == 0:
        return [*lines, t("ui.stats.empty.title")]
    lines += [totals_text(stats), streak_text(stats), "", t("ui.stats.mistakes.title")]
    if not stats.misconceptions:
        lines.append("  " + t("ui.stats.mistakes.none"))
    for stat in stats.misconceptions[:TOP_MISCONCEPTIONS]:
        count = t("ui.stats.mistake.count", count=stat.count)
        lines.append(f"  {count} {misconception_name(stat.misconception)}")
    lines += ["", t("ui.stats.skills.title")]
    header = ("skill", "mastery", "recall", "due", "answers")
    rows = [tuple(t(f"ui.stats.col.{name}") for name in header)]
    rows += [
        (
            skill_name(s.skill),
            mastery_word(stats, s.skill),
            recall_text(s, now),
            due_text(s, now),
            answers_text(s),
        )
        for s in ordered_skills(stats)
    ]
    last = len(header) - 1
    widths = [max(cell_width(row[column]) for row in rows) for column in range(last)]
    for row in rows:
        padded = [row[i] + " " * (widths[i] - cell_width(row[i])) for i in range(last)]
        lines.append("  " + "  ".join([*padded, row[last]]))
    return lines


def mastery_word(stats: Stats, skill: str) -> str:
    """The learner model's word for ``skill`` ("learning 77%"), "not yet" if unseen."""
    for row in stats.mastery.skills:
        if row.skill == skill and row.attempts and row.standing != "not_yet":
            return f"{t(f'ui.mastery.{row.standing}')} {round(100 * row.known)}%"
    return t("ui.mastery.not_yet")
