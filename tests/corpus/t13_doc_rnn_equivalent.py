# source: https://github.com/pytorch/pytorch/blob/cf30153c4c131c8164ee7798e5022d810682e2cb/torch/nn/modules/rnn.py
# license: BSD-3-Clause (PyTorch, Copyright (c) 2016- Facebook, Inc and contributors)
# kept: lines 503-529 (dedented) of the original, in order, verbatim
# trimmed: the 'Efficient implementation equivalent to' code block of nn.RNN's docstring, dedented
# %%
# (added for rnn-tutor: the imports the docs page assumes)
import torch
from torch import nn
# %%
# (added for rnn-tutor: sizes for the names the code block leaves free)
input_size, hidden_size, num_layers = 10, 20, 2
# %%
# Efficient implementation equivalent to the following with bidirectional=False
rnn = nn.RNN(input_size, hidden_size, num_layers)
params = dict(rnn.named_parameters())
def forward(x, hx=None, batch_first=False):
    if batch_first:
        x = x.transpose(0, 1)
    seq_len, batch_size, _ = x.size()
    if hx is None:
        hx = torch.zeros(rnn.num_layers, batch_size, rnn.hidden_size)
    h_t_minus_1 = hx.clone()
    h_t = hx.clone()
    output = []
    for t in range(seq_len):
        for layer in range(rnn.num_layers):
            input_t = x[t] if layer == 0 else h_t[layer - 1]
            h_t[layer] = torch.tanh(
                input_t @ params[f"weight_ih_l{layer}"].T
                + h_t_minus_1[layer] @ params[f"weight_hh_l{layer}"].T
                + params[f"bias_hh_l{layer}"]
                + params[f"bias_ih_l{layer}"]
            )
        output.append(h_t[-1].clone())
        h_t_minus_1 = h_t.clone()
    output = torch.stack(output)
    if batch_first:
        output = output.transpose(0, 1)
    return output, h_t
# %%
# (added for rnn-tutor: the function called as nn.RNN would be)
x = torch.randn(5, 3, 10)
output, h_n = forward(x)
expected, expected_h = rnn(x)
