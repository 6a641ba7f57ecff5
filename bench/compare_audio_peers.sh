#!/usr/bin/env bash
# Real-time factors (seconds of audio per second of wall time, higher is faster) of stochos's
# audio work beside the peer tools doing the same job in the same run:
#   GENDYN          vs Csound's gendy opcode
#   granular cloud  vs Csound's grain opcode
#   MIDI rendering  vs the fluidsynth command line (fluidsynth -ni -F out.wav sf2 in.mid)
#   pitch shifting  vs the rubberband command line (R2 and R3 engines)
# Usage: bench/compare_audio_peers.sh [path/to/stochos] [file.mid]
# Peers are Debian packages (csound, fluidsynth, rubberband-cli) from tools/install-deps.sh.
# Each tool's wall time includes its start-up (soundfont loading for both renderers). For the
# synthesis rows start-up is measured the same way for both sides: the same command for a
# hundredth of a second (its time is printed as "start-up"), and the synthesis figures divide
# the extra audio of the long run by its extra time, wall and CPU (user + sys, from bash's
# `time`), which cancels whatever either tool does once: loading shared libraries, compiling
# Csound's orchestra, creating and renaming the output file.
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
# best CMD...: "WALL CPU", the shortest wall time and the least CPU time (user + sys) of three
# runs, in seconds, each minimum on its own (the machine may be shared; noise only slows).
best() {
  local w="" c="" t
  for _ in 1 2 3; do
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
    read -r w c <<<"$(awk -v w="$w" -v c="$c" -v t="$t" 'BEGIN {
      split(t, x, " "); cpu = x[2] + x[3]
      print ((w == "" || x[1] < w) ? x[1] : w), ((c == "" || cpu < c) ? cpu : c) }')"
  done
  echo "$w $c"
}
# pair LABEL SHORT "WALL CPU" LONG "WALL CPU": the start-up (the short run's wall time), the
# real-time factor of the long run, start-up included, and without start-up:
# (LONG - SHORT) / (T_LONG - T_SHORT) in wall and in CPU time.
pair() {
  awk -v l="$1" -v a="$2" -v ts="$3" -v b="$4" -v tl="$5" 'BEGIN {
    split(ts, s, " "); split(tl, t, " ")
    dw = t[1] - s[1]; dc = t[2] - s[2]  # below the clock resolution: no figure
    printf "%-34s start-up %.2f s | whole %7.1fx (%.2f s) | synthesis %s wall, %s CPU\n", l, s[1], b / t[1], t[1],
      (dw > 0.005 ? sprintf("%7.1fx", (b - a) / dw) : "    n/a"), (dc > 0.005 ? sprintf("%7.1fx", (b - a) / dc) : "    n/a") }'
}
short=0.01
synth_seconds=300  # long enough that start-up is a small part and the marginal figures are stable

echo "real-time factors at 44100 Hz; synthesis: $synth_seconds s of audio, best of 3 runs each"

# --- GENDYN -------------------------------------------------------------------------------------
gendyn() { "$stochos" synth gendyn -o "$work/g.wav" --duration "$1" --minfreq 440 --maxfreq 660; }
pair "stochos synth gendyn (Gendy1)" $short "$(best gendyn $short)" $synth_seconds "$(best gendyn $synth_seconds)"
# csd DURATION KSMPS OPCODE-LINE [TABLES]: a one-instrument Csound file writing a mono WAV.
csd() {
  cat <<CSD
<CsoundSynthesizer>
<CsOptions>
-d -m0 -W -o $work/c.wav
</CsOptions>
<CsInstruments>
sr = 44100
ksmps = $2
nchnls = 1
0dbfs = 1
instr 1
  $3
  out a1
endin
</CsInstruments>
<CsScore>
${4:-}
i1 0 $1
</CsScore>
</CsoundSynthesizer>
CSD
}
gendy_line='a1 gendy 0.5, 1, 1, 1, 1, 440, 660, 0.5, 0.5, 12, 12'
for k in 1 32; do
  csd $short $k "$gendy_line" > "$work/gs.csd"
  csd $synth_seconds $k "$gendy_line" > "$work/gl.csd"
  label="csound gendy (ksmps=$k)"
  [ $k = 1 ] && label="csound gendy (ksmps=1, as exact)"
  pair "$label" $short "$(best csound "$work/gs.csd")" $synth_seconds "$(best csound "$work/gl.csd")"
