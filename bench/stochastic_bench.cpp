// SPDX-License-Identifier: GPL-3.0-or-later
// Throughput of the stochastic engine on one thread (issue 4, "Tests and figures"):
//   - notes per second of the xenakis-st preset, pitch bends included (compose_st_score:
//     the piece as plain values; and the whole piece as a NoteSequence, as `stochos compose`
//     makes it) and of a 3rd-order Markov chain learned from the Mozart corpus (raw joint
//     states, i.e. note events, and the NoteSequence path);
//   - values per second of every law (Distribution::fill, one variant visit per 4096-value
//     buffer), the walks, 1/f noise, Poisson onsets, chaotic maps and a nested tendency mask;
//   - corpus learning time for the Mozart folder (from the MIDI files, and from NoteSequences
//     already converted).
// Peers (SuperCollider's Pwhite, Pexprand, Pbrown... in sclang; numpy for the Markov chain and
// for distribution draws) run in bench/compare_stochastic_peers.sh, which calls this binary
// with --benchmark_format=json and, to give numpy the very same chain,
// --write_markov_model=PATH (the order-3 Mozart chain in MarkovChain::to_text form).
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/score/corpus_model.h"
#include "stochos/score/presets.h"
#include "stochos/score/st.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/distributions.h"
#include "stochos/stochastic/markov.h"
#include "stochos/stochastic/processes.h"

namespace {

using namespace stochos::stochastic;
using stochos::core::Rng;

constexpr std::size_t kBuffer = 4096;

void set_rate(benchmark::State& state) {
  const auto values = static_cast<double>(state.iterations() * kBuffer);
  state.counters["values_per_s"] = benchmark::Counter(values, benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBuffer));
}

// --- laws -------------------------------------------------------------------------------------

Distribution law_for(int index) {
  switch (index) {
    case 0:
      return Uniform(0, 1);
    case 1:
      return Linear(1);
    case 2:
      return Triangular(0, 0.3, 1);
    case 3:
      return Exponential(2);
    case 4:
      return Poisson(3.5);  // inversion
    case 5:
      return Poisson(200);  // PTRS
    case 6:
      return Gaussian(0, 1);
    case 7:
      return Cauchy(0, 1);
    case 8:
      return Logistic(0, 1);
    case 9:
      return HyperbolicCosine(0, 1);
    case 10:
      return Arcsine(0, 1);
    case 11:
      return Beta(2, 5);
    case 12:
      return Beta(0.3, 0.4);
    case 13:
      return Gamma(2.5);
    case 14:
      return Gamma(0.4);
    case 15:
      return Weibull(1.5, 1);
    case 16:
      return Bernoulli(0.3);
    default:
      return Discrete({1, 2, 3, 4, 5, 4, 3, 2, 1, 1, 2, 3});
  }
}
constexpr int kLaws = 18;

void BM_DistributionFill(benchmark::State& state) {
  const Distribution law = law_for(static_cast<int>(state.range(0)));
  state.SetLabel(law.describe());
  Rng rng(1);
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    law.fill(rng, buffer);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_DistributionFill)->DenseRange(0, kLaws - 1);

void BM_DistributionSampleOneByOne(benchmark::State& state) {
  // The cost of the variant dispatch per value, for comparison with the bulk fill.
  const Distribution law = Gaussian(0, 1);
  Rng rng(1);
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    for (double& v : buffer) v = law.sample(rng);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_DistributionSampleOneByOne);

// --- processes --------------------------------------------------------------------------------

template <class Process>
void run_fill(benchmark::State& state, Process& process) {
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    process.fill(buffer);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}

