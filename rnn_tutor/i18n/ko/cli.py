"""cli messages (ko): the top-level command line."""

MESSAGES: dict[str, str] = {
    "cli.description": "rnn-tutor: nn.RNN, nn.LSTM, nn.GRU의 텐서 모양을 예측해 보고 그 이유를 배웁니다. 명령 없이 실행하면 튜터 화면이 열립니다.",
    "cli.help.lang": "튜터의 언어: en 또는 ko (기본값: LANG / LC_ALL 설정, 없으면 영어)",
    "cli.help.data_dir": "학습 기록을 저장할 폴더 (기본값: $RNN_TUTOR_HOME, 없으면 사용자 데이터 폴더)",
    "cli.usage": "사용법: ",
    "cli.heading.positionals": "명령과 인자",
    "cli.heading.options": "옵션",
    "cli.help.help": "이 도움말을 보여 주고 끝냅니다",
    "cli.help.version": "버전을 보여 주고 끝냅니다",
    "cli.error": "{prog}: 오류: {message}",
    "cli.not_a_terminal": "rnn-tutor: 튜터는 전체 화면 앱이라 터미널이 필요한데 {stream}이(가) 터미널이 아닙니다. 터미널에서 실행하세요. 파이프나 파일로 통계를 받으려면 rnn-tutor stats (글) 또는 rnn-tutor stats --json (JSON)을 쓰세요.",
}
