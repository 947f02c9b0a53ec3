"""picture messages (ko): 셀 연습의 펼친 그림과 슬라이스가 읽는 칸."""

MESSAGES: dict[str, str] = {
    "ui.picture.row.sequence": "시퀀스 {sequence} (길이 {length})",
    "ui.picture.row.sequence.reverse": "시퀀스 {sequence} 역방향",
    "ui.picture.legend.right": "{expression}: 이 식이 읽는 칸",
    "ui.picture.legend.yours": "내 답 {expression}: 이 식이 읽는 칸",
    "ui.picture.legend.padding": "패딩: pad_packed_sequence가 채운 0 (그 시퀀스의 실제 시점이 아님)",
    "ui.picture.legend.padded": "padded = 모든 시점의 마지막 층, 길이 뒤는 0: {shape}",
    "ui.picture.only": "(시퀀스 {sequences}만)",
}
