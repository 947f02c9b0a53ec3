"""feedback messages (ko): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "ui.unrolled.legend.h_n.bidirectional": "h_n = 모든 층의 마지막 시점 (역방향은 시점 0): {shape}",
    "advice.forward_bidirectional": "bidirectional={value}로도 층은 만들어지지만, 순전파가 이 값을 True나 False만 받는 C++ 함수에 넘기므로 오류가 납니다. bidirectional=True(또는 False)로 쓰세요.",
    "advice.forward_num_layers": "num_layers={value}로도 층은 만들어지지만, 순전파에는 정수 층 수가 필요하므로 오류가 납니다. num_layers=1(또는 다른 정수)로 쓰세요.",
    "explain.positional_bias.bidirectional": "nn.{kind}의 네 번째 위치 인자는 bidirectional이 아니라 bias입니다: 그 자리의 True는 bias=True입니다. 여기서 D = 2인 것은 호출 뒤쪽의 bidirectional=True 때문입니다.",
    "spec.error.repeated_keyword": "{name}이(가) 두 번 주어졌습니다. Python은 torch에 닿기 전에 이 호출을 거부합니다(SyntaxError: keyword argument repeated: {name}). 하나만 남기세요.",
    "grade.request.unknown_key": "알 수 없는 요청 키 '{key}': 요청에는 {fields}만 쓸 수 있습니다.",
}
