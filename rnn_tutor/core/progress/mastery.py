"""The learner model: how likely each skill is known, and which catalogue mix-ups are held.

Bayesian knowledge tracing (Corbett & Anderson 1995) with forgetting, one chain per skill,
read off the attempts already stored, oldest first. It is small on purpose: four numbers a
teacher can read (prior, learn, slip, guess) and a half-life for forgetting, so "known"
can be explained, and the same log always gives the same map. A right answer after a hint
is a chance to learn but no evidence of knowing (the hint may have carried it).

A mix-up is traced the same way: each wrong answer that names it is evidence that it is
held; a right answer on a skill where this learner made it before is evidence that it is
gone; the feedback that names it is a chance to drop it. The parameters and their source
are in docs/architecture.md ("The learner model").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from rnn_tutor.core.progress.clock import as_utc
from rnn_tutor.core.progress.scheduler import GradedAnswer

Standing = Literal["known", "learning", "not_yet"]


@dataclass(frozen=True)
class KnowledgeParameters:
    """BKT's four numbers and a forgetting half-life (days)."""

    prior: float = 0.2
    learn: float = 0.25
    slip: float = 0.1
    guess: float = 0.1  # a shape is rarely right by chance: lower than multiple choice
    half_life_days: float = 60.0
    known_at: float = 0.95  # Corbett & Anderson's mastery threshold


@dataclass(frozen=True)
class BeliefParameters:
    """How a held mix-up shows: named when held, named by chance, right despite it."""

    prior: float = 0.3  # before the first answer that names it
    named_if_held: float = 0.6
    named_by_chance: float = 0.02
    right_if_held: float = 0.2
    right_if_not: float = 0.9
    dropped: float = 0.2  # chance a named correction is taken up
    open_at: float = 0.5


DEFAULT_KNOWLEDGE = KnowledgeParameters()
DEFAULT_BELIEFS = BeliefParameters()


@dataclass(frozen=True)
class SkillMastery:
    skill: str
    known: float  # P(known) after the latest attempt, forgetting applied up to ``now``
    attempts: int
    standing: Standing


@dataclass(frozen=True)
class BeliefEvidence:
    misconception: str
    held: float  # P(held) after the latest evidence
    named: int  # wrong answers that named it
    is_open: bool


@dataclass(frozen=True)
class LearnerModel:
    skills: tuple[SkillMastery, ...]
    beliefs: tuple[BeliefEvidence, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "skills": [
                {
                    "id": s.skill,
                    "known": round(s.known, 4),
                    "attempts": s.attempts,
                    "standing": s.standing,
                }
                for s in self.skills
            ],
            "misconceptions": [
                {
                    "id": b.misconception,
                    "held": round(b.held, 4),
                    "named": b.named,
                    "open": b.is_open,
                }
                for b in self.beliefs
            ],
        }


class Named(GradedAnswer, Protocol):
    """What the model reads of an attempt (``AttemptSummary`` and ``AttemptRow`` are)."""

    @property
    def misconception(self) -> str | None: ...


def _forget(p: float, days: float, params: KnowledgeParameters) -> float:
    if days <= 0:
        return p
    return float(p * 0.5 ** (days / params.half_life_days))


def _observe(p: float, correct: bool, params: KnowledgeParameters) -> float:
    """Bayes on one unhinted answer, then the chance to learn."""
    if correct:
        hit = p * (1 - params.slip)
        posterior = hit / (hit + (1 - p) * params.guess)
    else:
        miss = p * params.slip
        posterior = miss / (miss + (1 - p) * (1 - params.guess))
    return posterior + (1 - posterior) * params.learn


def _bayes(p: float, if_held: float, if_not: float) -> float:
    return p * if_held / (p * if_held + (1 - p) * if_not)


