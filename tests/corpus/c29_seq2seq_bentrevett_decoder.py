# source: pattern of the Decoder in bentrevett/pytorch-seq2seq (1 - Sequence to Sequence Learning), rewritten
# license: MIT (bentrevett/pytorch-seq2seq); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, n_layers, dropout):
        super().__init__()
        self.output_dim = output_dim
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, dropout = dropout)
        self.fc_out = nn.Linear(hid_dim, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, input, hidden, cell):
        input = input.unsqueeze(0)
        embedded = self.dropout(self.embedding(input))
        output, (hidden, cell) = self.rnn(embedded, (hidden, cell))
        prediction = self.fc_out(output.squeeze(0))
        return prediction, hidden, cell
# %%
dec = Decoder(593, 64, 128, 2, 0.5)
hidden = torch.zeros(2, 16, 128)
cell = torch.zeros(2, 16, 128)
trg = torch.randint(0, 593, (20, 16))
outputs = torch.zeros(20, 16, 593)
input = trg[0,:]
for t in range(1, 20):
    output, hidden, cell = dec(input, hidden, cell)
    outputs[t] = output
    top1 = output.argmax(1)
    input = trg[t] if t % 2 == 0 else top1
