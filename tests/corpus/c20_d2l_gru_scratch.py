# source: pattern of "GRU from scratch" in d2l-ai/d2l-en, rewritten
# license: MIT-0 (code of d2l-en); rewritten for rnn-tutor
# %%
import torch
num_inputs, num_hiddens = 28, 32
def three():
    return (torch.randn(num_inputs, num_hiddens) * 0.01,
            torch.randn(num_hiddens, num_hiddens) * 0.01,
            torch.zeros(num_hiddens))
W_xz, W_hz, b_z = three()
W_xr, W_hr, b_r = three()
W_xh, W_hh, b_h = three()
# %%
inputs = torch.randn(5, 2, num_inputs)
H = torch.zeros((2, num_hiddens))
outputs = []
for X in inputs:
    Z = torch.sigmoid(torch.matmul(X, W_xz) + torch.matmul(H, W_hz) + b_z)
    R = torch.sigmoid(torch.matmul(X, W_xr) + torch.matmul(H, W_hr) + b_r)
    H_tilde = torch.tanh(torch.matmul(X, W_xh) + torch.matmul(R * H, W_hh) + b_h)
    H = Z * H + (1 - Z) * H_tilde
    outputs.append(H)
