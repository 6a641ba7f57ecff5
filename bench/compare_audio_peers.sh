#!/usr/bin/env bash
# Real-time factors (seconds of audio per second of wall time, higher is faster) of stochos's
# audio work beside the peer tools doing the same job in the same run:
#   GENDYN          vs Csound's gendy opcode
#   granular cloud  vs Csound's grain opcode
#   MIDI rendering  vs the fluidsynth command line (fluidsynth -ni -F out.wav sf2 in.mid)
#   pitch shifting  vs the rubberband command line (R2 and R3 engines)
# Usage: bench/compare_audio_peers.sh [path/to/stochos] [file.mid]
# Peers are Debian packages (csound, fluidsynth, rubberband-cli) from tools/install-deps.sh.
# Each tool's wall time includes its start-up (soundfont loading for both renderers).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
stochos="${1:-$here/build/cli/stochos}"
midi="${2:-${STOCHOS_SHARED_DIR:-$here/../shared}/fixtures/note_seq_testdata/example_complex.mid}"
sf2=/usr/share/sounds/sf2/FluidR3_GM.sf2
seconds=30
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for tool in "$stochos" csound fluidsynth rubberband; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (run tools/install-deps.sh / build stochos)" >&2; exit 4; }
done

now() { date +%s.%N; }
# rtf AUDIO_SECONDS START END
rtf() { awk -v a="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%8.1fx  (%.2f s)", a / (e - s), e - s }'; }
row() { printf '%-34s %s\n' "$1" "$2"; }

echo "real-time factors, $seconds s of audio at 44100 Hz unless noted"

# --- GENDYN -------------------------------------------------------------------------------------
t0=$(now); "$stochos" synth gendyn -o "$work/g.wav" --duration $seconds --minfreq 440 --maxfreq 660 >/dev/null; t1=$(now)
row "stochos synth gendyn (Gendy1)" "$(rtf $seconds "$t0" "$t1")"
cat > "$work/gendy.csd" <<CSD
<CsoundSynthesizer>
<CsOptions>
-d -m0 -W -o $work/cg.wav
</CsOptions>
<CsInstruments>
sr = 44100
ksmps = 1
nchnls = 1
0dbfs = 1
instr 1
  a1 gendy 0.5, 1, 1, 1, 1, 440, 660, 0.5, 0.5, 12, 12
  out a1
endin
</CsInstruments>
<CsScore>
i1 0 $seconds
</CsScore>
</CsoundSynthesizer>
CSD
t0=$(now); csound "$work/gendy.csd" >/dev/null 2>&1; t1=$(now)
row "csound gendy (ksmps=1, as exact)" "$(rtf $seconds "$t0" "$t1")"
sed -i 's/ksmps = 1/ksmps = 32/' "$work/gendy.csd"
t0=$(now); csound "$work/gendy.csd" >/dev/null 2>&1; t1=$(now)
row "csound gendy (ksmps=32)" "$(rtf $seconds "$t0" "$t1")"

# --- granular -----------------------------------------------------------------------------------
t0=$(now); "$stochos" synth granular -o "$work/gr.wav" --duration $seconds --density 200 >/dev/null; t1=$(now)
row "stochos synth granular (200/s)" "$(rtf $seconds "$t0" "$t1")"
cat > "$work/grain.csd" <<CSD
<CsoundSynthesizer>
<CsOptions>
-d -m0 -W -o $work/cgr.wav
</CsOptions>
<CsInstruments>
sr = 44100
ksmps = 32
nchnls = 1
0dbfs = 1
instr 1
  ; 200 grains/s of 20..80 ms, pitch 200 Hz with offsets up to 1800 Hz, Hann window
  a1 grain 0.1, 200, 200, 0.05, 1800, 0.08, 1, 2, 0.08
  out a1
endin
</CsInstruments>
<CsScore>
f1 0 8192 10 1
f2 0 8192 20 2
i1 0 $seconds
</CsScore>
</CsoundSynthesizer>
CSD
t0=$(now); csound "$work/grain.csd" >/dev/null 2>&1; t1=$(now)
row "csound grain (200/s)" "$(rtf $seconds "$t0" "$t1")"

# --- rendering ----------------------------------------------------------------------------------
t0=$(now); "$stochos" render "$midi" -o "$work/r.wav" >/dev/null; t1=$(now)
len=$(python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())" "$work/r.wav")
row "stochos render ($(basename "$midi"))" "$(rtf "$len" "$t0" "$t1")"
t0=$(now); fluidsynth -ni -q -F "$work/fr.wav" -r 44100 "$sf2" "$midi" >/dev/null 2>&1; t1=$(now)
flen=$(python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())" "$work/fr.wav")
row "fluidsynth -ni -F" "$(rtf "$flen" "$t0" "$t1")"

# --- pitch shifting -----------------------------------------------------------------------------
in="$work/g.wav"
t0=$(now); "$stochos" transform-audio "$in" -o "$work/p3.wav" --pitch 7 >/dev/null; t1=$(now)
row "stochos transform-audio (R3)" "$(rtf $seconds "$t0" "$t1")"
t0=$(now); rubberband -q -3 -p 7 "$in" "$work/rp3.wav" >/dev/null 2>&1; t1=$(now)
row "rubberband -3 -p 7 (R3 offline)" "$(rtf $seconds "$t0" "$t1")"
t0=$(now); "$stochos" transform-audio "$in" -o "$work/p2.wav" --pitch 7 --fast >/dev/null; t1=$(now)
row "stochos transform-audio --fast (R2)" "$(rtf $seconds "$t0" "$t1")"
t0=$(now); rubberband -q -p 7 "$in" "$work/rp2.wav" >/dev/null 2>&1; t1=$(now)
row "rubberband -p 7 (R2 offline)" "$(rtf $seconds "$t0" "$t1")"
