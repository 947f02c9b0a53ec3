"""The curriculum as data: the skills (stable ids), the levels and tracks, and the level
that introduces each skill.

Plain constants, importing nothing: the home screen draws the tracks, the levels and the
mastery map from them without loading the generator, the call room or grading
(tests/test_import_budget.py). ``questions`` and ``generator`` re-export them; a test keeps
``SKILL_LEVELS`` equal to what the generator's templates exercise
(``generator.template_skill_levels``).
"""

from __future__ import annotations

# Skills of levels 6-8 (stable ids, like SKILLS): the lines learners write around the call.
CELL_SKILLS: tuple[str, ...] = (
    "last_step",  # output[:, -1] or output[-1], by the layout
    "h_n_layers",  # h_n[-1] is the last layer (its backward direction when bidirectional)
    "bidir_summary",  # cat((h_n[-2], h_n[-1]), dim=1); the backward final is at step 0
    "linear_head",  # in_features = D*H_out; Linear acts on the last axis only
    "squeeze_batch",  # squeeze() also drops a batch axis of 1
    "packed_output",  # PackedSequence has no shape; pad_packed_sequence is seq-first
    "padded_last_step",  # the real last step is at lengths - 1; padded steps are zeros
    "pad_sequence",  # pad_sequence is seq-first by default
    "embedding_input",  # Long indices in, (N, L, E) out; input_size = E
    "rnn_cell_loop",  # RNNCell/GRUCell/LSTMCell: one step, no layer axis, stack vs cat
    "view_contiguous",  # view after transpose raises; reshape works
    "model_class",  # a Net(nn.Module) of embedding, bidirectional LSTM and head
    "encoder_decoder",  # a bidirectional encoder's h_n into a unidirectional decoder
    "attention_bmm",  # dot-product attention with bmm
)

# Stable ids: stored in progress databases, never renamed. Display names are catalog
# messages "skill.<id>" (and "skill.<id>.rule" for the one-line rule).
SKILLS: tuple[str, ...] = (
    "output_layout",  # output is (L, N, ...) or (N, L, ...) by batch_first
    "output_last_axis",  # output's last axis is D*H_out
    "hn_ignores_batch_first",  # h_n is (D*num_layers, N, H_out) whatever batch_first says
    "hn_first_axis",  # h_n's first axis is D*num_layers
    "unbatched_input",  # 2-D input drops the batch axis everywhere
    "gate_blocks",  # LSTM stacks 4 gate blocks, GRU 3, RNN 1
    "deep_layer_input",  # layer k>0 reads D*H_out features
    "proj_size",  # proj_size shrinks output and h_n, not c_n
    "two_biases",  # bias_ih and bias_hh: two per layer and direction
    "param_count",  # the total torchinfo reports
    "all_weights_len",  # len(all_weights) == D*num_layers
    "positional_args",  # LSTM's 4th positional is bias; RNN's is nonlinearity
    "input_checks",  # what torch refuses: input size, h_0 shape, dimensions
    "silent_batch_mismatch",  # (N, L, I) into batch_first=False runs with a swapped meaning
    "packed_sequence",  # PackedSequence in, padded output and per-sequence h_n out
    *CELL_SKILLS,  # levels 6-8: the code around the RNN call (see exercises.cells)
)

LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
"""The levels about the RNN call itself (track "call")."""
CELL_LEVELS: tuple[int, ...] = (6, 7, 8)
"""The levels about the code around the call (cells run by the interpreter)."""
ALL_LEVELS: tuple[int, ...] = LEVELS + CELL_LEVELS
"""Every level: the call (1-5), then the code around it (6-8, cells run by the interpreter)."""
TRACKS: dict[str, tuple[int, ...]] = {"call": LEVELS, "around": CELL_LEVELS, "mixed": ALL_LEVELS}
"""What a learner can choose to practise: "the RNN call", "around the RNN", or both mixed."""

SKILL_LEVELS: dict[str, int] = {
    "output_layout": 1,
    "output_last_axis": 1,
    "hn_ignores_batch_first": 1,
    "hn_first_axis": 1,
    "unbatched_input": 4,
    "gate_blocks": 1,
    "deep_layer_input": 3,
    "proj_size": 4,
    "two_biases": 1,
    "param_count": 1,
    "all_weights_len": 2,
    "positional_args": 5,
    "input_checks": 4,
    "silent_batch_mismatch": 5,
    "packed_sequence": 5,
    "last_step": 6,
    "h_n_layers": 6,
    "bidir_summary": 6,
    "linear_head": 6,
    "squeeze_batch": 6,
    "packed_output": 7,
    "padded_last_step": 7,
    "pad_sequence": 7,
    "embedding_input": 7,
    "rnn_cell_loop": 7,
    "view_contiguous": 7,
    "model_class": 8,
    "encoder_decoder": 8,
    "attention_bmm": 8,
}
"""The first level at which each skill is exercised (the generator's templates agree)."""
