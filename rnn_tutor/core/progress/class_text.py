"""The teacher's view in words: the lines `rnn-tutor class` prints and the class screen shows.

Made at display time from the report's ids and numbers, in the current language. Names
and answers come from learners, so every such text is made harmless (no live control
characters) before it can reach a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rnn_tutor.core.grading.words import misconception_text, skill_name
from rnn_tutor.core.progress.classroom import ClassMisconception, ClassReport, LearnerReport
from rnn_tutor.core.progress.stats import SkillStat
from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n import t

# How many mix-ups and skills the text lists; --json has them all.
TOP_MISCONCEPTIONS = 5


def harmless(text: object) -> str:
    """Learner text (names, answers, stored model text) never acts on the terminal."""
    return visible(text, limit=QUOTE_LIMIT)


def learner_label(report: LearnerReport) -> str:
    """The learner's name as the view shows it: with its characters' code points when it
    reads like another profile's name, so two such profiles never look the same."""
    name = harmless(report.name)
    if not report.reads_like:
        return name
    code_points = " ".join(f"U+{ord(char):04X}" for char in report.name)
    return t("classview.learner.alike", name=name, code_points=code_points)


def look_alike_lines(report: ClassReport) -> list[str]:
    """One warning per group of profiles whose names read alike."""
    labels = {learner.name: learner_label(learner) for learner in report.learners}
    groups = sorted(
        {
            tuple(sorted({learner.name, *learner.reads_like} & labels.keys()))
            for learner in report.learners
            if learner.reads_like
        }
    )
    return [
        t("classview.look_alike", names=", ".join(labels[name] for name in group))
        for group in groups
    ]


def percent(correct: int, attempts: int) -> int:
    return round(100 * correct / attempts) if attempts else 0


def _value(value: Any) -> str:
    if isinstance(value, list):
        inner = ", ".join(harmless(str(v)) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, Mapping) and "raises" in value:
        return t("classview.raises")
    return harmless(str(value))


def skill_line(stat: SkillStat) -> str:
    return t(
        "classview.skill",
        skill=skill_name(stat.skill),
        answers=stat.attempts,
        percent=percent(stat.correct, stat.attempts),
    )


def misconception_lines(
    item: ClassMisconception, labels: Mapping[str, str] | None = None
) -> list[str]:
    """The mix-up in plain words, how often and by whom, and the latest example.

    ``labels``: how each learner's name is shown (``learner_label``)."""
    shown = labels or {}
    row = item.example
    model = harmless(str(row.exercise.get("model", "?")))
    return [
        t(
            "classview.misconception",
            count=item.count,
            learners=len(item.learners),
            text=misconception_text(item.misconception),
        ),
        t(
            "classview.example",
            learner=shown.get(item.example_learner, harmless(item.example_learner)),
            model=model,
            question=harmless(row.question),
            answer=harmless(row.answer),
            expected=_value(row.expected),
        ),
    ]


def learner_lines(report: LearnerReport) -> list[str]:
    name = learner_label(report)
    if report.error is not None:
        return [t("classview.learner.unreadable", learner=name, reason=harmless(report.error))]
    totals = report.stats.totals
    if not totals.attempts:
        return [t("classview.learner.none", learner=name)]
    lines = [
        t(
            "classview.learner",
            learner=name,
            answers=totals.attempts,
            percent=percent(totals.correct, totals.attempts),
        )
    ]
    weakest = sorted(
        (s for s in report.stats.skills if s.attempts),
        key=lambda s: (s.correct / s.attempts, -s.attempts),
    )
    if weakest:
        lines.append("    " + t("classview.learner.weakest", skill=skill_line(weakest[0])))
    if report.stats.misconceptions:
        top = report.stats.misconceptions[0]
        lines.append(
            "    "
            + t(
                "classview.learner.mixup",
                count=top.count,
                text=misconception_text(top.misconception),
            )
        )
    due = ", ".join(skill_name(skill) for skill in report.due)
    lines.append(
        "    "
        + (t("classview.learner.due", skills=due) if due else t("classview.learner.nothing_due"))
    )
    if report.skipped_rows:
        lines.append("    " + t("classview.learner.skipped", count=report.skipped_rows))
    return lines


def report_lines(report: ClassReport) -> list[str]:
    """The whole view: the class, its skills, its mix-ups, what is due, then each learner."""
    if not report.learners:
        return [t("classview.empty")]
    totals = report.totals
    lines = [
        t(
            "classview.title",
            learners=len(report.learners),
            answers=totals.attempts,
            percent=percent(totals.correct, totals.attempts),
        )
    ]
    if report.since is not None:
        lines.append(t("classview.since", since=report.since.date().isoformat()))
    if report.skipped_rows:
        lines.append(t("classview.skipped", count=report.skipped_rows))
    lines += look_alike_lines(report)
    labels = {learner.name: learner_label(learner) for learner in report.learners}
    answered = [s for s in report.skills if s.attempts]
    lines += ["", t("classview.heading.skills")]
    lines += ["  " + skill_line(s) for s in answered] or ["  " + t("classview.none")]
    lines += ["", t("classview.heading.misconceptions")]
    for item in report.misconceptions[:TOP_MISCONCEPTIONS]:
        first, example = misconception_lines(item, labels)
        lines += ["  " + first, "    " + example]
    if not report.misconceptions:
        lines.append("  " + t("classview.none"))
    lines += ["", t("classview.heading.due")]
    for skill, names in report.due.items():
        lines.append(
            "  "
            + t(
                "classview.due",
                skill=skill_name(skill),
                learners=", ".join(labels.get(name, harmless(name)) for name in names),
            )
        )
    if not report.due:
        lines.append("  " + t("classview.none"))
    lines += ["", t("classview.heading.learners")]
    for learner in report.learners:
        lines += ["  " + line for line in learner_lines(learner)]
    return lines
