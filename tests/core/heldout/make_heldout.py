"""Writes cells.jsonl: the held-out notebook cells (not the generator's) and graded answers.

Each entry: a program as a learner writes it, a question (shape:/runs:/count:/blank), an
answer, and what a teacher says of it: right or wrong, and the catalogue id of the mix-up
(null when the answer is wrong in a way the catalogue does not describe). The ids were
written from shared/domain/misconceptions.md before the cells were graded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

P = {}

P["gru_last"] = """import torch
import torch.nn as nn
gru = nn.GRU(10, 7, batch_first=True, bidirectional=True)
x = torch.randn(4, 6, 10)
output, h_n = gru(x)
last = output[:, -1, :]
"""
P["lstm_time_first"] = """import torch
from torch import nn

lstm = nn.LSTM(8, 16, num_layers=2)
seq = torch.randn(12, 3, 8)   # (L, N, I)
out, (h, c) = lstm(seq)
final = out[-1]
"""
P["head_last"] = """import torch
import torch.nn as nn

rnn = nn.LSTM(32, 20, batch_first=True, bidirectional=True)
fc = nn.Linear(40, 5)
x = torch.randn(8, 15, 32)
out, _ = rnn(x)
logits = fc(out[:, -1])
"""
P["head_narrow"] = """import torch
import torch.nn as nn

rnn = nn.LSTM(32, 20, batch_first=True, bidirectional=True)
fc = nn.Linear(20, 5)
x = torch.randn(8, 15, 32)
out, _ = rnn(x)
logits = fc(out[:, -1])
"""
P["head_sequence"] = """import torch
import torch.nn as nn

model = nn.GRU(6, 9, batch_first=True)
head = nn.Linear(9, 3)
batch = torch.randn(5, 11, 6)
output, hidden = model(batch)
scores = head(output)
"""
P["squeeze_one"] = """import torch
import torch.nn as nn
rnn = nn.RNN(4, 12, batch_first=True)
x = torch.randn(1, 7, 4)
out, h = rnn(x)
h = h.squeeze()
"""
P["packed_gru"] = """import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

rnn = nn.GRU(5, 9, batch_first=True)
x = torch.randn(3, 10, 5)
lengths = torch.tensor([8, 7, 4])
packed = pack_padded_sequence(x, lengths, batch_first=True)
packed_out, h_n = rnn(packed)
out, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
"""
P["pad_default"] = """import torch
import torch.nn as nn

lstm = nn.LSTM(6, 10, batch_first=True)
x = torch.randn(4, 9, 6)
lens = [9, 5, 3, 2]
packed = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True)
out_packed, (h, c) = lstm(packed)
padded, _ = nn.utils.rnn.pad_packed_sequence(out_packed)
"""
P["padded_last"] = """import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

rnn = nn.RNN(3, 6, batch_first=True)
x = torch.randn(5, 8, 3)
lengths = torch.tensor([8, 2, 5, 3, 7])
packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
out, h = rnn(packed)
padded, lens = pad_packed_sequence(out, batch_first=True)
last = ____
"""
P["lstmcell_loop"] = """import torch
import torch.nn as nn

cell = nn.LSTMCell(4, 8)
x = torch.randn(6, 3, 4)   # (L, N, I)
h = torch.zeros(3, 8)
c = torch.zeros(3, 8)
outs = []
for t in range(6):
    h, c = cell(x[t], (h, c))
    outs.append(h)
seq = torch.stack(outs)
"""
P["grucell_cat"] = """import torch
import torch.nn as nn

cell = nn.GRUCell(5, 7)
x = torch.randn(2, 9, 5)
h = torch.zeros(2, 7)
steps = []
for t in range(x.shape[1]):
    h = cell(x[:, t, :], h)
    steps.append(h)
