# source: pattern of the training loop in pytorch/tutorials sequence_models_tutorial.py, rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.optim as optim
# %%
model = nn.Sequential(nn.Embedding(9, 6), nn.Linear(6, 3), nn.LogSoftmax(dim=1))
loss_function = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)
sentence = torch.tensor([0, 1, 2, 3, 4])
targets = torch.tensor([0, 1, 2, 0, 1])
# %%
for epoch in range(3):
    model.zero_grad()
    tag_scores = model(sentence)
    loss = loss_function(tag_scores, targets)
    loss.backward()
    optimizer.step()