class MasteryFold:
    """The learner model's evidence, one attempt at a time, oldest first: what
    ``learner_model`` folds over a history, kept so a long history can be extended by its
    new attempts instead of read again (``core.progress.digest``). ``model`` applies the
    forgetting up to ``now``; the state itself does not depend on when it is read."""

    def __init__(
        self,
        knowledge: KnowledgeParameters = DEFAULT_KNOWLEDGE,
        beliefs: BeliefParameters = DEFAULT_BELIEFS,
    ) -> None:
        self.knowledge, self.beliefs = knowledge, beliefs
        self.known: dict[str, float] = {}
        self.last: dict[str, datetime] = {}
        self.tried: dict[str, int] = {}
        self.held: dict[str, float] = {}
        self.named: dict[str, int] = {}
        self.shows_on: dict[str, set[str]] = {}  # the skills where this learner made each mix-up

    def add(self, row: Named) -> None:
        """One attempt, later than (or as late as) every attempt added before."""
        knowledge, beliefs = self.knowledge, self.beliefs
        known, last, tried, held = self.known, self.last, self.tried, self.held
        when = as_utc(row.at)
        for skill in dict.fromkeys(row.skills):
            p = known.get(skill, knowledge.prior)
            if skill in last:
                p = _forget(p, (when - last[skill]).total_seconds() / 86_400.0, knowledge)
            if row.correct and row.hints_used > 0:
                p = p + (1 - p) * knowledge.learn
            else:
                p = _observe(p, row.correct, knowledge)
            known[skill], last[skill] = p, when
            tried[skill] = tried.get(skill, 0) + 1
        mix = row.misconception if not row.correct else None
        if mix:
            p = _bayes(held.get(mix, beliefs.prior), beliefs.named_if_held, beliefs.named_by_chance)
            held[mix] = p * (1 - beliefs.dropped)
            self.named[mix] = self.named.get(mix, 0) + 1
            self.shows_on.setdefault(mix, set()).update(row.skills)
        elif row.correct and row.hints_used == 0:
            for other, where in self.shows_on.items():
                if where.intersection(row.skills):
                    held[other] = _bayes(held[other], beliefs.right_if_held, beliefs.right_if_not)

    def model(self, now: datetime, skills: Sequence[str] = ()) -> LearnerModel:
        """The model at ``now``: ``skills`` first, in that order, seen or not; then any
        other skill tried."""
        knowledge, beliefs, held = self.knowledge, self.beliefs, self.held
        moment = as_utc(now)
        skill_rows = []
        for skill in [*dict.fromkeys(skills), *sorted(set(self.tried) - set(skills))]:
            if skill not in self.tried:
                skill_rows.append(SkillMastery(skill, knowledge.prior, 0, "not_yet"))
                continue
            days = (moment - self.last[skill]).total_seconds() / 86_400.0
            p = _forget(self.known[skill], days, knowledge)
            standing: Standing = "known" if p >= knowledge.known_at else "learning"
            skill_rows.append(SkillMastery(skill, p, self.tried[skill], standing))
        belief_rows = tuple(
            BeliefEvidence(mix, held[mix], self.named[mix], held[mix] >= beliefs.open_at)
            for mix in sorted(held, key=lambda m: (-held[m], m))
        )
        return LearnerModel(tuple(skill_rows), belief_rows)

    def to_json(self) -> dict[str, Any]:
        """The evidence as JSON (floats exactly, times in ISO 8601)."""
        return {
            "known": self.known,
            "last": {skill: when.isoformat() for skill, when in self.last.items()},
            "tried": self.tried,
            "held": self.held,
            "named": self.named,
            "shows_on": {mix: sorted(where) for mix, where in self.shows_on.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MasteryFold:
        """``to_json`` read back (the default parameters); KeyError/TypeError/ValueError
        when it is not one."""
        fold = cls()
        fold.known = {str(k): float(v) for k, v in data["known"].items()}
        fold.last = {str(k): as_utc(datetime.fromisoformat(v)) for k, v in data["last"].items()}
        fold.tried = {str(k): int(v) for k, v in data["tried"].items()}
        fold.held = {str(k): float(v) for k, v in data["held"].items()}
        fold.named = {str(k): int(v) for k, v in data["named"].items()}
        fold.shows_on = {str(k): {str(s) for s in v} for k, v in data["shows_on"].items()}
        if set(fold.known) != set(fold.last) or set(fold.known) != set(fold.tried):
            raise ValueError("the skills' evidence does not match")
        if set(fold.held) != set(fold.named):
            raise ValueError("the mix-ups' evidence does not match")
        return fold


def learner_model(
    attempts: Iterable[Named],
    now: datetime,
    skills: Sequence[str] = (),
    knowledge: KnowledgeParameters = DEFAULT_KNOWLEDGE,
    beliefs: BeliefParameters = DEFAULT_BELIEFS,
) -> LearnerModel:
    """The model after every attempt (in time order; ties keep the order given).

    ``skills`` are listed first, in that order, seen or not; then any other skill tried.
    """
    fold = MasteryFold(knowledge, beliefs)
    for row in sorted(attempts, key=lambda r: as_utc(r.at)):
        fold.add(row)
    return fold.model(now, skills)


def by_level(
    model: LearnerModel, levels: Mapping[str, int]
) -> tuple[tuple[int, tuple[SkillMastery, ...]], ...]:
    """The map's rows: each level (ascending) with the skills introduced there, in the
    model's order. ``levels`` is each skill's first level (``generator.SKILL_LEVELS``); a
    skill it does not know (another version's history) is left off: it has no level."""
    rows: dict[int, list[SkillMastery]] = {}
    for skill in model.skills:
        if skill.skill in levels:
            rows.setdefault(levels[skill.skill], []).append(skill)
    return tuple((level, tuple(rows[level])) for level in sorted(rows))


def standing_counts(skills: Iterable[SkillMastery]) -> dict[Standing, int]:
    """How many skills are known, learning and not yet (every standing present, 0 or more)."""
    counts: dict[Standing, int] = {"known": 0, "learning": 0, "not_yet": 0}
    for skill in skills:
        counts[skill.standing] += 1
    return counts
