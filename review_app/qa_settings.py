"""The project's QA configuration, stored with its settings in the database (``projects.settings["qa"]``, shared by
every user of a team project): the same mapping as a ``review-app qa --config`` file (``disabled``, ``enabled``,
``severity``, ``options``, ``ignore``, ``document_scope``; :func:`review_app.qa.parse_config`).

Its everyday use is switching checks on and off: the opt-in checks (``polarity``, ``omission``, ``addition``,
``entity-consistency``: they parse every segment, see docs/checks.md) run only when ``[options.<id>] enabled =
true``; a default check stops running when its id is in ``disabled``. :func:`switch` changes those two things and
keeps everything else of the mapping. ``review-app qa-settings PROJECT [--on ID] [--off ID]`` and the app's
Settings page change them; the next QA run (``review-app qa PROJECT``, the app's QA) reads them.

Only admins change them (the ``settings`` permission, as for the review workflow). A change is validated as a
whole before it is written, in one transaction: an unknown check id or a malformed value raises
:class:`~review_app.errors.InputError` naming it, and the stored settings stay as they were.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from review_app.errors import InputError, NotFoundError
from review_app.store.schema import ProjectRow

if TYPE_CHECKING:
    from review_app.checks.base import CheckConfig
    from review_app.store.queries import Reader

WHERE = "project settings [qa]"


@dataclass(frozen=True, slots=True)
class Switches:
    """Which checks run under a project's QA settings, for display."""

    opt_in_on: tuple[str, ...]
    """Opt-in checks switched on."""
    opt_in_off: tuple[str, ...]
    """Opt-in checks left off (the default)."""
    disabled: tuple[str, ...]
    """Default checks switched off."""
    enabled_only: tuple[str, ...] | None
    """With an ``enabled`` list, only those checks run (the list is kept as it is)."""
    auto_on: tuple[str, ...] = ()
    """Opt-in checks on by their automatic default (the project's size within their limit, no ``enabled`` key:
    :attr:`review_app.checks.base.Check.auto_max_units`); also in :attr:`opt_in_on`."""
    size: int | None = None
    """The segment count the switches were read for (None: not known, the automatic default is off)."""


def _raw(row: ProjectRow | None) -> dict[str, Any]:
    qa = dict(row.settings or {}).get("qa") if row is not None else None
    return copy.deepcopy(qa) if isinstance(qa, dict) else {}


def load(svc: Reader) -> dict[str, Any]:
    """The stored mapping (a copy; ``{}``: every default check, no opt-in one)."""
    svc.require("read")
    with svc.db.read_session() as s:
        return _raw(s.get(ProjectRow, svc.project_id))


def config(data: dict[str, Any]) -> CheckConfig:
    """The :class:`~review_app.checks.base.CheckConfig` of a mapping, validated (:class:`InputError` otherwise)."""
    from review_app.qa import parse_config

    return parse_config(data, WHERE)


