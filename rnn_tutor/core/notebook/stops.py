"""Why the walker stops: one exception type carrying the CellError's data (without the line).

The walker raises Stop anywhere; the notebook adds the line it was on and turns it into a
CellError. Learner-visible text is never built here, only message ids and parameters.
"""

from __future__ import annotations

from collections.abc import Mapping


class Stop(Exception):
    """A cell stops here: refused, over a limit, or torch/Python raised and we explain it."""

    def __init__(
        self,
        kind: str,
        message_id: str,
        params: Mapping[str, object] | None = None,
        *,
        exception: str | None = None,
        torch_message: str | None = None,
        misconception: str | None = None,
        fix_id: str | None = None,
        fix_params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message_id)
        self.kind = kind
        self.message_id = message_id
        self.params: Mapping[str, object] = dict(params or {})
        self.exception = exception
        self.torch_message = torch_message
        self.misconception = misconception
        self.fix_id = fix_id
        self.fix_params: Mapping[str, object] = dict(fix_params or {})


def refused(message_id: str, **params: object) -> Stop:
    return Stop("refused", message_id, params)


def limit(message_id: str, **params: object) -> Stop:
    return Stop("limit", message_id, params)
