// SPDX-License-Identifier: GPL-3.0-or-later
// Melody extraction and encoding on the Mozart corpus, one thread. The NoteSequences are
// converted once up front, so the figures measure the melody pipeline only:
//   BM_DatasetPipeline/<config>: melody_rnn_create_dataset's chain (split, quantize,
//     extract, squash, encode, serialize) with stochos's --flatten_tempo and
//     --ignore_polyphonic_notes (Magenta's exact settings find no melody in this corpus,
//     see src/stochos/melody/tests/dataset_e2e_test.cpp); counters melodies_per_s and
//     steps_per_s.
//   BM_MagentaExactPipeline: the same with Magenta's settings (sequences_per_s).
//   BM_Encode/<config>: encoding alone of the extracted melodies.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "stochos/melody/pipeline.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/notesequence/midi_conversion.h"

namespace {

using stochos::melody::MelodyRnnPipeline;
using stochos::melody::PipelineOptions;

const std::vector<magenta::NoteSequence>& corpus() {
  static const std::vector<magenta::NoteSequence> sequences = [] {
    const char* env = std::getenv("STOCHOS_SHARED_DIR");
    const std::filesystem::path dir =
        std::filesystem::path(env ? env : STOCHOS_DEFAULT_SHARED_DIR) / "corpus" / "mozart";
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir)) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<magenta::NoteSequence> out;
    for (const auto& p : paths) out.push_back(stochos::notesequence::midi_file_to_note_sequence(p));
    return out;
  }();
  return sequences;
}

PipelineOptions options(const std::string& config, bool extensions) {
  PipelineOptions o;
  o.config = stochos::melody::melody_rnn_config(config);
  o.flatten_tempo = extensions;
  o.extraction.ignore_polyphonic_notes = extensions;
  return o;
}

void BM_DatasetPipeline(benchmark::State& state, const std::string& config) {
  MelodyRnnPipeline pipeline(options(config, true), "training");
  std::int64_t melodies = 0;
  std::int64_t steps = 0;
  for (auto _ : state) {
    stochos::melody::Statistics stats;
    for (const auto& s : corpus()) {
      for (const auto& encoded : pipeline.transform(s, stats, nullptr)) {
        const std::string record = stochos::melody::serialize_sequence_example(encoded);
        benchmark::DoNotOptimize(record.data());
        ++melodies;
        steps += static_cast<std::int64_t>(encoded.steps());
      }
    }
  }
  state.counters["melodies_per_s"] = benchmark::Counter(static_cast<double>(melodies), benchmark::Counter::kIsRate);
  state.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_DatasetPipeline, basic_rnn, std::string("basic_rnn"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DatasetPipeline, mono_rnn, std::string("mono_rnn"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DatasetPipeline, lookback_rnn, std::string("lookback_rnn"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DatasetPipeline, attention_rnn, std::string("attention_rnn"))->Unit(benchmark::kMillisecond);

void BM_MagentaExactPipeline(benchmark::State& state) {
  MelodyRnnPipeline pipeline(options("attention_rnn", false), "training");
  std::int64_t sequences = 0;
  for (auto _ : state) {
    stochos::melody::Statistics stats;
    for (const auto& s : corpus()) {
      benchmark::DoNotOptimize(pipeline.transform(s, stats, nullptr).size());
      ++sequences;
    }
  }
  state.counters["sequences_per_s"] = benchmark::Counter(static_cast<double>(sequences), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MagentaExactPipeline)->Unit(benchmark::kMillisecond);

void BM_Encode(benchmark::State& state, const std::string& config) {
  MelodyRnnPipeline pipeline(options(config, true), "training");
  std::vector<std::vector<int>> melodies;
  stochos::melody::Statistics stats;
  for (const auto& s : corpus()) {
    for (const auto& m : pipeline.melodies(s, stats, nullptr)) melodies.push_back(m.melody.events());
  }
  std::int64_t count = 0;
  for (auto _ : state) {
    for (const auto& events : melodies) {
      benchmark::DoNotOptimize(pipeline.encoder_decoder().encode(events).inputs.data());
      ++count;
    }
  }
  state.counters["melodies_per_s"] = benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_Encode, lookback_rnn, std::string("lookback_rnn"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Encode, attention_rnn, std::string("attention_rnn"))->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
