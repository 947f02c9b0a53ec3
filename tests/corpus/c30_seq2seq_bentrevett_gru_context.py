# source: pattern of the context-vector Decoder in bentrevett/pytorch-seq2seq (2 - Learning Phrase Representations), rewritten
# license: MIT (bentrevett/pytorch-seq2seq); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim):
        super().__init__()
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.GRU(emb_dim + hid_dim, hid_dim)
        self.fc_out = nn.Linear(emb_dim + hid_dim * 2, output_dim)

    def forward(self, input, hidden, context):
        input = input.unsqueeze(0)
        embedded = self.embedding(input)
        emb_con = torch.cat((embedded, context), dim = 2)
        output, hidden = self.rnn(emb_con, hidden)
        output = torch.cat((embedded.squeeze(0), hidden.squeeze(0), context.squeeze(0)), dim = 1)
        prediction = self.fc_out(output)
        return prediction, hidden
# %%
dec = Decoder(300, 32, 64)
context = torch.randn(1, 8, 64)
prediction, hidden = dec(torch.randint(0, 300, (8,)), context, context)
