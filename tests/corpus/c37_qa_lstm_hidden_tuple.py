# source: pattern of a common Q&A question: LSTM given one tensor as its hidden state (fix: pass (h_0, c_0)), rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
lstm = nn.LSTM(10, 20, 1)
x = torch.randn(5, 3, 10)
h0 = torch.zeros(1, 3, 20)
c0 = torch.zeros(1, 3, 20)
# %%
out, (h, c) = lstm(x, (h0, c0))
# %%
out, h = lstm(x, h0)
