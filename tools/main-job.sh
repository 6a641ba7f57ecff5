#!/usr/bin/env bash
# stochos's main job, from a fresh Debian 12 machine: installs packages, builds, then
# converts the bundled example MIDI files (and the team's Mozart corpus when ../shared is
# there) into NoteSequence TFRecords under out/ and describes what was written.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/build.sh
mkdir -p out
stochos=build/cli/stochos
"$stochos" convert --input_dir examples/midi --output_file out/examples.tfrecord
"$stochos" inspect --records 1 --notes 12 out/examples.tfrecord
corpus=${STOCHOS_SHARED_DIR:-../shared}/corpus/mozart
if [ -d "$corpus" ]; then
  "$stochos" convert --input_dir "$corpus" --output_file out/mozart.tfrecord
fi
echo "main job done: outputs in out/"
