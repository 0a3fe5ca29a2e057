"""``app.errors.explain``: real exceptions in, the user's sentence (or ``None``: a bug keeps
its traceback) out."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import EnvironmentProblem, check_zone, explain


def _raised(call) -> BaseException:  # type: ignore[no-untyped-def]
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - the test wants the exception itself
        return exc
    raise AssertionError("nothing was raised")


def test_a_file_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "receipt.pdf"
    exc = _raised(lambda: target.write_bytes(b"%PDF"))
    text = explain(exc)
    assert text is not None and str(target) in text and "Check the path" in text


def test_a_bug_is_not_explained_away() -> None:
    assert explain(_raised(lambda: int("x"))) is None
    assert explain(_raised(lambda: {}["key"])) is None


def test_the_cause_is_found_through_the_chain(tmp_path: Path) -> None:
    def wrapped() -> None:
        try:
            check_zone("Mars/Base")
        except ValueError as exc:
            raise RuntimeError("while starting") from exc

    text = explain(_raised(wrapped))  # the ZoneInfoNotFoundError two causes down
    assert text is not None and "unknown time zone 'Mars/Base'" in text
    problem = EnvironmentProblem("the disk is gone")
    assert explain(_raised(lambda: _reraise(problem))) == "the disk is gone"


def _reraise(problem: EnvironmentProblem) -> None:
    try:
        raise problem
    except EnvironmentProblem as exc:
        raise KeyError("later") from exc


def test_zone_names() -> None:
    assert check_zone("Asia/Shanghai") == "Asia/Shanghai"
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'"):
        check_zone("Mars/Base")
    with pytest.raises(ValueError, match="unknown time zone"):
        check_zone("../../etc/passwd")
