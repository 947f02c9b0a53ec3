"""notebook guard messages (ko): 보안 검토 뒤 더한 거절과 한도 (torch 자체 메서드를 바꾸는
클래스, 내장 함수의 작업량 한도, 노트북 전체 메모리 한도)."""

MESSAGES: dict[str, str] = {
    "notebook.refused.override": "`{name}`은(는) torch nn.Module이 쓰는 이름입니다. 직접 만든 클래스에는 forward, __init__, extra_repr와 새 이름만 정의할 수 있습니다.",
    "notebook.refused.sum_lists": "여기서 sum()은 숫자와 텐서만 더합니다. 리스트를 이으려면 리스트 컴프리헨션이나 .extend()를 쓰세요.",
    "notebook.refused.compare_shapes": "{name}()이(가) 모양이 다른 텐서 {left}과(와) {right}을(를) 통째로 비교합니다. 숫자를 비교하거나, 모양이 같은 텐서에 torch.maximum/torch.minimum을 쓰세요.",
    "notebook.refused.packed_built": "PackedSequence는 pack_padded_sequence나 pack_sequence로 만드세요. 튜터는 조각에서 직접 만들지 않습니다.",
    "notebook.refused.key": "여기서 {name}(key=...)에는 직접 쓴 함수나 len 같은 내장 함수만 줄 수 있습니다.",
    "notebook.limit.items": "{name}()에 항목 {count}개는 튜터의 한도 {cap}개를 넘습니다. 항목 수를 줄이세요.",
    "notebook.limit.pieces": "텐서를 {count}조각으로 나누면 튜터의 한도 {cap}조각을 넘습니다.",
    "notebook.limit.modules": "모듈 {count}개짜리 Sequential은 튜터의 한도 {cap}개를 넘습니다.",
    "notebook.limit.round": "round()의 자릿수 {count}은(는) 튜터의 한도 {cap}자리를 넘습니다.",
    "notebook.limit.memory": "노트북의 이름들과 이 문장이 텐서와 리스트 원소를 약 {count}개 잡고 있어 튜터의 한도 {cap}개를 넘습니다. 쓰지 않는 이름은 지우거나(del x) 더 작은 크기를 쓰세요.",
}
