// SPDX-License-Identifier: GPL-3.0-or-later
// Composition files that crashed toml11 (issue 23): invalid UTF-8 inside strings and
// absurd nesting. Each must be a located input error, not a crash or an internal error.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "stochos/core/error.h"
#include "stochos/score/spec.h"
#include "stochos/score/tests/spec_test_support.h"
#include "stochos/testing/shared.h"

namespace stochos::score {
namespace {

using test_support::error_of;

const char* kMinimal = "duration_seconds = 10\n[[voice]]\nname = \"a\"\nioi_seconds = 0.5\n";

Error file_error(const std::string& text) {
  testing::TempDir dir;
  const auto path = dir / "piece.toml";
  std::ofstream(path, std::ios::binary) << text;
  try {
    (void)parse_spec_file(path);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error::internal("none");
}

TEST(HostileToml, InvalidUtf8InALiteralStringIsRefusedAtItsLineAndColumn) {
  // The mutated score of the issue: toml11's literal-string parser read past the buffer.
  const Error e = file_error(std::string(kMinimal) + "pitch = '\xbc'\n");
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(e.code(), "invalid_utf8");
  EXPECT_EQ(e.where().line, 5u);
  EXPECT_EQ(e.where().column, 10u);
  EXPECT_NE(std::string(e.what()).find("piece.toml: line 5, column 10: invalid UTF-8 (byte 0xbc)"),
            std::string::npos)
      << e.what();
}

TEST(HostileToml, InvalidUtf8AnywhereIsRefusedWithColumnsInCharacters) {
  // Basic strings, comments and truncated sequences; columns count characters, so the
  // valid "é" before the bad byte is one column.
  EXPECT_EQ(error_of(std::string(kMinimal) + "name2 = \"\xc3\xa9\xff\"\n").where().column, 11u);
  EXPECT_EQ(error_of("# caf\xe9\n" + std::string(kMinimal)).where().line, 1u);
  EXPECT_EQ(error_of(std::string(kMinimal) + "pitch = \"\xe2\x82\"").code(), "invalid_utf8");
  EXPECT_EQ(error_of(std::string(kMinimal) + "pitch = '''\xed\xa0\x80'''").code(),
            "invalid_utf8");  // a surrogate
}

TEST(HostileToml, TenThousandNestedArraysAreRefusedBeforeParsing) {
  const std::string text = "a = " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  const Error e = file_error(text);
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(e.code(), "toml_nesting");
  EXPECT_EQ(e.where().line, 1u);
  EXPECT_EQ(e.where().column, 5u + 64u);  // the 65th '['
  EXPECT_NE(e.message().find("64 levels"), std::string::npos) << e.message();
}

TEST(HostileToml, DeepInlineTablesAndDottedKeysAreRefused) {
  std::string tables = "a = ";
  for (int i = 0; i < 100000; ++i) tables += "{b = ";
  tables += "1" + std::string(100000, '}') + "\n";
  EXPECT_EQ(error_of(tables).code(), "toml_nesting");

  std::string dotted = "a";
  for (int i = 0; i < 100000; ++i) dotted += ".b";
  EXPECT_EQ(error_of(dotted + " = 1\n").code(), "toml_nesting");
  EXPECT_EQ(error_of("[" + dotted + "]\n").code(), "toml_nesting");
}

TEST(HostileToml, NestingInsideStringsAndCommentsAndShallowFilesAreFine) {
  // Brackets and dots inside strings and comments are text; 64 levels are allowed.
  const std::string text =
      std::string(kMinimal) + "pitch = \"" + std::string(500, '[') + "\"  # " + std::string(500, '{') + "\n";
  EXPECT_NE(error_of(text).code(), "toml_nesting");  // an expression error, later
  const std::string sixty_four = "x.y.z = " + std::string(61, '[') + std::string(61, ']') + "\n";
  EXPECT_EQ(error_of(sixty_four + kMinimal).code(), "spec");  // past the guard: an unknown key
  EXPECT_EQ(error_of("x.y.z = " + std::string(63, '[') + "\n").code(), "toml_nesting");
}

}  // namespace
}  // namespace stochos::score
