# source: https://github.com/pytorch/pytorch/blob/cf30153c4c131c8164ee7798e5022d810682e2cb/torch/nn/utils/rnn.py
# license: BSD-3-Clause (PyTorch, Copyright (c) 2016- Facebook, Inc and contributors)
# kept: lines 422-426, 483-495 of the original, in order, verbatim
# doctest: the `>>> `/`... ` prompts and printed outputs of the docstring example are removed
# %%
# (added for rnn-tutor: the imports the docs page assumes)
import torch
from torch import nn
# %%
from torch.nn.utils.rnn import pad_sequence
a = torch.ones(25, 300)
b = torch.ones(22, 300)
c = torch.ones(15, 300)
pad_sequence([a, b, c]).size()
# %%
from torch.nn.utils.rnn import pad_sequence, unpad_sequence
a = torch.ones(25, 300)
b = torch.ones(22, 300)
c = torch.ones(15, 300)
sequences = [a, b, c]
padded_sequences = pad_sequence(sequences)
lengths = torch.as_tensor([v.size(0) for v in sequences])
unpadded_sequences = unpad_sequence(padded_sequences, lengths)
torch.allclose(sequences[0], unpadded_sequences[0])
torch.allclose(sequences[1], unpadded_sequences[1])
torch.allclose(sequences[2], unpadded_sequences[2])
