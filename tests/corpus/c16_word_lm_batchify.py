# source: pattern of batchify/get_batch in pytorch/examples word_language_model/main.py, rewritten
# license: BSD-3-Clause (pytorch/examples); rewritten for rnn-tutor
# %%
import torch
bptt = 35
def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    data = data.view(bsz, -1).t().contiguous()
    return data
# %%
def get_batch(source, i):
    seq_len = min(bptt, len(source) - 1 - i)
    data = source[i:i+seq_len]
    target = source[i+1:i+1+seq_len].view(-1)
    return data, target
# %%
train_data = batchify(torch.randint(0, 1000, (2000,)), 20)
data, targets = get_batch(train_data, 0)
