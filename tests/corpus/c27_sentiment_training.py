# source: pattern of the train() function in bentrevett/pytorch-sentiment-analysis, rewritten
# license: MIT (bentrevett/pytorch-sentiment-analysis); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.optim as optim
model = nn.Sequential(nn.Embedding(100, 8), nn.Flatten(), nn.Linear(80, 1))
optimizer = optim.Adam(model.parameters())
criterion = nn.BCEWithLogitsLoss()
# %%
def binary_accuracy(preds, y):
    rounded_preds = torch.round(torch.sigmoid(preds))
    correct = (rounded_preds == y).float()
    acc = correct.sum() / len(correct)
    return acc
# %%
text = torch.randint(0, 100, (16, 10))
label = torch.randint(0, 2, (16,)).float()
optimizer.zero_grad()
predictions = model(text).squeeze(1)
loss = criterion(predictions, label)
acc = binary_accuracy(predictions, label)
loss.backward()
optimizer.step()
