#!/usr/bin/env bash
# stochos's main job, from a fresh Debian 12 machine: installs packages, builds, then
#  1. converts the bundled example MIDI files (and the team's Mozart corpus when ../shared is
#     there) into NoteSequence TFRecords and describes what was written;
#  2. composes a stochastic demo: Xenakis's ST preset and a score-language piece, written as
#     MIDI, rendered to FLAC with the General MIDI synth, and the ST piece as MusicXML.
# Outputs go to out/. (The mixtape will take over this command.)
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
"$stochos" compose --preset xenakis-st --seed 1955 -o out/xenakis-st.mid
"$stochos" render out/xenakis-st.mid -o out/xenakis-st.flac
"$stochos" export out/xenakis-st.mid -o out/xenakis-st.musicxml
"$stochos" compose examples/scores/brownian_sieve.toml --seed 1955 -o out/brownian_sieve.mid
"$stochos" render out/brownian_sieve.mid -o out/brownian_sieve.flac
echo "main job done: outputs in out/"
