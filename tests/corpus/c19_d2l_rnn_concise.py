# source: pattern of "Concise implementation of RNNs" in d2l-ai/d2l-en, rewritten
# license: MIT-0 (code of d2l-en); rewritten for rnn-tutor
# %%
import torch
from torch import nn
from torch.nn import functional as F
num_hiddens = 256
vocab_size = 28
rnn_layer = nn.RNN(vocab_size, num_hiddens)
state = torch.zeros((1, 32, num_hiddens))
# %%
X = torch.rand(size=(35, 32, vocab_size))
Y, state_new = rnn_layer(X, state)
# %%
inputs = torch.randint(0, vocab_size, (32, 35))
X = F.one_hot(inputs.T.long(), vocab_size)
X = X.to(torch.float32)
Y, state = rnn_layer(X, state)
output = nn.Linear(num_hiddens, vocab_size)(Y.reshape((-1, Y.shape[-1])))
