# source: pattern of a Korean wikidocs "char RNN" chapter ('apple' -> 'pple!'), rewritten
# license: rewritten for rnn-tutor from the common pattern; no text copied
# %%
import torch
import torch.nn as nn
input_str = 'apple'
label_str = 'pple!'
char_vocab = sorted(list(set(input_str+label_str)))
vocab_size = len(char_vocab)
input_size = vocab_size
hidden_size = 5
output_size = 5
char_to_index = dict((c, i) for i, c in enumerate(char_vocab))
x_data = [char_to_index[c] for c in input_str]
y_data = [char_to_index[c] for c in label_str]
# %%
x_one_hot = [torch.eye(vocab_size)[x].tolist() for x in [x_data]]
X = torch.FloatTensor(x_one_hot)
Y = torch.LongTensor([y_data])
# %%
class Net(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(Net, self).__init__()
        self.rnn = nn.RNN(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size, bias=True)

    def forward(self, x):
        x, _status = self.rnn(x)
        x = self.fc(x)
        return x
# %%
net = Net(input_size, hidden_size, output_size)
outputs = net(X)
loss = nn.CrossEntropyLoss()(outputs.view(-1, input_size), Y.view(-1))
