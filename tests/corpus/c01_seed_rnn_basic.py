# source: /work/shared/seed/000_d28419c060cd59fd.txt (a learner's notebook, cells 2 and 11), trimmed
# license: the learner's notebook given to the project for testing
# %%
import torch
import torch.nn as nn
# %%
HIDDEN_SIZE = 1
NUM_LAYERS = 1
BATCH_SIZE = 1
input = torch.randn(1, 3, 10)
h0 = torch.randn(NUM_LAYERS, BATCH_SIZE, HIDDEN_SIZE)
rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)
output, hn = rnn(input, h0)
# %%
print(f'SHAPE ; {output.shape}  DIM : {output.ndim}D')
