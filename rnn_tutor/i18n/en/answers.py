"""answers messages (en): reading a learner's typed answer (rnn_tutor/core/answers.py).

Every message shows a form that would have been read, so the learner can retype at once.
"""

MESSAGES: dict[str, str] = {
    # --- shapes ---
    "answer.hedged": "Type your answer without the question mark: “{text}”.",
    "answer.shape.empty": "Type a shape such as (1, 3, 5).",
    "answer.shape.unreadable": "Could not read “{text}” as a shape. Type it like (1, 3, 5) or 1x3x5.",
    "answer.shape.unbalanced": "The brackets in “{text}” do not pair up. Type the shape like (1, 3, 5) or [1, 3, 5].",
    "answer.shape.mixed_separators": "“{text}” mixes separators. Use one kind throughout, like (1, 3, 5) or 1x3x5.",
    "answer.shape.no_axes": "A shape has at least one axis. Type it like (5,) for one axis or (1, 3, 5) for three.",
    "answer.shape.not_whole": "“{number}” is not a whole number. Each axis of a shape is a whole number of 0 or more, as in (1, 3, 5).",
    "answer.shape.negative": "“{number}” is negative. Each axis of a shape is a whole number of 0 or more, as in (1, 3, 5).",
    "answer.shape.too_large": "“{number}” is too large for an axis (at most {limit}). Type a shape such as (1, 3, 5).",
    "answer.shape.too_many_axes": "That is too many axes: a shape has at most {limit} {limit:axis|axes} here. Type a shape such as (1, 3, 5).",
    # --- counts (number of parameters, len(all_weights)) ---
    "answer.count.empty": "Type one number, such as 5920.",
    "answer.count.unreadable": "Could not read “{text}” as a number. Type it like 5920 or 5,920.",
    "answer.count.grouping": "Could not read “{text}” as one number: commas or spaces may only group digits in threes, as in 5,920. Type one number, such as 5920.",
    "answer.count.shape_given": "This question asks for one number, such as 5920, not a shape.",
    "answer.count.not_whole": "“{number}” is not a whole number. Type a whole number, such as 5920.",
    "answer.count.negative": "“{number}” is negative, and a count is 0 or more. Type a number such as 5920.",
    "answer.count.too_large": "“{number}” is larger than any count asked here (at most {limit}). Type a number such as 5920.",
    # --- "does it run, and what comes out?" ---
    "answer.runs.empty": "Type the shape that comes out, such as (1, 3, 5), or “error” if the code raises one.",
    "answer.runs.unreadable": "Could not read “{text}”. Type the shape that comes out, such as (1, 3, 5), or “error” if the code raises one.",
}
