"""English sentences of the drivers that the application shows translated.

The drivers never import ``app`` (an import-linter contract), so a sentence a driver hands
up (a scan result's detail, for instance) is English, and the app translates it with
``app.i18n.tr(text)``. ``N_`` marks such a sentence where the driver writes it, so the
catalogue test (``tests/foundation/test_catalogue.py``) checks that it has a 简体中文 text.
Technical details built from values (``holding[0]=7``) are not marked and stay as they are.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for translation by the app; it is returned unchanged."""
    return message
