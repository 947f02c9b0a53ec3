# source: pattern of a common Q&A question: input_size against the real feature width, rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
x = torch.randn(32, 20, 30)
lstm = nn.LSTM(input_size=30, hidden_size=64, batch_first=True)
fc = nn.Linear(64, 1)
# %%
out, _ = lstm(x)
y = fc(out[:, -1])
# %%
bad = nn.LSTM(input_size=20, hidden_size=64, batch_first=True)
out, _ = bad(x)
