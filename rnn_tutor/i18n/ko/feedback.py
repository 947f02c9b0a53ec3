"""feedback messages (ko): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "grade.request.unknown_key": "알 수 없는 요청 키 '{key}': 요청에는 {fields}만 쓸 수 있습니다.",
}
