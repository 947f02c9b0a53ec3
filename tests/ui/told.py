"""What the app told the learner in notifications, seen through Textual's public test hook."""

from __future__ import annotations

from textual.message import Message
from textual.notifications import Notify


class Told(list[str]):
    """Pass as ``run_test(message_hook=told)``; it keeps every notification's text."""

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.append(message.notification.message)
