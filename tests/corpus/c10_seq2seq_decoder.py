# source: pattern of DecoderRNN in pytorch/tutorials seq2seq_translation_tutorial.py, rewritten
# license: BSD-3-Clause (pytorch/tutorials); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
MAX_LENGTH = 10
SOS_token = 0
# %%
class DecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size):
        super(DecoderRNN, self).__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)

    def forward_step(self, input, hidden):
        output = self.embedding(input)
        output = F.relu(output)
        output, hidden = self.gru(output, hidden)
        output = self.out(output)
        return output, hidden
# %%
decoder = DecoderRNN(128, 2803)
encoder_hidden = torch.randn(1, 32, 128)
decoder_input = torch.zeros(32, 1, dtype=torch.long)
decoder_hidden = encoder_hidden
decoder_outputs = []
for i in range(MAX_LENGTH):
    decoder_output, decoder_hidden = decoder.forward_step(decoder_input, decoder_hidden)
    decoder_outputs.append(decoder_output)
    decoder_input = torch.randint(0, 2803, (32, 1))
decoder_outputs = torch.cat(decoder_outputs, dim=1)
decoder_outputs = F.log_softmax(decoder_outputs, dim=-1)