def save(svc: Reader, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the project's QA settings with ``data`` (validated first; nothing is written when it is invalid)."""
    svc.require("settings")
    config(data)
    return _update(svc, lambda _old: copy.deepcopy(data))


def _update(svc: Reader, change: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """Replace the project's QA settings with ``change`` of the stored ones (validated by ``change``), the row
    locked for the transaction, so two admins' changes queue instead of one losing the other's; the new mapping."""
    with svc.db.session() as s:
        row = s.get(ProjectRow, svc.project_id, with_for_update=True)
        if row is None:
            raise NotFoundError(f"project {svc.project_name!r} no longer exists")
        new = change(_raw(row))
        settings = dict(row.settings or {})
        settings["qa"] = new
        row.settings = settings  # a new dict: SQLAlchemy sees the JSON change
    return copy.deepcopy(new)


def switched(data: dict[str, Any], *, on: Iterable[str] = (), off: Iterable[str] = (),
             auto: Iterable[str] = ()) -> dict[str, Any]:
    """``data`` with the checks ``on`` switched on and ``off`` switched off (an opt-in check through ``[options.<id>]
    enabled``, a default check through ``disabled``), and the opt-in checks ``auto`` left to their automatic
    default again (``enabled`` removed: they run on a project within their size limit,
    :attr:`review_app.checks.base.Check.auto_max_units`); every other key kept. A check named twice, an unknown
    id, or an ``auto`` check without an automatic default is an :class:`InputError` naming it."""
    from review_app.checks.registry import all_checks

    checks = {c.check_id: c for c in all_checks()}
    on, off, auto = list(on), list(off), list(auto)
    unknown = sorted({*on, *off, *auto} - set(checks))
    if unknown:
        raise InputError(f"{WHERE}: unknown check id(s) {', '.join(unknown)}; `review-app qa --list-checks` lists "
                         "them")
    both = sorted((set(on) & set(off)) | (set(auto) & (set(on) | set(off))))
    if both:
        raise InputError(f"{WHERE}: {', '.join(both)} named in more than one of on, off and auto; name each check "
                         "once")
    manual = sorted(c for c in auto if getattr(checks[c], "auto_max_units", None) is None)
    if manual:
        raise InputError(f"{WHERE}: {', '.join(manual)} has no automatic default (it runs only when switched on); "
                         "use on or off")
    out = copy.deepcopy(data)
    disabled = [c for c in out.get("disabled", []) if c not in on]
    options = out.get("options", {})
    if not isinstance(options, dict):
        raise InputError(f"{WHERE}: 'options' must map check ids to tables of settings")
    for cid in auto:
        table = {k: v for k, v in dict(options.get(cid, {})).items() if k != "enabled"}
        if table:
            options[cid] = table
        else:
            options.pop(cid, None)
    for cid in on + off:
        if getattr(checks[cid], "opt_in", False):
            table = dict(options.get(cid, {}))
            table["enabled"] = cid in on
            options[cid] = table
        elif cid in off and cid not in disabled:
            disabled.append(cid)
    if options:
        out["options"] = options
    else:
        out.pop("options", None)
    if disabled:
        out["disabled"] = sorted(disabled)
    else:
        out.pop("disabled", None)
    config(out)
    return out


def switch(svc: Reader, *, on: Iterable[str] = (), off: Iterable[str] = (), auto: Iterable[str] = ()
           ) -> dict[str, Any]:
    """Switch checks on and off in the project's QA settings (see :func:`switched`); the new mapping."""
    svc.require("settings")
    return _update(svc, lambda old: switched(old, on=on, off=off, auto=auto))


def renderings(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The accepted renderings of a stored mapping (``renderings``; :mod:`review_app.checks.renderings`),
    validated."""
    from review_app.checks.renderings import parse

    return parse(data["renderings"], WHERE) if "renderings" in data else {}


def with_renderings(data: dict[str, Any], pairs: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """``data`` with its ``renderings`` replaced by ``pairs`` (the key removed when there are none)."""
    from review_app.checks.renderings import as_table

    out = copy.deepcopy(data)
    if pairs:
        out["renderings"] = as_table(pairs)
    else:
        out.pop("renderings", None)
    config(out)
    return out


def accept(svc: Reader, *, add: Iterable[tuple[str, tuple[str, ...]]] = (),
           remove: Iterable[tuple[str, tuple[str, ...]]] = (), on: Iterable[str] = (), off: Iterable[str] = (),
           auto: Iterable[str] = ()) -> dict[str, Any]:
    """Add accepted renderings (a source word and its English words) to the project's QA settings and remove
    others (a source word and the words to remove, all of them when none) — and switch checks as :func:`switch`
    does, when asked — in one transaction; the new mapping. Keeping them is the reviewer's, as keeping the glossary
    is (the ``glossary`` permission; switching checks needs ``settings`` as well): they change what every user's QA
    reports. A word or key that is not valid, or not there to remove, is an :class:`InputError` and nothing is
    written."""
    from review_app.checks.renderings import with_pair, without

    svc.require("glossary")
    on, off, auto = list(on), list(off), list(auto)
    if on or off or auto:
        svc.require("settings")

    def change(raw: dict[str, Any]) -> dict[str, Any]:
        if on or off or auto:
            raw = switched(raw, on=on, off=off, auto=auto)
        pairs = renderings(raw)
        for key, words in add:
            pairs = with_pair(pairs, key, words)
        for key, words in remove:
            pairs = without(pairs, key, words)
        return with_renderings(raw, pairs)

    return _update(svc, change)


def switches(data: dict[str, Any], size: int | None = None) -> Switches:
    """What runs under ``data`` (validated) on a project of ``size`` segments (None: not known, so the opt-in
    checks with an automatic default count as off unless switched on)."""
    from review_app.checks.base import switched_on
    from review_app.checks.registry import all_checks

    cfg = config(data)
    if size is not None:
        cfg = cfg.sized(size)
    opt_in = [c for c in all_checks() if getattr(c, "opt_in", False)]
    on = tuple(c.check_id for c in opt_in if switched_on(c, cfg))
    return Switches(
        opt_in_on=on,
        opt_in_off=tuple(c.check_id for c in opt_in if c.check_id not in on),
        disabled=tuple(sorted(cfg.disabled)),
        enabled_only=tuple(sorted(cfg.enabled_only)) if cfg.enabled_only is not None else None,
        auto_on=tuple(c for c in on if cfg.option(c, "enabled", None) is None and cfg.enabled_only is None),
        size=size)


def describe(data: dict[str, Any], size: int | None = None) -> list[str]:
    """Lines saying what runs under ``data`` on a project of ``size`` segments, for the CLI and the app."""
    sw = switches(data, size)
    auto = ""
    if sw.auto_on and sw.size is not None:
        from review_app.checks.base import auto_limit
        from review_app.checks.registry import CHECKS

        cfg = config(data)
        limit = min(auto_limit(CHECKS.get(c)(), cfg) or 0 for c in sw.auto_on)
        auto = (f" ({', '.join(sw.auto_on)} by themselves: the project's {sw.size:,} segments are within their "
                f"limit of {limit:,})")
    lines = [f"opt-in checks on: {', '.join(sw.opt_in_on) or 'none'}{auto}",
             f"opt-in checks off: {', '.join(sw.opt_in_off) or 'none'}",
             f"default checks off: {', '.join(sw.disabled) or 'none'}"]
    if sw.enabled_only is not None:
        lines.append(f"only these checks run (enabled): {', '.join(sw.enabled_only) or 'none'}")
    pairs = renderings(data)
    lines.append("accepted renderings: " + ("; ".join(f"{k} = {', '.join(v)}" for k, v in sorted(pairs.items()))
                                              if pairs else "none"))
    return lines
