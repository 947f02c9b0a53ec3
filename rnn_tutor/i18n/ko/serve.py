"""serve messages (ko): serving the tutor to a class in browsers, and learner profiles."""

MESSAGES: dict[str, str] = {
    "serve.cli.help": "브라우저로 튜터를 제공합니다 (수업용): 브라우저 탭마다 튜터가 따로 실행되고, 학습자마다 학습 기록을 따로 저장합니다",
    "serve.cli.host": "접속을 받을 주소 (기본값: 127.0.0.1, 이 컴퓨터에서만 접속 가능; 0.0.0.0 같은 다른 주소는 다른 컴퓨터의 접속을 허용하므로 직접 선택할 때만 쓰세요)",
    "serve.cli.port": "접속을 받을 포트 (기본값: 8000)",
    "serve.cli.public_url": "브라우저가 이 서버에 접속하는 주소가 http://HOST:PORT 와 다를 때의 주소 (예: 프록시 뒤)",
    "serve.cli.data_dir": "수업의 데이터 폴더: 학습자마다 그 안의 learners/NAME/ 에 학습 기록을 저장합니다 (기본값: 튜터와 같음)",
    "serve.cli.learner": "데이터 폴더 안의 이 학습자 프로필에 학습 기록을 저장합니다 (문자, 숫자, 한글, - 와 _)",
    "serve.cli.starting": "{url} 에서 rnn-tutor 를 제공합니다 (학습 기록: {folder}). {url}/?learner=NAME 을 열거나 페이지에서 이름을 입력하세요. Ctrl+C 로 멈춥니다.",
    "serve.cli.not_loopback": "참고: {host} 는 이 컴퓨터의 루프백 주소가 아닙니다. 네트워크에서 이 주소에 닿는 누구나 튜터를 열 수 있습니다.",
    "serve.cli.cannot_listen": "{host}:{port} 에서 접속을 받을 수 없습니다: {reason}. 다른 --port (또는 --host) 를 고르세요.",
    "serve.cli.missing": "브라우저 제공에는 textual-serve 패키지가 필요합니다: {error}",
    "serve.cli.bad_learner": "학습자 이름으로 쓸 수 없습니다: {name!r}. {reason}",
    "serve.prompt.ask": "누가 공부하나요? 이름을 입력하고 Enter 를 누르세요. 학습 기록이 이 이름으로 저장됩니다.",
    "serve.prompt.placeholder": "이름",
    "serve.prompt.rules": "문자 (한글 포함), 숫자, - 와 _, 32자까지.",
    "serve.name.empty": "이름을 입력하세요.",
    "serve.name.long": "이름은 {limit}자까지입니다.",
    "serve.name.chars": "이름에는 문자 (한글 포함), 숫자, - 와 _ 만 쓸 수 있습니다.",
    "serve.name.start": "이름은 문자나 숫자로 시작합니다.",
}
