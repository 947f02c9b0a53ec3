"""The kernel: learner code runs in a child process that the operating system bounds.

As in Jupyter, the notebook's names and torch live in a kernel process; the app, ``explain``
and ``grade --jsonl`` talk to it over a pipe in JSON lines and never run learner code
themselves. ``client.Kernel`` starts a zygote (``zygote.py``) that imports torch once and
forks one session per notebook; each session bounds itself (``limits.py``: address space,
CPU time, open files, file size, no core dumps, an empty folder, no network where Linux
allows) and the zygote kills it at the wall-clock deadline. A session that dies is replaced
on the next request, and the request it was running gets a ``KernelStop`` saying which limit
or signal ended it. Only the value types of ``wire.py`` cross the pipe; nothing is unpickled.
"""

from rnn_tutor.core.kernel.client import Kernel, KernelError, KernelSession, KernelStop
from rnn_tutor.core.kernel.limits import KernelLimits

__all__ = ["Kernel", "KernelError", "KernelLimits", "KernelSession", "KernelStop"]
