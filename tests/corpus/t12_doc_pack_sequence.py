# source: https://github.com/pytorch/pytorch/blob/cf30153c4c131c8164ee7798e5022d810682e2cb/torch/nn/utils/rnn.py
# license: BSD-3-Clause (PyTorch, Copyright (c) 2016- Facebook, Inc and contributors)
# kept: lines 539-543, 567-578 of the original, in order, verbatim
# doctest: the `>>> `/`... ` prompts and printed outputs of the docstring example are removed
# %%
# (added for rnn-tutor: the imports the docs page assumes)
import torch
from torch import nn
# %%
from torch.nn.utils.rnn import pack_sequence
a = torch.tensor([1, 2, 3])
b = torch.tensor([4, 5])
c = torch.tensor([6])
pack_sequence([a, b, c])
# %%
from torch.nn.utils.rnn import pack_sequence, unpack_sequence
a = torch.tensor([1, 2, 3])
b = torch.tensor([4, 5])
c = torch.tensor([6])
sequences = [a, b, c]
print(sequences)
packed_sequences = pack_sequence(sequences)
print(packed_sequences)
unpacked_sequences = unpack_sequence(packed_sequences)
print(unpacked_sequences)
