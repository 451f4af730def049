#!/usr/bin/env bash
# Create the demo project from the shipped corpus (once); later runs reuse it, so review work is kept.
set -euo pipefail
bin=$1
demo=$2
if [ ! -f "$demo/review-app.toml" ]; then
  "$bin/review-app" init "$demo" --source corpus/musk-trump/source.ja.txt --source-lang ja --target-lang en --name musk-trump
fi
