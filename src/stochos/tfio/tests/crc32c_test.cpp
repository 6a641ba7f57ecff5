// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace stochos::tfio {
namespace {

// Known answers from RFC 3720 (iSCSI) appendix B.4 and the standard check value.
TEST(Crc32c, MatchesPublishedCheckValues) {
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending.push_back(static_cast<char>(i));
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
}

TEST(Crc32c, HardwareAndPortablePathsAgreeOnEveryLengthAndSplit) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>((i * 131) ^ (i >> 3)));
  for (std::size_t n = 0; n < data.size(); n += 37) {
    const auto whole = crc32c(data.data(), n);
    EXPECT_EQ(whole, crc32c_extend_portable(0, data.data(), n));
    const auto split = crc32c_extend(crc32c(data.data(), n / 3), data.data() + n / 3, n - n / 3);
    EXPECT_EQ(whole, split);
  }
}

TEST(Crc32c, MaskMatchesTensorFlowsRecordOfHelloWorld) {
  // magenta_testdata/tfrecord_iterator_test.tfrecord: record 1 ("hello world", length 11)
  // has the length CRC bytes 86 15 f5 04 (LE) per the fixtures README.
  const unsigned char length_bytes[8] = {11, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(mask_crc(crc32c(length_bytes, 8)), 0x04f51586u);
  EXPECT_EQ(unmask_crc(mask_crc(0xdeadbeefu)), 0xdeadbeefu);
}

}  // namespace
}  // namespace stochos::tfio
