"""The held-out notebook cells (tests/core/heldout/cells.jsonl), sent through ``grade --jsonl``.

The cells are ordinary notebook code, not the generator's: last steps, heads, packing, cells
in loops, encoder to decoder, bmm, the RNN call in learners' own spelling. Each answer was
labelled from the shared catalogue before it was graded: right or wrong, and the id of the
mix-up, or none for a wrong answer the catalogue does not describe.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from rnn_tutor.commands.grade import grade_stream

HELD_OUT = Path(__file__).parent / "heldout" / "cells.jsonl"


def _entries() -> list[dict[str, Any]]:
    return [json.loads(line) for line in HELD_OUT.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def graded() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    entries = _entries()
    requests = []
    for entry in entries:
        request = {key: entry[key] for key in ("program", "question", "answer")}
        if "expect" in entry:
            request["expect"] = entry["expect"]
        requests.append(json.dumps(request))
    sink = io.StringIO()
    assert grade_stream(io.StringIO("\n".join(requests) + "\n"), sink) == 0
    verdicts = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(verdicts) == len(entries)
    return list(zip(entries, verdicts, strict=True))


def test_the_set_is_what_it_says() -> None:
    entries = _entries()
    wrong = [e for e in entries if not e["want"]["correct"]]
    catalogued = [e for e in wrong if e["want"]["misconception"]]
    assert len(entries) >= 113 and len(catalogued) >= 51 and len(wrong) - len(catalogued) >= 15
    assert len({e["cell"] for e in entries}) >= 40


def test_every_verdict_is_right(graded: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    for entry, verdict in graded:
        assert verdict["error"] is None, (entry["cell"], entry["answer"], verdict["error"])
        assert verdict["correct"] == entry["want"]["correct"], (entry["cell"], entry["answer"])


def test_catalogued_mistakes_are_named(
    graded: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    wanted = [(e, v) for e, v in graded if e["want"]["misconception"]]
    missed = [
        (e["cell"], e["question"], e["answer"], e["want"]["misconception"], v["misconception"])
        for e, v in wanted
        if v["misconception"] != e["want"]["misconception"]
    ]
    assert len(missed) <= len(wanted) - 49 * len(wanted) // 51, missed


def test_uncatalogued_mistakes_are_not_named(
    graded: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    for entry, verdict in graded:
        if entry["want"]["correct"] or entry["want"]["misconception"]:
            continue
        assert verdict["misconception"] is None, (entry["cell"], entry["answer"], verdict)
