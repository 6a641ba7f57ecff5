// SPDX-License-Identifier: GPL-3.0-or-later
// utf8_sequence_at against Python: the expected strings are
// bytes.decode('utf-8', 'replace').encode('utf-8') as /usr/bin/python3 (3.11) prints them.
#include "stochos/core/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace stochos::core {
namespace {

std::string replaced(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Sequence q = utf8_sequence_at(s, i);
    if (q.valid > 0) {
      out.append(s.substr(i, q.valid));
      i += q.valid;
    } else {
      out += "\xEF\xBF\xBD";
      i += q.prefix;
    }
  }
  return out;
}

TEST(Utf8, ReplacementMatchesPythonsDecode) {
  const std::pair<std::string, std::string> cases[] = {
      {"caf\xe9", "caf\xef\xbf\xbd"},
      {"\xe2\x82", "\xef\xbf\xbd"},
      {"\xe2\x82\xac!", "\xe2\x82\xac!"},
      {"\xed\xa0\x80x", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx"},  // a surrogate
      {"\xf0\x9f\x98", "\xef\xbf\xbd"},                            // truncated
      {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},                    // overlong
      {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // above U+10FFFF
      {"ok\xf0\x9f\x98\x80", "ok\xf0\x9f\x98\x80"},
      {"\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
  };
  for (const auto& [in, expected] : cases) EXPECT_EQ(replaced(in), expected);
}

TEST(Utf8, ValidLengths) {
  EXPECT_EQ(utf8_sequence_at("a", 0).valid, 1u);
  EXPECT_EQ(utf8_sequence_at("\xc3\xa9", 0).valid, 2u);
  EXPECT_EQ(utf8_sequence_at("\xe2\x82\xac", 0).valid, 3u);
  EXPECT_EQ(utf8_sequence_at("\xf0\x9f\x98\x80", 0).valid, 4u);
  EXPECT_EQ(utf8_sequence_at("\xbc", 0).valid, 0u);
}

}  // namespace
}  // namespace stochos::core
