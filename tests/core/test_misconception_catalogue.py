"""docs/misconceptions.md is the catalogue a newcomer reads: it must say what the code does.

Each table row is parsed back and compared with the code: the ids and their order
(``core/grading/catalogue.py``; the order decides between beliefs), which ids are causes read
off the run, which belief variants each id has (``core/notebook/beliefs.py``), and that every
id and belief has its learner text in every language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rnn_tutor.core.grading.catalogue import AROUND_IDS, CALL_IDS, CAUSE_IDS, MISCONCEPTION_IDS
from rnn_tutor.core.notebook.beliefs import BELIEFS
from rnn_tutor.i18n import LANGUAGES, catalog

DOC = Path(__file__).resolve().parents[2] / "docs" / "misconceptions.md"
ROW = re.compile(r"^\| ([a-z][a-z_A-Z]*) \| (belief|cause) \| (.+) \| (.+) \|$")


def _sections() -> dict[str, list[tuple[str, str, str]]]:
    """Rows of each "## About ..." table: (id, kind, beliefs column)."""
    sections: dict[str, list[tuple[str, str, str]]] = {}
    current: list[tuple[str, str, str]] | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif current is not None and (match := ROW.match(line)):
            current.append((match.group(1), match.group(2), match.group(4)))
    return sections


def test_the_tables_list_every_id_in_the_codes_order() -> None:
    sections = _sections()
    assert [row[0] for row in sections["About the RNN call"]] == list(CALL_IDS)
    assert [row[0] for row in sections["About the code around the RNN"]] == list(AROUND_IDS)


def test_causes_and_beliefs_are_marked_as_the_code_treats_them() -> None:
    rows = [row for rows in _sections().values() for row in rows]
    assert {row[0] for row in rows if row[1] == "cause"} == set(CAUSE_IDS)
    variants: dict[str, list[str]] = {}
    for belief in BELIEFS:
        variants.setdefault(belief.id, []).append(belief.name)
    for misconception, kind, listed in rows:
        named = re.findall(r"`([^`]+)`", listed)
        assert named == variants.get(misconception, []), misconception
        # A belief has at least one variant to re-run; a cause has none.
        assert (kind == "belief") == bool(named), misconception


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_and_belief_has_its_text(lang: str) -> None:
    messages = catalog(lang)
    missing = [i for i in MISCONCEPTION_IDS if f"misconception.{i}" not in messages]
    # A variant may have words of its own; otherwise it is said as its id's belief.
    missing += [b.name for b in BELIEFS if not {b.words, f"belief.{b.id}"} & messages.keys()]
    assert not missing, missing
