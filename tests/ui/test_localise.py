"""The footer in the learner's language, and the private corner of Textual it relies on.

``rnn_tutor/ui/localise.py`` rebuilds a node's bindings through one private name of
Textual, ``DOMNode._bindings`` (the rest is public: ``Binding``, ``BindingsMap.from_keys``,
``BindingsMap.key_to_bindings``). If an upgrade renames or reshapes it, these tests say so,
loudly, before a learner sees English keys in a Korean footer.
"""

from __future__ import annotations

from typing import Any, ClassVar

import textual
from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from rnn_tutor.i18n import set_language, tr
from rnn_tutor.ui.localise import localise_bindings


class Keyed(Screen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "next", "ui.key.next")]


def test_localise_was_written_against_textual_8() -> None:
    major = int(textual.__version__.split(".")[0])
    assert major == 8, (
        f"Textual {textual.__version__}: re-check the private name ui/localise.py uses "
        "(DOMNode._bindings, a node's live BindingsMap), then update this test"
    )


def test_the_private_name_localise_uses_is_there() -> None:
    assert "_bindings" in DOMNode.__init__.__code__.co_names, "DOMNode._bindings gone"
    node = Keyed()
    assert isinstance(node._bindings, BindingsMap), "DOMNode._bindings is no BindingsMap"
    assert "n" in node._bindings.key_to_bindings, "BindingsMap.key_to_bindings no longer maps keys"
    rebuilt = BindingsMap.from_keys(dict(node._bindings.key_to_bindings))
    assert [b.action for key, b in rebuilt if key == "n"] == ["next"], "from_keys changed"


async def test_a_language_switch_reaches_the_screens_live_bindings() -> None:
    class Probe(App[None]):
        def get_default_screen(self) -> Screen[Any]:
            return Keyed()

    app = Probe()
    try:
        async with app.run_test() as pilot:
            screen = app.screen
            set_language("ko")
            localise_bindings(screen)
            await pilot.pause()
            described = screen.active_bindings["n"].binding.description
            assert described == tr("ko", "ui.key.next"), "the footer would not follow"
            set_language("en")
            localise_bindings(screen)
            assert screen.active_bindings["n"].binding.description == tr("en", "ui.key.next")
    finally:
        set_language("en")


async def test_keys_bound_at_run_time_stay_and_follow_the_language() -> None:
    """Localising starts from the live bindings: a key the app bound after start (the
    command palette's, ours below) is kept, and switches language like the class's keys."""

    class Probe(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "next", "ui.key.next")]

    app = Probe()
    try:
        async with app.run_test():
            app.bind("x", "quit", description="ui.key.quit")
            for lang in ("ko", "en", "ko"):
                set_language(lang)
                localise_bindings(app)
                live = app._bindings.key_to_bindings
                assert [b.description for b in live["x"]] == [tr(lang, "ui.key.quit")]
                assert [b.description for b in live["n"]] == [tr(lang, "ui.key.next")]
    finally:
        set_language("en")
