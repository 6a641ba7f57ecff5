// SPDX-License-Identifier: GPL-3.0-or-later
// MusicXML reading, one thread: files parsed per second and MB per second over the note_seq
// MusicXML .xml fixtures that parse (9 files) and over the MusicXML that stochos writes for the
// Mozart corpus (21 larger files). Files are read into memory first, so the figures measure
// parsing (pugixml + note_seq's rules), not the disk. No Python MusicXML reader (music21) is
// packaged in Debian 12, so there is no peer measured beside it. The ABC lines do the same for
// the ABC that stochos writes for the Mozart corpus (read with the ABC 2.1 options), and for
// writing it.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/abc_writer.h"
#include "stochos/scoreio/musicxml_reader.h"
#include "stochos/scoreio/score_writer.h"

namespace {

struct Documents {
  std::vector<std::string> xml;
  std::size_t bytes = 0;
};

std::filesystem::path shared_dir() {
  const char* env = std::getenv("STOCHOS_SHARED_DIR");
  return std::filesystem::path(env ? env : STOCHOS_DEFAULT_SHARED_DIR);
}

const Documents& fixtures() {
  static const Documents d = [] {
    Documents out;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "fixtures" / "note_seq_testdata")) {
      if (e.path().extension() == ".xml") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      const auto bytes = stochos::core::read_file(p);
      std::string text(bytes.begin(), bytes.end());
      try {
        stochos::scoreio::musicxml_to_note_sequence(text, p.string());
      } catch (const stochos::Error&) {
        continue;  // the three files note_seq's tests expect to fail
      }
      out.bytes += text.size();
      out.xml.push_back(std::move(text));
    }
    return out;
  }();
  return d;
}

const Documents& mozart() {
  static const Documents d = [] {
    Documents out;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "corpus" / "mozart")) {
      if (e.path().extension() == ".mid") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      out.xml.push_back(stochos::scoreio::note_sequence_to_musicxml(stochos::notesequence::midi_file_to_note_sequence(p)));
      out.bytes += out.xml.back().size();
    }
    return out;
  }();
  return d;
}

void read_all(benchmark::State& state, const Documents& docs) {
  std::size_t notes = 0;
  for (auto _ : state) {
    for (const auto& x : docs.xml) {
      const auto ns = stochos::scoreio::musicxml_to_note_sequence(x, "bench.xml");
      notes += static_cast<std::size_t>(ns.notes_size());
    }
  }
  benchmark::DoNotOptimize(notes);
  const double iterations = static_cast<double>(state.iterations());
  state.counters["files/s"] = benchmark::Counter(iterations * static_cast<double>(docs.xml.size()), benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(iterations * static_cast<double>(docs.bytes) / 1e6, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(docs.bytes));
}

const std::vector<magenta::NoteSequence>& mozart_sequences() {
  static const auto sequences = [] {
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "corpus" / "mozart")) {
      if (e.path().extension() == ".mid") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<magenta::NoteSequence> out;
    for (const auto& p : paths) out.push_back(stochos::notesequence::midi_file_to_note_sequence(p));
    return out;
  }();
  return sequences;
}

const Documents& mozart_abc() {
  static const Documents d = [] {
    Documents out;
    for (const auto& s : mozart_sequences()) {
      out.xml.push_back(stochos::scoreio::note_sequence_to_abc(s));
      out.bytes += out.xml.back().size();
    }
    return out;
  }();
  return d;
}

void BM_ReadWrittenMozartAbc(benchmark::State& state) {
  const Documents& docs = mozart_abc();
  const auto options = stochos::scoreio::AbcReadOptions::abc21();
  std::size_t notes = 0;
  for (auto _ : state) {
    for (const auto& text : docs.xml) {
      const auto book = stochos::scoreio::parse_abc_tunebook(text, "bench.abc", options);
      for (const auto& [x, ns] : book.tunes) notes += static_cast<std::size_t>(ns.notes_size());
    }
  }
  benchmark::DoNotOptimize(notes);
  const double iterations = static_cast<double>(state.iterations());
  state.counters["files/s"] = benchmark::Counter(iterations * static_cast<double>(docs.xml.size()), benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(iterations * static_cast<double>(docs.bytes) / 1e6, benchmark::Counter::kIsRate);
}

void BM_WriteMozartAbc(benchmark::State& state) {
  const auto& sequences = mozart_sequences();
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& s : sequences) bytes += stochos::scoreio::note_sequence_to_abc(s).size();
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(sequences.size()), benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
}

void BM_ReadNoteSeqMusicXmlFixtures(benchmark::State& state) { read_all(state, fixtures()); }
void BM_ReadWrittenMozartMusicXml(benchmark::State& state) { read_all(state, mozart()); }
void BM_WriteMozartMusicXml(benchmark::State& state) {
  static const auto sequences = [] {
    std::vector<magenta::NoteSequence> out;
    for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "corpus" / "mozart")) {
      if (e.path().extension() == ".mid") out.push_back(stochos::notesequence::midi_file_to_note_sequence(e.path()));
    }
    return out;
  }();
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& s : sequences) bytes += stochos::scoreio::note_sequence_to_musicxml(s).size();
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(sequences.size()), benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
}

BENCHMARK(BM_ReadNoteSeqMusicXmlFixtures)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadWrittenMozartMusicXml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteMozartMusicXml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadWrittenMozartAbc)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteMozartAbc)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