done

# --- granular -----------------------------------------------------------------------------------
# The same cloud on both sides: 200 grains/s of 80 ms (16 at once), sines of 200..2000 Hz,
# peaks 0.1..0.15, Hann windows. Csound's grain opcode spaces onsets evenly and reads 8192-point
# sine and window tables without interpolation into one channel; stochos draws Poisson onsets,
# computes its sines and windows and pans each grain in stereo, so it does the larger job.
granular() {
  "$stochos" synth granular -o "$work/gr.wav" --duration "$1" --density 200 --grain-lo 0.08 --grain-hi 0.08 \
    --freq-lo 200 --freq-hi 2000 --amp-lo 0.1 --amp-hi 0.15 --envelope hann
}
pair "stochos synth granular (200/s)" $short "$(best granular $short)" $synth_seconds "$(best granular $synth_seconds)"
# xamp 0.1 + up to 0.05, pitch 200 Hz + up to 1800 Hz, 200 grains/s of 0.08 s, tables 1 and 2
grain_line='a1 grain 0.1, 200, 200, 0.05, 1800, 0.08, 1, 2, 0.08'
grain_tables=$'f1 0 8192 10 1\nf2 0 8192 20 2'
csd $short 32 "$grain_line" "$grain_tables" > "$work/grs.csd"
csd $synth_seconds 32 "$grain_line" "$grain_tables" > "$work/grl.csd"
pair "csound grain (200/s)" $short "$(best csound "$work/grs.csd")" $synth_seconds "$(best csound "$work/grl.csd")"
echo "the rows below: one run each, start-up included"


# --- rendering ----------------------------------------------------------------------------------
t0=$(now); "$stochos" render "$midi" -o "$work/r.wav" >/dev/null; t1=$(now)
len=$(python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())" "$work/r.wav")
row "stochos render ($(basename "$midi"))" "$(rtf "$len" "$t0" "$t1")"
t0=$(now); fluidsynth -ni -q -F "$work/fr.wav" -r 44100 "$sf2" "$midi" >/dev/null 2>&1; t1=$(now)
flen=$(python3 -c "import wave,sys; w=wave.open(sys.argv[1]); print(w.getnframes()/w.getframerate())" "$work/fr.wav")
row "fluidsynth -ni -F" "$(rtf "$flen" "$t0" "$t1")"

# --- pitch shifting -----------------------------------------------------------------------------
gendyn $seconds >/dev/null
in="$work/g.wav"
t0=$(now); "$stochos" transform-audio "$in" -o "$work/p3.wav" --pitch 7 >/dev/null; t1=$(now)
row "stochos transform-audio (R3)" "$(rtf $seconds "$t0" "$t1")"
t0=$(now); rubberband -q -3 -p 7 "$in" "$work/rp3.wav" >/dev/null 2>&1; t1=$(now)
row "rubberband -3 -p 7 (R3 offline)" "$(rtf $seconds "$t0" "$t1")"
t0=$(now); "$stochos" transform-audio "$in" -o "$work/p2.wav" --pitch 7 --fast >/dev/null; t1=$(now)
row "stochos transform-audio --fast (R2)" "$(rtf $seconds "$t0" "$t1")"
t0=$(now); rubberband -q -p 7 "$in" "$work/rp2.wav" >/dev/null 2>&1; t1=$(now)
row "rubberband -p 7 (R2 offline)" "$(rtf $seconds "$t0" "$t1")"
