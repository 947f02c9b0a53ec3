"""How a whole answer says "it raises" or "it runs" in Korean (read by answers._claim).

Only whole answers count, compared ignoring spaces and surrounding quotes or stops, so
"에러 남" and "에러남" are the same answer; "오류일 수도" is hedged and gets the parser's
message.
"""

RAISES: tuple[str, ...] = (
    "오류",
    "에러",
    "오류 남",
    "에러 남",
    "오류 나요",
    "에러 나요",
    "오류가 남",
    "에러가 남",
    "오류 발생",
    "에러 발생",
    "오류가 발생함",
    "에러가 발생함",
    "오류가 발생합니다",
    "에러가 발생합니다",
    "예외 발생",
    "안 됨",
    "안 돼",
    "안 돼요",
    "안 됩니다",
    "실행 안 됨",
    "실행 안 돼요",
    "실행되지 않음",
    "실행되지 않습니다",
    "실행 불가",
)

RUNS: tuple[str, ...] = (
    "네",
    "예",
    "응",
    "ㅇㅇ",
    "됨",
    "된다",
    "돼",
    "돼요",
    "됩니다",
    "성공",
    "실행됨",
    "실행된다",
    "실행돼요",
    "실행됩니다",
    "잘 됨",
    "잘 돌아감",
    "돌아감",
    "작동함",
    "동작함",
    "오류 없음",
    "에러 없음",
    "오류 안 남",
    "에러 안 남",
    "오류가 나지 않음",
    "에러가 나지 않음",
)
