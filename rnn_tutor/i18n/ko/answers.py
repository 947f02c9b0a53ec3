"""answers messages (ko): reading a learner's typed answer (rnn_tutor/core/answers.py).

Every message shows a form that would have been read, so the learner can retype at once.
"""

MESSAGES: dict[str, str] = {
    # --- shapes ---
    "answer.hedged": "물음표 없이 답을 입력하세요: '{text}'.",
    "answer.shape.empty": "(1, 3, 5)처럼 모양을 입력하세요.",
    "answer.shape.unreadable": "'{text}'을(를) 모양으로 읽을 수 없습니다. (1, 3, 5) 또는 1x3x5처럼 입력하세요.",
    "answer.shape.unbalanced": "'{text}'의 괄호 짝이 맞지 않습니다. (1, 3, 5) 또는 [1, 3, 5]처럼 입력하세요.",
    "answer.shape.mixed_separators": "'{text}'에 구분 기호가 섞여 있습니다. (1, 3, 5)나 1x3x5처럼 한 가지만 쓰세요.",
    "answer.shape.no_axes": "모양에는 축이 하나 이상 있어야 합니다. 축이 하나면 (5,), 셋이면 (1, 3, 5)처럼 입력하세요.",
    "answer.shape.not_whole": "'{number}'은(는) 정수가 아닙니다. 모양의 각 축은 (1, 3, 5)처럼 0 이상의 정수입니다.",
    "answer.shape.negative": "'{number}'은(는) 음수입니다. 모양의 각 축은 (1, 3, 5)처럼 0 이상의 정수입니다.",
    "answer.shape.too_large": "'{number}'은(는) 축의 크기로는 너무 큽니다(최대 {limit}). (1, 3, 5)처럼 입력하세요.",
    "answer.shape.too_many_axes": "축이 너무 많습니다. 여기서 모양의 축은 최대 {limit}개입니다. (1, 3, 5)처럼 입력하세요.",
    # --- counts (number of parameters, len(all_weights)) ---
    "answer.count.empty": "5920처럼 숫자 하나를 입력하세요.",
    "answer.count.unreadable": "'{text}'을(를) 숫자로 읽을 수 없습니다. 5920 또는 5,920처럼 입력하세요.",
    "answer.count.grouping": "'{text}'을(를) 숫자 하나로 읽을 수 없습니다. 쉼표나 공백으로 자릿수를 나눌 때는 5,920처럼 세 자리씩 나눠야 합니다. 5920처럼 숫자 하나를 입력하세요.",
    "answer.count.shape_given": "이 문제는 모양이 아니라 5920 같은 숫자 하나를 묻습니다.",
    "answer.count.not_whole": "'{number}'은(는) 정수가 아닙니다. 5920처럼 정수를 입력하세요.",
    "answer.count.negative": "'{number}'은(는) 음수입니다. 개수는 0 이상이므로 5920처럼 입력하세요.",
    "answer.count.too_large": "'{number}'은(는) 여기서 물을 수 있는 개수보다 큽니다(최대 {limit}). 5920처럼 입력하세요.",
    # --- "does it run, and what comes out?" ---
    "answer.runs.empty": "나오는 모양을 (1, 3, 5)처럼 입력하거나, 코드에서 오류가 나면 '오류'라고 입력하세요.",
    "answer.runs.unreadable": "'{text}'을(를) 읽을 수 없습니다. 나오는 모양을 (1, 3, 5)처럼 입력하거나, 오류가 나면 '오류'라고 입력하세요.",
}
