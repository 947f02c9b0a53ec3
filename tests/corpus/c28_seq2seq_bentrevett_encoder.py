# source: pattern of the Encoder in bentrevett/pytorch-seq2seq (1 - Sequence to Sequence Learning with Neural Networks), rewritten
# license: MIT (bentrevett/pytorch-seq2seq); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, hid_dim, n_layers, dropout):
        super().__init__()
        self.hid_dim = hid_dim
        self.n_layers = n_layers
        self.embedding = nn.Embedding(input_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, dropout = dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, src):
        embedded = self.dropout(self.embedding(src))
        outputs, (hidden, cell) = self.rnn(embedded)
        return hidden, cell
# %%
enc = Encoder(785, 64, 128, 2, 0.5)
src = torch.randint(0, 785, (23, 16))
hidden, cell = enc(src)
