# source: pattern of Seq2SeqDecoder in d2l-ai/d2l-en, rewritten
# license: MIT-0 (code of d2l-en); rewritten for rnn-tutor
# %%
import torch
from torch import nn
vocab_size, embed_size, num_hiddens, num_layers = 10, 8, 16, 2
# %%
class Seq2SeqDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def forward(self, X, state):
        embs = self.embedding(X.t().type(torch.int32))
        enc_output, hidden_state = state
        context = enc_output[-1]
        context = context.repeat(embs.shape[0], 1, 1)
        embs_and_context = torch.cat((embs, context), -1)
        outputs, hidden_state = self.rnn(embs_and_context, hidden_state)
        outputs = self.dense(outputs).swapaxes(0, 1)
        return outputs, [enc_output, hidden_state]
# %%
decoder = Seq2SeqDecoder()
state = [torch.randn(9, 4, num_hiddens), torch.randn(num_layers, 4, num_hiddens)]
dec_outputs, state = decoder(torch.zeros((4, 9), dtype=torch.long), state)
