// SPDX-License-Identifier: GPL-3.0-or-later
// MIDI parsing and MIDI -> NoteSequence conversion on the Mozart corpus, one thread.
// Files are read into memory first, so the figures measure parsing, not the disk.
// bench/compare_mido.py runs this beside python3-mido and prints the ratios.
#include <benchmark/benchmark.h>
#include <google/protobuf/arena.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"

namespace {

struct Corpus {
  std::vector<std::vector<std::uint8_t>> files;
  std::size_t bytes = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    const char* env = std::getenv("STOCHOS_SHARED_DIR");
    const std::filesystem::path dir = std::filesystem::path(env ? env : STOCHOS_DEFAULT_SHARED_DIR) / "corpus" / "mozart";
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir)) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      out.files.push_back(stochos::core::read_file(p));
      out.bytes += out.files.back().size();
    }
    return out;
  }();
  return c;
}

void set_counters(benchmark::State& state) {
  const auto& c = corpus();
  state.counters["files_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * c.files.size()),
                                                     benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.bytes));
}

void BM_ParseMidi(benchmark::State& state) {
  const auto& c = corpus();
  stochos::midi::MidiFile file;  // reused, as each worker of `stochos convert` does
  for (auto _ : state) {
    for (const auto& f : c.files) {
      stochos::midi::parse_midi(f, "bench.mid", file);
      benchmark::DoNotOptimize(file.tracks.data());
    }
  }
  set_counters(state);
}
BENCHMARK(BM_ParseMidi)->Unit(benchmark::kMillisecond);

// What `stochos convert` does per file: parse, convert, serialize the NoteSequence.
void BM_MidiToSerializedNoteSequence(benchmark::State& state) {
  const auto& c = corpus();
  std::string out;
  stochos::midi::MidiFile file;
  for (auto _ : state) {
    for (const auto& f : c.files) {
      google::protobuf::Arena arena(stochos::notesequence::thread_reusable_arena_options());
      auto& ns = *google::protobuf::Arena::CreateMessage<magenta::NoteSequence>(&arena);
      stochos::midi::parse_midi(f, "bench.mid", file);
      stochos::notesequence::midi_to_note_sequence(file, ns, nullptr);
      out.clear();
      ns.SerializeToString(&out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  set_counters(state);
}
BENCHMARK(BM_MidiToSerializedNoteSequence)->Unit(benchmark::kMillisecond);

void BM_NoteSequenceToMidi(benchmark::State& state) {
  const auto& c = corpus();
  std::vector<magenta::NoteSequence> sequences;
  for (const auto& f : c.files) sequences.push_back(stochos::notesequence::midi_to_note_sequence(stochos::midi::parse_midi(f, "b")));
  for (auto _ : state) {
    for (const auto& ns : sequences) benchmark::DoNotOptimize(stochos::midi::serialize_midi(stochos::notesequence::note_sequence_to_midi(ns)));
  }
  set_counters(state);
}
BENCHMARK(BM_NoteSequenceToMidi)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
