// SPDX-License-Identifier: GPL-3.0-or-later
// Every MIDI file the team has converts, and survives NoteSequence -> MIDI -> NoteSequence
// up to tick rounding. (tools/reference/check_against_mido.py compares the same files
// with an independent mido-based reference.)
#include <gtest/gtest.h>

#include <algorithm>

#include "stochos/notesequence/midi_conversion.h"
#include "stochos/testing/shared.h"

namespace stochos::notesequence {
namespace {
namespace fs = std::filesystem;

std::vector<fs::path> all_midi_files() {
  std::vector<fs::path> files;
  for (const auto& dir : {testing::fixture("note_seq_testdata"), testing::corpus("mozart"),
                          testing::fixture("checkpoints/rl_tuner_note_rnn_v1")}) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".mid") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Corpus, EveryMidiFileConvertsAndRoundTripsThroughMidi) {
  const auto files = all_midi_files();
  ASSERT_EQ(files.size(), 30u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    const magenta::NoteSequence ns = midi_file_to_note_sequence(path);
    EXPECT_GT(ns.notes_size(), 0);
    const std::string bytes = midi::serialize_midi(note_sequence_to_midi(ns));
    const magenta::NoteSequence back =
        midi_to_note_sequence(midi::parse_midi(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), "rt"));
    ASSERT_EQ(back.notes_size(), ns.notes_size());
    EXPECT_NEAR(back.total_time(), ns.total_time(), 1e-6);
    ASSERT_EQ(back.tempos_size(), ns.tempos_size());
    for (int i = 0; i < ns.tempos_size(); ++i) EXPECT_NEAR(back.tempos(i).qpm(), ns.tempos(i).qpm(), 1e-3);
    auto key = [](const magenta::NoteSequence::Note& n) {
      return std::make_tuple(n.start_time(), n.pitch(), n.end_time(), n.velocity(), n.program(), n.is_drum());
    };
    std::vector<decltype(key(ns.notes(0)))> a;
    std::vector<decltype(key(ns.notes(0)))> b;
    for (const auto& n : ns.notes()) a.push_back(key(n));
    for (const auto& n : back.notes()) b.push_back(key(n));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_NEAR(std::get<0>(a[i]), std::get<0>(b[i]), 1e-6);
      EXPECT_EQ(std::get<1>(a[i]), std::get<1>(b[i]));
      EXPECT_NEAR(std::get<2>(a[i]), std::get<2>(b[i]), 1e-6);
      EXPECT_EQ(std::get<3>(a[i]), std::get<3>(b[i]));
      EXPECT_EQ(std::get<4>(a[i]), std::get<4>(b[i]));
      EXPECT_EQ(std::get<5>(a[i]), std::get<5>(b[i]));
    }
  }
}

}  // namespace
}  // namespace stochos::notesequence
