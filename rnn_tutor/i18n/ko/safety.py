"""safety messages (ko): limits, damaged or foreign databases, hostile files, environments."""

MESSAGES: dict[str, str] = {
    "safety.too_large_size": (
        "{name}={value}은(는) 여기서 실행하기에 너무 큽니다: 층의 파라미터가 {limit}개를 "
        "넘습니다. 연습 문제 정도의 크기로도 같은 모양을 확인할 수 있습니다. 예: nn.GRU(10, 20)"
    ),
    # The progress store.
    "safety.notice.bad_rows": (
        "학습 기록 {count}개를 읽을 수 없어 그대로 두었습니다. 나머지 학습 기록은 보여 드립니다."
    ),
    "safety.notice.salvaged": (
        "학습 기록 파일이 손상되었습니다. 그 파일에서 {count}개를 읽어 새 파일로 옮겼고, "
        "손상된 파일은 {moved_to}에 보관했습니다."
    ),
    "safety.notice.read_only": (
        "학습 기록이 읽기 전용입니다({path}에 쓸 수 없음): 학습 기록과 통계는 볼 수 있지만 "
        "새 답은 저장되지 않습니다. 다시 저장하려면 파일과 폴더에 쓰기 권한을 주세요."
    ),
    "safety.notice.not_saved_read_only": (
        "이 답은 저장되지 않았습니다: 학습 기록 파일이 읽기 전용입니다."
    ),
    "safety.notice.foreign": (
        "이번 실행에서는 학습 기록을 쓰지 않습니다: {path}은(는) rnn-tutor 학습 기록 파일이 "
        "아닙니다(발견: {found}). 파일은 그대로 두었습니다. 다른 곳으로 옮기거나, --data-dir "
        "또는 RNN_TUTOR_HOME으로 다른 폴더를 쓰세요."
    ),
    # progress export / import.
    "safety.export.unreadable": (
        "내보내지 않았습니다: 학습 기록을 읽을 수 없습니다({reason}). {file}은(는) 그대로 "
        "두었습니다."
    ),
    "safety.export.would_lose": (
        "내보내지 않았습니다: {file}에는 지금 학습 기록에 없는 시도 {missing}개가 있어, "
        "덮어쓰면 사라집니다. 다른 파일로 내보내거나 {file}을(를) 먼저 지우세요."
    ),
    "safety.export.not_regular": (
        "내보내지 않았습니다: {file}은(는) 일반 파일이 아닙니다(장치, 파이프, 폴더 또는 링크). "
        "새 파일 이름을 주거나, 표준 출력에는 - 를 쓰세요."
    ),
    "safety.import.too_large": (
        "{file}은(는) {limit} MB보다 커서 읽지 않았습니다. 아무것도 가져오지 않았습니다."
    ),
    "safety.input.line_too_long": ("{line}번째 줄이 {limit}자보다 길어 읽지 않았습니다."),
    "safety.data_dir.bad": (
        "{path}을(를) 학습 기록 폴더로 쓸 수 없습니다: {reason}. "
        "--data-dir 또는 RNN_TUTOR_HOME으로 폴더 경로를 주세요."
    ),
    "safety.too_many_values": (
        '"{field}"에 값이 {count}개 있습니다. 텍스트로 쓰든 리스트로 쓰든 최대 {limit}개까지만 읽습니다.'
    ),
}
