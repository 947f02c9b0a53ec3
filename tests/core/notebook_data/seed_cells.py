# %% In [2]
import torch
import torch.nn as nn

# %% In [11]
HIDDEN_SIZE = 1
NUM_LAYERS = 1
SEQ_LENGTH = 3
BATCH_SIZE = 1

# 데이터 및 초기 hidden state
input = torch.randn(1, 3, 10)  # 입력데이터(배치크기, 시퀀스길이, 피처길이)

# 첫번째 hidden state 초기값
h0 = torch.randn(NUM_LAYERS, BATCH_SIZE, HIDDEN_SIZE)  # 히든 초기값(양방향*층수, 배치크기, 히든개수)

# RNN 인스턴스 생성
rnn = nn.RNN(10, HIDDEN_SIZE, NUM_LAYERS, batch_first = True)

# RNN 출력
output, hn = rnn(input, h0)

# %% In [18]
print(f'RNN 출력 - input\n-SHAPE ; {input.shape}  DIM : {input.ndim}D')
print(output)

# %% In [19]
print(f'RNN 출력 - output\n- SHAPE ; {output.shape}  DIM : {output.ndim}D')

# %% In [23]
print(f'RNN 출력 - hidden state\n- SHAPE : {hn.shape}  DIM : {hn.ndim}D')

# %% In [20]
print('[RNN parameters]')
for name, param in rnn.named_parameters():
    print(f'---------[{name}] \n{param}]') 
# 같은 층에 있는 HS끼리 상호작용해서 절편 계산 ex) HIDDEN_SIZE = 3 : bias 수 = 9

# %% In [22]
# rnn 모델의 속성 출력
print(f'[all_weights] : {len(rnn.all_weights)}')
print(rnn.all_weights)

# %% In [7]
# 설계 : 다층 RNN, 층 2개

# 입력 초기 텐서 2개
input = torch.randn(1, 4, 10)  # (배치크기, 시퀀스(문장의 단어 수), 피처수(단어 표현 벡터 길이))
h0 = torch.randn(1, 1, 5)      # (양방향*층수, 배치크기, 은닉상태 사이즈) => 은닉상태 초기화
    
# RNN 인스턴스
rnn = nn.RNN(10, 5, 1, batch_first = True)

# 출력 텐서 2개
output, hn = rnn(input, h0)

# %% In [8]
from torchinfo import summary
summary(rnn)

# %% In [9]
# RNN 모델의 속성 출력
print(f'[all_weight] - {len(rnn.all_weights)}개')
print(rnn.all_weights) 

# %% In [10]
# RNN 출력 텐서 output
output.shape, output.ndim, output
