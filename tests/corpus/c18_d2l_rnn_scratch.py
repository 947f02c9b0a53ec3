# source: pattern of "RNN from scratch" in the d2l.ai textbook (d2l-ai/d2l-en, chapter_recurrent-neural-networks/rnn-scratch), rewritten
# license: MIT-0 (code of d2l-en); rewritten for rnn-tutor
# %%
import torch
num_inputs, num_hiddens, batch_size, num_steps = 28, 32, 2, 5
W_xh = torch.randn(num_inputs, num_hiddens) * 0.01
W_hh = torch.randn(num_hiddens, num_hiddens) * 0.01
b_h = torch.zeros(num_hiddens)
# %%
def rnn_forward(inputs, state=None):
    if state is None:
        state = torch.zeros((inputs.shape[1], num_hiddens))
    outputs = []
    for X in inputs:
        state = torch.tanh(torch.matmul(X, W_xh) + torch.matmul(state, W_hh) + b_h)
        outputs.append(state)
    return outputs, state
# %%
X = torch.ones((num_steps, batch_size, num_inputs))
outputs, state = rnn_forward(X)
Y = torch.stack(outputs, 0)
