"""cellui messages (en): the answer box and the parameter pane of cell exercises (levels 6-8)."""

MESSAGES: dict[str, str] = {
    # ---- the answer box's placeholder, naming what is asked
    "ui.answer.placeholder.runs.cell": "Type the shape of {target}, or “error”, then Enter",
    "ui.answer.placeholder.number": "Type the number for ____, then Enter",
    # ---- the parameter pane when the cell builds several recurrent modules
    "ui.params.module.all_weights": "{name}: len(all_weights) = {count}",
    "ui.params.module.total": "{name}: Total params {total}",
}
