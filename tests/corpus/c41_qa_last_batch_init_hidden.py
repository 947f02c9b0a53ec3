# source: pattern of a common Q&A question: a last batch smaller than init_hidden's batch, rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
batch_size = 16
rnn = nn.LSTM(8, 12, batch_first=True)
def init_hidden():
    return (torch.zeros(1, batch_size, 12), torch.zeros(1, batch_size, 12))
data = torch.randn(40, 5, 8)
# %%
for start in range(0, 40, batch_size):
    xb = data[start:start + batch_size]
    out, hidden = rnn(xb, init_hidden())
