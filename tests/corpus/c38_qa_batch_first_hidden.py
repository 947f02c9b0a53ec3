# source: pattern of a common Q&A question: h_0 built batch-first (fix: h_0 is (layers, batch, hidden) even with batch_first=True), rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
rnn = nn.GRU(100, 100, num_layers=4, batch_first=True)
x = torch.randn(10, 7, 100)
# %%
h0 = torch.zeros(4, 10, 100)
out, h = rnn(x, h0)
# %%
h0 = torch.zeros(10, 4, 100)
out, h = rnn(x, h0)
