"""feedback messages (ko): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "exercises.error.skill_level": "'{skill}' 개념은 {first}단계부터 나오므로 {level}단계 문제지에 넣을 수 없습니다. --level {first} 이상을 쓰세요.",
    "ui.stats.on_own.suffix": "; 힌트 없이 맞힘 {count}개",
    "ui.feedback.right_with_hint": "정답입니다 (힌트 1개 사용).",
    "ui.feedback.right_with_hints": "정답입니다 (힌트 {count}개 사용).",
    "ui.stats.recall.just_failed": "지난번 틀림",
    "question.output.packed": "pad_packed_sequence 다음 output.shape?",
    "misconception.bias_per_pair": "편향 벡터는 가중치의 행마다 값이 하나라서 g*H개입니다(LSTM은 g = 4, GRU는 3, RNN은 1). 은닉 유닛 쌍마다 하나인 H*H개가 아닙니다. 편향은 각 유닛의 입력에 더해집니다.",
    "misconception.gate_rows_in_state": "게이트 행(g*H)은 상태가 아니라 가중치의 것입니다. h_n과 c_n은 은닉 유닛마다 값이 하나라서 마지막 축이 H_out입니다(c_n은 hidden_size).",
    "misconception.direction_on_last_axis": "h_n과 c_n은 방향을 첫 번째 축에서 나눠 둡니다: (D*num_layers, N, H_out). 두 방향을 마지막 축에 이어 붙이는 것은 output뿐입니다.",
    "misconception.all_weights_counts_tensors": "all_weights는 층과 방향마다 리스트가 하나씩 있습니다(D*num_layers개). 가중치와 편향 텐서는 그 리스트 안에 있고, len()은 그것들을 세지 않습니다.",
    "misconception.padded_time_is_L": "pad_packed_sequence는 입력의 L이 아니라 가장 긴 실제 길이 max(lengths)까지만 다시 채웁니다.",
    "ui.unrolled.legend.h_n.bidirectional": "h_n = 모든 층의 마지막 시점 (역방향은 시점 0): {shape}",
    "advice.forward_bidirectional": "bidirectional={value}(으)로도 층은 만들어지지만, 순전파가 이 값을 True나 False만 받는 C++ 함수에 넘기므로 오류가 납니다. bidirectional=True(또는 False)로 쓰세요.",
    "advice.forward_num_layers": "num_layers={value}(으)로도 층은 만들어지지만, 순전파에는 정수 층 수가 필요하므로 오류가 납니다. num_layers=1(또는 다른 정수)로 쓰세요.",
    "explain.positional_bias.bidirectional": "nn.{kind}의 네 번째 위치 인자는 bidirectional이 아니라 bias입니다: 그 자리의 True는 bias=True입니다. 여기서 D = 2인 것은 호출 뒤쪽의 bidirectional=True 때문입니다.",
    "spec.error.repeated_keyword": "{name}이(가) 두 번 주어졌습니다. Python은 torch에 닿기 전에 이 호출을 거부합니다(SyntaxError: keyword argument repeated: {name}). 하나만 남기세요.",
    "grade.request.unknown_key": "알 수 없는 요청 키 '{key}': 요청에는 {fields}만 쓸 수 있습니다.",
}