out = torch.cat(steps, dim=1)
"""
P["rnncell_hidden"] = """import torch
import torch.nn as nn
cell = nn.RNNCell(3, 5)
h0 = torch.zeros(1, 4, 5)
x = torch.randn(4, 3)
h1 = cell(x, h0)
"""
P["lstmcell_hidden"] = """import torch
import torch.nn as nn
cell = nn.LSTMCell(3, 5)
state = (torch.zeros(1, 4, 5), torch.zeros(1, 4, 5))
x = torch.randn(4, 3)
h1, c1 = cell(x, state)
"""
P["grucell_sequence"] = """import torch
import torch.nn as nn
cell = nn.GRUCell(6, 4)
x = torch.randn(3, 10, 6)
h = cell(x)
"""
P["cell_params"] = """import torch.nn as nn
cell = nn.LSTMCell(10, 20)
w = cell.weight_ih_l0
"""
P["cell_params_ok"] = """import torch.nn as nn
cell = nn.LSTMCell(10, 20)
w = cell.weight_hh
"""
P["enc_dec_as_is"] = """import torch
import torch.nn as nn

encoder = nn.GRU(12, 16, num_layers=2, bidirectional=True)
decoder = nn.GRU(8, 16, num_layers=2)
src = torch.randn(7, 3, 12)
tgt = torch.randn(5, 3, 8)
enc_out, h = encoder(src)
dec_out, dec_h = decoder(tgt, h)
"""
P["encoder_gru"] = """import torch
import torch.nn as nn

encoder = nn.GRU(12, 16, num_layers=2, bidirectional=True)
src = torch.randn(7, 3, 12)
enc_out, h = encoder(src)
"""
P["enc_sum"] = """import torch
import torch.nn as nn

encoder = nn.LSTM(10, 12, num_layers=2, bidirectional=True, batch_first=True)
x = torch.randn(6, 9, 10)
enc_out, (h_n, c_n) = encoder(x)
h0 = h_n.view(2, 2, 6, 12).sum(dim=1)
"""
P["attention"] = """import torch
import torch.nn as nn

enc = nn.GRU(8, 5, batch_first=True, bidirectional=True)
x = torch.randn(3, 7, 8)
enc_out, h_n = enc(x)
query = torch.randn(3, 10)
scores = torch.bmm(enc_out, query.unsqueeze(2))
weights = torch.softmax(scores, dim=1)
context = torch.bmm(weights.transpose(1, 2), enc_out)
"""
P["attention_raw"] = """import torch
import torch.nn as nn

enc = nn.GRU(8, 5, batch_first=True, bidirectional=True)
x = torch.randn(3, 7, 8)
enc_out, h_n = enc(x)
query = torch.randn(3, 10)
scores = torch.bmm(enc_out, query)
"""
P["view_transpose"] = """import torch
import torch.nn as nn
rnn = nn.RNN(5, 6)
x = torch.randn(10, 4, 5)
out, h = rnn(x)
flat = out.transpose(0, 1).view(-1, 6)
"""
P["reshape_transpose"] = """import torch
import torch.nn as nn
rnn = nn.RNN(5, 6)
x = torch.randn(10, 4, 5)
out, h = rnn(x)
flat = out.transpose(0, 1).reshape(-1, 6)
"""
P["embedding"] = """import torch
import torch.nn as nn

emb = nn.Embedding(100, 16)
rnn = nn.LSTM(16, 32, batch_first=True)
tokens = torch.randint(0, 100, (4, 12))
x = emb(tokens)
out, (h, c) = rnn(x)
"""
P["embedding_float"] = """import torch
import torch.nn as nn

emb = nn.Embedding(100, 16)
tokens = torch.rand(4, 12)
x = emb(tokens)
"""
P["embedding_dim"] = """import torch
import torch.nn as nn

emb = nn.Embedding(100, 16)
rnn = nn.LSTM(32, 32, batch_first=True)
tokens = torch.randint(0, 100, (4, 12))
out, (h, c) = rnn(emb(tokens))
"""
P["net_summary"] = """import torch
import torch.nn as nn

class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.rnn = nn.GRU(8, 10, batch_first=True, bidirectional=True)
        self.out = nn.Linear(20, 3)

    def forward(self, tokens):
        x = self.embed(tokens)
        output, h_n = self.rnn(x)
        summary = torch.cat((h_n[-2], h_n[-1]), dim=1)
        return self.out(summary)

model = Classifier()
tokens = torch.randint(0, 50, (6, 9))
logits = model(tokens)
"""
P["net_one_direction"] = """import torch
import torch.nn as nn

class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 8)
        self.rnn = nn.GRU(8, 10, batch_first=True, bidirectional=True)
        self.out = nn.Linear(20, 3)

    def forward(self, tokens):
        x = self.embed(tokens)
        output, h_n = self.rnn(x)
        return self.out(h_n[-1])

