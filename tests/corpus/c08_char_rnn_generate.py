# source: pattern of "Generating Names with a Character-Level RNN" (pytorch/tutorials, intermediate_source/char_rnn_generation_tutorial.py), rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
n_categories = 18
n_letters = 59
# %%
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(n_categories + input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(n_categories + input_size + hidden_size, output_size)
        self.o2o = nn.Linear(hidden_size + output_size, output_size)
        self.dropout = nn.Dropout(0.1)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, category, input, hidden):
        input_combined = torch.cat((category, input, hidden), 1)
        hidden = self.i2h(input_combined)
        output = self.i2o(input_combined)
        output_combined = torch.cat((hidden, output), 1)
        output = self.o2o(output_combined)
        output = self.dropout(output)
        output = self.softmax(output)
        return output, hidden
# %%
rnn = RNN(n_letters, 128, n_letters)
category = torch.zeros(1, n_categories)
hidden = torch.zeros(1, 128)
input_line = torch.zeros(4, 1, n_letters)
for i in range(input_line.size(0)):
    output, hidden = rnn(category, input_line[i], hidden)
