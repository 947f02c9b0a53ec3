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
from rnn_tutor.ui.widgets.param_browser import ParamBrowser, group_label, row_detail, row_label


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

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[ModulePayload]) -> None:  # type: ignore[override]
        event.stop()
        payload = event.node.data
        detail = self.query_one("#param-detail", Static)
        if isinstance(payload, ParamRow):
            detail.update(module_row_detail(payload))
        elif isinstance(payload, ModuleGroup):
            names = ", ".join(row.name for row in payload.rows)
            if payload.layer is None:
                detail.update(t("ui.mycode.params.group.detail", names=names))
            else:
                detail.update(t("ui.params.group.detail", names=names))
        elif isinstance(payload, ModuleView):
            detail.update(module_summary(payload))
