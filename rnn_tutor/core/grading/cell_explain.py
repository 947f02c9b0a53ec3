"""Words for cell exercises (levels 6-8): the question, three hints, the derivation.

Every text is a catalog message (area ``cells``) filled with the cell's own numbers at
display time, so the same exercise reads in English or Korean. No torch here: the
numbers come from the configuration the generator wrote the cell from.
"""

from __future__ import annotations

from collections.abc import Mapping

from rnn_tutor.core.exercises.cells import Cell
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.i18n import t
from rnn_tutor.i18n.message import Message, msg, render_lines

# The symbols a hint lists, in this order, with the name learners know them by.
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("N", "N"),
    ("L", "L"),
    ("lengths", "lengths"),
    ("max_len", "max(lengths)"),
    ("total_length", "total_length"),
    ("T", "T"),
    ("I", "I"),
    ("V", "num_embeddings"),
    ("E", "embedding_dim"),
    ("H", "H"),
    ("H_out", "H_out"),
    ("D", "D"),
    ("K", "num_layers"),
    ("g", "g"),
    ("C", "C"),
)


def fmt_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _cell(exercise: Exercise) -> Cell:
    assert exercise.cell is not None
    return exercise.cell


def _number(config: Mapping[str, object], name: str) -> int:
    value = config.get(name, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def message_params(cell: Cell) -> dict[str, object]:
    """The cell's sizes plus the few derived numbers the messages quote."""
    config = cell.config
    params: dict[str, object] = {
        key: fmt_shape(value) if isinstance(value, tuple) else value
        for key, value in config.items()
    }
    n, length = _number(config, "N"), _number(config, "L")
    dh, k, d = _number(config, "DH"), _number(config, "K"), _number(config, "D")
    bf = bool(config.get("bf", False))
    params.update(
        {
            "N2": 2 * n,
            "H2": 2 * _number(config, "H"),
            "NL": n * length,
            "LH": length * _number(config, "H"),
            "DK": d * k if d else 2 * k,
            "layout": "(N, L, D*H_out)" if bf else "(L, N, D*H_out)",
            "out_shape": fmt_shape((n, length, dh) if bf else (length, n, dh)),
            "time_axis": 1 if bf else 0,
            "target": cell.target,
            "answer": answer_message(cell),
            "reference": cell.answer if cell.form == "blank" else "",
            "time": _number(config, "total_length") or _number(config, "max_len"),
            "time_name": "total_length" if _number(config, "total_length") else "max(lengths)",
        }
    )
    return params


def answer_message(cell: Cell) -> Message | str:
    """The stated answer as a learner would type it (a message when it is an error)."""
    if cell.raises is not None:
        return msg("exercises.answer.raises", message=cell.raises)
    if isinstance(cell.answer, tuple):
        return fmt_shape(cell.answer)
    return "?" if cell.answer is None else str(cell.answer)


def _variant(cell: Cell) -> str:
    """Which wording of the topic's derivation fits this cell."""
    config = cell.config
    topic = cell.topic

    def text(name: str) -> str:
        return str(config.get(name, ""))

    if topic == "last_step":
        return "time" if config.get("picks_time") else "batch"
    if topic == "last_step_blank":
        return "bi" if config.get("D") == 2 else "uni"
    if topic == "h_n_final":
        if config.get("D") != 2:
            return "last"
        return text("direction")
    if topic == "bidir_summary":
        return f"dim{config.get('dim')}"
    if topic == "h_n_view":
        return "last_layer" if cell.target == "last_layer" else "layers"
    if topic == "head":
        return "last" if config.get("on_last") else "all"
    if topic in ("head_runs", "packed_runs", "cell_params"):
        return "raises" if cell.raises else "runs"
    if topic == "squeeze":
        return text("squeeze")
    if topic in ("pad_packed", "pad_sequence"):
        return "bf" if config.get("out_bf") else "default"
    if topic == "embedding":
        return cell.target
    if topic in ("embedding_runs", "cell_runs", "net_class", "enc_dec"):
        return text("variant")
    if topic == "cell_loop":
        return text("join")
    if topic == "view_transpose":
        return text("how")
    if topic == "attention":
        variant = text("variant")
        return f"{variant}.{cell.target}" if variant == "keys_first" else variant
    return ""


def _key(prefix: str, cell: Cell) -> str:
    variant = _variant(cell)
    return f"{prefix}.{cell.topic}" + (f".{variant}" if variant else "")


def cell_question_text(exercise: Exercise) -> str:
    cell = _cell(exercise)
    if cell.form == "blank" and cell.topic == "request":
        return t("cells.question.blank.request", reference=cell.answer)
    if cell.form == "blank":
        goal = t(_key("cells.goal", cell), **message_params(cell))
        return t(f"cells.question.blank.{cell.blank_kind}", goal=goal)
    return t(f"cells.question.{cell.form}", target=cell.target)


def cell_explanation_lines(exercise: Exercise) -> tuple[Message, ...]:
    """Why the answer is what it is, with this cell's numbers: one message per line."""
    cell = _cell(exercise)
    reference = msg("cells.explain.reference", reference=str(cell.answer))
    if cell.topic == "request":  # a teacher's own cell: no derivation to give
        return () if cell.form != "blank" else (reference,)
    lines = [msg(_key("cells.explain", cell), **message_params(cell))]
    if cell.raises is not None:
        lines.append(msg("cells.explain.torch", message=cell.raises))
    if cell.form == "blank":
        lines.append(reference)
    return tuple(lines)


def cell_explanation(exercise: Exercise) -> str:
    return render_lines(cell_explanation_lines(exercise))


def _values(cell: Cell) -> str:
    parts = []
    for key, name in _SYMBOLS:
        value = cell.config.get(key)
        if isinstance(value, tuple):
            parts.append(f"{name} = {fmt_shape(value)}")
        elif isinstance(value, int) and not isinstance(value, bool) and value:
            parts.append(f"{name} = {value}")
    if "bf" in cell.config:
        parts.append(f"batch_first={bool(cell.config['bf'])}")
    return ", ".join(parts)


def cell_hints(exercise: Exercise) -> list[str]:
    """Three rungs: the rule of the skill, the sizes here, then the worked answer."""
    cell = _cell(exercise)
    if cell.topic == "request":
        return [t("cells.hint.run")] * 3
    skill = exercise.skills[0] if exercise.skills else ""
    first = t(f"skill.{skill}.rule") if skill else t("cells.hint.run")
    second = t("cells.hint.values", values=_values(cell))
    third = t("hint.worked", derivation=cell_explanation(exercise))
    return [first, second, third]


def cell_answer(cell: Cell) -> tuple[tuple[int, ...] | int | str | None, str | None]:
    """(value, torch's message) as the generator states them: the closed form of a cell."""
    return cell.answer, cell.raises