model = Classifier()
tokens = torch.randint(0, 50, (6, 9))
logits = model(tokens)
"""
P["bidir_cat0"] = """import torch
import torch.nn as nn
lstm = nn.LSTM(4, 7, bidirectional=True)
x = torch.randn(5, 3, 4)
_, (h_n, _) = lstm(x)
both = torch.cat([h_n[-2], h_n[-1]], dim=0)
"""
P["top_layer"] = """import torch
import torch.nn as nn
rnn = nn.GRU(3, 5, num_layers=3)
x = torch.randn(4, 2, 3)
out, h_n = rnn(x)
top = ____
"""
P["backward_final"] = """import torch
import torch.nn as nn
gru = nn.GRU(6, 4, batch_first=True, bidirectional=True)
x = torch.randn(3, 5, 6)
out, h_n = gru(x)
backward_final = ____
"""
P["unbatched"] = """import torch
import torch.nn as nn
rnn = nn.RNN(3, 4, num_layers=2)
x = torch.randn(6, 3)
out, h = rnn(x)
"""
P["proj"] = """import torch
import torch.nn as nn
lstm = nn.LSTM(10, 20, proj_size=5, batch_first=True)
x = torch.randn(3, 8, 10)
out, (h, c) = lstm(x)
"""
P["count_loop"] = """import torch.nn as nn
rnn = nn.GRU(10, 20, num_layers=2)
total = 0
for p in rnn.parameters():
    total += p.numel()
"""
P["all_weights"] = """import torch.nn as nn
lstm = nn.LSTM(8, 16, num_layers=3, bidirectional=True)
n = len(lstm.all_weights)
"""
P["positional_bias"] = """import torch
import torch.nn as nn
rnn = nn.LSTM(10, 20, 3, True)
x = torch.randn(5, 4, 10)
out, (h, c) = rnn(x)
"""
P["silent_batch"] = """import torch
import torch.nn as nn
BATCH_SIZE = 4
SEQ_LENGTH = 9
rnn = nn.GRU(7, 5)
x = torch.randn(BATCH_SIZE, SEQ_LENGTH, 7)
out, h = rnn(x)
"""
P["wrong_input"] = """import torch
import torch.nn as nn
rnn = nn.LSTM(12, 6)
x = torch.randn(5, 2, 10)
out, _ = rnn(x)
"""
P["wrong_h0"] = """import torch
import torch.nn as nn
rnn = nn.GRU(4, 8, num_layers=2, batch_first=True)
x = torch.randn(3, 6, 4)
h0 = torch.zeros(3, 2, 8)
out, h = rnn(x, h0)
"""
P["two_layer_h"] = """import torch
import torch.nn as nn
rnn = nn.LSTM(input_size=6, hidden_size=11, num_layers=3, batch_first=True)
inputs = torch.randn(2, 5, 6)
outputs, (hidden, cell) = rnn(inputs)
last_layer = hidden[-1]
"""
P["training_loop"] = """import torch
import torch.nn as nn
rnn = nn.GRU(3, 8, batch_first=True)
head = nn.Linear(8, 2)
losses = []
for epoch in range(3):
    batch = torch.randn(4, 6, 3)
    out, h = rnn(batch)
    pred = head(h[-1])
    losses.append(pred.sum())
