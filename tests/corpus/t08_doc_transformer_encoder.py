# source: https://github.com/pytorch/pytorch/blob/cf30153c4c131c8164ee7798e5022d810682e2cb/torch/nn/modules/transformer.py
# license: BSD-3-Clause (PyTorch, Copyright (c) 2016- Facebook, Inc and contributors)
# kept: lines 343-346 of the original, in order, verbatim
# doctest: the `>>> `/`... ` prompts and printed outputs of the docstring example are removed
# %%
# (added for rnn-tutor: the imports the docs page assumes)
import torch
from torch import nn
# %%
encoder_layer = nn.TransformerEncoderLayer(d_model=512, nhead=8)
transformer_encoder = nn.TransformerEncoder(encoder_layer, num_layers=6)
src = torch.rand(10, 32, 512)
out = transformer_encoder(src)
