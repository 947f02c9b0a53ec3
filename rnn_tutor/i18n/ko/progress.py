"""progress messages (ko): the progress store's notices, `stats` and `progress` commands."""

MESSAGES: dict[str, str] = {
    # Store notices (shown by the app and by the commands).
    "progress.notice.corrupt": (
        "학습 기록 파일을 읽을 수 없어서 따로 옮겨 두고 새 파일로 시작했습니다. "
        "삭제된 것은 없습니다. 기존 파일 위치: {moved_to}"
    ),
    "progress.notice.unavailable": (
        "이번 실행에서는 학습 기록이 저장되지 않습니다. {path}에 저장할 수 없습니다({reason}). "
        "--data-dir 옵션이나 RNN_TUTOR_HOME 환경 변수로 쓰기 가능한 폴더를 지정하세요."
    ),
    "progress.notice.newer_schema": (
        "이번 실행에서는 학습 기록이 저장되지 않습니다. {path} 파일은 더 새로운 버전의 rnn-tutor가 "
        "만든 파일입니다(데이터베이스 버전 {found}, 현재 버전이 아는 최신은 {known}). "
        "파일은 그대로 두었으니, rnn-tutor를 업데이트하면 계속 사용할 수 있습니다."
    ),
    "progress.notice.write_failed": (
        "이번 답안은 저장하지 못했습니다({reason}). 이전 학습 기록은 안전합니다."
    ),
    "progress.notice.read_failed": "학습 기록을 읽지 못했습니다({reason}).",
    # Command line.
    "progress.cli.stats.help": "학습 통계 보기: 정답률, 연속 학습일, 복습할 개념",
    "progress.cli.stats.json": "앱을 여는 대신 통계를 스크립트용 JSON으로 출력",
    "progress.cli.help": "학습 기록 내보내기/가져오기",
    "progress.cli.export.help": "모든 풀이 기록과 복습 카드를 JSON 파일로 저장",
    "progress.cli.import.help": "내보낸 JSON 파일을 현재 기록에 합치기(이미 있는 풀이는 건너뜀)",
    "progress.cli.file": "JSON 파일 경로(- 는 표준 출력/입력)",
    "progress.export.done": "풀이 기록 {attempts}개를 {file}에 내보냈습니다.",
    "progress.import.done": (
        "{file}에서 새 풀이 기록 {added}개를 가져왔습니다(이미 있던 {skipped}개는 건너뜀). "
        "복습 일정도 다시 계산했습니다."
    ),
    "progress.import.nothing_new": (
        "{file}에 새로운 기록이 없습니다. {skipped}개 모두 이미 있는 기록입니다."
    ),
    "progress.error.missing_file": "파일이 없습니다: {file}",
    "progress.error.unreadable": "{file}을(를) 읽을 수 없습니다: {reason}",
    "progress.error.not_utf8": "{file}은(는) UTF-8 텍스트가 아니므로 rnn-tutor 내보내기 파일이 아닙니다.",
    "progress.error.bad_json": (
        "{file}은(는) 올바른 JSON이 아닙니다({line}번째 줄, {column}번째 칸): {reason}"
    ),
    "progress.error.not_export": "{file}은(는) rnn-tutor 학습 기록 내보내기 파일이 아닙니다.",
    "progress.error.newer_export": (
        "{file}은(는) 더 새로운 버전의 rnn-tutor에서 내보낸 파일입니다(형식 버전 {found}, "
        "현재 버전은 {known}까지 읽을 수 있음). rnn-tutor를 업데이트한 뒤 가져오세요."
    ),
    "progress.error.bad_attempt": (
        '{file}: {index}번째 풀이 기록의 "{field}" 값이 없거나 잘못되었습니다. '
        "아무것도 가져오지 않았습니다."
    ),
    "progress.error.replay": (
        "{file}: 기록된 시각으로 복습 일정을 다시 만들 수 없습니다. 아무것도 가져오지 않았습니다."
    ),
    "progress.error.too_deep": (
        "{file}은(는) 괄호가 너무 깊게 중첩되어 읽을 수 없으므로 rnn-tutor 내보내기 파일이 아닙니다. "
        "아무것도 가져오지 않았습니다."
    ),
    "progress.error.write": "{file}에 쓸 수 없습니다: {reason}",
    "progress.error.database": "학습 기록 데이터베이스 오류({reason}). 아무것도 가져오지 않았습니다.",
    "progress.error.disabled": "학습 기록이 꺼져 있어서 아무것도 하지 않았습니다.",
}
