// SPDX-License-Identifier: GPL-3.0-or-later
// NoteSequence -> MusicXML -> NoteSequence on every Mozart corpus file. The Mozart MIDI files
// carry many tempo changes, so the writer flattens the tempo map onto the first tempo (every
// time becomes its position in quarter notes) before quantizing at 4 steps per quarter; the
// comparison is against that flattened, quantized sequence.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/scoreio/musicxml_reader.h"
#include "stochos/scoreio/score_writer.h"
#include "stochos/scoreio/tests/score_test_support.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;
using namespace test_support;

TEST(RoundTrip, MozartCorpusKeepsPitchesStepsSignaturesAndTempoThroughMusicXml) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(stochos::testing::corpus("mozart"))) {
    if (e.path().extension() == ".mid") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const NoteSequence original = notesequence::midi_file_to_note_sequence(file);
    const NoteSequence written = quantize_for_notation(original);
    const std::string xml = note_sequence_to_musicxml(original);
    MusicXmlReadOptions options;
    options.merge_ties = true;
    const NoteSequence read = musicxml_to_note_sequence(xml, file.filename().string() + ".musicxml", options);
    ASSERT_EQ(read.tempos_size(), 1);
    EXPECT_DOUBLE_EQ(read.tempos(0).qpm(), written.tempos(0).qpm());
    const int spq = written.quantization_info().steps_per_quarter();
    EXPECT_EQ(note_keys(read, read.tempos(0).qpm(), spq), note_keys(written, written.tempos(0).qpm(), spq));
    // Time signatures: the written ones come back at the same steps (duplicates removed).
    const double sps = notesequence::steps_per_quarter_to_steps_per_second(spq, written.tempos(0).qpm());
    std::vector<std::tuple<std::int64_t, int, int>> ts_written;
    std::vector<std::tuple<std::int64_t, int, int>> ts_read;
    for (const auto& t : written.time_signatures()) ts_written.emplace_back(notesequence::quantize_to_step(t.time(), sps), t.numerator(), t.denominator());
    for (const auto& t : read.time_signatures()) ts_read.emplace_back(notesequence::quantize_to_step(t.time(), sps), t.numerator(), t.denominator());
    // Each part re-reads the signatures with its own float clock, so note_seq's exact-time
    // de-duplication keeps one copy per part; compare by step.
    std::sort(ts_written.begin(), ts_written.end());
    std::sort(ts_read.begin(), ts_read.end());
    const auto dedupe = [](auto& v) {
      std::vector<std::tuple<std::int64_t, int, int>> out;
      for (const auto& t : v) {
        if (!out.empty() && std::get<0>(out.back()) == std::get<0>(t)) out.back() = t;
        else if (out.empty() || std::get<1>(out.back()) != std::get<1>(t) || std::get<2>(out.back()) != std::get<2>(t)) out.push_back(t);
      }
      v = out;
    };
    dedupe(ts_written);
    dedupe(ts_read);
    if (ts_written.empty() || std::get<0>(ts_written.front()) != 0) ts_written.insert(ts_written.begin(), {0, 4, 4});
    EXPECT_EQ(ts_read, ts_written);
    // Keys come back as note_seq reads them: the major key with the same fifths.
    ASSERT_GE(read.key_signatures_size(), 1);
    if (written.key_signatures_size() > 0) {
      const auto& k = written.key_signatures(0);
      const int major = k.mode() == NoteSequence::KeySignature::MINOR ? (k.key() + 3) % 12 : k.key();
      EXPECT_EQ(read.key_signatures(0).key(), major);
    }
  }
}

TEST(RoundTrip, MxlArchiveReadsBackLikeTheXml) {
  const NoteSequence original =
      notesequence::midi_file_to_note_sequence(stochos::testing::fixture("note_seq_testdata/example.mid"));
  stochos::testing::TempDir dir;
  write_score_file(original, dir / "x.mxl");
  write_score_file(original, dir / "x.musicxml");
  const NoteSequence a = read_musicxml_file(dir / "x.mxl");
  const NoteSequence b = read_musicxml_file(dir / "x.musicxml");
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  EXPECT_EQ(a.notes_size(), 8);
}

}  // namespace
}  // namespace stochos::scoreio
