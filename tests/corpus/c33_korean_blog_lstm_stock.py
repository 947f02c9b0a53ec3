# source: pattern of a Korean blog's "LSTM 주가 예측" tutorial (many-to-one with output[:, -1]), rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
seq_length = 7
data_dim = 5
hidden_dim = 10
output_dim = 1
# %%
class Net(nn.Module):
    def __init__(self, input_dim, hidden_dim, seq_len, output_dim, layers):
        super(Net, self).__init__()
        self.hidden_dim = hidden_dim
        self.seq_len = seq_len
        self.lstm = nn.LSTM(input_dim, hidden_dim, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, output_dim, bias=True)

    def forward(self, x):
        x, _status = self.lstm(x)
        x = self.fc(x[:, -1])
        return x
# %%
net = Net(data_dim, hidden_dim, seq_length, output_dim, 1)
trainX = torch.randn(100, seq_length, data_dim)
out = net(trainX)
