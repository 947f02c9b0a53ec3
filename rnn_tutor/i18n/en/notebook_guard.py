"""notebook guard messages (en): refusals and caps added after the security review (learner
classes that replace torch's own methods, work caps on builtins, the notebook's memory cap)."""

MESSAGES: dict[str, str] = {
    "notebook.refused.override": "`{name}` is one of torch's own nn.Module names; your class may define forward, __init__ and extra_repr, and new names of its own.",
    "notebook.refused.sum_lists": "sum() adds numbers and tensors here; to join lists, use a list comprehension or .extend().",
    "notebook.refused.compare_shapes": "{name}() compares whole tensors of different shapes {left} and {right}; compare numbers, or use torch.maximum/torch.minimum on tensors of one shape.",
    "notebook.refused.packed_built": "build a PackedSequence with pack_padded_sequence or pack_sequence; the tutor does not build one from its parts.",
    "notebook.refused.key": "{name}(key=...) takes a function you wrote or a builtin such as len here.",
    "notebook.limit.items": "{name}() over {count} {count:item|items} is over the tutor's cap of {cap}; use fewer items.",
    "notebook.limit.pieces": "this would split a tensor into {count} {count:piece|pieces}, over the tutor's cap of {cap}.",
    "notebook.limit.modules": "a Sequential of {count} {count:module|modules} is over the tutor's cap of {cap}.",
    "notebook.limit.round": "round() to {count} {count:digit|digits} is over the tutor's cap of {cap} {cap:digit|digits}.",
    "notebook.limit.memory": "the notebook's names and this statement hold about {count} {count:element|elements} of tensors and lists, over the tutor's cap of {cap}; delete names you no longer need (del x) or use smaller sizes.",
}
