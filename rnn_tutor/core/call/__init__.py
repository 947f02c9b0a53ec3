"""The RNN call: one ``nn.RNN/LSTM/GRU(...)`` constructor and its input, read from text with
``ast`` (literals only), and the closed-form shape rules that explain what torch returns.

Owns: ``spec`` (model text -> ModelCall/ModelSpec, InputSpec, binding like torch's own
constructor) and ``rules`` (shapes, parameter tables and torch's errors in closed form).
Imports nothing else of the core; never torch.
"""
