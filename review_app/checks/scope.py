"""The document scope of cross-segment checks: which units are compared with which.

Checks that compare segments with each other — one style per document (``source-politeness-mix``), one width
(``source-width-mix``), one spelling (``source-name-variants``), one date per event (``source-date-conflict``) —
mean *one document*. A file often holds many: a WMT test set's ``<doc>``s, an XLIFF file's ``<file>`` elements, a
TMX whose units carry an ``x-document`` prop. Compared across documents, a chat in plain style "mixes" with a
product page in です/ます, and a newspaper that writes full-width digits "mixes" with one that does not.

:data:`SCOPES` (the ``document_scope`` of the QA configuration, ``review-app qa --document-scope``):

* ``auto`` (default) — the documents the input names: ``Unit.meta["document"]`` (a project's article, a WMT
  ``<doc>``, an XLIFF ``<file original>``, a TMX document prop, a line file; see
  :func:`review_app.qa.document_of`); units that name none form one document, the input.
* ``file`` — the whole input is one document, whatever it says (the behaviour before scopes existed).
* ``group`` — like ``auto``, with an XLIFF ``<group>`` (the outermost one in its ``<file>``) as a document of its
  own. Not the default: Trados wraps every segment in a ``<group>`` of its own.
* ``paragraph`` — each paragraph separately (``Unit.meta["paragraph"]``, within its document); units without a
  paragraph compare within their document.
* ``none`` — no comparison across segments: every unit is a document of its own.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from review_app.checks.base import CheckContext, Unit
from review_app.errors import InputError

SCOPES = ("auto", "file", "group", "paragraph", "none")
DEFAULT_SCOPE = "auto"


def check_scope(scope: object, where: str) -> str:
    """``scope`` if it is one of :data:`SCOPES`, else an :class:`InputError` naming ``where`` and the choices."""
    if not isinstance(scope, str) or scope not in SCOPES:
        raise InputError(f"{where}: document scope {scope!r} is not one of {', '.join(SCOPES)}")
    return scope


def document_key(unit: Unit, scope: str) -> Hashable:
    """The document of ``unit`` under ``scope`` (units with equal keys are compared with each other)."""
    if scope == "file":
        return None
    if scope == "none":
        return ("unit", unit.index, unit.id)
    doc = unit.meta.get("document")
    if scope == "group":
        return (doc, unit.meta.get("group"))
    if scope == "paragraph":
        para = unit.meta.get("paragraph")
        return (doc, para) if para is not None else (doc,)
    return doc


def scope_of(ctx: CheckContext) -> str:
    return getattr(ctx.config, "document_scope", DEFAULT_SCOPE) or DEFAULT_SCOPE


def documents(ctx: CheckContext) -> list[Sequence[Unit]]:
    """``ctx.units`` split into the documents of the run's scope, each in unit order, documents in the order of
    their first unit. A run whose units all share one document gets ``[ctx.units]`` itself (no copy: a
    100,000-unit file is one list, not two)."""
    scope = scope_of(ctx)
    units = ctx.units
    if not units:
        return []
    if scope == "file":
        return [units]
    first = document_key(units[0], scope)
    if all(document_key(u, scope) == first for u in units):
        return [units]
    groups: dict[Hashable, list[Unit]] = {}
    for u in units:
        groups.setdefault(document_key(u, scope), []).append(u)
    return list(groups.values())


def paragraph_key(unit: Unit) -> Hashable:
    """The paragraph of ``unit`` (its document's, where a reader or the project knows it), else the unit
    itself."""
    para = unit.meta.get("paragraph")
    return (unit.meta.get("document"), para) if para is not None else ("unit", unit.index, unit.id)
