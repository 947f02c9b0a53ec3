# source: https://github.com/pytorch/pytorch/blob/cf30153c4c131c8164ee7798e5022d810682e2cb/torch/nn/modules/rnn.py
# license: BSD-3-Clause (PyTorch, Copyright (c) 2016- Facebook, Inc and contributors)
# kept: lines 985-989 of the original, in order, verbatim
# doctest: the `>>> `/`... ` prompts and printed outputs of the docstring example are removed
# %%
# (added for rnn-tutor: the imports the docs page assumes)
import torch
from torch import nn
# %%
rnn = nn.LSTM(10, 20, 2)
input = torch.randn(5, 3, 10)
h0 = torch.randn(2, 3, 20)
c0 = torch.randn(2, 3, 20)
output, (hn, cn) = rnn(input, (h0, c0))
