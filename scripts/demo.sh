#!/usr/bin/env bash
# Create the demo project from the shipped corpus (once): the Japanese article, the two prepared candidate drafts
# and the reference translation as candidates (each with its provenance), the readers' notes, and a first QA run.
# Later runs reuse the project, so review work is kept.
set -euo pipefail
bin=$1
demo=$2
corpus=${DEMO_CORPUS:-corpus/musk-trump}
if [ ! -f "$demo/review-app.toml" ]; then
  "$bin/review-app" init "$demo" --source "$corpus/source.ja.txt" --source-lang ja --target-lang en --name musk-trump \
    --glossary glossary/musk-trump.tbx
  for name in literal fluent; do
    "$bin/review-app" candidates import "$demo" "$corpus/candidates/$name.xlf" --engine "draft-$name" \
      --provenance "@$corpus/candidates/$name.provenance.json"
  done
  "$bin/review-app" candidates import "$demo" "$corpus/reference.tmx" --engine reference \
    --provenance "@$corpus/reference.provenance.json"
  # The article's titles (the source has no heading line) from the corpus metadata, for the exports.
  "$bin/python" - "$demo" "$corpus/metadata.json" "$bin/review-app" <<'PY'
import json, subprocess, sys
meta = json.load(open(sys.argv[2], encoding="utf-8"))
subprocess.run([sys.argv[3], "title", sys.argv[1], "--source", meta["title_ja"], "--target", meta["title_en"]],
               check=True)
PY
  # A first QA run on the source (the targets are still empty) so the app shows the source's own defects.
  "$bin/review-app" qa "$demo" --format json -o "$demo/qa-initial.json"
  echo "demo project ready in $demo (QA report: $demo/qa-initial.json)"
fi
# The readers' notes (footnotes of the exported article, docs/readers-notes.md): imported once, also into a demo
# project made before they were shipped; a note edited in the app is never overwritten by a later `make app`.
if [ -f "$corpus/readers-notes.json" ] && [ ! -f "$demo/.readers-notes-imported" ]; then
  "$bin/review-app" notes import "$demo" "$corpus/readers-notes.json"
  touch "$demo/.readers-notes-imported"
fi
