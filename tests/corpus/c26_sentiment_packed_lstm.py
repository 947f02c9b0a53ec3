# source: pattern of the upgraded LSTM in bentrevett/pytorch-sentiment-analysis (2 - Upgraded Sentiment Analysis), rewritten
# license: MIT (bentrevett/pytorch-sentiment-analysis); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class RNN(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, output_dim, n_layers, bidirectional, dropout, pad_idx):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx = pad_idx)
        self.rnn = nn.LSTM(embedding_dim, hidden_dim, num_layers=n_layers, bidirectional=bidirectional, dropout=dropout)
        self.fc = nn.Linear(hidden_dim * 2, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, text, text_lengths):
        embedded = self.dropout(self.embedding(text))
        packed_embedded = nn.utils.rnn.pack_padded_sequence(embedded, text_lengths)
        packed_output, (hidden, cell) = self.rnn(packed_embedded)
        output, output_lengths = nn.utils.rnn.pad_packed_sequence(packed_output)
        hidden = self.dropout(torch.cat((hidden[-2,:,:], hidden[-1,:,:]), dim = 1))
        return self.fc(hidden)
# %%
model = RNN(2500, 100, 256, 1, 2, True, 0.5, 1)
text = torch.randint(0, 2500, (30, 8))
text_lengths = torch.tensor([30, 28, 25, 20, 17, 12, 9, 3])
predictions = model(text, text_lengths)
