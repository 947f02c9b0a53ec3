"""kernel messages (ko): 학습자 코드를 실행하는 커널 프로세스가 멈춘 이유."""

MESSAGES: dict[str, str] = {
    "kernel.limit.memory": "셀이 커널에 허용된 것보다 많은 메모리를 요청해 torch가 거절했고, 아무것도 만들어지지 않았습니다. 더 작은 크기를 쓰세요 (모양은 똑같이 동작합니다).",
    "kernel.stopped.cpu": "커널이 멈췄습니다: 셀이 CPU 시간 한도(운영체제의 한도)를 다 썼습니다. 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.stopped.wall": "커널이 멈췄습니다: 셀이 {seconds}초가 지나도 끝나지 않아 중단했습니다. 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.stopped.memory": "커널이 멈췄습니다: 셀이 커널에 허용된 것보다 많은 메모리를 요청했습니다. 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.stopped.crash": "커널이 멈췄습니다: 이 셀에서 torch가 비정상 종료했습니다 ({signal}). 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.stopped.signal": "커널이 멈췄습니다: 밖에서 종료되었습니다 ({signal}). 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.stopped.file": "커널이 멈췄습니다: 셀이 커널의 크기 한도를 넘는 파일을 쓰려고 했습니다. 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.stopped.zygote": "커널 프로세스가 실행 중이 아닙니다. 다음 셀에서 다시 시작합니다. 앞선 셀의 이름은 사라졌습니다.",
    "kernel.stopped.other": "커널이 멈췄습니다 ({reason}). 앞선 셀의 이름은 사라졌으니 다시 실행하세요.",
    "kernel.grade.stopped": "이 답을 채점하는 동안 커널이 멈췄습니다: {why}. 다른 것은 잃지 않았고, 다음 답들은 새 커널에서 채점합니다.",
    "kernel.why.cpu": "코드가 운영체제가 허용하는 CPU 시간을 다 썼습니다",
    "kernel.why.wall": "코드가 {seconds}초가 지나도 끝나지 않아 중단했습니다",
    "kernel.why.memory": "코드가 커널에 허용된 것보다 많은 메모리를 요청했습니다",
    "kernel.why.crash": "코드에서 torch가 비정상 종료했습니다 ({signal})",
    "kernel.why.signal": "커널이 밖에서 종료되었습니다 ({signal})",
    "kernel.why.file": "코드가 커널의 크기 한도를 넘는 파일을 쓰려고 했습니다",
    "kernel.why.zygote": "커널 프로세스가 실행 중이 아닙니다 (다시 시작합니다)",
    "kernel.why.other": "{reason}",
}
