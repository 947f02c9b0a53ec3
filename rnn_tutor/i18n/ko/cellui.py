"""cellui messages (ko): the answer box and the parameter pane of cell exercises (levels 6-8)."""

MESSAGES: dict[str, str] = {
    # ---- the answer box's placeholder, naming what is asked
    "ui.answer.placeholder.runs.cell": "{target}의 모양 또는 '오류'를 입력하고 Enter",
    "ui.answer.placeholder.number": "____에 넣을 숫자를 입력하고 Enter",
    # ---- the parameter pane when the cell builds several recurrent modules
    "ui.params.module.all_weights": "{name}: len(all_weights) = {count}",
    "ui.params.module.total": "{name}: Total params {total}",
}
