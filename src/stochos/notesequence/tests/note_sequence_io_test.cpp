// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/note_sequence_io.h"

#include <gtest/gtest.h>

#include <set>

#include "stochos/core/error.h"
#include "stochos/proto/music_legacy.pb.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::notesequence {
namespace {

TEST(NoteSequenceIo, MagentaTfrecordHas46SequencesAnd12952Notes) {
  const auto sequences = read_note_sequences(testing::fixture("magenta_testdata/notesequences.tfrecord"));
  ASSERT_EQ(sequences.size(), 46u);
  std::size_t notes = 0;
  std::map<int, std::size_t> per_instrument;
  int min_pitch = 128;
  int max_pitch = -1;
  for (const auto& ns : sequences) {
    notes += static_cast<std::size_t>(ns.notes_size());
    for (const auto& n : ns.notes()) {
      ++per_instrument[n.instrument()];
      min_pitch = std::min(min_pitch, n.pitch());
      max_pitch = std::max(max_pitch, n.pitch());
      EXPECT_FALSE(n.is_drum());
      EXPECT_EQ(n.program(), 0);
    }
  }
  EXPECT_EQ(notes, 12952u);
  EXPECT_EQ(per_instrument[0], 8052u);
  EXPECT_EQ(per_instrument[1], 4431u);
  EXPECT_EQ(per_instrument[2], 469u);
  EXPECT_EQ(min_pitch, 37);
  EXPECT_EQ(max_pitch, 86);
}

TEST(NoteSequenceIo, MagentaRecordZeroHasItsDocumentedHeaderAndFirstNotes) {
  const auto sequences = read_note_sequences(testing::fixture("magenta_testdata/notesequences.tfrecord"));
  const auto& ns = sequences.at(0);
  EXPECT_EQ(ns.id(), "/id/midi/train/01dcacc320a52bf44b548ef94d66fcc9703a292e");
  EXPECT_EQ(ns.filename(), "reels_simple_chords_73.mid");
  EXPECT_EQ(ns.collection_name(), "train");
  EXPECT_EQ(ns.ticks_per_quarter(), 480);
  EXPECT_EQ(ns.notes_size(), 241);
  EXPECT_NEAR(ns.total_time(), 64.499, 1e-3);  // README rounds to 3 decimals
  ASSERT_EQ(ns.time_signatures_size(), 1);
  EXPECT_EQ(ns.time_signatures(0).numerator(), 4);
  ASSERT_EQ(ns.key_signatures_size(), 1);
  EXPECT_EQ(ns.key_signatures(0).key(), magenta::NoteSequence::KeySignature::G);
  ASSERT_EQ(ns.tempos_size(), 1);
  EXPECT_DOUBLE_EQ(ns.tempos(0).qpm(), 120.0);
  const double expected[4][4] = {{74, 105, 0.0, 0.499}, {67, 105, 0.5, 0.999}, {71, 80, 1.0, 1.249}, {71, 80, 1.25, 1.499}};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(ns.notes(i).pitch(), expected[i][0]);
    EXPECT_EQ(ns.notes(i).velocity(), expected[i][1]);
    EXPECT_NEAR(ns.notes(i).start_time(), expected[i][2], 1e-3);
    EXPECT_NEAR(ns.notes(i).end_time(), expected[i][3], 1e-3);
  }
  // Record 25 alternates 6/8 and 9/8; record 33 repeats its key signature at time 0.
  const auto& jig = sequences.at(25);
  EXPECT_EQ(jig.filename(), "jigs_simple_chords_6.mid");
  ASSERT_GE(jig.time_signatures_size(), 2);
  EXPECT_EQ(jig.time_signatures(0).numerator(), 6);
  EXPECT_EQ(jig.time_signatures(1).numerator(), 9);
  EXPECT_NEAR(jig.time_signatures(1).time(), 7.99896, 1e-5);
  const auto& reel = sequences.at(33);
  ASSERT_GE(reel.key_signatures_size(), 2);
  EXPECT_EQ(reel.key_signatures(0).time(), 0.0);
  EXPECT_EQ(reel.key_signatures(1).time(), 0.0);
  EXPECT_EQ(reel.key_signatures(0).key(), reel.key_signatures(1).key());
}

TEST(NoteSequenceIo, EveryMagentaRecordReserializesToIdenticalBytes) {
  for (const char* name : {"magenta_testdata/notesequences.tfrecord", "magenta_testdata/bach-one_phrase-note_sequence.tfrecord"}) {
    const auto records = tfio::read_all_records(testing::fixture(name));
    ASSERT_FALSE(records.empty());
    for (std::size_t i = 0; i < records.size(); ++i) {
      bool legacy = false;
      const auto ns = parse_note_sequence(records[i], name, &legacy);
      if (legacy) {
        magenta::legacy2016::NoteSequence old;
        ASSERT_TRUE(old.ParseFromString(records[i]));
        EXPECT_EQ(old.SerializeAsString(), records[i]) << name << " record " << i;
      } else {
        EXPECT_EQ(serialize_note_sequence(ns), records[i]) << name << " record " << i;
      }
    }
  }
}

