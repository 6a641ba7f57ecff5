// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/error.h"

#include <gtest/gtest.h>

namespace stochos {
namespace {

TEST(Error, BinaryPositionPrintsLikeACompilerDiagnostic) {
  const Error e = Error::input("song.mid", {.byte_offset = 0x1a3, .context = "track 2"},
                               "running status with no previous status byte");
  EXPECT_STREQ(e.what(), "song.mid: byte 0x1a3 (track 2): running status with no previous status byte");
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(exit_code_for(e.kind()), kExitBadInput);
}

TEST(Error, TextPositionShowsLineAndColumn) {
  const Error e = Error::input("tune.abc", {.line = 12, .column = 7}, "unknown character '!'");
  EXPECT_STREQ(e.what(), "tune.abc: line 12, column 7: unknown character '!'");
}

TEST(Error, WithPathKeepsKindPositionAndMessage) {
  const Error e = Error::input("", {.byte_offset = 16}, "bad varint").with_path("a.mid");
  EXPECT_STREQ(e.what(), "a.mid: byte 0x10: bad varint");
  EXPECT_EQ(e.message(), "bad varint");
}

TEST(Error, ExitCodesFollowTheHouseStyle) {
  EXPECT_EQ(exit_code_for(ErrorKind::kUsage), 2);
  EXPECT_EQ(exit_code_for(ErrorKind::kIo), 4);
  EXPECT_EQ(exit_code_for(ErrorKind::kInternal), 1);
  EXPECT_EQ(exit_code_for(ErrorKind::kUnsupported), 3);
}

}  // namespace
}  // namespace stochos