void BM_RandomWalkUniformReflect(benchmark::State& state) {  // like SuperCollider's Pbrown
  RandomWalk walk(60, Uniform(-2, 2), {48, 72, Barrier::kReflect}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_RandomWalkUniformReflect);

void BM_RandomWalkDiscreteSteps(benchmark::State& state) {
  RandomWalk walk(60, Discrete({1, 2, 1}, {-2, 0, 2}), {48, 72, Barrier::kReflect}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_RandomWalkDiscreteSteps);

void BM_BrownianMotionReflect(benchmark::State& state) {
  RandomWalk walk = RandomWalk::wiener(0, 1, 0.01, {-1, 1, Barrier::kReflect}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_BrownianMotionReflect);

void BM_BrownianMotionWrap(benchmark::State& state) {
  RandomWalk walk = RandomWalk::wiener(0, 1, 0.01, {-1, 1, Barrier::kWrap}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_BrownianMotionWrap);

void BM_SecondOrderWalkGendyn(benchmark::State& state) {
  SecondOrderWalk walk(0, 0, Cauchy(0, 0.02), {-0.1, 0.1, Barrier::kReflect}, {-1, 1, Barrier::kReflect},
                       Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_SecondOrderWalkGendyn);

void BM_PinkNoise(benchmark::State& state) {
  PinkNoise pink(Rng(1), 16);
  run_fill(state, pink);
}
BENCHMARK(BM_PinkNoise);

void BM_BernoulliProcess(benchmark::State& state) {
  BernoulliProcess rhythm(0.3, Rng(1));
  run_fill(state, rhythm);
}
BENCHMARK(BM_BernoulliProcess);

void BM_PoissonOnsets(benchmark::State& state) {
  // 4096 onsets expected per call (1 kHz over 4.096 s).
  Rng rng(1);
  std::size_t onsets = 0;
  for (auto _ : state) {
    const auto v = poisson_onsets(1000.0, 4.096, rng);
    onsets += v.size();
    benchmark::DoNotOptimize(v.data());
  }
  state.counters["values_per_s"] =
      benchmark::Counter(static_cast<double>(onsets), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PoissonOnsets);

// --- curves -----------------------------------------------------------------------------------

void BM_LogisticMap(benchmark::State& state) {
  LogisticMap map(3.99, 0.3);
  run_fill(state, map);
}
BENCHMARK(BM_LogisticMap);

void BM_LorenzRk4(benchmark::State& state) {
  LorenzSystem lorenz;
  run_fill(state, lorenz);
}
BENCHMARK(BM_LorenzRk4);

void BM_BreakpointsFill(benchmark::State& state) {
  const Breakpoints curve(
      {{0, 0}, {1, 5, SegmentShape::kSine}, {3, 2, SegmentShape::kExponential}, {7, 9}, {10, 1}});
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    curve.fill(buffer, 0.0, 10.0 / kBuffer);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_BreakpointsFill);

void BM_TendencyMaskNestedBrownian(benchmark::State& state) {
  // The example: a Brownian pitch walk in a mask whose bounds follow breakpoint curves,
  // quantized to semitones.
  TendencyMaskOptions options;
  options.input_lo = -1;
  options.input_hi = 1;
  options.quantizer = Quantizer{1.0, 1.0, 0.0};
  TendencyMask mask(
      std::make_unique<RandomWalk>(RandomWalk::wiener(0, 0.5, 0.01, {-1, 1, Barrier::kReflect}, Rng(1))),
      std::make_unique<Breakpoints>(Breakpoints::linear({{0, 36}, {40, 58}})),
      std::make_unique<Breakpoints>(Breakpoints::linear({{0, 96}, {40, 62}})), std::move(options));
  std::vector<double> buffer(kBuffer);
  double t = 0;
  for (auto _ : state) {
    mask.fill_at(buffer, t, 0.01);
    t = t > 30 ? 0 : t + 0.01 * kBuffer;
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_TendencyMaskNestedBrownian);

// --- notes: Xenakis ST ------------------------------------------------------------------------

void set_note_rate(benchmark::State& state, std::size_t notes) {
  state.counters["notes_per_s"] = benchmark::Counter(static_cast<double>(notes), benchmark::Counter::kIsRate);
  state.counters["notes"] =
      benchmark::Counter(static_cast<double>(notes) / static_cast<double>(state.iterations()));
}

void BM_StPreset(benchmark::State& state) {
  // The xenakis-st preset exactly as `stochos compose --preset xenakis-st --duration S` runs
  // it (argument: S; the default length is 150 s): into a message on a protobuf Arena, made
  // afresh each time. Notes are the NoteSequence's notes; the pitch bends of the glissandi are
  // built too and counted apart.
  const stochos::score::Preset& preset = stochos::score::find_preset("xenakis-st");
  stochos::score::PresetRequest request;
  request.seed = 42;
  request.duration_seconds = static_cast<double>(state.range(0));
  std::size_t notes = 0, bends = 0;
  for (auto _ : state) {
    google::protobuf::Arena arena;
    auto* piece = google::protobuf::Arena::CreateMessage<magenta::NoteSequence>(&arena);
    preset.compose_into(request, *piece);
    notes += static_cast<std::size_t>(piece->notes_size());
    bends += static_cast<std::size_t>(piece->pitch_bends_size());
    benchmark::DoNotOptimize(piece->notes().data());
  }
  set_note_rate(state, notes);
  state.counters["bends_per_s"] = benchmark::Counter(static_cast<double>(bends), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StPreset)->Arg(150)->Arg(3600)->Unit(benchmark::kMillisecond);

void BM_StScore(benchmark::State& state) {
  // The same piece (the preset's parameters, seed 42) as plain values: score::compose_st_score,
  // what stochos.st hands to numpy. A fresh StScore each time, so its memory is allocated
  // afresh as the arena's is above.
  stochos::score::StParams params;
  params.duration_seconds = static_cast<double>(state.range(0));
  std::size_t notes = 0, bends = 0;
  for (auto _ : state) {
    stochos::score::StScore score;
    stochos::score::compose_st_score(score, params, stochos::core::Rng(42));
    notes += score.notes.size();
    bends += score.bends.size();
    benchmark::DoNotOptimize(score.notes.data());
    benchmark::DoNotOptimize(score.bends.data());
  }
  set_note_rate(state, notes);
  state.counters["bends_per_s"] = benchmark::Counter(static_cast<double>(bends), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StScore)->Arg(150)->Arg(3600)->Unit(benchmark::kMillisecond);

void BM_StPresetHeap(benchmark::State& state) {
  // The same piece as a message on the heap (Preset::compose, the Python module's path):
  // each note and bend is then a malloc and a free.
  const stochos::score::Preset& preset = stochos::score::find_preset("xenakis-st");
  stochos::score::PresetRequest request;
  request.seed = 42;
  request.duration_seconds = static_cast<double>(state.range(0));
  std::size_t notes = 0;
  for (auto _ : state) {
    const magenta::NoteSequence piece = preset.compose(request);
    notes += static_cast<std::size_t>(piece.notes_size());
    benchmark::DoNotOptimize(piece.notes().data());
  }
  set_note_rate(state, notes);
}
BENCHMARK(BM_StPresetHeap)->Arg(150)->Arg(3600)->Unit(benchmark::kMillisecond);

// --- notes: 3rd-order Markov chain learned from Mozart -----------------------------------------

std::filesystem::path mozart_dir() {
  const char* env = std::getenv("STOCHOS_SHARED_DIR");
  return std::filesystem::path(env ? env : STOCHOS_DEFAULT_SHARED_DIR) / "corpus" / "mozart";
}

stochos::score::CorpusModelOptions mozart_options(int order) {
  stochos::score::CorpusModelOptions options;  // the shipped model's options (pitch, 16ths, 8 bins)
  options.order = order;
  return options;
}

// Learned once per process: each state is one note (pitch, duration in sixteenths, velocity bin).
const stochos::score::CorpusModel& mozart_order3() {
  static const stochos::score::CorpusModel model =
      stochos::score::CorpusModel::learn_directory(mozart_dir(), mozart_options(3));
  return model;
}

void BM_MarkovOrder3States(benchmark::State& state) {
  // MarkovChain::generate: the engine's note events (joint states), 2^16 per call.
  const stochos::stochastic::MarkovChain& chain = mozart_order3().chain();
  constexpr std::size_t kLength = std::size_t{1} << 16;
  Rng rng(1);
  std::size_t notes = 0;
  for (auto _ : state) {
    const std::vector<std::int64_t> states = chain.generate(kLength, rng);
    notes += states.size();
    benchmark::DoNotOptimize(states.data());
  }
  set_note_rate(state, notes);
  state.SetLabel(std::to_string(chain.states().size()) + " states, " + std::to_string(chain.context_count()) +
                 " contexts");
}
BENCHMARK(BM_MarkovOrder3States)->Unit(benchmark::kMillisecond);

void BM_MarkovOrder3Melody(benchmark::State& state) {
  // CorpusModel::generate: a one-hour melody as a NoteSequence (decoding and protobuf notes).
  const stochos::score::CorpusModel& model = mozart_order3();
  stochos::score::CorpusGenerateOptions options;
  options.duration_seconds = 3600;
  std::size_t notes = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    const magenta::NoteSequence melody = model.generate(options, Rng(seed++));
    notes += static_cast<std::size_t>(melody.notes_size());
    benchmark::DoNotOptimize(melody.notes().data());
  }
  set_note_rate(state, notes);
}
BENCHMARK(BM_MarkovOrder3Melody)->Unit(benchmark::kMillisecond);

// --- corpus learning ---------------------------------------------------------------------------

void set_learn_counters(benchmark::State& state, const stochos::score::CorpusLearnReport& report,
                        std::size_t files) {
  state.counters["files"] = static_cast<double>(files);
  state.counters["melody_notes"] = static_cast<double>(report.melody_notes);
  state.counters["melody_notes_per_s"] = benchmark::Counter(
      static_cast<double>(report.melody_notes * state.iterations()), benchmark::Counter::kIsRate);
}

void BM_CorpusLearnMozartFolder(benchmark::State& state) {
  // `stochos markov learn --corpus mozart --order N`'s work: list, read and convert the MIDI
  // files, extract the top lines, count every context of length 0..N.
  const auto options = mozart_options(static_cast<int>(state.range(0)));
  stochos::score::CorpusLearnReport report;
  for (auto _ : state) {
    report = {};
    const auto model = stochos::score::CorpusModel::learn_directory(mozart_dir(), options, &report);
    benchmark::DoNotOptimize(&model);
  }
  set_learn_counters(state, report, report.files_seen);
}
BENCHMARK(BM_CorpusLearnMozartFolder)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_CorpusLearnFromSequences(benchmark::State& state) {
  // The same without the MIDI files: melody extraction and counting on converted sequences.
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(mozart_dir())) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());  // learn_directory's order
  std::vector<magenta::NoteSequence> sequences;
  for (const auto& path : paths) sequences.push_back(stochos::notesequence::midi_file_to_note_sequence(path));
  const auto options = mozart_options(static_cast<int>(state.range(0)));
  stochos::score::CorpusLearnReport report;
  for (auto _ : state) {
    report = {};
    const auto model = stochos::score::CorpusModel::learn(sequences, options, &report);
    benchmark::DoNotOptimize(&model);
  }
  set_learn_counters(state, report, sequences.size());
}
BENCHMARK(BM_CorpusLearnFromSequences)->Arg(3)->Unit(benchmark::kMillisecond);

}  // namespace

// Google Benchmark's main, plus --write_markov_model=PATH: writes the order-3 Mozart chain the
// Markov benchmarks use (MarkovChain::to_text) and exits, so a peer can load the same chain.
int main(int argc, char** argv) {
  constexpr const char* kWriteModel = "--write_markov_model=";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], kWriteModel, std::strlen(kWriteModel)) == 0) {
      try {
        mozart_order3().chain().save(argv[i] + std::strlen(kWriteModel));
        return 0;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "stochastic_bench: %s\n", e.what());
        return 1;
      }
    }
  }
  // Steady-state figures: glibc may hand the freed heap top back to the kernel after an
  // iteration and fault it in again in the next (about 10 us a page on the project's virtual
  // machine), depending on where unrelated blocks happen to land. Freed memory stays in the
  // process instead; compare_stochastic_peers.sh gives numpy the same setting.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
