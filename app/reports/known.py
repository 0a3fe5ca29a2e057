"""Import every report kind so it registers itself (``request.register``).

Each kind's module ends with ``register(ReportKind(...))``; add its import here.
"""

from __future__ import annotations

from ..billing.arrears import build_arrears  # noqa: F401  (r16-bills)
from ..billing.statement_report import build_sheet  # noqa: F401  (r16-bills)
from . import income, orders  # noqa: F401  (r-money)
from .compare import build as build_compare  # noqa: F401
from .energy import build_energy  # noqa: F401
from .monthly import build as build_monthly  # noqa: F401
from .readings import build_readings  # noqa: F401
