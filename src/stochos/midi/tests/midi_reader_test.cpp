// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <random>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/testing/shared.h"

namespace stochos::midi {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes smf(std::uint16_t format, std::uint16_t tpq, const std::vector<Bytes>& track_bodies) {
  Bytes out = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, static_cast<std::uint8_t>(format), 0,
               static_cast<std::uint8_t>(track_bodies.size()), static_cast<std::uint8_t>(tpq >> 8),
               static_cast<std::uint8_t>(tpq & 0xFF)};
  for (const auto& body : track_bodies) {
    const auto n = body.size();
    Bytes header = {'M', 'T', 'r', 'k', static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
                    static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), body.begin(), body.end());
  }
  return out;
}

Error parse_error(const Bytes& bytes) {
  try {
    parse_midi(bytes, "t.mid");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected a parse error";
  return Error::internal("none");
}

TEST(MidiReader, MidiFileNamesAreTheFourExtensionsTheReaderReadsInAnyCase) {
  for (const char* name : {"a.mid", "b.MIDI", "dir/c.Mid", "d.kar", "e.RMI"}) {
    EXPECT_TRUE(is_midi_file_name(name)) << name;
  }
  for (const char* name : {"a.mid.txt", "b.xml", "mid", "c.midi2", ".gitignore", "d"}) {
    EXPECT_FALSE(is_midi_file_name(name)) << name;
  }
}

TEST(MidiReader, RunningStatusVelocityZeroMetaAndSysexAreRead) {
  const Bytes body = {
      0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,        // tempo 500000
      0x00, 0x90, 60, 100,                             // note on
      0x60, 62, 90,                                    // running status note on, delta 96
      0x00, 0xF0, 0x03, 0x7E, 0x09, 0xF7,              // sysex
      0x81, 0x00, 60, 0,                               // running status after sysex: note-on vel 0, delta 128
      0x00, 0xE3, 0x00, 0x40,                          // pitch bend centre on channel 3
      0x00, 0xFF, 0x2F, 0x00};
  const MidiFile f = parse_midi(smf(0, 480, {body}), "t.mid");
  ASSERT_EQ(f.tracks.size(), 1u);
  EXPECT_EQ(f.format, 0);
  EXPECT_EQ(f.ticks_per_quarter, 480);
  const auto& ev = f.tracks[0].events;
  ASSERT_EQ(ev.size(), 7u);
  EXPECT_EQ(decode_tempo_us(f.payload(ev[0])), 500000u);
  EXPECT_EQ(ev[2].type, EventType::kNoteOn);
  EXPECT_EQ(ev[2].tick, 96);
  EXPECT_EQ(ev[2].data1, 62);
  EXPECT_EQ(ev[3].type, EventType::kSysex);
  EXPECT_EQ(f.payload(ev[3]), std::string("\x7E\x09\xF7"));
  EXPECT_EQ(ev[4].type, EventType::kNoteOn);
  EXPECT_EQ(ev[4].tick, 96 + 128);
  EXPECT_EQ(ev[4].data2, 0);
  EXPECT_EQ(ev[5].channel, 3);
  EXPECT_EQ(pitch_bend_value(ev[5]), 0);
  EXPECT_EQ(ev[6].meta_type, kMetaEndOfTrack);
}

TEST(MidiReader, RunningStatusWithoutStatusNamesTheByte) {
  const Error e = parse_error(smf(1, 96, {{0x00, 0x3C, 0x40}}));
  EXPECT_STREQ(e.what(), "t.mid: byte 0x17 (track 0): running status with no previous status byte");
}

TEST(MidiReader, FiveByteVarintIsABadVarint) {
  const Error e = parse_error(smf(1, 96, {{0x81, 0x81, 0x81, 0x81, 0x01, 0x90, 60, 100}}));
  EXPECT_NE(std::string(e.what()).find("more than 4 bytes"), std::string::npos) << e.what();
  EXPECT_EQ(*e.where().byte_offset, 0x16u);
}

TEST(MidiReader, TruncatedTrackChunkIsRefusedWithItsOffset) {
  Bytes b = smf(1, 96, {{0x00, 0x90, 60, 100, 0x00, 0xFF, 0x2F, 0x00}});
  b.resize(b.size() - 3);
  const Error e = parse_error(b);
  EXPECT_NE(std::string(e.what()).find("truncated chunk"), std::string::npos) << e.what();
  EXPECT_EQ(*e.where().byte_offset, 14u);
}

TEST(MidiReader, AbsurdMetaLengthIsRefusedWithoutAllocating) {
  const Error e = parse_error(smf(1, 96, {{0x00, 0xFF, 0x01, 0x8F, 0xFF, 0xFF, 0x7F, 'a'}}));
  EXPECT_NE(std::string(e.what()).find("runs past the end of the track chunk"), std::string::npos) << e.what();
}

TEST(MidiReader, DataByteWithTopBitIsRefused) {
  const Error e = parse_error(smf(1, 96, {{0x00, 0x90, 60, 0x80}}));
  EXPECT_NE(std::string(e.what()).find("top bit"), std::string::npos) << e.what();
}

TEST(MidiReader, FormatTwoIsAClearRefusal) {
  const Error e = parse_error(smf(2, 96, {{0x00, 0xFF, 0x2F, 0x00}}));
  EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
  EXPECT_NE(std::string(e.what()).find("format 2"), std::string::npos);
}

TEST(MidiReader, NotAMidiFileSaysSo) {
  const Bytes b = {'R', 'I', 'F', 'X', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_NE(std::string(parse_error(b).what()).find("not a MIDI file"), std::string::npos);
}

TEST(MidiReader, UnknownChunksAreSkipped) {
  Bytes b = smf(1, 96, {});
  const Bytes junk = {'X', 'F', 'I', 'H', 0, 0, 0, 2, 1, 2};
  b.insert(b.end(), junk.begin(), junk.end());
  const Bytes track = smf(1, 96, {{0x00, 0x90, 60, 100}});
  b.insert(b.end(), track.begin() + 14, track.end());
  const MidiFile f = parse_midi(b, "t.mid");
  ASSERT_EQ(f.tracks.size(), 1u);
  EXPECT_EQ(f.tracks[0].events.size(), 1u);
}

TEST(MidiReader, RiffRmidWrapperIsUnwrapped) {
  const Bytes inner = smf(0, 96, {{0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0}});
  Bytes b = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'R', 'M', 'I', 'D', 'd', 'a', 't', 'a',
             static_cast<std::uint8_t>(inner.size()), 0, 0, 0};
  b.insert(b.end(), inner.begin(), inner.end());
  const MidiFile f = parse_midi(b, "t.rmi");
  EXPECT_EQ(f.tracks.at(0).events.size(), 2u);
}

TEST(MidiReader, SmpteDivisionIsRead) {
  Bytes b = smf(0, 0, {{0x00, 0x90, 60, 100}});
  b[12] = static_cast<std::uint8_t>(-25);
  b[13] = 40;
  const MidiFile f = parse_midi(b, "t.mid");
  EXPECT_TRUE(f.uses_smpte());
  EXPECT_DOUBLE_EQ(f.smpte.ticks_per_second(), 1000.0);
}

TEST(MidiReader, NoteSeqExampleFileHasItsKnownContents) {
  const MidiFile f = read_midi_file(testing::fixture("note_seq_testdata/example.mid"));
  EXPECT_EQ(f.format, 1);
  EXPECT_EQ(f.ticks_per_quarter, 220);
  ASSERT_EQ(f.tracks.size(), 2u);
  int note_ons = 0;
  std::uint32_t tempo = 0;
  for (const auto& t : f.tracks) {
    for (const auto& e : t.events) {
      if (e.type == EventType::kNoteOn && e.data2 > 0) {
        ++note_ons;
        EXPECT_EQ(e.data2, 100);
      }
      if (e.type == EventType::kMeta && e.meta_type == kMetaTempo) tempo = decode_tempo_us(f.payload(e));
    }
  }
  EXPECT_EQ(note_ons, 8);
  EXPECT_EQ(tempo, 250000u);
}

TEST(MidiReader, MetaDecodersValidateLengthsAndRanges) {
  EXPECT_THROW(decode_tempo_us("\x07\xA1"), Error);
  const auto ts = decode_time_signature(std::string("\x06\x03\x18\x08", 4));
  EXPECT_EQ(ts.numerator, 6);
  EXPECT_EQ(ts.denominator, 8);
  const auto ks = decode_key_signature(std::string("\xFD\x01", 2));
  EXPECT_EQ(ks.sharps, -3);
  EXPECT_TRUE(ks.minor);
  EXPECT_THROW(decode_key_signature(std::string("\x09\x00", 2)), Error);
  EXPECT_THROW(decode_key_signature(std::string("\x00\x02", 2)), Error);
}

TEST(MidiReader, Latin1TextBecomesUtf8) {
  EXPECT_EQ(latin1_to_utf8("Fl\xfbte"), "Fl\xc3\xbbte");
}

// Every truncation and many byte flips of real files either parse or throw stochos::Error;
// CI runs this under AddressSanitizer and UBSan too.
TEST(MidiReader, TruncationsAndByteFlipsOfRealFilesNeverCrash) {
  std::mt19937_64 rng(20261125);
  for (const char* name : {"note_seq_testdata/example_complex.mid", "note_seq_testdata/english3.mid",
                           "note_seq_testdata/example_is_drum.mid"}) {
    const auto original = core::read_file(testing::fixture(name));
    const std::size_t step = std::max<std::size_t>(1, original.size() / 400);
    for (std::size_t cut = 0; cut < original.size(); cut += step) {
      const Bytes prefix(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(cut));
      try {
        parse_midi(prefix, name);
      } catch (const Error& e) {
        EXPECT_EQ(e.path(), name);
      }
    }
    for (int trial = 0; trial < 300; ++trial) {
      Bytes mutated = original;
      for (int k = 0; k < 4; ++k) mutated[rng() % mutated.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      try {
        parse_midi(mutated, name);
      } catch (const Error& e) {
        EXPECT_TRUE(e.where().byte_offset.has_value()) << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace stochos::midi
