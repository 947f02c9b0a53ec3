"""safety messages (ko): limits, damaged or foreign databases, hostile files, environments."""

MESSAGES: dict[str, str] = {
    "safety.too_large_size": (
        "{name}={value}은(는) 여기서 실행하기에 너무 큽니다: 층의 파라미터가 {limit}개를 "
        "넘습니다. 연습 문제 정도의 크기로도 같은 모양을 확인할 수 있습니다. 예: nn.GRU(10, 20)"
    ),
}
