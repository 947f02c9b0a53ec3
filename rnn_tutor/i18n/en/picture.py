"""picture messages (en): the unrolled picture of a cell exercise, with the cells a slice reads."""

MESSAGES: dict[str, str] = {
    "ui.picture.row.sequence": "{sequence} ({length})",
    "ui.picture.row.sequence.reverse": "{sequence} rev",
    "ui.picture.legend.right": "what {expression} reads",
    "ui.picture.legend.yours": "what your {expression} reads",
    "ui.picture.legend.padding": "padding: a zero pad_packed_sequence put there, not a step of that sequence",
    "ui.picture.legend.padded": "padded = the top layer at every step, zeros after each length: {shape}",
    "ui.picture.legend.output": "{name} = the top layer at every step: {shape}",
    "ui.picture.steps": "t",
    "ui.picture.legend.rows": "rows: each sequence of the batch, its length in brackets",
    "ui.picture.legend.last_real": "h_n = each sequence at its real last step (output is the same there): {shape}",
    "ui.picture.only": "(sequence {sequences} only)",
}
