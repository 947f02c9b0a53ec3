"""settings messages (en): choices the app remembers for the next start (language, level,
track, quiz feedback), and what is said when one cannot be remembered."""

MESSAGES: dict[str, str] = {
    "settings.read_only.session_only": (
        "Your progress is read-only here, so this choice is not remembered: "
        "it holds for this session only."
    ),
    "settings.notice.not_saved": (
        "Your choice could not be remembered for the next start ({reason}); "
        "it holds for this session. Your progress is safe."
    ),
}
