"""Files the operator saves (receipt PDFs, frame traces, shift reports)."""

from __future__ import annotations

import os


def write_whole(path: str, data: bytes) -> None:
    """Write next to the target, then rename: the file appears whole or not at all (a
    reader, or a crash mid-write, never finds half a PDF or half a trace)."""
    partial = f"{path}.partial"
    with open(partial, "wb") as fh:
        fh.write(data)
    os.replace(partial, path)
