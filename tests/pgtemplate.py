"""Cheap PostgreSQL databases for tests: migrate once into a template, copy it per test.

``CREATE DATABASE x TEMPLATE t`` copies the template's files (about 0.1 s for the migrated
schema), where migrating a fresh database takes seconds. The template and the copies live on
the server of ``WATTDESK_TEST_PG_URL`` and are named after its database (``<name>_tpl_<pid>``,
``<name>_t<pid>_<n>``), so two test sessions on one server never meet (nor the two
workers of ``pytest -n 2``: each is a session with a pid of its own); the copies are dropped
after each test (``WITH (FORCE)``: a subprocess the test started may still hold a connection),
the templates at the end of the session. The URL's user needs the CREATEDB right.

A second template, ``<name>_tpl_<pid>_park``, holds the migrated schema and the money and
billing tests' demo park (``build_demo(rooms=200, opening_balances=False)``), made on first
use: ``copy(park=True)`` is a copy of it (see ``demo_park_template`` in tests/conftest.py).
"""

from __future__ import annotations

import itertools
import os
import time

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.db import make_engine, open_database


class PgTemplates:
    """The migrated template of this session and the copies made from it."""

    def __init__(self, url: str) -> None:
        import pytest

        pytest.importorskip("psycopg")
        self.base = make_url(url).set(drivername="postgresql+psycopg")
        self.prefix = f"{self.base.database}_t{os.getpid()}"
        self.template = f"{self.base.database}_tpl_{os.getpid()}"
        self.park_template = f"{self.template}_park"
        self._park_made = False
        self._numbers = itertools.count(1)
        self._admin: Engine = make_engine(self._url(self.base.database or "postgres"))
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        migrated = open_database(self._url(self.template))
        migrated.dispose()  # no connection may stay on a template while it is copied

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self._admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(statement)

    def copy(self, park: bool = False) -> str:
        """A new database with the migrated schema (and the demo park with ``park``); its
        URL."""
        name = f"{self.prefix}_{next(self._numbers)}"
        template = self._park() if park else self.template
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self._url(name)

    def _park(self) -> str:
        """The park template, built the first time a test asks for it."""
        if not self._park_made:
            from tests.conftest import build_park

            self._execute(f'DROP DATABASE IF EXISTS "{self.park_template}" WITH (FORCE)')
            self._execute(f'CREATE DATABASE "{self.park_template}" TEMPLATE "{self.template}"')
            build_park(self._url(self.park_template))
            self._park_made = True
        return self.park_template

    def drop(self, url: str) -> None:
        """Drop a copy, closing its sessions. An autovacuum worker that happens to be in it
        has no role, and a role without pg_signal_backend (a developer's CREATEDB role) may not
        end it: then wait, up to a deadline, until the worker has left, and drop."""
        from sqlalchemy.exc import ProgrammingError

        name = make_url(url).database
        deadline = time.monotonic() + 60
        while True:
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except ProgrammingError as exc:
                if "pg_signal_backend" not in str(exc) or time.monotonic() > deadline:
                    raise
            self._wait_idle(name, deadline)

    def _wait_idle(self, name: str, deadline: float) -> None:
        """Until no other session is in database ``name`` (or the deadline)."""
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %(name)s"
        while time.monotonic() < deadline:
            with self._admin.connect() as conn:
                if not conn.exec_driver_sql(query, {"name": name}).scalar():
                    return
            time.sleep(0.05)

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.park_template}" WITH (FORCE)')
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin.dispose()
