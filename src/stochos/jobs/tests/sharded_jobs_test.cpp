// SPDX-License-Identifier: GPL-3.0-or-later
// Sharded convert and dataset jobs: the union of the N shards' records is the
// single-process output, record for record (the MPI runs of the same jobs are checked by
// mpi_e2e_check.py under mpirun).
#include "stochos/jobs/sharded_jobs.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/tfio/tfrecord.h"
#include "stochos/testing/shared.h"

namespace stochos::jobs {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> records(const std::vector<fs::path>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    tfio::TFRecordReader reader(f);
    std::string r;
    while (reader.next(r)) out.push_back(r);
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

ConvertOptions convert_options(const fs::path& input, const fs::path& output) {
  ConvertOptions o;
  o.input_dir = input;
  o.output_file = output;
  o.recursive = true;
  o.threads = 2;
  o.progress = core::ProgressBar::Mode::kNever;
  return o;
}

TEST(ShardedConvert, ShardsTogetherHoldTheSingleProcessRecordsInItsOrder) {
  for (const fs::path& input : {stochos::testing::corpus("mozart"), stochos::testing::source_dir() / "examples" / "midi",
                               stochos::testing::fixture("note_seq_testdata")}) {
    SCOPED_TRACE(input.string());
    stochos::testing::TempDir dir;
    const ConvertSummary whole = convert_directory(convert_options(input, dir / "all.tfrecord"));
    const std::vector<std::string> expected = records({dir / "all.tfrecord"});
    std::vector<fs::path> shards;
    std::size_t failed = 0, converted = 0;
    for (std::uint32_t k = 0; k < 3; ++k) {
      const ConvertSummary s = convert_shard(convert_options(input, dir / "notes.tfrecord"), {k, 3});
      shards.push_back(tfio::shard_file_name(dir / "notes.tfrecord", k, 3));
      EXPECT_TRUE(fs::exists(shards.back()));
      failed += s.failed.size();
      converted += s.converted;
      // Each shard keeps the single-process order of its own records.
      const auto mine = records({shards.back()});
      auto it = expected.begin();
      for (const auto& r : mine) {
        it = std::find(it, expected.end(), r);
        ASSERT_NE(expected.end(), it);
      }
    }
    EXPECT_EQ(sorted(expected), sorted(records(shards)));
    EXPECT_EQ(whole.failed.size(), failed);
    EXPECT_EQ(whole.converted, converted);
    // Readers take the shard set by its bare name.
    EXPECT_EQ(shards, tfio::expand_input_files((dir / "notes.tfrecord").string()));
  }
}

TEST(ShardedDataset, ShardsTogetherHoldTheSingleProcessMelodiesAndSplit) {
  stochos::testing::TempDir dir;
  convert_directory(convert_options(stochos::testing::corpus("mozart"), dir / "mozart.tfrecord"));
  DatasetOptions o;
  o.config = melody::melody_rnn_config("lookback_rnn");
  o.input = dir / "mozart.tfrecord";
  o.output_dir = dir / "whole";
  o.flatten_tempo = true;
  o.ignore_polyphonic_notes = true;
  o.progress = core::ProgressBar::Mode::kNever;
  const DatasetSummary whole = create_dataset(o);
  ASSERT_GT(whole.training_outputs, 0u);
  ASSERT_GT(whole.eval_outputs, 0u);
  o.output_dir = dir / "sharded";
  std::uint64_t inputs = 0;
  std::int64_t eval_count = 0;
  for (std::uint32_t k = 0; k < 4; ++k) {
    const DatasetSummary s = create_dataset_shard(o, {k, 4});
    inputs += s.inputs;
    eval_count += s.statistics.counter("DAGPipeline_RandomPartition_eval_melodies_count");
  }
  EXPECT_EQ(whole.inputs, inputs);
  EXPECT_EQ(whole.statistics.counter("DAGPipeline_RandomPartition_eval_melodies_count"), eval_count);
  for (const std::string name : {"training_melodies.tfrecord", "eval_melodies.tfrecord"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(sorted(records({dir / "whole" / name})),
              sorted(records(tfio::expand_input_files((dir / "sharded" / (name + "@4")).string()))));
  }
}

TEST(ShardedDataset, AFolderInputIsRefusedWithTheWayOut) {
  stochos::testing::TempDir dir;
  DatasetOptions o;
  o.config = melody::melody_rnn_config("basic_rnn");
  o.input = stochos::testing::corpus("mozart");
  o.output_dir = dir.path();
  try {
    create_dataset_shard(o, {1, 4});
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorKind::kUsage, e.kind());
    EXPECT_NE(std::string::npos, std::string(e.what()).find("convert --shard"));
  }
}

}  // namespace
}  // namespace stochos::jobs
