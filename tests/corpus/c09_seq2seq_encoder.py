# source: pattern of EncoderRNN in "NLP From Scratch: Translation with a Sequence to Sequence Network" (pytorch/tutorials, intermediate_source/seq2seq_translation_tutorial.py), rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
# %%
class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size, dropout_p=0.1):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout_p)

    def forward(self, input):
        embedded = self.dropout(self.embedding(input))
        output, hidden = self.gru(embedded)
        return output, hidden
# %%
encoder = EncoderRNN(4345, 128)
input_tensor = torch.randint(0, 4345, (32, 10))
encoder_outputs, encoder_hidden = encoder(input_tensor)