"""

E: list[dict[str, Any]] = []


def add(
    name: str,
    question: str,
    answer: str,
    correct: bool,
    mid: str | None = None,
    expect: str | None = None,
) -> None:
    entry = {
        "program": P[name],
        "question": question,
        "answer": answer,
        "want": {"correct": correct, "misconception": mid},
        "cell": name,
    }
    if expect is not None:
        entry["expect"] = expect
    E.append(entry)


# last steps
add("gru_last", "shape:last", "(4, 14)", True)
add("gru_last", "shape:last", "(6, 14)", False, "last_step_wrong_axis")
add("gru_last", "shape:last", "(4, 7)", False, "direction_factor_missing")
add("gru_last", "shape:last", "(4, 6, 14)", False)
add("gru_last", "shape:h_n", "(2, 4, 7)", True)
add("gru_last", "shape:h_n", "(4, 2, 7)", False, "batch_first_on_hidden")
add("gru_last", "shape:h_n", "(1, 4, 7)", False, "direction_factor_missing")
add("gru_last", "shape:h_n", "(4, 7)", False, "hidden_axis_dropped")
add("gru_last", "shape:output", "(6, 4, 14)", False, "batch_first_ignored")
add("lstm_time_first", "shape:final", "(3, 16)", True)
add("lstm_time_first", "shape:final", "(12, 16)", False, "last_step_wrong_axis")
add("lstm_time_first", "shape:h", "(2, 3, 16)", True)
add("lstm_time_first", "shape:h", "(3, 16)", False, "hidden_axis_dropped")
add("lstm_time_first", "shape:h", "(1, 3, 16)", False, "layer_factor_missing")
add("lstm_time_first", "shape:h", "(12, 3, 16)", False, "time_in_hidden")
add("lstm_time_first", "shape:c", "(2, 3, 16)", True)
add("lstm_time_first", "shape:out", "(3, 12, 16)", False, "batch_first_assumed")
add("lstm_time_first", "shape:out", "(12, 3, 32)", False, "layers_in_output")
add("lstm_time_first", "shape:out", "(2, 12, 3, 16)", False, "layers_in_output")
add("lstm_time_first", "shape:out", "(12, 3, 17)", False)
add("two_layer_h", "shape:last_layer", "(2, 11)", True)
add("two_layer_h", "shape:last_layer", "(5, 11)", False)
add("two_layer_h", "shape:hidden", "(2, 3, 11)", False, "batch_first_on_hidden")
add("two_layer_h", "shape:outputs", "(2, 5, 11)", True)
# heads
add("head_last", "shape:logits", "(8, 5)", True)
add("head_last", "shape:logits", "(8, 15, 5)", False, "head_sees_sequence")
add("head_last", "shape:logits", "(5,)", False)
add("head_narrow", "runs:logits", "error", True)
add("head_narrow", "runs:logits", "(8, 5)", False, "head_in_features_H")
add("head_narrow", "runs:logits", "it runs", False, "head_in_features_H")
add("head_sequence", "shape:scores", "(5, 11, 3)", True)
add("head_sequence", "shape:scores", "(5, 3)", False, "head_sees_sequence")
add("head_sequence", "shape:scores", "(11, 5, 3)", False, "batch_first_ignored")
add("head_sequence", "shape:scores", "(5, 11, 9)", False)
add("net_summary", "shape:logits", "(6, 3)", True)
add("net_summary", "shape:logits", "(6, 9, 3)", False, "head_sees_sequence")
add("net_summary", "shape:logits", "(6, 20)", False)
add("net_one_direction", "runs:logits", "(6, 3)", False, "bidir_concat_wrong")
add("net_one_direction", "runs:logits", "error", True)
add("training_loop", "shape:pred", "(4, 2)", True)
add("training_loop", "shape:pred", "(1, 4, 2)", False)
add("training_loop", "shape:h", "(4, 1, 8)", False, "batch_first_on_hidden")
add("training_loop", "shape:out", "(6, 4, 8)", False, "batch_first_ignored")
# squeeze
add("squeeze_one", "shape:h", "(12,)", True)
add("squeeze_one", "shape:h", "(1, 12)", False, "squeeze_removes_batch")
add("squeeze_one", "shape:h", "(7, 12)", False, "time_in_hidden")
add("squeeze_one", "shape:h", "(12, 1)", False)
# packing
add("packed_gru", "shape:out", "(3, 8, 9)", True)
add("packed_gru", "shape:out", "(3, 10, 9)", False, "padded_time_is_L")
add("packed_gru", "shape:out", "(8, 3, 9)", False)
add("packed_gru", "shape:h_n", "(1, 3, 9)", True)
add("packed_gru", "shape:h_n", "(3, 1, 9)", False, "batch_first_on_hidden")
add("packed_gru", "shape:packed_out.data", "(19, 9)", True)
add("packed_gru", "shape:packed_out.data", "(3, 8, 9)", False, "packed_has_shape")
add("packed_gru", "runs:packed_out", "(3, 8, 9)", False, "packed_has_shape")
add("packed_gru", "runs:packed_out", "error", True)
add("pad_default", "shape:padded", "(9, 4, 10)", True)
add("pad_default", "shape:padded", "(4, 9, 10)", False, "pad_packed_batch_first_remembered")
add("pad_default", "shape:padded", "(9, 4, 20)", False)
add("pad_default", "shape:h", "(1, 4, 10)", True)
add(
    "padded_last",
    "blank",
    "padded[torch.arange(5), lengths - 1]",
    True,
    expect="padded[torch.arange(5), lengths - 1]",
)
add(
    "padded_last",
    "blank",
    "padded[:, -1]",
    False,
    "padded_last_is_real_last",
    expect="padded[torch.arange(5), lengths - 1]",
)
add("padded_last", "blank", "h[-1]", True, expect="padded[torch.arange(5), lengths - 1]")
add(
    "padded_last",
    "blank",
    "padded[-1]",
    False,
    "last_step_wrong_axis",
    expect="padded[torch.arange(5), lengths - 1]",
)
add("padded_last", "blank", "padded[:, 0]", False, expect="padded[torch.arange(5), lengths - 1]")
# cells in loops
add("lstmcell_loop", "shape:seq", "(6, 3, 8)", True)
add("lstmcell_loop", "shape:seq", "(3, 6, 8)", False, "stack_cat_confused")
add("lstmcell_loop", "shape:h", "(3, 8)", True)
add("lstmcell_loop", "shape:h", "(1, 3, 8)", False, "cell_hidden_has_layer_axis")
add("lstmcell_loop", "shape:h", "(6, 3, 8)", False, "cell_takes_sequence")
add("lstmcell_loop", "shape:h", "(8, 3)", False)
add("grucell_cat", "shape:out", "(2, 63)", True)
add("grucell_cat", "shape:out", "(2, 9, 7)", False, "stack_cat_confused")
add("grucell_cat", "shape:out", "(9, 2, 7)", False)
add("rnncell_hidden", "runs:h1", "error", True)
add("rnncell_hidden", "runs:h1", "(4, 5)", False, "cell_hidden_has_layer_axis")
add("lstmcell_hidden", "runs:h1", "(1, 4, 5)", False, "cell_hidden_has_layer_axis")
add("lstmcell_hidden", "runs:h1", "raises", True)
add("grucell_sequence", "runs:h", "(3, 10, 4)", False, "cell_takes_sequence")
add("cell_params", "runs:w", "(80, 10)", False, "cell_params_suffixed")
add("cell_params", "runs:w", "error", True)
add("cell_params_ok", "shape:w", "(80, 20)", True)
add("cell_params_ok", "shape:w", "(20, 20)", False, "gate_rows_missing")
add("cell_params_ok", "shape:w", "(20, 80)", False, "weight_transposed")
# encoder to decoder
add("enc_dec_as_is", "runs:dec_out", "(5, 3, 16)", False, "decoder_takes_bidir_hidden")
add("enc_dec_as_is", "runs:dec_out", "error", True)
add("encoder_gru", "shape:h", "(4, 3, 16)", True)
add("encoder_gru", "shape:h", "(2, 3, 16)", False, "direction_factor_missing")
add("encoder_gru", "shape:h", "(2, 3, 32)", False, "direction_on_last_axis")
add("encoder_gru", "shape:enc_out", "(7, 3, 16)", False, "direction_factor_missing")
add("enc_sum", "shape:h0", "(2, 6, 12)", True)
add("enc_sum", "shape:h0", "(2, 12)", False)
add("enc_sum", "shape:enc_out", "(9, 6, 24)", False, "batch_first_ignored")
add("enc_sum", "shape:enc_out", "(6, 9, 12)", False, "direction_factor_missing")
add("enc_sum", "shape:enc_out", "(6, 9, 48)", False, "layers_in_output")
add("enc_sum", "shape:c_n", "(6, 4, 12)", False, "batch_first_on_hidden")
# bmm
add("attention", "shape:scores", "(3, 7, 1)", True)
add("attention", "shape:scores", "(3, 7)", False, "bmm_operand_order")
add("attention", "shape:scores", "(3, 1, 7)", False, "bmm_operand_order")
add("attention", "shape:context", "(3, 1, 10)", True)
add("attention", "shape:context", "(3, 10)", False)
add("attention_raw", "runs:scores", "(3, 7)", False, "bmm_operand_order")
add("attention_raw", "runs:scores", "error", True)
# views
add("view_transpose", "runs:flat", "(40, 6)", False, "view_after_transpose")
add("view_transpose", "runs:flat", "error", True)
add("reshape_transpose", "runs:flat", "(40, 6)", True)
add("reshape_transpose", "runs:flat", "error", False)
# embeddings
add("embedding", "shape:x", "(4, 12, 16)", True)
add("embedding", "shape:x", "(4, 12)", False, "embedding_dim_mismatch")
add("embedding", "shape:x", "(4, 16)", False, "embedding_dim_mismatch")
add("embedding_float", "runs:x", "(4, 12, 16)", False, "embedding_float_indices")
add("embedding_dim", "runs:out", "(4, 12, 32)", False, "embedding_dim_mismatch")
# bidirectional summaries and h_n entries
add("bidir_cat0", "shape:both", "(6, 7)", True)
add("bidir_cat0", "shape:both", "(3, 14)", False, "bidir_concat_wrong")
add("bidir_cat0", "shape:both", "(3, 7)", False, "bidir_concat_wrong")
add("top_layer", "blank", "h_n[-1]", True, expect="h_n[-1]")
add("top_layer", "blank", "h_n[0]", False, "h_n_first_is_last", expect="h_n[-1]")
add("top_layer", "blank", "out[-1]", True, expect="h_n[-1]")
add("top_layer", "blank", "out[:, -1]", False, "last_step_wrong_axis", expect="h_n[-1]")
add(
    "backward_final",
    "blank",
    "out[:, -1, 4:]",
    False,
    "bidir_last_step_is_backward_final",
    expect="h_n[-1]",
)
add("backward_final", "blank", "out[:, 0, 4:]", True, expect="h_n[-1]")
add("backward_final", "blank", "h_n[0]", False, "h_n_first_is_last", expect="h_n[-1]")
# the RNN call itself, in ordinary cells
add("unbatched", "shape:out", "(6, 4)", True)
add("unbatched", "shape:out", "(1, 6, 4)", False, "batch_axis_for_unbatched")
add("unbatched", "shape:h", "(2, 1, 4)", False, "batch_axis_for_unbatched")
add("proj", "shape:out", "(3, 8, 5)", True)
add("proj", "shape:out", "(3, 8, 20)", False, "proj_ignored")
add("proj", "shape:c", "(1, 3, 5)", False, "proj_on_cell")
add("proj", "shape:h", "(1, 3, 20)", False, "proj_ignored")
add("proj", "shape:lstm.weight_hh_l0", "(80, 5)", True)
add("proj", "shape:lstm.weight_hh_l0", "(20, 5)", False, "gate_rows_missing")
add("count_loop", "count:total", "4440", True)
add("count_loop", "count:total", "4320", False, "single_bias")
add("count_loop", "count:total", "5800", False, "bias_per_pair")
add("count_loop", "count:total", "4441", False)
add("all_weights", "count:n", "6", True)
add("all_weights", "count:n", "3", False, "reverse_not_counted")
add("all_weights", "count:n", "24", False, "all_weights_counts_tensors")
add("positional_bias", "shape:out", "(5, 4, 20)", True)
add("positional_bias", "shape:out", "(5, 4, 40)", False, "positional_bias_as_bidirectional")
add("positional_bias", "shape:h", "(6, 4, 20)", False, "positional_bias_as_bidirectional")
add("silent_batch", "runs:out", "(4, 9, 5)", True)
add("silent_batch", "runs:out", "error", False, "expects_error_silent_mismatch")
add("silent_batch", "shape:h", "(1, 4, 5)", False)
add("wrong_input", "runs:out", "(5, 2, 6)", False, "expects_success_on_error")
add("wrong_input", "runs:out", "error", True)
add("wrong_h0", "runs:out", "(3, 6, 8)", False, "batch_first_on_hidden")

if __name__ == "__main__":
    out = Path(__file__).with_name("cells.jsonl")
    with out.open("w", encoding="utf-8") as sink:
        for entry in E:
            sink.write(json.dumps(entry, ensure_ascii=False) + "\n")
    wrong = [e for e in E if not e["want"]["correct"]]
    named = [e for e in wrong if e["want"]["misconception"]]
    print(len(E), "answers;", len(wrong), "wrong;", len(named), "catalogued")
