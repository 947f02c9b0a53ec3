"""feedback messages (en): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "ui.unrolled.legend.h_n.bidirectional": "h_n = every layer at its last step (reverse: step 0): {shape}",
    "advice.forward_bidirectional": "bidirectional={value} builds the layer, but the forward pass hands it to a C++ function that takes only True or False, so it raises. Write bidirectional=True (or False).",
    "advice.forward_num_layers": "num_layers={value} builds the layer, but the forward pass needs a whole number of layers, so it raises. Write num_layers=1 (or another whole number).",
    "explain.positional_bias.bidirectional": "The 4th positional argument of nn.{kind} is bias, not bidirectional: True there sets bias=True. D = 2 here only because bidirectional=True comes later in the call.",
    "spec.error.repeated_keyword": "{name} is given twice. Python refuses that call before torch sees it (SyntaxError: keyword argument repeated: {name}); keep only one.",
    "grade.request.unknown_key": "Unknown request key “{key}”: a request may have only {fields}.",
}
