# source: https://github.com/pytorch/examples/blob/77f55b912142e11fcfdf5b530231fb9c52f181e8/legacy/snli/model.py
# source: https://github.com/pytorch/examples/blob/77f55b912142e11fcfdf5b530231fb9c52f181e8/legacy/snli/train.py
# license: BSD-3-Clause (Copyright (c) 2017, Pytorch contributors, pytorch/examples)
# kept: lines 1-2, 5-16, 19-35, 38-76, train.py 43-50, train.py 55-55 of the original, in order, verbatim
# edits: `config.n_embed = len(inputs.vocab)` -> `config.n_embed = 36000`; `config.d_out = len(answers.vocab)` -> `config.d_out = 4`; `model = SNLIClassifier(config)` -> `model = SNLIClassifier(config)`
# trimmed: the SNLIClassifier is built as train.py builds it (its lines 43-50, 55), on a config of util.py's defaults; data loading is replaced
# %%
import torch
import torch.nn as nn
# %%
class Bottle(nn.Module):

    def forward(self, input):
        if len(input.size()) <= 2:
            return super(Bottle, self).forward(input)
        size = input.size()[:2]
        out = super(Bottle, self).forward(input.view(size[0]*size[1], -1))
        return out.view(size[0], size[1], -1)


class Linear(Bottle, nn.Linear):
    pass
# %%
class Encoder(nn.Module):

    def __init__(self, config):
        super(Encoder, self).__init__()
        self.config = config
        input_size = config.d_proj if config.projection else config.d_embed
        dropout = 0 if config.n_layers == 1 else config.dp_ratio
        self.rnn = nn.LSTM(input_size=input_size, hidden_size=config.d_hidden,
                        num_layers=config.n_layers, dropout=dropout,
                        bidirectional=config.birnn)

    def forward(self, inputs):
        batch_size = inputs.size()[1]
        state_shape = self.config.n_cells, batch_size, self.config.d_hidden
        h0 = c0 = inputs.new_zeros(state_shape)
        outputs, (ht, ct) = self.rnn(inputs, (h0, c0))
        return ht[-1] if not self.config.birnn else ht[-2:].transpose(0, 1).contiguous().view(batch_size, -1)
# %%
class SNLIClassifier(nn.Module):

    def __init__(self, config):
        super(SNLIClassifier, self).__init__()
        self.config = config
        self.embed = nn.Embedding(config.n_embed, config.d_embed)
        self.projection = Linear(config.d_embed, config.d_proj)
        self.encoder = Encoder(config)
        self.dropout = nn.Dropout(p=config.dp_ratio)
        self.relu = nn.ReLU()
        seq_in_size = 2*config.d_hidden
        if self.config.birnn:
            seq_in_size *= 2
        lin_config = [seq_in_size]*2
        self.out = nn.Sequential(
            Linear(*lin_config),
            self.relu,
            self.dropout,
            Linear(*lin_config),
            self.relu,
            self.dropout,
            Linear(*lin_config),
            self.relu,
            self.dropout,
            Linear(seq_in_size, config.d_out))

    def forward(self, batch):
        prem_embed = self.embed(batch.premise)
        hypo_embed = self.embed(batch.hypothesis)
        if self.config.fix_emb:
            prem_embed = prem_embed.detach()
            hypo_embed = hypo_embed.detach()
        if self.config.projection:
            prem_embed = self.relu(self.projection(prem_embed))
            hypo_embed = self.relu(self.projection(hypo_embed))
        premise = self.encoder(prem_embed)
        hypothesis = self.encoder(hypo_embed)
        scores = self.out(torch.cat([premise, hypothesis], 1))
        return scores
# %%
# (added for rnn-tutor: util.get_args()'s defaults as a config object, SNLI's vocabulary (about 36000 words, 4 answers) and one batch of 128 pairs of 12 and 8 tokens)
class Config:
    d_embed = 100
    d_proj = 300
    d_hidden = 300
    n_layers = 1
    dp_ratio = 0.2
    birnn = True
    projection = True
    fix_emb = True
class Batch:
    premise = torch.randint(0, 36000, (12, 128))
    hypothesis = torch.randint(0, 36000, (8, 128))
args = Config()
batch = Batch()
# %%
config = args
config.n_embed = 36000
config.d_out = 4
config.n_cells = config.n_layers

# double the number of cells for bidirectional networks
if config.birnn:
    config.n_cells *= 2
# %%
model = SNLIClassifier(config)
# %%
# (added for rnn-tutor: the classifier called on the batch as train.py does)
answer = model(batch)
