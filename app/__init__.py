"""WattDesk application core: domain, persistence, services and the command line.

Nothing in ``app`` outside ``app.ui`` and ``app.gui`` imports Qt (import-linter enforces it).
"""

__version__ = "0.1.0"
