# source: https://github.com/spro/practical-pytorch/blob/c520c52e68e945d88fff563dba1c028b6ec0197b/char-rnn-classification/char-rnn-classification.ipynb
# license: MIT (Copyright (c) 2017 Sean Robertson, spro/practical-pytorch)
# kept: code cells 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 of the original, in order, verbatim
# edits: `n_epochs = 100000` -> `n_epochs = 3`
# trimmed: the file-reading cells 0 and 2 are replaced by a cell of the same form; the plot, confusion and predict cells (17-19) are left out. The last cell fails in plain Python as in today's torch: `loss.data[0]` of a 0-dim tensor (the notebook predates torch 0.4)
# %%
import unicodedata
import string

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)

# Turn a Unicode string to plain ASCII, thanks to http://stackoverflow.com/a/518232/2809427
def unicode_to_ascii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in all_letters
    )

print(unicode_to_ascii('Ślusàrski'))
# %%
# (added for rnn-tutor: data/names/*.txt replaced by two names for each of the 18 languages)
category_lines = {'Arabic': ['Khoury', 'Nahas'], 'Chinese': ['Ang', 'Bai'], 'Czech': ['Abl', 'Adsit'], 'Dutch': ['Aalsburg', 'Aalst'],
    'English': ['Abbas', 'Abbey'], 'French': ['Abel', 'Abraham'], 'German': ['Abbing', 'Abel'], 'Greek': ['Adamidis', 'Adamou'],
    'Irish': ['Adam', 'Ahearn'], 'Italian': ['Abandonato', 'Abatangelo'], 'Japanese': ['Abe', 'Abukara'], 'Korean': ['Ahn', 'Baik'],
    'Polish': ['Adamczak', 'Adamczyk'], 'Portuguese': ['Abreu', 'Albuquerque'], 'Russian': ['Ababko', 'Abaev'], 'Scottish': ['Smith', 'Brown'],
    'Spanish': ['Abana', 'Abasolo'], 'Vietnamese': ['Nguyen', 'Tron']}
all_categories = list(category_lines)
n_categories = len(all_categories)
# %%
print(category_lines['Italian'][:5])
# %%
import torch

# Just for demonstration, turn a letter into a <1 x n_letters> Tensor
def letter_to_tensor(letter):
    tensor = torch.zeros(1, n_letters)
    letter_index = all_letters.find(letter)
    tensor[0][letter_index] = 1
    return tensor

# Turn a line into a <line_length x 1 x n_letters>,
# or an array of one-hot letter vectors
def line_to_tensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        letter_index = all_letters.find(letter)
        tensor[li][0][letter_index] = 1
    return tensor
# %%
print(letter_to_tensor('J'))
# %%
print(line_to_tensor('Jones').size())
# %%
import torch.nn as nn
from torch.autograd import Variable

class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size
        
        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax()
    
    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.i2o(combined)
        output = self.softmax(output)
        return output, hidden

    def init_hidden(self):
        return Variable(torch.zeros(1, self.hidden_size))
# %%
n_hidden = 128
rnn = RNN(n_letters, n_hidden, n_categories)
# %%
input = Variable(letter_to_tensor('A'))
hidden = rnn.init_hidden()

output, next_hidden = rnn(input, hidden)
print('output.size =', output.size())
# %%
input = Variable(line_to_tensor('Albert'))
hidden = Variable(torch.zeros(1, n_hidden))

output, next_hidden = rnn(input[0], hidden)
print(output)
# %%
def category_from_output(output):
    top_n, top_i = output.data.topk(1) # Tensor out of Variable with .data
    category_i = top_i[0][0]
    return all_categories[category_i], category_i

print(category_from_output(output))
# %%
import random

def random_training_pair():                                                                                                               
    category = random.choice(all_categories)
    line = random.choice(category_lines[category])
    category_tensor = Variable(torch.LongTensor([all_categories.index(category)]))
    line_tensor = Variable(line_to_tensor(line))
    return category, line, category_tensor, line_tensor

for i in range(10):
    category, line, category_tensor, line_tensor = random_training_pair()
    print('category =', category, '/ line =', line)
# %%
criterion = nn.NLLLoss()
# %%
learning_rate = 0.005 # If you set this too high, it might explode. If too low, it might not learn
optimizer = torch.optim.SGD(rnn.parameters(), lr=learning_rate)
# %%
def train(category_tensor, line_tensor):
    rnn.zero_grad()
    hidden = rnn.init_hidden()
    
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)

    loss = criterion(output, category_tensor)
    loss.backward()

    optimizer.step()

    return output, loss.data[0]
# %%
import time
import math

n_epochs = 3
print_every = 5000
plot_every = 1000

# Keep track of losses for plotting
current_loss = 0
all_losses = []

def time_since(since):
    now = time.time()
    s = now - since
    m = math.floor(s / 60)
    s -= m * 60
    return '%dm %ds' % (m, s)

start = time.time()

for epoch in range(1, n_epochs + 1):
    # Get a random training input and target
    category, line, category_tensor, line_tensor = random_training_pair()
    output, loss = train(category_tensor, line_tensor)
    current_loss += loss
    
    # Print epoch number, loss, name and guess
    if epoch % print_every == 0:
        guess, guess_i = category_from_output(output)
        correct = '✓' if guess == category else '✗ (%s)' % category
        print('%d %d%% (%s) %.4f %s / %s %s' % (epoch, epoch / n_epochs * 100, time_since(start), loss, line, guess, correct))

    # Add current loss avg to list of losses
    if epoch % plot_every == 0:
        all_losses.append(current_loss / plot_every)
        current_loss = 0
