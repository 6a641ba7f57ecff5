// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/tfrecord.h"

#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/crc32c.h"

namespace stochos::tfio {
namespace {

std::string slurp(const std::filesystem::path& p) {
  const auto bytes = core::read_file(p);
  return {bytes.begin(), bytes.end()};
}

TEST(TFRecord, MagentaIteratorFixtureGivesItsThreePayloads) {
  const auto records = read_all_records(testing::fixture("magenta_testdata/tfrecord_iterator_test.tfrecord"));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], "hello world");
  EXPECT_EQ(records[1], "12345");
  EXPECT_EQ(records[2], "success");
}

TEST(TFRecord, RewritingMagentaFilesGivesIdenticalBytes) {
  for (const char* name : {"magenta_testdata/tfrecord_iterator_test.tfrecord",
                           "magenta_testdata/notesequences.tfrecord",
                           "sequence_examples/eval_melodies.tfrecord"}) {
    const auto path = testing::fixture(name);
    std::string rewritten;
    for (const auto& r : read_all_records(path)) append_framed_record(rewritten, r);
    EXPECT_EQ(rewritten, slurp(path)) << name;
  }
}

TEST(TFRecord, NoteSequenceFixtureHas46Records) {
  EXPECT_EQ(read_all_records(testing::fixture("magenta_testdata/notesequences.tfrecord")).size(), 46u);
}

TEST(TFRecord, WriterOutputReadsBackAndAppearsOnlyOnCommit) {
  testing::TempDir dir;
  const auto path = dir / "out.tfrecord";
  {
    TFRecordWriter w(path);
    w.write("a");
    w.write(std::string(100000, 'z'));
    w.write("");
    EXPECT_FALSE(std::filesystem::exists(path));
    w.commit();
  }
  const auto records = read_all_records(path);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].size(), 100000u);
  EXPECT_EQ(records[2], "");
}

TEST(TFRecord, EveryTruncationIsAnErrorWithAnOffsetNeverACrash) {
  const std::string data = slurp(testing::fixture("magenta_testdata/tfrecord_iterator_test.tfrecord"));
  for (std::size_t cut = 1; cut < data.size(); ++cut) {
    std::string_view prefix(data.data(), cut);
    TFRecordReader reader(prefix, "cut.tfrecord");
    std::string rec;
    int complete = 0;
    try {
      while (reader.next(rec)) ++complete;
      // Only cuts on a record boundary are clean ends.
      EXPECT_TRUE(cut == 27 || cut == 48) << "cut " << cut;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInput);
      EXPECT_TRUE(e.where().byte_offset.has_value());
      EXPECT_EQ(e.path(), "cut.tfrecord");
    }
  }
}

TEST(TFRecord, FlippedDataByteIsADataCrcError) {
  std::string data = slurp(testing::fixture("magenta_testdata/tfrecord_iterator_test.tfrecord"));
  data[12] ^= 0x20;  // first byte of "hello world"
  TFRecordReader reader(data, "flip.tfrecord");
  std::string rec;
  try {
    reader.next(rec);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("data CRC mismatch"), std::string::npos) << e.what();
    EXPECT_EQ(*e.where().byte_offset, 12u);
  }
}

TEST(TFRecord, AbsurdLengthIsRefusedWithoutAllocating) {
  std::string data;
  append_framed_record(data, "x");
  // Rewrite the length to 2^40 with a valid length CRC so only the bound can catch it.
  std::string huge;
  const std::uint64_t len = std::uint64_t{1} << 40;
  for (int i = 0; i < 8; ++i) huge.push_back(static_cast<char>((len >> (8 * i)) & 0xFF));
  const auto crc = mask_crc(crc32c(huge));
  for (int i = 0; i < 4; ++i) huge.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
  huge += "x____";
  TFRecordReader reader(huge, "huge.tfrecord");
  std::string rec;
  EXPECT_THROW(reader.next(rec), Error);
}

}  // namespace
}  // namespace stochos::tfio
