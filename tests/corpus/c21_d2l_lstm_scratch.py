# source: pattern of "LSTM from scratch" in d2l-ai/d2l-en, rewritten
# license: MIT-0 (code of d2l-en); rewritten for rnn-tutor
# %%
import torch
num_inputs, num_hiddens = 28, 16
W = {g: torch.randn(num_inputs + num_hiddens, num_hiddens) * 0.01 for g in "ifoc"}
# %%
X = torch.randn(4, 3, num_inputs)
H = torch.zeros(3, num_hiddens)
C = torch.zeros(3, num_hiddens)
for x in X:
    xh = torch.cat((x, H), dim=1)
    I = torch.sigmoid(xh @ W["i"])
    Fg = torch.sigmoid(xh @ W["f"])
    O = torch.sigmoid(xh @ W["o"])
    C_tilde = torch.tanh(xh @ W["c"])
    C = Fg * C + I * C_tilde
    H = O * torch.tanh(C)
