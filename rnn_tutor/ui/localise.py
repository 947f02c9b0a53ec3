"""Key descriptions in the footer, in the learner's language.

Textual reads ``BINDINGS`` once per class, so descriptions written there would be frozen
in whatever language was current at import time. Instead, every ``BINDINGS`` entry of
ours carries a *catalog key* as its description (``"ui.key.next"``) and
:func:`localise_bindings` rebuilds the node's live bindings with the text of the current
language. It runs when a node is created and again whenever the language changes.

It starts from the node's live bindings (what Textual merged from the class and its bases,
the keymap applied, and keys bound at run time, such as the command palette's), so nothing
Textual put there is lost; a binding translated before is traced back to its catalog key
(``_SOURCES``), so the next language starts from the key, not from the last language.

Textual has no public way to re-describe a binding: ``Binding``, ``BindingsMap.from_keys``
and ``BindingsMap.key_to_bindings`` are public, but the node's map is the private
``DOMNode._bindings``, the one private name used here and in this module only.
``tests/ui/test_localise.py`` checks it, so an upgrade that moves it fails there by name
instead of leaving the footer in the wrong language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from rnn_tutor.i18n import t

CATALOG_PREFIX = "ui."

_SOURCES: dict[Binding, Binding] = {}
"""A translated binding -> the binding with catalog keys it was made from. Bounded by our
bindings times the languages (bindings are frozen, so they are their own keys)."""


def _is_ours(binding: Binding) -> bool:
    group = "" if binding.group is None else binding.group.description
    return any(
        text.startswith(CATALOG_PREFIX) for text in (binding.description, binding.tooltip, group)
    )


def _translated(binding: Binding) -> Binding:
    source = _SOURCES.get(binding, binding)
    if not _is_ours(source):
        return binding
    translated = source
    if source.description.startswith(CATALOG_PREFIX):
        translated = replace(translated, description=t(source.description))
    if source.tooltip.startswith(CATALOG_PREFIX):
        translated = replace(translated, tooltip=t(source.tooltip))
    group = source.group
    if group is not None and group.description.startswith(CATALOG_PREFIX):
        # Keys grouped under one word in the footer (f2 f3 f4 tabs): the word translated.
        translated = replace(translated, group=replace(group, description=t(group.description)))
    _SOURCES[translated] = source
    return translated


def localise_bindings(node: DOMNode) -> None:
    """Give ``node`` live bindings whose descriptions are in the current language."""
    live = node._bindings.key_to_bindings
    node._bindings = BindingsMap.from_keys(
        {key: [_translated(binding) for binding in bindings] for key, bindings in live.items()}
    )


def _has_catalog_keys(node: DOMNode) -> bool:
    return any(
        _is_ours(_SOURCES.get(binding, binding))
        for bindings in node._bindings.key_to_bindings.values()
        for binding in bindings
    )


def localise_tree(root: DOMNode) -> None:
    """``localise_bindings`` for ``root`` and every widget in it with keys of ours (the answer
    box's Esc, for one): a screen kept between visits keeps its widgets too."""
    localise_bindings(root)
    for node in root.walk_children():
        if _has_catalog_keys(node):
            localise_bindings(node)
