# source: https://github.com/spro/practical-pytorch/blob/c520c52e68e945d88fff563dba1c028b6ec0197b/conditional-char-rnn/model.py
# license: MIT (Copyright (c) 2017 Sean Robertson, spro/practical-pytorch)
# kept: lines 1-3, 5-29 of the original, in order, verbatim
# %%
import torch
import torch.nn as nn
from torch.autograd import Variable
# %%
# Creating the Network

class RNN(nn.Module):
    def __init__(self, category_size, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.category_size = category_size
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size
        
        self.i2h = nn.Linear(category_size + input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(category_size + input_size + hidden_size, output_size)
        self.o2o = nn.Linear(hidden_size + output_size, output_size)
        self.softmax = nn.LogSoftmax()
    
    def forward(self, category, input, hidden):
        input_combined = torch.cat((category, input, hidden), 1)
        hidden = self.i2h(input_combined)
        output = self.i2o(input_combined)
        output_combined = torch.cat((hidden, output), 1)
        output = self.o2o(output_combined)
        return output, hidden

    def init_hidden(self):
        return Variable(torch.zeros(1, self.hidden_size))
# %%
# (added for rnn-tutor: the model called once: 18 categories, 59 letters, 128 hidden)
rnn = RNN(18, 59, 128, 59)
hidden = rnn.init_hidden()
category = torch.zeros(1, 18)
input = torch.zeros(1, 59)
output, hidden = rnn(category, input, hidden)
