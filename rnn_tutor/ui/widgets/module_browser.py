"""The parameter browser for a learner's own cell: every module it built, as one tree.

The practice screen's browser (:class:`ParamBrowser`) shows one exercise's model; here the
same tree, detail line and summary show each module the cell bound (``rnn``, ``fc``,
``model``), its parameters grouped by layer and direction for recurrent layers and by
submodule otherwise, with the closed-form formula of each recurrent weight.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from rnn_tutor.i18n import t
from rnn_tutor.ui.cell_models import ModuleGroup, ModuleView
from rnn_tutor.ui.reveal import ParamGroup, ParamRow
from rnn_tutor.ui.widgets.feedback import shape_text
from rnn_tutor.ui.widgets.param_browser import (
    ParamBrowser,
    group_detail,
    group_label,
    row_detail,
    row_label,
)


def module_label(view: ModuleView) -> str:
    return t("ui.mycode.params.module", name=view.name, kind=view.kind, total=f"{view.total:,}")


def module_group_label(group: ModuleGroup) -> str:
    if group.layer is not None:
        return group.prefix + group_label(ParamGroup(group.layer, group.reverse, ()))
    return group.prefix.rstrip(".") or t("ui.mycode.params.own")


def module_row_detail(row: ParamRow) -> str:
    if row.formula is not None:
        return row_detail(row)
    return t(
        "ui.mycode.params.detail",
        name=row.name,
        shape=shape_text(row.shape),
        numel=f"{row.numel or 0:,}",
    )


def module_summary(view: ModuleView) -> str:
    lines = [t("ui.mycode.params.total", name=view.name, total=f"{view.total:,}")]
    if view.all_weights_len is not None:
        lines.append(t("ui.params.all_weights", count=view.all_weights_len))
    return "\n".join(lines)


ModulePayload = ModuleView | ModuleGroup | ParamRow | None


class ModuleBrowser(ParamBrowser):
    """Empty until a run built a module; then one branch per module."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.views: tuple[ModuleView, ...] = ()

    def on_mount(self) -> None:
        super().on_mount()
        self.border_title = ""
        self.show_modules(())

    def show_modules(self, views: Sequence[ModuleView]) -> None:
        self.views = tuple(views)
        tree: Tree[ModulePayload] = self.query_one("#param-tree", Tree)
        tree.clear()
        detail = self.query_one("#param-detail", Static)
        summary = self.query_one("#param-summary", Static)
        tree.display = bool(views)
        summary.update("\n".join(module_summary(view) for view in views))
        detail.update(t("ui.params.detail.pick") if views else t("ui.mycode.params.none"))
        for view in views:
            node: TreeNode[ModulePayload] = tree.root.add(
                module_label(view), data=view, expand=True
            )
            for group in view.groups:
                branch = node.add(module_group_label(group), data=group, expand=True)
                for row in group.rows:
                    branch.add_leaf(row_label(row), data=row)

    def detail_of(self, payload: object) -> str | None:
        if isinstance(payload, ParamRow):
            return module_row_detail(payload)
        if isinstance(payload, ModuleGroup):
            if payload.layer is None:  # a submodule's own parameters, not a recurrent layer's
                return group_detail(payload.rows, "ui.mycode.params.group.detail")
            return group_detail(payload.rows)
        if isinstance(payload, ModuleView):
            return module_summary(payload)
        return None
