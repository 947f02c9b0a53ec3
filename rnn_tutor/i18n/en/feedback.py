"""feedback messages (en): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "exercises.error.skill_level": "The skill “{skill}” starts at level {first}, so a level {level} worksheet cannot hold it. Use --level {first} or higher.",
    "ui.stats.on_own.suffix": "; {count} right on your own (no hint)",
    "ui.feedback.right_with_hint": "Right, with 1 hint.",
    "ui.feedback.right_with_hints": "Right, with {count} {count:hint|hints}.",
    "ui.stats.recall.just_failed": "just missed",
    "question.output.packed": "output.shape after pad_packed_sequence?",
    "misconception.bias_per_pair": "A bias vector has one entry per row of its weight: g*H values (g = 4 for LSTM, 3 for GRU, 1 for RNN), not H*H. It adds to each unit's input; it is not one value per pair of hidden units.",
    "misconception.gate_rows_in_state": "The gate rows (g*H) belong to the weights, not to the state: h_n and c_n hold one value per hidden unit, so their last axis is H_out (c_n: hidden_size).",
    "misconception.direction_on_last_axis": "h_n and c_n keep the directions apart on the first axis, (D*num_layers, N, H_out); only output joins the two directions on its last axis.",
    "misconception.all_weights_counts_tensors": "all_weights holds one list per layer and direction (D*num_layers lists); the weight and bias tensors are inside those lists, not counted by len().",
    "misconception.padded_time_is_L": "pad_packed_sequence pads only up to the longest true length, max(lengths), not back to the padded input's L.",
    "ui.unrolled.legend.h_n.bidirectional": "h_n = every layer at its last step (reverse: step 0): {shape}",
    "advice.forward_bidirectional": "bidirectional={value} builds the layer, but the forward pass hands it to a C++ function that takes only True or False, so it raises. Write bidirectional=True (or False).",
    "advice.forward_num_layers": "num_layers={value} builds the layer, but the forward pass needs a whole number of layers, so it raises. Write num_layers=1 (or another whole number).",
    "explain.positional_bias.bidirectional": "The 4th positional argument of nn.{kind} is bias, not bidirectional: True there sets bias=True. D = 2 here only because bidirectional=True comes later in the call.",
    "spec.error.repeated_keyword": "{name} is given twice. Python refuses that call before torch sees it (SyntaxError: keyword argument repeated: {name}); keep only one.",
    "grade.request.unknown_key": "Unknown request key “{key}”: a request may have only {fields}.",
}
