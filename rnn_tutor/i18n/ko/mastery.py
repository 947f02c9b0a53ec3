"""mastery messages (ko): the learner model's words on home and the statistics screen."""

MESSAGES: dict[str, str] = {
    "ui.mastery.title": "단계별 숙달",
    "ui.mastery.track.call": "RNN 호출",
    "ui.mastery.track.around": "주변 코드",
    "ui.mastery.known": "익힘",
    "ui.mastery.learning": "익히는 중",
    "ui.mastery.not_yet": "아직",
    "ui.mastery.count.known": "익힘 {count}",
    "ui.mastery.count.learning": "익히는 중 {count}",
    "ui.mastery.count.not_yet": "아직 {count}",
    "ui.stats.col.mastery": "숙달",
    "ui.stats.recall.in_steps": "아직 모름",
}
