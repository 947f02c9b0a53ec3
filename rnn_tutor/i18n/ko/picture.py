"""picture messages (ko): 셀 연습의 펼친 그림과 슬라이스가 읽는 칸."""

MESSAGES: dict[str, str] = {
    "ui.picture.row.sequence": "{sequence} ({length})",
    "ui.picture.row.sequence.reverse": "{sequence} 역방향",
    "ui.picture.legend.right": "{expression}: 이 식이 읽는 칸",
    "ui.picture.legend.yours": "내 답 {expression}: 이 식이 읽는 칸",
    "ui.picture.legend.padding": "패딩: pad_packed_sequence가 채운 0 (그 시퀀스의 실제 시점이 아님)",
    "ui.picture.legend.padded": "padded = 모든 시점의 마지막 층, 길이 뒤는 0: {shape}",
    "ui.picture.legend.output": "{name} = 모든 시점의 마지막 층: {shape}",
    "ui.picture.steps": "t",
    "ui.picture.legend.rows": "줄: 배치의 각 시퀀스, 괄호 안은 그 길이",
    "ui.picture.legend.last_real": "h_n = 각 시퀀스의 실제 마지막 시점 (그 칸의 output과 같음): {shape}",
    "ui.picture.only": "(시퀀스 {sequences}만)",
}
