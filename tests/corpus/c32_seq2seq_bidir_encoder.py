# source: pattern of the bidirectional Encoder in bentrevett/pytorch-seq2seq (3), rewritten
# license: MIT (bentrevett/pytorch-seq2seq); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, enc_hid_dim, dec_hid_dim):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, emb_dim)
        self.rnn = nn.GRU(emb_dim, enc_hid_dim, bidirectional = True)
        self.fc = nn.Linear(enc_hid_dim * 2, dec_hid_dim)

    def forward(self, src):
        embedded = self.embedding(src)
        outputs, hidden = self.rnn(embedded)
        hidden = torch.tanh(self.fc(torch.cat((hidden[-2,:,:], hidden[-1,:,:]), dim = 1)))
        return outputs, hidden
# %%
enc = Encoder(500, 32, 64, 64)
encoder_outputs, hidden = enc(torch.randint(0, 500, (12, 8)))