TEST(NoteSequenceIo, LegacyBachPhraseIsDetectedAndReadAsParts) {
  const auto path = testing::fixture("magenta_testdata/bach-one_phrase-note_sequence.tfrecord");
  const auto records = tfio::read_all_records(path);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(is_legacy_2016_note_sequence(records[0]));
  const auto ns = read_note_sequences(path).at(0);
  EXPECT_EQ(ns.id(), "-9223372036822217979");
  EXPECT_EQ(ns.filename(), "bach-one_phrase-4_voices.xml");
  EXPECT_EQ(ns.collection_name(), "Bach");
  EXPECT_EQ(ns.notes_size(), 47);
  EXPECT_DOUBLE_EQ(ns.total_time(), 6.0);
  ASSERT_EQ(ns.time_signatures_size(), 2);
  EXPECT_EQ(ns.time_signatures(0).numerator(), 1);
  EXPECT_EQ(ns.time_signatures(1).numerator(), 3);
  EXPECT_DOUBLE_EQ(ns.time_signatures(1).time(), 0.5);
  EXPECT_EQ(ns.key_signatures(0).key(), 7);
  EXPECT_EQ(ns.key_signatures(0).mode(), magenta::NoteSequence::KeySignature::NOT_SPECIFIED);
  ASSERT_EQ(ns.part_infos_size(), 4);
  EXPECT_EQ(ns.part_infos(0).name(), "Soprano_semiFlat");
  EXPECT_EQ(ns.source_info().parser(), magenta::NoteSequence::SourceInfo::MUSIC21);
  std::map<int, int> per_part;
  std::set<int> pitch_names;
  for (const auto& n : ns.notes()) {
    EXPECT_FALSE(n.is_drum());
    EXPECT_EQ(n.velocity(), 120);
    ++per_part[n.part()];
    pitch_names.insert(n.pitch_name());
  }
  EXPECT_EQ(per_part, (std::map<int, int>{{0, 10}, {1, 12}, {2, 13}, {3, 12}}));
  EXPECT_EQ(*pitch_names.begin(), 16);
  EXPECT_EQ(*pitch_names.rbegin(), 22);
}

TEST(NoteSequenceIo, ModernRecordsAreNotMistakenForLegacy) {
  for (const auto& r : tfio::read_all_records(testing::fixture("magenta_testdata/notesequences.tfrecord"))) {
    EXPECT_FALSE(is_legacy_2016_note_sequence(r));
  }
  magenta::NoteSequence drums;
  drums.add_notes()->set_is_drum(true);
  EXPECT_FALSE(is_legacy_2016_note_sequence(drums.SerializeAsString()));
}

TEST(NoteSequenceIo, GarbageIsAnInputErrorNamingTheSource) {
  try {
    parse_note_sequence(std::string("\x0a\xff\xff\xff\x0f", 5), "x.tfrecord: record 2");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.path(), "x.tfrecord: record 2");
  }
}

TEST(NoteSequenceIo, DamagedBytesNameTheByteOffsetAndField) {
  // Issue 23: ".ns" files said "protobuf parse failed" with no position.
  magenta::NoteSequence ns;
  for (int i = 0; i < 3; ++i) ns.add_notes()->set_pitch(60 + i);
  const std::string good = ns.SerializeAsString();
  // A fourth note whose length (5) runs past the end of the bytes.
  const std::string bytes =
      good + std::string(1, static_cast<char>((magenta::NoteSequence::kNotesFieldNumber << 3) | 2)) +
      std::string("\x05\x08", 2);
  try {
    parse_note_sequence(bytes, "song.ns");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.where().byte_offset, good.size()) << e.what();
    EXPECT_EQ(e.where().context, "field notes[3]") << e.what();
    EXPECT_NE(std::string(e.what()).find("song.ns: byte 0x"), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("length 5 runs past the end (1 bytes left)"), std::string::npos) << e.what();
  }
}

TEST(NoteSequenceIo, WriteThenReadKeepsEverySequence) {
  testing::TempDir dir;
  auto sequences = read_note_sequences(testing::fixture("magenta_testdata/notesequences.tfrecord"));
  write_note_sequences(dir / "copy.tfrecord", sequences);
  const auto back = read_note_sequences(dir / "copy.tfrecord");
  ASSERT_EQ(back.size(), sequences.size());
  for (std::size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i].SerializeAsString(), sequences[i].SerializeAsString());
}

}  // namespace
}  // namespace stochos::notesequence
