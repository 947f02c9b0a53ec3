# source: pattern of the line-tensor loop in pytorch/tutorials char_rnn_classification_tutorial.py, rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
line_tensor = torch.zeros(5, 1, 57)
# %%
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)
        return output
# %%
rnn = RNN(57, 128, 18)
output = rnn(line_tensor)
