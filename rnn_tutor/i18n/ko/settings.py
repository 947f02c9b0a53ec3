"""settings messages (ko): choices the app remembers for the next start (language, level,
track, quiz feedback), and what is said when one cannot be remembered."""

MESSAGES: dict[str, str] = {
    "settings.read_only.session_only": (
        "여기서는 학습 기록이 읽기 전용이라 이 선택은 기억되지 않습니다. "
        "이번 실행에서만 유지됩니다."
    ),
    "settings.notice.not_saved": (
        "이 선택을 다음 실행을 위해 기억하지 못했습니다({reason}). "
        "이번 실행에서는 유지됩니다. 학습 기록은 안전합니다."
    ),
}
