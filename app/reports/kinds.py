"""Import every report kind so it registers itself (``request.register``).

Each kind's module ends with ``register(ReportKind(...))``; add its import here.
"""

from __future__ import annotations

from . import compare, energy, income, monthly, orders, readings  # noqa: F401  (r-money, r-energy, r-monthly)
