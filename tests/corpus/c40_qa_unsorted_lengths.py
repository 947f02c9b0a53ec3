# source: pattern of a common Q&A question: unsorted lengths given to pack_padded_sequence (fix: enforce_sorted=False), rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
x = torch.randn(4, 6, 3)
lengths = torch.tensor([3, 6, 2, 5])
rnn = nn.GRU(3, 8, batch_first=True)
# %%
packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
out, h = rnn(packed)
padded, out_lengths = pad_packed_sequence(out, batch_first=True)
# %%
packed = pack_padded_sequence(x, lengths, batch_first=True)
