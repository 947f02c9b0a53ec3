"""The parameter browser: named_parameters() of the current model as a tree.

Grouped by layer and direction (which is also how ``all_weights`` groups them), each
parameter with its shape; the highlighted one's derivation and element count show under
the tree, then ``len(all_weights)`` and the Total params torchinfo reports. A cell that
builds several recurrent modules (an encoder and a decoder) lists each under its name. What
would give the open question away stays hidden until grading (see rnn_tutor.ui.reveal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from rnn_tutor.i18n import t
from rnn_tutor.ui.reveal import ParamGroup, ParamModule, ParamRow, ParamView, param_view
from rnn_tutor.ui.widgets.feedback import shape_text

if TYPE_CHECKING:
    from rnn_tutor.core.exercises.questions import Exercise

Payload = ParamRow | ParamGroup | None


def group_label(group: ParamGroup, module: str = "") -> str:
    """``layer 1, reverse``; ``decoder: layer 1`` when the cell builds several modules."""
    key = "ui.params.group.reverse" if group.reverse else "ui.params.group.forward"
    label = t(key, layer=group.layer)
    return f"{module}: {label}" if module else label


def row_label(row: ParamRow) -> str:
    return f"{row.name}  {'?' if row.shape is None else shape_text(row.shape)}"


def row_detail(row: ParamRow) -> str:
    """``weight_ih_l1_reverse = (4*H, D*H_out) = (80, 40)`` and its element count."""
    if row.shape is None or row.formula is None:
        return t("ui.params.detail.hidden", name=row.full_name)
    return t(
        "ui.params.detail",
        name=row.full_name,
        formula=row.formula,
        shape=shape_text(row.shape),
        numel=f"{row.numel:,}",
    )


def module_summary(module: ParamModule) -> str | None:
    """``decoder: len(all_weights) = 2`` and ``decoder: Total params 1,234`` once revealed."""
    if module.total is None or module.all_weights_len is None:
        return None
    count = t("ui.params.module.all_weights", name=module.name, count=module.all_weights_len)
    return count + "\n" + t("ui.params.module.total", name=module.name, total=f"{module.total:,}")


def group_detail(rows: tuple[ParamRow, ...], key: str = "ui.params.group.detail") -> str:
    """The names a highlighted group holds."""
    return t(key, names=", ".join(row.name for row in rows))


def summary_text(view: ParamView) -> str:
    if view.visibility == "absent":
        return ""
    if view.visibility != "full":
        return t("ui.params.summary.hidden")
    if view.modules:
        return "\n".join(line for m in view.modules if (line := module_summary(m)) is not None)
    lines = []
    if view.all_weights_len is not None:
        lines.append(t("ui.params.all_weights", count=view.all_weights_len))
    if view.model is not None and view.total is not None:
        # The tree lists the layer's parameters; the model holds more (an embedding, a head).
        layer = t("ui.params.module.total", name=view.model.layer, total=f"{view.total:,}")
        model = t("ui.params.module.total", name=view.model.name, total=f"{view.model.total:,}")
        lines.extend((layer, model))
    elif view.total is not None:
        lines.append(t("ui.params.total", total=f"{view.total:,}"))
    return "\n".join(lines)


class ParamBrowser(Vertical):
    """Beside the exercise; ``p`` shows or hides it, tab reaches its tree."""

    DEFAULT_CSS = """
    ParamBrowser {
        width: 40;
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    ParamBrowser:focus-within {
        border: round $primary;
    }
    ParamBrowser > #param-tree {
        height: 1fr;
        background: $surface;
    }
    ParamBrowser > #param-detail {
        height: auto;
        max-height: 5;
        padding: 0 1;
        color: $text;
    }
    ParamBrowser > #param-summary {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: ParamView | None = None

    def compose(self) -> ComposeResult:
        yield Tree[Payload]("rnn", id="param-tree")
        yield Static("", id="param-detail")
        yield Static("", id="param-summary")

    def on_mount(self) -> None:
        self.border_title = "named_parameters()"
        tree = self.param_tree
        tree.show_root = False
        tree.guide_depth = 2

    @property
    def param_tree(self) -> Tree[Payload]:
        return self.query_one("#param-tree", Tree)

    def show(self, exercise: Exercise, revealed: bool, torch_total: int | None = None) -> None:
        view = param_view(exercise, graded=revealed, torch_total=torch_total)
        self.shown = view
        tree = self.param_tree
        tree.clear()
        tree.root.data = None
        detail = self.query_one("#param-detail", Static)
        summary = self.query_one("#param-summary", Static)
        if view.visibility in ("hidden", "absent"):
            tree.display = False
            detail.update(
                t("ui.params.absent" if view.visibility == "absent" else "ui.params.hidden")
            )
            summary.update("")
            return
        tree.display = True
        if view.constructor_error is not None:
            tree.display = False
            detail.update(t("ui.params.constructor_error", error=view.constructor_error))
            summary.update("")
            return
        asked = exercise.question.param if exercise.question.kind == "param" else None
        asked_node: TreeNode[Payload] | None = None
        # Several modules: their groups side by side, each named ("decoder: layer 1"), so
        # the rows stay as wide as a single module's at 80 columns.
        for module in view.modules:
            self._add_groups(tree, module.groups, module.name)
        for leaf in self._add_groups(tree, view.groups):
            if isinstance(leaf.data, ParamRow) and leaf.data.name == asked:
                asked_node = leaf
        summary.update(summary_text(view))
        if view.visibility != "full":
            detail.update(t("ui.params.names_only"))
        elif asked_node is not None and isinstance(asked_node.data, ParamRow):
            # After grading, the asked parameter is where the learner looks first.
            detail.update(row_detail(asked_node.data))
            self.call_after_refresh(tree.move_cursor, asked_node)
        else:
            detail.update(t("ui.params.detail.pick"))

    @staticmethod
    def _add_groups(
        tree: Tree[Payload], groups: tuple[ParamGroup, ...], module: str = ""
    ) -> list[TreeNode[Payload]]:
        """One branch per (layer, direction); the leaves added."""
        leaves: list[TreeNode[Payload]] = []
        for group in groups:
            node = tree.root.add(group_label(group, module), data=group, expand=True)
            leaves.extend(node.add_leaf(row_label(row), data=row) for row in group.rows)
        return leaves

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Payload]) -> None:
        # The one handler for every browser (Textual would also run a subclass's own one
        # before this, and this one would then overwrite its words): subclasses override
        # ``detail_of`` instead.
        event.stop()
        text = self.detail_of(event.node.data)
        if text is not None:
            self.query_one("#param-detail", Static).update(text)

    def detail_of(self, payload: object) -> str | None:
        """The line under the tree for a highlighted node; None leaves it as it is."""
        if isinstance(payload, ParamRow):
            return row_detail(payload)
        if isinstance(payload, ParamGroup):
            return group_detail(payload.rows)
        return None
