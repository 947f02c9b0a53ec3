# source: pattern of LSTMTagger in pytorch/tutorials sequence_models_tutorial.py, rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
EMBEDDING_DIM = 6
HIDDEN_DIM = 6
# %%
class LSTMTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores
# %%
model = LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, 9, 3)
inputs = torch.tensor([0, 1, 2, 3, 4], dtype=torch.long)
tag_scores = model(inputs)
