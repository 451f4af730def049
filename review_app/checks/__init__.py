"""QA checks: a registry of small classes, each looking at one unit (or the whole document).

See :mod:`review_app.checks.base` for the contract and :data:`review_app.checks.registry.CHECKS` for the list.
"""
