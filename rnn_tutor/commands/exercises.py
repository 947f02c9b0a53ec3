"""`rnn-tutor exercises`: a worksheet of generated exercises with an answer key, for teachers.

The answers come from the closed form (rules.py), which needs no torch, so a worksheet
prints at once; ``--verify`` checks each answer against a real forward pass when the
grader is installed. The same ``--level`` and ``--seed`` always print the same sheet.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
from typing import Any

from rnn_tutor.commands._output import dumps, emit
from rnn_tutor.core.exercises.generator import SKILL_LEVELS, generate
from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.grading.explain import (
    answer_text,
    closed_form,
    explanation,
    hints,
    question_text,
)
from rnn_tutor.i18n import get_language, t

MAX_COUNT = 500
DEFAULT_COUNT = 10


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "exercises", help=t("exercises.help"), description=t("exercises.help")
    )
    parser.add_argument(
        "--level", type=int, choices=range(1, 9), default=None, help=t("exercises.help.level")
    )
    parser.add_argument(
        "--track", choices=("call", "around", "mixed"), help=t("exercises.help.track")
    )
    parser.add_argument(
        "--count",
        type=int,
        default=DEFAULT_COUNT,
        metavar="N",
        help=t("exercises.help.count", default=DEFAULT_COUNT),
    )
    parser.add_argument("--seed", type=int, metavar="SEED", help=t("exercises.help.seed"))
    parser.add_argument(
        "--skill",
        action="append",
        metavar="SKILL",
        help=t("exercises.help.skill", skills=", ".join(SKILLS)),
    )
    parser.add_argument("--json", action="store_true", help=t("exercises.help.json"))
    parser.add_argument("--verify", action="store_true", help=t("exercises.help.verify"))


def _answer_json(exercise: Any) -> Any:
    return closed_form(exercise).to_json()


def _item(number: int, exercise: Any) -> dict[str, Any]:
    return {
        "number": number,
        **exercise.to_dict(),
        "code": exercise.code(),
        "prompt": question_text(exercise),
        "answer_kind": exercise.question.answer_kind,
        "answer": _answer_json(exercise),
        "explanation": explanation(exercise),
        "hints": hints(exercise),
    }


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def _worksheet(level: int, seed: int, exercises: list[Any]) -> str:
    out = [t("exercises.title", level=level, seed=seed, count=len(exercises))]
    out.append(t("exercises.preamble"))
    for number, exercise in enumerate(exercises, 1):
        out.append("")
        out.append(f"{number}.")
        out.append(_indent(exercise.code(), "    "))
        out.append(f"   {question_text(exercise)}")
    out.append("")
    out.append(t("exercises.answer_key"))
    for number, exercise in enumerate(exercises, 1):
        out.append(f"{number:>3}. {answer_text(exercise)}")
        out.append(_indent(explanation(exercise), "     "))
    return "\n".join(out)


def _verify(exercises: list[Any]) -> list[str] | None:
    """Mismatches between the closed form and torch; None when the grader is not there."""
    try:
        grader = importlib.import_module("rnn_tutor.core.grading.grader")
    except ImportError:
        return None
    problems: list[str] = []
    for number, exercise in enumerate(exercises, 1):
        closed = _answer_json(exercise)
        if exercise.cell is not None and exercise.cell.form == "blank":
            # A blank's answer is checked by grading it: the interpreter runs the cell with
            # the stated text in the blank and compares by value.
            from rnn_tutor.core.grading.explain import answer_text

            verdict = grader.grade(exercise, answer_text(exercise))
            if not verdict.correct:
                truth = {"verdict": verdict.to_json()}
                problems.append(
                    t(
                        "exercises.verify.mismatch",
                        number=number,
                        closed=json.dumps(closed, ensure_ascii=False),
                        truth=json.dumps(truth, ensure_ascii=False),
                    )
                )
            continue
        try:
            truth = grader.truth(exercise).to_json()
        except grader.ExerciseError as error:  # torch refused a question that needs a run
            truth = error.truth.to_json()
        if closed != truth:
            problems.append(
                t(
                    "exercises.verify.mismatch",
                    number=number,
                    closed=json.dumps(closed, ensure_ascii=False),
                    truth=json.dumps(truth, ensure_ascii=False),
                )
            )
    return problems


def run(args: argparse.Namespace) -> int:
    count = int(args.count)
    if not 1 <= count <= MAX_COUNT:
        print(t("exercises.error.count", limit=MAX_COUNT), file=sys.stderr)
        return 2
    skills: list[str] = list(args.skill or [])
    for skill in skills:
        if skill not in SKILLS:
            message = t("exercises.error.skill", skill=skill, skills=", ".join(SKILLS))
            print(message, file=sys.stderr)
            return 2
    # Without --level the sheet takes the level its skills need; a level given and too low
    # for a skill is refused rather than printing another level's exercises under it.
    given_level = args.level
    if args.level is None:
        args.level = max((SKILL_LEVELS[skill] for skill in skills), default=1)
    for skill in skills:
        if given_level is not None and SKILL_LEVELS[skill] > int(args.level):
            message = t(
                "exercises.error.skill_level",
                skill=skill,
                first=SKILL_LEVELS[skill],
                level=args.level,
            )
            print(message, file=sys.stderr)
            return 2
    from rnn_tutor.core.exercises.generator import TRACKS

    track = args.track
    if track is not None and int(args.level) not in TRACKS[track]:
        levels = f"{TRACKS[track][0]}-{TRACKS[track][-1]}"
        print(
            t("exercises.error.track", level=args.level, track=track, levels=levels),
            file=sys.stderr,
        )
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    exercises = generate(int(args.level), int(seed), count, skills or None, track)
    if args.json:
        document = {
            "level": args.level,
            "seed": seed,
            "count": count,
            "skills": skills,
            "language": get_language(),
            "exercises": [_item(n, ex) for n, ex in enumerate(exercises, 1)],
        }
        emit(dumps(document, indent=2))
    else:
        emit(_worksheet(int(args.level), int(seed), exercises))
    if args.verify:
        problems = _verify(exercises)
        if problems is None:
            print(t("exercises.verify.unavailable"), file=sys.stderr)
            return 1
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print(t("exercises.verify.ok", count=count), file=sys.stderr)
    return 0
