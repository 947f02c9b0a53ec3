"""What the tutor says torch does with lengths that do not fit, against torch itself.

Issue 18: `shapes "nn.GRU(3, 4)" --input 5,2,3 --lengths 7,2` said "torch does not check
this and reads past the tensor", but torch raises (and with 3 lengths for 2 sequences it
raises too); only fewer lengths than sequences run silently. Each refusal's words are
checked here against a real pack and forward pass of the code the exercises write
(``enforce_sorted=False``), on random layers, layouts and sizes.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from rnn_tutor.core.call.rules import packed_lengths_problem
from rnn_tutor.core.call.spec import InputSpec, ModelCall, ModelKind, bind
from rnn_tutor.core.grading.explain import lengths_message
from rnn_tutor.i18n import tr

RAISES = {"grade.error.packed_count": True, "grade.error.packed_too_long": True}
SILENT = {"grade.error.packed_count_fewer": False}
KINDS: dict[ModelKind, Any] = {"RNN": nn.RNN, "GRU": nn.GRU, "LSTM": nn.LSTM}


def torch_raises(kind: ModelKind, bf: bool, shape: tuple[int, ...], lengths: list[int]) -> bool:
    layer = KINDS[kind](shape[-1], 3, batch_first=bf)
    try:
        packed = pack_padded_sequence(
            torch.randn(*shape), lengths, batch_first=bf, enforce_sorted=False
        )
        out, _ = layer(packed)
        pad_packed_sequence(out, batch_first=bf)
    except (RuntimeError, IndexError):  # torch's words vary with the sizes
        return True
    return False


def misfit(rng: random.Random, case: str, n: int, length: int) -> list[int]:
    lengths = [rng.randint(1, length) for _ in range(n)]
    if case == "long":
        lengths[rng.randrange(n)] = length + rng.randint(1, 4)
    elif case == "more":
        lengths += [rng.randint(1, length) for _ in range(rng.randint(1, 3))]
    else:
        lengths = lengths[: rng.randint(1, n - 1)]
    return lengths


@pytest.mark.parametrize("case", ["long", "more", "fewer"])
def test_each_refusal_says_what_torch_does(case: str) -> None:
    rng = random.Random(case)
    seen_keys = set()
    for _ in range(60):
        kind, bf = rng.choice(list(KINDS)), rng.random() < 0.5
        n, length, features = rng.randint(2, 5), rng.randint(2, 8), rng.randint(1, 6)
        shape = (n, length, features) if bf else (length, n, features)
        lengths = misfit(rng, case, n, length)
        call = ModelCall(kind, (features, 3), (("batch_first", bf),))
        inp = InputSpec(shape, lengths=tuple(lengths))
        problem = packed_lengths_problem(bind(call), inp)
        assert problem is not None
        message = lengths_message(problem, inp, bf)
        said = {**RAISES, **SILENT}[message.key]
        assert said == torch_raises(kind, bf, shape, lengths), (kind, bf, shape, lengths)
        seen_keys.add(message.key)
    assert len(seen_keys) == 1


def test_the_issues_example_says_torch_raises() -> None:
    inp = InputSpec((5, 2, 3), lengths=(7, 2))
    message = lengths_message(
        packed_lengths_problem(bind(ModelCall("GRU", (3, 4))), inp) or "", inp, False
    )
    text = message.text()
    assert "does not check" not in text and "raises" in text
    assert torch_raises("GRU", False, (5, 2, 3), [7, 2])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_fewer_lengths_say_which_sequences_are_packed(lang: str) -> None:
    text = tr(lang, "grade.error.packed_count_fewer", lengths="[3]", count=1, N=2)
    assert "enforce_sorted=False" in text and "enforce_sorted=True" in text
