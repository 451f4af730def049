"""``review-app fixes``: list and apply the fixes the glossary names for QA findings (:mod:`review_app.quickfix`).

::

    review-app fixes PROJECT                 # every segment's fixes from the latest QA run
    review-app fixes PROJECT s1a2b3c4d5 --apply --side source
    review-app fixes PROJECT --numbers       # also the source's numbers and dates where a target has others

A source fix is saved as a source correction (the original is kept, the reason recorded in the history); a
target fix is saved as a new target version. Both use the versions read just before, so a concurrent edit
gives a conflict instead of being overwritten. Run ``review-app qa PROJECT`` first: fixes come from the latest
run, and only for findings made on the present texts.
"""

from __future__ import annotations

from pathlib import Path

import click

from review_app.commands._common import actor, friendly_errors


def register(main: click.Group) -> None:

    @main.command("fixes")
    @click.argument("project", type=click.Path(file_okay=False, path_type=Path))
    @click.argument("segments", nargs=-1)
    @click.option("--apply", "apply_", is_flag=True, help="Apply the listed fixes (default: only list them).")
    @click.option("--side", type=click.Choice(["source", "target", "both"]), default="both", show_default=True,
                  help="Which fixes: source corrections (鷹潭 → イーグルパス), target terms (Yingtan → Eagle Pass).")
    @click.option("--numbers", is_flag=True,
                  help="Also the source's numbers and dates where a target has others (23.85 million → 238.5 "
                       "million, July 31 → July 13, 2024/7/13 → July 13, 2024); check them before --apply.")
    @click.option("--user", default=None)
    @friendly_errors
    def fixes_command(project: Path, segments: tuple[str, ...], apply_: bool, side: str, numbers: bool,
                      user: str | None) -> None:
        """List (or --apply) the glossary's fixes for the QA findings of PROJECT (all segments, or SEGMENTS)."""
        from review_app import qa
        from review_app.errors import InputError
        from review_app.project import open_project
        from review_app.quickfix import apply_fixes, segment_fixes

        op = open_project(project)
        try:
            svc = op.service(actor(op.config.user, user))
            if not qa.has_run(svc):
                raise InputError(f"{project}: no QA run yet; run 'review-app qa {project}' first")
            keys = list(segments) or sorted({s.issue.unit for s in qa.list_issues(svc)},
                                            key=lambda k: svc.get_segment(k).index)
            found = applied = 0
            for key in keys:
                wanted = [f for f in segment_fixes(svc, key, values=numbers) if side in ("both", f.side)]
                if not wanted:
                    continue
                seg = svc.get_segment(key)
                for f in wanted:
                    found += 1
                    click.echo(f"{key} #{seg.index + 1} {f.side}: {f.label}")
                if not apply_:
                    continue
                src = [f for f in wanted if f.side == "source"]
                tgt = [f for f in wanted if f.side == "target"]
                if src:
                    seg = svc.correct_source(key, apply_fixes(seg.effective_source, src),
                                             expected_source_version=seg.source_version,
                                             reason="; ".join(f.reason for f in src))
                    applied += len(src)
                if tgt and seg.target is not None:
                    svc.save_target(key, apply_fixes(seg.target, tgt), expected_version=seg.version)
                    applied += len(tgt)
            if apply_:
                click.echo(f"applied {applied} of {found} fix(es); run 'review-app qa {project}' to refresh the "
                           "findings")
            else:
                click.echo(f"{found} fix(es); --apply applies them")
        finally:
            op.close()

