"""The laptop in the field (现场, 离线, 合并): issue 20 item 2.

``field export`` (:mod:`.export`) writes a package for one or more buildings: a SQLite
WattDesk database with their site, accounts, tariffs, latest meter states, meters, links and
the operators, signed with the site key (:mod:`.signing`). On the laptop WattDesk runs on
that file (``--db package.sqlite``) offline; :mod:`.offline` holds what only a package
needs (its mark, the laptop's port for a link, notes). ``field merge`` (:mod:`.merge`,
:mod:`.apply`) verifies the package, lists conflicts and applies the field work once.
Qt-free, like every capability package.
"""

from __future__ import annotations


class FieldError(Exception):
    """A field package operation refused: the message is a sentence for the user."""


__all__ = ["FieldError"]
