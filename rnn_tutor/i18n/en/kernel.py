"""kernel messages (en): the kernel process that runs learner code stopped, and why."""

MESSAGES: dict[str, str] = {
    "kernel.limit.memory": "the cell asked for more memory than the kernel may use; torch refused it and nothing was made. Use smaller sizes (shapes behave the same).",
    "kernel.stopped.cpu": "The kernel stopped: the cell used up its CPU time (the operating system's limit). Names from earlier cells are gone; run them again.",
    "kernel.stopped.wall": "The kernel stopped: the cell was still running after {seconds} s and was ended. Names from earlier cells are gone; run them again.",
    "kernel.stopped.memory": "The kernel stopped: the cell asked for more memory than the kernel may use. Names from earlier cells are gone; run them again.",
    "kernel.stopped.crash": "The kernel stopped: torch crashed ({signal}) on this cell. Names from earlier cells are gone; run them again.",
    "kernel.stopped.signal": "The kernel stopped: it was ended from outside ({signal}). Names from earlier cells are gone; run them again.",
    "kernel.stopped.file": "The kernel stopped: the cell tried to write a file over the kernel's size limit. Names from earlier cells are gone; run them again.",
    "kernel.stopped.zygote": "The kernel process is not running; it is started again for the next cell. Names from earlier cells are gone.",
    "kernel.stopped.other": "The kernel stopped ({reason}). Names from earlier cells are gone; run them again.",
    "kernel.grade.stopped": "The kernel stopped while grading this answer: {why}. Nothing else is lost; the answers after it are graded in a fresh kernel.",
    "kernel.why.cpu": "its code used up the CPU time the operating system allows",
    "kernel.why.wall": "its code was still running after {seconds} s and was ended",
    "kernel.why.memory": "its code asked for more memory than the kernel may use",
    "kernel.why.crash": "torch crashed ({signal}) on its code",
    "kernel.why.signal": "the kernel was ended from outside ({signal})",
    "kernel.why.file": "its code tried to write a file over the kernel's size limit",
    "kernel.why.zygote": "the kernel process is not running (it is started again)",
    "kernel.why.other": "{reason}",
}
