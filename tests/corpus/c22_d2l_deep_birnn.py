# source: pattern of "Deep RNNs" and "Bidirectional RNNs" in d2l-ai/d2l-en, rewritten
# license: MIT-0 (code of d2l-en); rewritten for rnn-tutor
# %%
import torch
from torch import nn
num_inputs, num_hiddens, num_layers = 28, 32, 2
# %%
rnn = nn.GRU(num_inputs, num_hiddens, num_layers)
X = torch.randn(10, 4, num_inputs)
outputs, H = rnn(X)
# %%
birnn = nn.LSTM(num_inputs, num_hiddens, num_layers, bidirectional=True)
outputs, (H, C) = birnn(X)
last = torch.cat((H[-2], H[-1]), dim=1)
