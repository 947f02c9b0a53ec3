# source: pattern of the torch.nn.RNN docstring example (pytorch/pytorch, torch/nn/modules/rnn.py), rewritten
# license: BSD-3-Clause (PyTorch); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
rnn = nn.RNN(10, 20, 2)
input = torch.randn(5, 3, 10)
h0 = torch.randn(2, 3, 20)
output, hn = rnn(input, h0)
