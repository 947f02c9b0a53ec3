"""feedback messages (en): verdict wording added for issue 8 (causes, fixes, hints counted)."""

MESSAGES: dict[str, str] = {
    "explain.positional_bias.bidirectional": "The 4th positional argument of nn.{kind} is bias, not bidirectional: True there sets bias=True. D = 2 here only because bidirectional=True comes later in the call.",
    "spec.error.repeated_keyword": "{name} is given twice. Python refuses that call before torch sees it (SyntaxError: keyword argument repeated: {name}); keep only one.",
    "grade.request.unknown_key": "Unknown request key “{key}”: a request may have only {fields}.",
}
