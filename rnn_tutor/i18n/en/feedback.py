"""feedback messages (en): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "grade.request.unknown_key": "Unknown request key “{key}”: a request may have only {fields}.",
}
