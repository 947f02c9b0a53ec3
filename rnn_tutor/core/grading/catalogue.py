"""The misconception catalogue's ids, in its order (docs/misconceptions.md, kept equal by a test).

The ids are the contract: what ``rnn-tutor grade`` reports, what the progress store records
and statistics count. The order decides between beliefs that give the same answer. Each id
that is a wrong belief about torch has its beliefs in ``core/notebook/beliefs.py``; the ids
in ``CAUSE_IDS`` name an error's cause instead and are read off the run
(``core/notebook/diagnose.py``, ``core/grading/diagnosis.cause_of``).
"""

from __future__ import annotations

CALL_IDS: tuple[str, ...] = (
    "batch_first_on_hidden",
    "batch_first_ignored",
    "batch_first_assumed",
    "direction_factor_missing",
    "layer_factor_missing",
    "layers_in_output",
    "time_in_hidden",
    "hidden_axis_dropped",
    "batch_axis_for_unbatched",
    "proj_on_cell",
    "proj_ignored",
    "gate_rows_missing",
    "gate_rows_wrong_factor",
    "deep_input_is_hidden",
    "deep_input_is_input_size",
    "weight_transposed",
    "single_bias",
    "bias_despite_false",
    "reverse_not_counted",
    "positional_bias_as_bidirectional",
    "expects_error_silent_mismatch",
    "expects_success_on_error",
    "bias_per_pair",
    "gate_rows_in_state",
    "direction_on_last_axis",
    "all_weights_counts_tensors",
    "padded_time_is_L",
)
"""About the RNN call itself: the first tables and the second release's."""

AROUND_IDS: tuple[str, ...] = (
    "last_step_wrong_axis",
    "h_n_first_is_last",
    "bidir_last_step_is_backward_final",
    "bidir_concat_wrong",
    "head_in_features_H",
    "head_sees_sequence",
    "view_after_transpose",
    "packed_has_shape",
    "pad_packed_batch_first_remembered",
    "padded_last_is_real_last",
    "embedding_float_indices",
    "embedding_dim_mismatch",
    "cell_takes_sequence",
    "cell_hidden_has_layer_axis",
    "cell_params_suffixed",
    "stack_cat_confused",
    "decoder_takes_bidir_hidden",
    "squeeze_removes_batch",
    "bmm_operand_order",
)
"""About the code around the RNN (levels 6-8 and learners' own cells)."""

MISCONCEPTION_IDS: tuple[str, ...] = CALL_IDS + AROUND_IDS
"""Every id this version can name, in the catalogue's order."""

CAUSE_IDS: frozenset[str] = frozenset(
    {
        "expects_success_on_error",
        "head_in_features_H",
        "embedding_float_indices",
        "cell_params_suffixed",
        "decoder_takes_bidir_hidden",
    }
)
"""Ids that name an error's cause, not a belief about a value: read off the run."""
