# source: pattern of the torch.nn.LSTM docstring example (pytorch/pytorch), rewritten
# license: BSD-3-Clause (PyTorch); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
rnn = nn.LSTM(10, 20, 2)
input = torch.randn(5, 3, 10)
h0 = torch.randn(2, 3, 20)
c0 = torch.randn(2, 3, 20)
output, (hn, cn) = rnn(input, (h0, c0))
