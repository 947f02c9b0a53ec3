"""Key descriptions in the footer, in the learner's language.

Textual reads ``BINDINGS`` once per class, so descriptions written there would be frozen
in whatever language was current at import time. Instead, every ``BINDINGS`` entry of
ours carries a *catalog key* as its description (``"ui.key.next"``) and
:func:`localise_bindings` rebuilds the node's live bindings with the text of the current
language. It runs when a node is created and again whenever the language changes.

Textual has no public way to re-describe a binding, so this module, and only this one,
uses four private names of Textual 8: ``DOMNode._merged_bindings``, ``DOMNode._bindings``,
``BindingsMap._add_binding`` and ``BindingsMap.key_to_bindings``.
``tests/ui/test_localise.py`` checks each of them, so an upgrade that moves one fails
there by name instead of leaving the footer in the wrong language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from rnn_tutor.i18n import t

CATALOG_PREFIX = "ui."


def _translated(binding: Binding) -> Binding:
    if binding.description.startswith(CATALOG_PREFIX):
        binding = replace(binding, description=t(binding.description))
    if binding.tooltip.startswith(CATALOG_PREFIX):
        binding = replace(binding, tooltip=t(binding.tooltip))
    return binding


def localise_bindings(node: DOMNode) -> None:
    """Give ``node`` live bindings whose descriptions are in the current language."""
    source = type(node)._merged_bindings
    if source is None:
        return
    localised = BindingsMap()
    for _key, binding in source:
        localised._add_binding(_translated(binding))
    # Keep bindings added at run time (e.g. the app's command palette key), translated too.
    for key, bindings in node._bindings.key_to_bindings.items():
        if key not in localised.key_to_bindings:
            for binding in bindings:
                localised._add_binding(_translated(binding))
    node._bindings = localised


def _has_catalog_keys(node: DOMNode) -> bool:
    source = type(node)._merged_bindings
    return source is not None and any(
        binding.description.startswith(CATALOG_PREFIX) for _key, binding in source
    )


def localise_tree(root: DOMNode) -> None:
    """``localise_bindings`` for ``root`` and every widget in it with keys of ours (the answer
    box's Esc, for one): a screen kept between visits keeps its widgets too."""
    localise_bindings(root)
    for node in root.walk_children():
        if _has_catalog_keys(node):
            localise_bindings(node)
