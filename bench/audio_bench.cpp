// SPDX-License-Identifier: GPL-3.0-or-later
// Audio benchmarks. The counter "rt_factor" is seconds of audio made per second of CPU time
// (the real-time factor); bench/compare_audio_peers.sh prints the same figure for the peer
// tools (Csound, fluidsynth, rubberband) on the same machine.
#include <benchmark/benchmark.h>

#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/audio/synth/gendyn.h"
#include "stochos/audio/synth/granular.h"
#include "stochos/stochastic/processes.h"

namespace {

using namespace stochos;

void set_rt_factor(benchmark::State& state, double audio_seconds_per_iteration) {
  state.counters["rt_factor"] =
      benchmark::Counter(audio_seconds_per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Gendyn(benchmark::State& state) {
  audio::GendynOptions o;
  o.model = static_cast<audio::GendyModel>(state.range(0));
  o.interpolation = static_cast<audio::GendyInterpolation>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(audio::gendyn(o, 10.0, core::Rng(1)).samples.data());
  set_rt_factor(state, 10.0);
}
BENCHMARK(BM_Gendyn)->ArgsProduct({{0, 1, 2}, {0, 1}})->Unit(benchmark::kMillisecond);

void BM_GrainCloud(benchmark::State& state) {
  audio::GrainCloudOptions o;
  o.duration_seconds = 10.0;
  o.density_hz = static_cast<double>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(audio::grain_cloud(o, core::Rng(1)).samples.data());
  set_rt_factor(state, 10.0);
}
BENCHMARK(BM_GrainCloud)->Arg(50)->Arg(400)->Unit(benchmark::kMillisecond);

// The cloud bench/compare_audio_peers.sh times beside Csound's grain opcode: 200 grains/s of
// 80 ms, Hann windows, 200..2000 Hz, peaks 0.1..0.15 (stereo here, mono in Csound).
void BM_GrainCloudAsCsoundGrain(benchmark::State& state) {
  audio::GrainCloudOptions o;
  o.duration_seconds = 10.0;
  o.density_hz = 200.0;
  o.grain_lo_seconds = o.grain_hi_seconds = 0.08;
  o.envelope = static_cast<audio::GrainEnvelope>(state.range(0));
  o.freq_lo_hz = 200.0;
  o.freq_hi_hz = 2000.0;
  o.amp_lo = 0.1;
  o.amp_hi = 0.15;
  for (auto _ : state) benchmark::DoNotOptimize(audio::grain_cloud(o, core::Rng(1)).samples.data());
  set_rt_factor(state, 10.0);
}
BENCHMARK(BM_GrainCloudAsCsoundGrain)
    ->Arg(static_cast<int>(audio::GrainEnvelope::kHann))
    ->Arg(static_cast<int>(audio::GrainEnvelope::kGaussian))
    ->Arg(static_cast<int>(audio::GrainEnvelope::kTrapezoid))
    ->Unit(benchmark::kMillisecond);

magenta::NoteSequence scale_sequence(int notes) {
  magenta::NoteSequence s;
  for (int i = 0; i < notes; ++i) {
    auto* n = s.add_notes();
    n->set_pitch(48 + (i * 7) % 36);
    n->set_velocity(90);
    n->set_start_time(0.125 * i);
    n->set_end_time(0.125 * i + 0.4);
    n->set_program((i / 16) % 8 * 8);
    n->set_instrument(i % 3);
  }
  s.set_total_time(0.125 * notes + 0.4);
  return s;
}

void BM_RenderGeneralMidi(benchmark::State& state) {
  audio::MidiRenderer renderer;  // soundfont loaded once, outside the timing
  const auto sequence = scale_sequence(240);
  double seconds = 0.0;
  for (auto _ : state) seconds = renderer.render(sequence).duration_seconds();
  set_rt_factor(state, seconds);
}
BENCHMARK(BM_RenderGeneralMidi)->Unit(benchmark::kMillisecond);

audio::AudioBuffer tone(double seconds) {
  audio::GendynOptions o;
  o.model = audio::GendyModel::kGendy3;
  return audio::gendyn(o, seconds, core::Rng(2));
}

void BM_PitchShift(benchmark::State& state) {
  const audio::AudioBuffer in = tone(10.0);
  audio::PitchShiftOptions o;
  o.finer_engine = state.range(0) != 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(audio::pitch_shift(in, [](double) { return 7.0; }, o).samples.data());
  }
  set_rt_factor(state, 10.0);
}
BENCHMARK(BM_PitchShift)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SpectralShape(benchmark::State& state) {
  const audio::AudioBuffer in = tone(10.0);
  const auto gain = [](double) { return -6.0; };
  const auto tilt = [](double) { return -2.0; };
  for (auto _ : state) benchmark::DoNotOptimize(audio::spectral_shape(in, gain, tilt).samples.data());
  set_rt_factor(state, 10.0);
}
BENCHMARK(BM_SpectralShape)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
