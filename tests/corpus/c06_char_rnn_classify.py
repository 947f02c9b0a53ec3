# source: pattern of "NLP From Scratch: Classifying Names with a Character-Level RNN" (pytorch/tutorials, intermediate_source/char_rnn_classification_tutorial.py), rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
n_letters = 57
n_hidden = 128
n_categories = 18
# %%
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.i2o(combined)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)
# %%
rnn = RNN(n_letters, n_hidden, n_categories)
input = torch.zeros(1, n_letters)
hidden = torch.zeros(1, n_hidden)
output, next_hidden = rnn(input, hidden)
