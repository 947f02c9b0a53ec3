# source: pattern of BahdanauAttention in pytorch/tutorials seq2seq_translation_tutorial.py, rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
# %%
class BahdanauAttention(nn.Module):
    def __init__(self, hidden_size):
        super(BahdanauAttention, self).__init__()
        self.Wa = nn.Linear(hidden_size, hidden_size)
        self.Ua = nn.Linear(hidden_size, hidden_size)
        self.Va = nn.Linear(hidden_size, 1)

    def forward(self, query, keys):
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys)))
        scores = scores.squeeze(2).unsqueeze(1)
        weights = F.softmax(scores, dim=-1)
        context = torch.bmm(weights, keys)
        return context, weights
# %%
attention = BahdanauAttention(128)
query = torch.randn(32, 1, 128)
keys = torch.randn(32, 10, 128)
context, attn_weights = attention(query, keys)
