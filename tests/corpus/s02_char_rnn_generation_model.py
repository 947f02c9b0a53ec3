# source: https://github.com/spro/practical-pytorch/blob/c520c52e68e945d88fff563dba1c028b6ec0197b/char-rnn-generation/model.py
# license: MIT (Copyright (c) 2017 Sean Robertson, spro/practical-pytorch)
# kept: lines 3-5, 7-26 of the original, in order, verbatim
# %%
import torch
import torch.nn as nn
from torch.autograd import Variable
# %%
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, n_layers=1):
        super(RNN, self).__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size
        self.n_layers = n_layers

        self.encoder = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers)
        self.decoder = nn.Linear(hidden_size, output_size)

    def forward(self, input, hidden):
        input = self.encoder(input.view(1, -1))
        output, hidden = self.gru(input.view(1, 1, -1), hidden)
        output = self.decoder(output.view(1, -1))
        return output, hidden

    def init_hidden(self):
        return Variable(torch.zeros(self.n_layers, 1, self.hidden_size))
# %%
# (added for rnn-tutor: the model called over one chunk as train.py does: 100 printable characters, 100 hidden, chunk of 200)
decoder = RNN(100, 100, 100, 1)
hidden = decoder.init_hidden()
inp = torch.randint(0, 100, (200,))
for c in range(200):
    output, hidden = decoder(inp[c], hidden)
