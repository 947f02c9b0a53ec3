"""mastery messages (en): the learner model's words on home and the statistics screen."""

MESSAGES: dict[str, str] = {
    "ui.mastery.title": "Mastery by level",
    "ui.mastery.track.call": "RNN call",
    "ui.mastery.track.around": "Around it",
    "ui.mastery.known": "known",
    "ui.mastery.learning": "learning",
    "ui.mastery.not_yet": "not yet",
    "ui.mastery.count.known": "{count} known",
    "ui.mastery.count.learning": "{count} learning",
    "ui.mastery.count.not_yet": "{count} not yet",
    "ui.stats.col.mastery": "Mastery",
    "ui.stats.recall.in_steps": "too soon",
}
