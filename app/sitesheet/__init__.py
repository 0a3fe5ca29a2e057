"""The site sheet: one table of the whole site (park, buildings, floors, rooms, tenants,
accounts, meters) that WattDesk exports and imports, so an export imported again changes
nothing.

- ``preview_sheet``: every row's outcome (new room / new meter / new tenant / account
  opened / updated / unchanged / error) and every error by row and column, in the user's
  language, read in a snapshot: nothing is written.
- ``apply_sheet``: the same check, then one audited, role-checked write transaction;
  any error writes nothing.
- ``export_site``: the whole site to XLSX or CSV in exactly the columns the import reads.

Qt-free: the window (``app/ui/site_sheet.py``) and the command line (``site export``,
``site import``) both call these. Parsing and row checks live in ``app/siteimport.py``,
the matching and writing in ``app/services/site.py``.
"""

from __future__ import annotations

from .export import EXPORT_COLUMNS, ExportResult, export_site, site_rows
from .preview import (
    OUTCOMES,
    PreviewRow,
    SheetPreview,
    apply_sheet,
    column_title,
    outcome_label,
    preview_sheet,
)

__all__ = [
    "EXPORT_COLUMNS",
    "OUTCOMES",
    "ExportResult",
    "PreviewRow",
    "SheetPreview",
    "apply_sheet",
    "column_title",
    "export_site",
    "outcome_label",
    "preview_sheet",
    "site_rows",
]
