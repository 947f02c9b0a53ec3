"""How a whole answer says "it raises" or "it runs" in English (read by answers._claim).

Only whole answers count: "error" raises, "maybe error" or "(1, 3, 1) error" is hedged
and gets the parser's message. Compared ignoring case, spaces and surrounding quotes or
stops. A new language adds its own module beside this one; the parser is not touched.
"""

RAISES: tuple[str, ...] = (
    "error",
    "an error",
    "raises",
    "it raises",
    "raises an error",
    "it raises an error",
    "throws an error",
    "it throws an error",
    "doesn't run",
    "does not run",
    "it doesn't run",
    "it does not run",
    "won't run",
    "it won't run",
)

RUNS: tuple[str, ...] = (
    "yes",
    "y",
    "yeah",
    "yep",
    "ok",
    "okay",
    "fine",
    "run",
    "runs",
    "it runs",
    "it works",
    "works",
    "succeeds",
    "no error",
    "no errors",
    "no exception",
    "runs fine",
    "runs without error",
    "runs without an error",
    "it runs without an error",
    "doesn't raise",
    "does not raise",
    "doesn't raise an error",
    "does not raise an error",
    "it doesn't raise an error",
)
