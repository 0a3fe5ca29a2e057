"""Reusable Qt widgets. They know nothing of the database, the services or the drivers:
each takes its model in the constructor and only observes it (import-linter enforces it)."""
