"""A module's parameters, as ``module.parameters()`` gives them, without torch's generators.

torch walks ``named_modules`` and ``named_members`` generators for every call, about a
microsecond per parameter; the notebook asks for a layer's parameters before every forward
(guards), for every module a call returns (holdings) and for every module it describes.
"""

from __future__ import annotations

from typing import Any


def own_parameters(module: Any) -> list[Any]:
    """``module.parameters(recurse=False)``: the module's own, each once, in order."""
    seen: set[int] = set()
    out = []
    for parameter in module._parameters.values():
        if parameter is not None and id(parameter) not in seen:
            seen.add(id(parameter))
            out.append(parameter)
    return out


def all_parameters(module: Any) -> list[Any]:
    """``module.parameters()``: a layer without submodules has only its own."""
    if module._modules:
        return list(module.parameters())
    return own_parameters(module)
