# source: pattern of Attention in bentrevett/pytorch-seq2seq (3 - Neural Machine Translation by Jointly Learning to Align and Translate), rewritten
# license: MIT (bentrevett/pytorch-seq2seq); rewritten for rnn-tutor
# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
# %%
class Attention(nn.Module):
    def __init__(self, enc_hid_dim, dec_hid_dim):
        super().__init__()
        self.attn = nn.Linear((enc_hid_dim * 2) + dec_hid_dim, dec_hid_dim)
        self.v = nn.Linear(dec_hid_dim, 1, bias = False)

    def forward(self, hidden, encoder_outputs):
        batch_size = encoder_outputs.shape[1]
        src_len = encoder_outputs.shape[0]
        hidden = hidden.unsqueeze(1).repeat(1, src_len, 1)
        encoder_outputs = encoder_outputs.permute(1, 0, 2)
        energy = torch.tanh(self.attn(torch.cat((hidden, encoder_outputs), dim = 2)))
        attention = self.v(energy).squeeze(2)
        return F.softmax(attention, dim=1)
# %%
attn = Attention(64, 64)
a = attn(torch.randn(8, 64), torch.randn(12, 8, 128))
