// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <filesystem>

#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"
#include "stochos/testing/shared.h"

namespace stochos::midi {
namespace {

void expect_same_events(const MidiFile& a, const MidiFile& b, const std::string& name) {
  ASSERT_EQ(a.tracks.size(), b.tracks.size()) << name;
  EXPECT_EQ(a.ticks_per_quarter, b.ticks_per_quarter);
  for (std::size_t t = 0; t < a.tracks.size(); ++t) {
    const auto& ea = a.tracks[t].events;
    const auto& eb = b.tracks[t].events;
    // The writer adds an End of Track where one is missing; compare what the source had.
    ASSERT_GE(eb.size(), ea.size()) << name << " track " << t;
    for (std::size_t i = 0; i < ea.size(); ++i) {
      EXPECT_EQ(ea[i].tick, eb[i].tick) << name << " track " << t << " event " << i;
      EXPECT_EQ(ea[i].type, eb[i].type);
      EXPECT_EQ(ea[i].channel, eb[i].channel);
      EXPECT_EQ(ea[i].data1, eb[i].data1);
      EXPECT_EQ(ea[i].data2, eb[i].data2);
      EXPECT_EQ(ea[i].meta_type, eb[i].meta_type);
      EXPECT_EQ(a.payload(ea[i]), b.payload(eb[i]));
    }
  }
}

TEST(MidiWriter, EveryFixtureAndCorpusFileSurvivesWriteAndReread) {
  std::vector<std::filesystem::path> files;
  for (const auto& dir : {testing::fixture("note_seq_testdata"), testing::corpus("mozart")}) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".mid") files.push_back(e.path());
    }
  }
  ASSERT_GE(files.size(), 29u);
  for (const auto& path : files) {
    const MidiFile original = read_midi_file(path);
    const MidiFile reread = parse_midi(
        [&] {
          const std::string s = serialize_midi(original);
          return std::vector<std::uint8_t>(s.begin(), s.end());
        }(),
        "rewritten");
    expect_same_events(original, reread, path.filename().string());
  }
}

TEST(MidiWriter, HugeDeltaIsBridgedNotTruncated) {
  MidiFile f;
  f.format = 0;
  f.tracks.emplace_back();
  Event on;
  on.type = EventType::kNoteOn;
  on.data1 = 60;
  on.data2 = 100;
  on.tick = std::int64_t{1} << 31;  // the tick that once crashed note_seq
  f.tracks[0].events.push_back(on);
  const std::string bytes = serialize_midi(f);
  const MidiFile back = parse_midi(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), "big");
  const Event* found = nullptr;
  for (const auto& e : back.tracks[0].events) {
    if (e.type == EventType::kNoteOn) found = &e;
  }
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->tick, std::int64_t{1} << 31);
}

TEST(MidiWriter, WrittenFileIsAtomicAndParses) {
  testing::TempDir dir;
  MidiFile f;
  f.tracks.emplace_back();
  Event name;
  name.type = EventType::kMeta;
  name.meta_type = kMetaTrackName;
  f.set_payload(name, "Piano");
  f.tracks[0].events.push_back(name);
  write_midi_file(dir / "a.mid", f);
  const MidiFile back = read_midi_file(dir / "a.mid");
  EXPECT_EQ(back.payload(back.tracks[0].events[0]), "Piano");
  EXPECT_EQ(back.tracks[0].events.back().meta_type, kMetaEndOfTrack);
}

}  // namespace
}  // namespace stochos::midi
