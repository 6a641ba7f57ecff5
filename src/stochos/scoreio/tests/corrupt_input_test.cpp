// SPDX-License-Identifier: GPL-3.0-or-later
// Truncated and corrupted MusicXML, MXL and ABC never crash and always give a located Error.
#include <gtest/gtest.h>

#include "stochos/core/file_io.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/musicxml_reader.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

std::string fixture_bytes(const std::string& name) {
  const auto b = core::read_file(stochos::testing::fixture("note_seq_testdata/" + name));
  return std::string(b.begin(), b.end());
}

// Every prefix and a sweep of byte flips either parses or throws stochos::Error.
template <typename F>
void never_crashes(const std::string& bytes, F&& parse, std::size_t step) {
  for (std::size_t cut = 0; cut < bytes.size(); cut += step) {
    try {
      parse(bytes.substr(0, cut));
    } catch (const Error&) {
    }
  }
  for (std::size_t i = 0; i < bytes.size(); i += step) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
    try {
      parse(flipped);
    } catch (const Error&) {
    }
  }
}

TEST(CorruptInput, TruncatedAndFlippedMusicXmlNeverCrashes) {
  for (const char* name : {"st_anne.xml", "chord_symbols.xml", "meter_test.xml"}) {
    never_crashes(fixture_bytes(name), [](const std::string& s) { musicxml_to_note_sequence(s, "x.xml"); }, 7);
  }
}

TEST(CorruptInput, TruncatedXmlGivesALocatedError) {
  const std::string bytes = fixture_bytes("flute_scale.xml");
  try {
    musicxml_to_note_sequence(bytes.substr(0, bytes.size() / 2), "cut.xml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), kCodeMusicXmlParse);
    EXPECT_TRUE(e.where().line.has_value());
    EXPECT_GT(*e.where().line, 10u);
  }
}

TEST(CorruptInput, TruncatedAndFlippedMxlNeverCrashes) {
  for (const char* name : {"flute_scale.mxl", "unicode_filename.mxl"}) {
    never_crashes(fixture_bytes(name), [](const std::string& s) { mxl_score_document(s, "x.mxl"); }, 3);
  }
}

TEST(CorruptInput, TruncatedAndFlippedAbcNeverCrashes) {
  for (const char* name : {"english.abc", "zocharti_loch.abc"}) {
    never_crashes(fixture_bytes(name), [](const std::string& s) { parse_abc_tunebook(s, "x.abc"); }, 1);
  }
}

}  // namespace
}  // namespace stochos::scoreio
