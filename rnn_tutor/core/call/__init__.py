"""The RNN call: one ``nn.RNN/LSTM/GRU(...)`` constructor and its input, read from text with
``ast`` (literals only), and the closed-form shape rules that explain what torch returns.

Owns: ``spec`` (model text -> ModelCall/ModelSpec, InputSpec, binding like torch's own
constructor, one binder per module kind) and ``rules`` (shapes, parameter tables and
torch's errors in closed form). Imports no other room (only ``core.safe_text``); never
torch.
"""
