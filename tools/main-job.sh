#!/usr/bin/env bash
# stochos's main job, from a fresh Debian 12 machine: installs packages, builds, then makes the
# mixtape: a ten-track album (audio, MIDI, NoteSequences, pictures, a crossfaded mix, cover and
# index.html) in out/mixtape, and prints how long it took. Arguments go to `stochos mixtape`
# (e.g. --seed 7, --format ogg, --corpus DIR, --resume).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/build.sh
mkdir -p out
build/cli/stochos mixtape -o out/mixtape "$@"
