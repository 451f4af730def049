"""Every table module of the store, imported so ``Base.metadata`` is complete.

Alembic's env.py and the migrations-match-models test import this module. A feature area that adds tables
puts its ORM classes in ``schema_<area>.py`` (subclassing ``schema.Base``), adds one import line here and one
Alembic revision under ``migrations/versions`` whose ``down_revision`` is the current head (one linear chain;
``tests/test_store.py`` checks that there is a single head).
"""

from review_app.store import (
    schema,
    schema_engines,  # noqa: F401  (MT translation cache)
    schema_mqm,  # noqa: F401  (MQM annotations)
    schema_notes,  # noqa: F401  (readers' notes)
    schema_qa,  # noqa: F401  (QA runs, issues, dismissals)
    schema_users,  # noqa: F401  (team-mode accounts)
)
from review_app.store.schema import Base

__all__ = ["Base", "schema"]
