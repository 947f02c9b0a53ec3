"""feedback messages (ko): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "explain.positional_bias.bidirectional": "nn.{kind}의 네 번째 위치 인자는 bidirectional이 아니라 bias입니다: 그 자리의 True는 bias=True입니다. 여기서 D = 2인 것은 호출 뒤쪽의 bidirectional=True 때문입니다.",
    "spec.error.repeated_keyword": "{name}이(가) 두 번 주어졌습니다. Python은 torch에 닿기 전에 이 호출을 거부합니다(SyntaxError: keyword argument repeated: {name}). 하나만 남기세요.",
    "grade.request.unknown_key": "알 수 없는 요청 키 '{key}': 요청에는 {fields}만 쓸 수 있습니다.",
}
