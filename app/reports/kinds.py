"""Import every report kind so it registers itself (``request.register``).

Each kind's module ends with ``register(ReportKind(...))``; add its import here.
"""

from __future__ import annotations

from .energy import build_energy  # noqa: F401
from .readings import build_readings  # noqa: F401
