# source: pattern of the simple RNN in bentrevett/pytorch-sentiment-analysis (1 - Simple Sentiment Analysis), rewritten
# license: MIT (bentrevett/pytorch-sentiment-analysis); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class RNN(nn.Module):
    def __init__(self, input_dim, embedding_dim, hidden_dim, output_dim):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, embedding_dim)
        self.rnn = nn.RNN(embedding_dim, hidden_dim)
        self.fc = nn.Linear(hidden_dim, output_dim)

    def forward(self, text):
        embedded = self.embedding(text)
        output, hidden = self.rnn(embedded)
        assert torch.equal(output[-1,:,:], hidden.squeeze(0))
        return self.fc(hidden.squeeze(0))
# %%
model = RNN(2500, 100, 256, 1)
text = torch.randint(0, 2500, (40, 64))
predictions = model(text).squeeze(1)
