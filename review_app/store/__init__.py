"""Persistence: the SQLAlchemy schema, Alembic migrations and the database connection.

Only :mod:`review_app.review` writes through these tables; readers (CLI listings, the app, exporters) use
the query helpers of the review service too, so permissions and history are enforced in one place.
"""

from review_app.store.db import Database, open_database

__all__ = ["Database", "open_database"]
