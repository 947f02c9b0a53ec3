# source: pattern of RNNModel in pytorch/examples word_language_model/model.py, rewritten
# license: BSD-3-Clause (pytorch/examples); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
# %%
class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.5):
        super(RNNModel, self).__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                weight.new_zeros(self.nlayers, bsz, self.nhid))
# %%
model = RNNModel(1000, 200, 200, 2)
hidden = model.init_hidden(20)
data = torch.randint(0, 1000, (35, 20))
output, hidden = model(data, hidden)
