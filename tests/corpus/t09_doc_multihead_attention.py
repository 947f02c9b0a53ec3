# source: https://github.com/pytorch/pytorch/blob/cf30153c4c131c8164ee7798e5022d810682e2cb/torch/nn/modules/activation.py
# license: BSD-3-Clause (PyTorch, Copyright (c) 2016- Facebook, Inc and contributors)
# kept: lines 1149-1151 of the original, in order, verbatim
# doctest: the `>>> `/`... ` prompts and printed outputs of the docstring example are removed
# %%
# (added for rnn-tutor: the imports the docs page assumes)
import torch
from torch import nn
# %%
# (added for rnn-tutor: sizes for the names the example leaves free: (L, N, E) query, key and value)
embed_dim, num_heads = 256, 8
query = torch.rand(10, 32, embed_dim)
key = torch.rand(20, 32, embed_dim)
value = torch.rand(20, 32, embed_dim)
# %%
multihead_attn = nn.MultiheadAttention(embed_dim, num_heads)
attn_output, attn_output_weights = multihead_attn(query, key, value)
