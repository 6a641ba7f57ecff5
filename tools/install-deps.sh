#!/usr/bin/env bash
# Installs every Debian package stochos needs to build, test and run. Idempotent: packages
# already present are skipped, so a warm machine pays one dpkg query and nothing else.
# The list is the single source of truth for the project's dependencies (see README.md).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev          # libFuzzer and sanitizers for the fuzz targets
  # libraries
  libprotobuf-dev protobuf-compiler # NoteSequence and the other wire formats
  libcli11-dev                      # command-line parsing
  libtoml11-dev                     # composition files (score language)
  libssl-dev                        # SHA-1 of file names for Magenta-style NoteSequence ids
  libgtest-dev libgmock-dev libbenchmark-dev
  libcairo2-dev                     # piano-roll and curve PNGs (plot module)
  libpugixml-dev                    # MusicXML reading and writing (scoreio module)
  libzip-dev                        # compressed MusicXML (.mxl) (scoreio module)
  libfluidsynth-dev fluid-soundfont-gm # General MIDI rendering (audio module)
  libsndfile1-dev                   # WAV/FLAC/OGG reading and writing (audio module)
  libogg-dev                        # rewriting Ogg page serials for reproducible .ogg files
  librubberband-dev                 # time-varying pitch shifting (audio module)
  libfftw3-dev                      # STFT gain and spectral tilt (audio module)
  libebur128-dev                    # EBU R128 loudness (audio module, mixtape)
  nlohmann-json3-dev                # the mixtape's JSON records (album.json, track records)
  libtorch-dev                      # Melody RNN training and generation (rnn module only)
  libopenblas0-pthread              # fast BLAS for LibTorch (Debian's default is reference BLAS)
  libleveldb-dev                    # TensorFlow checkpoint tables (.index, V1 checkpoints)
  libopenmpi-dev openmpi-bin        # sharded jobs across processes and machines (optional)
  pybind11-dev                      # the Python module
  python3-nbconvert jupyter-nbconvert python3-ipykernel python3-nbclient # runs examples/tour.ipynb headless
  chromium                          # the mixtape page's browser test (headless, with playwright-core)
  # independent references used by tests and peer benchmarks (Debian's own python3)
  python3 python3-mido python3-protobuf python3-numpy python3-crc32c
  python3-torch python3-pytest      # Melody RNN reference and peer benchmark; Python module tests
  supercollider-language            # sclang patterns, peer of the stochastic benchmarks
  musescore3 xvfb                   # the MuseScore check of written MusicXML (scoreio e2e test)
  abcmidi                           # abc2midi, an independent reader of written ABC (scoreio e2e test)
  parallel                          # GNU parallel, for the sharding line of README "Scaling out"
  fluidsynth rubberband-cli csound   # peers of the audio benchmarks (bench/compare_audio_peers.sh)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
