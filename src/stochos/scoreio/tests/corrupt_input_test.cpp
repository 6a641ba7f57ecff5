// SPDX-License-Identifier: GPL-3.0-or-later
// Truncated and corrupted MusicXML, MXL and ABC never crash and always give an Error that
// names the file; MusicXML and ABC errors also give the line (and column) where reading failed.
// MXL damage found by libzip (CRC, deflate, directory) has no position to give: libzip reports
// none, so those errors name the file and the zip member instead.
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

// The Error names the file it was given and, when `positioned`, a place in it: a line (text
// formats), a byte offset or a context such as the tune.
void expect_located(const Error& e, const std::string& name, bool positioned) {
  EXPECT_EQ(e.path(), name) << e.what();
  if (positioned) {
    EXPECT_TRUE(e.where().line || e.where().byte_offset || !e.where().context.empty()) << e.what();
  }
}

// Every prefix and a sweep of byte flips either parses or throws a located stochos::Error.
// `parse` returns how many errors it found (and checked) inside a result that it could read.
template <typename F>
void never_crashes(const std::string& bytes, const std::string& name, F&& parse, std::size_t step,
                   bool positioned = true) {
  int errors = 0;
  for (std::size_t cut = 0; cut < bytes.size(); cut += step) {
    try {
      errors += parse(bytes.substr(0, cut), name);
    } catch (const Error& e) {
      expect_located(e, name, positioned);
      ++errors;
    }
  }
  for (std::size_t i = 0; i < bytes.size(); i += step) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
    try {
      errors += parse(flipped, name);
    } catch (const Error& e) {
      expect_located(e, name, positioned);
      ++errors;
    }
  }
  EXPECT_GT(errors, 0) << name << ": no corruption was refused";
}

TEST(CorruptInput, TruncatedAndFlippedMusicXmlNeverCrashes) {
  for (const char* name : {"st_anne.xml", "chord_symbols.xml", "meter_test.xml"}) {
    never_crashes(
        fixture_bytes(name), "x.xml", [](const std::string& s, const std::string& n) {
          musicxml_to_note_sequence(s, n);
          return 0;
        },
        7);
  }
}

TEST(CorruptInput, TruncatedXmlGivesALocatedError) {
  const std::string bytes = fixture_bytes("flute_scale.xml");
  try {
    musicxml_to_note_sequence(bytes.substr(0, bytes.size() / 2), "cut.xml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), kCodeMusicXmlParse);
    EXPECT_EQ(e.path(), "cut.xml");
    EXPECT_TRUE(e.where().line.has_value());
    EXPECT_GT(*e.where().line, 10u);
  }
}

TEST(CorruptInput, TruncatedAndFlippedMxlNeverCrashes) {
  for (const char* name : {"flute_scale.mxl", "unicode_filename.mxl"}) {
    never_crashes(
        fixture_bytes(name), "x.mxl", [](const std::string& s, const std::string& n) {
          mxl_score_document(s, n);
          return 0;
        },
        3, false);
  }
}

TEST(CorruptInput, TruncatedAndFlippedAbcNeverCrashes) {
  for (const char* name : {"english.abc", "zocharti_loch.abc"}) {
    never_crashes(
        fixture_bytes(name), "x.abc", [](const std::string& s, const std::string& n) {
          // A tune that fails is listed while the others parse: each must be located too.
          const AbcTunebook book = parse_abc_tunebook(s, n);
          for (const Error& e : book.exceptions) expect_located(e, n, true);
          return static_cast<int>(book.exceptions.size());
        },
        1);
  }
}

}  // namespace
}  // namespace stochos::scoreio
