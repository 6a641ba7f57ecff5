// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/shards.h"

#include <gtest/gtest.h>

#include <fstream>

#include "stochos/core/error.h"
#include "stochos/testing/shared.h"

namespace stochos::tfio {
namespace {

void touch(const std::filesystem::path& p) { std::ofstream(p) << "x"; }

TEST(ShardSpec, KOfNParsesAndNonsenseIsAUsageError) {
  const ShardSpec s = parse_shard_spec("3/10");
  EXPECT_EQ(3u, s.index);
  EXPECT_EQ(10u, s.count);
  for (const char* bad : {"10/10", "3", "/4", "a/4", "1/0", "-1/4", "1/4/2"}) {
    SCOPED_TRACE(bad);
    try {
      parse_shard_spec(bad);
      FAIL() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(ErrorKind::kUsage, e.kind());
    }
  }
}

TEST(ShardNames, AreTensorFlowsAndTheWholeJobKeepsItsName) {
  EXPECT_EQ("out.tfrecord-00003-of-00010", shard_file_name("out.tfrecord", 3, 10).string());
  EXPECT_EQ("d/out.tfrecord-00000-of-00002", shard_file_name("d/out.tfrecord", 0, 2).string());
  EXPECT_EQ("out.tfrecord", shard_file_name("out.tfrecord", 0, 1).string());
}

TEST(ShardOf, IsAFixedHashOfTheKeySpreadEvenly) {
  // Known answers (Python: int(hashlib.sha1(key).hexdigest()[:16], 16) % N); they must never
  // change between versions, or shards written by two versions would overlap.
  EXPECT_EQ(0u, shard_of("sub/a.mid", 10));
  EXPECT_EQ(2u, shard_of("mz_311_1.mid", 10));
  EXPECT_EQ(2u, shard_of("mz_311_1.mid", 3));
  EXPECT_EQ(0u, shard_of("anything", 1));
  std::vector<int> counts(8, 0);
  for (int i = 0; i < 8000; ++i) ++counts[shard_of("dir/file" + std::to_string(i) + ".mid", 8)];
  for (int c : counts) {
    EXPECT_GT(c, 880);  // 1000 expected; 4 standard deviations is about 120
    EXPECT_LT(c, 1120);
  }
  // Adding a file moves no other: assignment depends on the key alone.
  EXPECT_EQ(shard_of("dir/file7.mid", 8), shard_of("dir/file7.mid", 8));
}

TEST(ExpandInputFiles, GlobsAtNListsAndBareNamesOfShardSets) {
  stochos::testing::TempDir dir;
  for (int k = 0; k < 3; ++k) touch(shard_file_name(dir / "notes.tfrecord", static_cast<std::uint32_t>(k), 3));
  touch(dir / "single.tfrecord");
  const auto three = [&](const std::vector<std::filesystem::path>& files) {
    ASSERT_EQ(3u, files.size());
    for (int k = 0; k < 3; ++k) EXPECT_EQ(shard_file_name(dir / "notes.tfrecord", static_cast<std::uint32_t>(k), 3), files[k]);
  };
  three(expand_input_files((dir / "notes.tfrecord-*-of-00003").string()));
  three(expand_input_files((dir / "notes.tfrecord@3").string()));
  three(expand_input_files((dir / "notes.tfrecord").string()));
  const auto list = expand_input_files((dir / "single.tfrecord").string() + "," + (dir / "notes.tfrecord@3").string());
  ASSERT_EQ(4u, list.size());
  EXPECT_EQ(dir / "single.tfrecord", list[0]);
  EXPECT_TRUE(is_file_pattern((dir / "notes.tfrecord").string()));
  EXPECT_FALSE(is_file_pattern((dir / "single.tfrecord").string()));
  // One existing shard named alone is just a file.
  EXPECT_EQ(1u, expand_input_files(shard_file_name(dir / "notes.tfrecord", 1, 3).string()).size());
}

TEST(ExpandInputFiles, AMissingShardIsAnErrorNamingIt) {
  stochos::testing::TempDir dir;
  touch(shard_file_name(dir / "notes.tfrecord", 0, 3));
  touch(shard_file_name(dir / "notes.tfrecord", 2, 3));
  for (const std::string spec : {"notes.tfrecord-*", "notes.tfrecord@3", "notes.tfrecord"}) {
    SCOPED_TRACE(spec);
    try {
      expand_input_files((dir / spec).string());
      FAIL() << "accepted an incomplete shard set";
    } catch (const Error& e) {
      EXPECT_NE(std::string::npos, std::string(e.what()).find("notes.tfrecord-00001-of-00003")) << e.what();
    }
  }
  EXPECT_THROW(expand_input_files((dir / "nothing-*.tfrecord").string()), Error);
  EXPECT_THROW(expand_input_files((dir / "nothing.tfrecord").string()), Error);
}

}  // namespace
}  // namespace stochos::tfio
