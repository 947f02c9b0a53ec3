"""picture messages (en): the unrolled picture of a cell exercise, with the cells a slice reads."""

MESSAGES: dict[str, str] = {
    "ui.picture.row.sequence": "seq {sequence} (len {length})",
    "ui.picture.row.sequence.reverse": "seq {sequence} rev",
    "ui.picture.legend.right": "what {expression} reads",
    "ui.picture.legend.yours": "what your {expression} reads",
    "ui.picture.legend.padding": "padding: a zero pad_packed_sequence put there, not a step of that sequence",
    "ui.picture.legend.padded": "padded = the top layer at every step, zeros after each length: {shape}",
    "ui.picture.only": "(sequence {sequences} only)",
}
