# source: https://github.com/spro/practical-pytorch/blob/c520c52e68e945d88fff563dba1c028b6ec0197b/char-rnn-classification/model.py
# license: MIT (Copyright (c) 2017 Sean Robertson, spro/practical-pytorch)
# kept: lines 1-3, 5-23 of the original, in order, verbatim
# %%
import torch
import torch.nn as nn
from torch.autograd import Variable
# %%
class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()

        self.hidden_size = hidden_size

        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax()

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.i2o(combined)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return Variable(torch.zeros(1, self.hidden_size))
# %%
# (added for rnn-tutor: the model called once as train.py does: 57 letters, 128 hidden, 18 categories)
rnn = RNN(57, 128, 18)
hidden = rnn.initHidden()
line_tensor = torch.zeros(6, 1, 57)
for i in range(line_tensor.size()[0]):
    output, hidden = rnn(line_tensor[i], hidden)
