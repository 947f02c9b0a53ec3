# source: https://github.com/yunjey/pytorch-tutorial/blob/0500d3df5a2a8080ccfccbc00aca0eacc21818db/tutorials/02-intermediate/language_model/main.py
# license: MIT (Copyright (c) 2017 yunjey, yunjey/pytorch-tutorial)
# kept: lines 3-6, 10-11, 13-21, 30-52, 54-56, 58-60, 62-87 of the original, in order, verbatim
# edits: `num_epochs = 5` -> `num_epochs = 1`
# trimmed: data_utils.Corpus (lines 7, 23-27) replaced by random ids; the sampling to sample.txt and checkpoint save (89-120) are left out
# %%
import torch
import torch.nn as nn
import numpy as np
from torch.nn.utils import clip_grad_norm_
# %%
# Device configuration
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
# %%
# Hyper-parameters
embed_size = 128
hidden_size = 1024
num_layers = 1
num_epochs = 1
num_samples = 1000     # number of words to be sampled
batch_size = 20
seq_length = 30
learning_rate = 0.002
# %%
# (added for rnn-tutor: the Penn Treebank corpus replaced by random ids: 10000 words, 1 step of 30)
ids = torch.randint(0, 10000, (batch_size, 31))
vocab_size = 10000
num_batches = ids.size(1) // seq_length
# %%
# RNN based language model
class RNNLM(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, num_layers):
        super(RNNLM, self).__init__()
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.lstm = nn.LSTM(embed_size, hidden_size, num_layers, batch_first=True)
        self.linear = nn.Linear(hidden_size, vocab_size)
        
    def forward(self, x, h):
        # Embed word ids to vectors
        x = self.embed(x)
        
        # Forward propagate LSTM
        out, (h, c) = self.lstm(x, h)
        
        # Reshape output to (batch_size*sequence_length, hidden_size)
        out = out.reshape(out.size(0)*out.size(1), out.size(2))
        
        # Decode hidden states of all time steps
        out = self.linear(out)
        return out, (h, c)

model = RNNLM(vocab_size, embed_size, hidden_size, num_layers).to(device)
# %%
# Loss and optimizer
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
# %%
# Truncated backpropagation
def detach(states):
    return [state.detach() for state in states]
# %%
# Train the model
for epoch in range(num_epochs):
    # Set initial hidden and cell states
    states = (torch.zeros(num_layers, batch_size, hidden_size).to(device),
              torch.zeros(num_layers, batch_size, hidden_size).to(device))
    
    for i in range(0, ids.size(1) - seq_length, seq_length):
        # Get mini-batch inputs and targets
        inputs = ids[:, i:i+seq_length].to(device)
        targets = ids[:, (i+1):(i+1)+seq_length].to(device)
        
        # Forward pass
        states = detach(states)
        outputs, states = model(inputs, states)
        loss = criterion(outputs, targets.reshape(-1))
        
        # Backward and optimize
        optimizer.zero_grad()
        loss.backward()
        clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()

        step = (i+1) // seq_length
        if step % 100 == 0:
            print ('Epoch [{}/{}], Step[{}/{}], Loss: {:.4f}, Perplexity: {:5.2f}'
                   .format(epoch+1, num_epochs, step, num_batches, loss.item(), np.exp(loss.item())))
