"""The footer in the learner's language, and the private corner of Textual it relies on.

``rnn_tutor/ui/localise.py`` rebuilds a node's bindings through four private names of
Textual. If an upgrade renames or reshapes any of them, these tests say which one, loudly,
before a learner sees English keys in a Korean footer.
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
        f"Textual {textual.__version__}: re-check the private names ui/localise.py uses "
        "(DOMNode._merged_bindings, DOMNode._bindings, BindingsMap._add_binding, "
        "BindingsMap.key_to_bindings), then update this test"
    )


def test_the_private_names_localise_uses_are_there() -> None:
    merged = Keyed._merged_bindings
    assert isinstance(merged, BindingsMap), "DOMNode._merged_bindings is no BindingsMap"
    assert "n" in merged.key_to_bindings, "BindingsMap.key_to_bindings no longer maps keys"
    assert callable(getattr(BindingsMap, "_add_binding", None)), "BindingsMap._add_binding gone"
    assert "_bindings" in DOMNode.__init__.__code__.co_names, "DOMNode._bindings gone"


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
