# source: pattern of the RNNCell/LSTMCell/GRUCell docstring examples (pytorch/pytorch), rewritten
# license: BSD-3-Clause (PyTorch); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
rnn = nn.LSTMCell(10, 20)
input = torch.randn(2, 3, 10)
hx = torch.randn(3, 20)
cx = torch.randn(3, 20)
output = []
for i in range(input.size()[0]):
    hx, cx = rnn(input[i], (hx, cx))
    output.append(hx)
output = torch.stack(output, dim=0)
# %%
cell = nn.GRUCell(10, 20)
h = torch.randn(3, 20)
for i in range(6):
    h = cell(torch.randn(3, 10), h)
