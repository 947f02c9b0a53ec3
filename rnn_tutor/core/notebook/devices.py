"""Device code on the CPU: what `torch.device`, `torch.cuda.*` and `.to(device)` do here.

Tutorials start with ``device = torch.device("cuda" if torch.cuda.is_available() else "cpu")``
and move every tensor and model with ``.to(device)``. The tutor runs on the CPU only, as a
CPU build of torch does: ``torch.cuda.is_available()`` is False (whatever the host has), the
CUDA seeding calls do nothing, ``.to("cpu")``/``.cpu()`` keep the value where it is, and a CUDA
device (``.cuda()``, ``.to("cuda")``, ``device="cuda"``) stops with the AssertionError a CPU
build raises. Any other device kind (``meta``, ``mps`` ...) is refused by name. The cuDNN
flags a seeding cell sets (``torch.backends.cudnn.deterministic = True``) belong to the GPU
library: setting them is accepted and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rnn_tutor.core.notebook.results import Limits
from rnn_tutor.core.notebook.stops import Stop, refused

CUDNN_FLAGS = frozenset({"deterministic", "benchmark", "enabled"})


def is_available() -> bool:
    """torch.cuda.is_available() in the tutor: never, so the CPU branch of a tutorial runs."""
    return False


def device_count() -> int:
    return 0


def manual_seed(seed: object) -> None:
    """torch.cuda.manual_seed(_all) without CUDA: nothing to seed (a CPU build does the same)."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise Stop(
            "python", "notebook.error.arguments", {"name": "manual_seed"}, exception="TypeError"
        )


# torch.cuda's names, as the tutor gives them (never torch's own, which would look at the host).
CUDA: dict[str, Any] = {
    "is_available": is_available,
    "device_count": device_count,
    "manual_seed": manual_seed,
    "manual_seed_all": manual_seed,
}


def no_cuda() -> Stop:
    return Stop(
        "torch",
        "notebook.error.no_cuda",
        {},
        exception="AssertionError",
        torch_message="Torch not compiled with CUDA enabled",
    )


def check_device(value: object) -> None:
    """A device argument (a str, a torch.device, an int CUDA index): only the CPU passes."""
    import torch

    if value is None or isinstance(value, (torch.dtype, torch.Tensor)):
        return
    if isinstance(value, int) and not isinstance(value, bool):
        raise no_cuda()  # .to(0) is cuda:0
    if isinstance(value, str):
        try:
            value = torch.device(value)
        except (RuntimeError, ValueError, TypeError):
            return  # not a device string: torch says what is wrong with it
    if isinstance(value, torch.device):
        if value.type == "cuda":
            raise no_cuda()
        if value.type != "cpu":
            raise refused("notebook.refused.device", name=value.type)


def check_to(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """``x.to(...)`` / ``module.to(...)`` (the tensor or module is not in args)."""
    for value in (*args, kwargs.get("device")):
        check_device(value)


def check_cuda(limits: Limits, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    raise no_cuda()


# Tensor and module methods that move a value, and their checks (cpu() needs none).
MOVES = {"to": check_to, "cuda": check_cuda}
