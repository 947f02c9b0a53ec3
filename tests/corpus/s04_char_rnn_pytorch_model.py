# source: https://github.com/spro/char-rnn.pytorch/blob/282bcb6b15ab3929d6a588b455cfc0f19f32add4/model.py
# license: MIT (Copyright (c) 2017 Sean Robertson, spro/char-rnn.pytorch)
# kept: lines 3-5, 7-40 of the original, in order, verbatim
# %%
import torch
import torch.nn as nn
from torch.autograd import Variable
# %%
class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, model="gru", n_layers=1):
        super(CharRNN, self).__init__()
        self.model = model.lower()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size
        self.n_layers = n_layers

        self.encoder = nn.Embedding(input_size, hidden_size)
        if self.model == "gru":
            self.rnn = nn.GRU(hidden_size, hidden_size, n_layers)
        elif self.model == "lstm":
            self.rnn = nn.LSTM(hidden_size, hidden_size, n_layers)
        self.decoder = nn.Linear(hidden_size, output_size)

    def forward(self, input, hidden):
        batch_size = input.size(0)
        encoded = self.encoder(input)
        output, hidden = self.rnn(encoded.view(1, batch_size, -1), hidden)
        output = self.decoder(output.view(batch_size, -1))
        return output, hidden

    def forward2(self, input, hidden):
        encoded = self.encoder(input.view(1, -1))
        output, hidden = self.rnn(encoded.view(1, 1, -1), hidden)
        output = self.decoder(output.view(1, -1))
        return output, hidden

    def init_hidden(self, batch_size):
        if self.model == "lstm":
            return (Variable(torch.zeros(self.n_layers, batch_size, self.hidden_size)),
                    Variable(torch.zeros(self.n_layers, batch_size, self.hidden_size)))
        return Variable(torch.zeros(self.n_layers, batch_size, self.hidden_size))
# %%
# (added for rnn-tutor: the model called as train.py does with its defaults (gru, hidden 100, 2 layers, batch 100, chunk 200) and 100 printable characters)
decoder = CharRNN(100, 100, 100, model='gru', n_layers=2)
hidden = decoder.init_hidden(100)
inp = torch.randint(0, 100, (100, 200))
for c in range(200):
    output, hidden = decoder(inp[:,c], hidden)
lstm = CharRNN(100, 100, 100, model='lstm', n_layers=2)
output, hidden = lstm(inp[:, 0], lstm.init_hidden(100))
