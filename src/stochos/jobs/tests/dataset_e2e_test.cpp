// SPDX-License-Identifier: GPL-3.0-or-later
// The whole Mozart corpus through melody_rnn_create_dataset's pipeline for every config.
// With Magenta's exact settings the corpus gives no melody: piano-midi.de sequences carry
// hundreds of tempo events per movement (rubato), and TimeChangeSplitter cuts at each of
// them. stochos's --flatten_tempo and --ignore_polyphonic_notes are checked too.
#include "stochos/jobs/dataset_job.h"

#include <gtest/gtest.h>

#include <map>

#include "stochos/core/file_io.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/testing/shared.h"

namespace stochos::jobs {
namespace {
using namespace stochos::melody;

DatasetSummary run(const std::string& config, const std::filesystem::path& out, bool extensions,
                   std::uint64_t seed = kDefaultDatasetSeed) {
  DatasetOptions o;
  o.config = melody_rnn_config(config);
  o.input = stochos::testing::corpus("mozart");
  o.output_dir = out;
  o.progress = core::ProgressBar::Mode::kNever;
  o.flatten_tempo = extensions;
  o.ignore_polyphonic_notes = extensions;
  o.seed = seed;
  o.report_file = out / "report.tsv";
  return create_dataset(o);
}

TEST(MozartDataset, MagentasSettingsGiveNoMelodyAndSayWhy) {
  for (const auto& config : melody_rnn_config_names()) {
    SCOPED_TRACE(config);
    stochos::testing::TempDir dir;
    const DatasetSummary s = run(config, dir.path(), false);
    EXPECT_EQ(21u, s.inputs);
    EXPECT_TRUE(s.skipped.empty());
    EXPECT_EQ(0u, s.training_outputs + s.eval_outputs);
    const auto& st = s.statistics;
    EXPECT_EQ(19, st.counter("DAGPipeline_RandomPartition_training_melodies_count"));
    EXPECT_EQ(2, st.counter("DAGPipeline_RandomPartition_eval_melodies_count"));
    EXPECT_EQ(20189, st.counter("DAGPipeline_TranspositionPipeline_training_transpositions_generated"));
    EXPECT_EQ(3393, st.counter("DAGPipeline_TranspositionPipeline_eval_transpositions_generated"));
    EXPECT_EQ(20064, st.counter("DAGPipeline_MelodyExtractor_training_melodies_discarded_too_short"));
    EXPECT_EQ(3434, st.counter("DAGPipeline_MelodyExtractor_eval_melodies_discarded_too_short"));
    EXPECT_EQ(6807, st.counter("DAGPipeline_MelodyExtractor_training_polyphonic_tracks_discarded"));
    EXPECT_EQ(785, st.counter("DAGPipeline_MelodyExtractor_eval_polyphonic_tracks_discarded"));
    EXPECT_EQ(0, st.counter("DAGPipeline_MelodyExtractor_training_melodies_discarded_too_few_pitches"));
    ASSERT_EQ(21u, s.reports.size());
    EXPECT_EQ(949, s.reports[0].pieces);  // mz_311_1.mid: 950 tempos
    EXPECT_NE(std::string::npos, s.reports[0].reason(melody_rnn_extraction_options()).find("shorter than 7 bars"));
    EXPECT_TRUE(read_sequence_examples(s.training_file).empty());
  }
}

TEST(MozartDataset, FlattenedTempoAndIgnoredPolyphonyGiveTheSameMelodiesInEveryConfig) {
  const std::map<std::string, int> widths = {
      {"basic_rnn", 38}, {"mono_rnn", 130}, {"lookback_rnn", 121}, {"attention_rnn", 74}};
  for (const auto& config : melody_rnn_config_names()) {
    SCOPED_TRACE(config);
    stochos::testing::TempDir dir;
    const DatasetSummary s = run(config, dir.path(), true);
    EXPECT_EQ(109u, s.training_outputs);
    EXPECT_EQ(30u, s.eval_outputs);
    const auto& st = s.statistics;
    EXPECT_EQ(44, st.counter("DAGPipeline_MelodyExtractor_training_melodies_discarded_too_short"));
    EXPECT_EQ(30, st.counter("DAGPipeline_MelodyExtractor_eval_melodies_discarded_too_short"));
    EXPECT_EQ(60, st.counter("DAGPipeline_MelodyExtractor_training_melodies_truncated"));
    EXPECT_EQ(9, st.counter("DAGPipeline_MelodyExtractor_eval_melodies_truncated"));
    EXPECT_EQ(0, st.counter("DAGPipeline_MelodyExtractor_training_polyphonic_tracks_discarded"));
    const auto training = read_sequence_examples(s.training_file);
    ASSERT_EQ(109u, training.size());
    for (const auto& e : training) {
      EXPECT_EQ(widths.at(config), e.input_size);
      EXPECT_LE(e.steps(), 511u);  // max_steps 512 events
      EXPECT_GE(e.steps(), 7u * 8u - 1u);  // 7 bars of the shortest meter here (2/4)
    }
  }
}

TEST(MozartDataset, SameSeedSameFilesOtherSeedOtherSplit) {
  stochos::testing::TempDir a, b, c;
  run("attention_rnn", a.path(), true, 1);
  run("attention_rnn", b.path(), true, 1);
  const DatasetSummary other = run("attention_rnn", c.path(), true, 2);
  EXPECT_EQ(core::read_file(a / "training_melodies.tfrecord"), core::read_file(b / "training_melodies.tfrecord"));
  EXPECT_EQ(core::read_file(a / "eval_melodies.tfrecord"), core::read_file(b / "eval_melodies.tfrecord"));
  EXPECT_EQ(core::read_file(a / "report.tsv"), core::read_file(b / "report.tsv"));
  EXPECT_EQ(139u, other.training_outputs + other.eval_outputs);  // same melodies, other split
  EXPECT_NE(core::read_file(a / "report.tsv"), core::read_file(c / "report.tsv"));
}

TEST(MagentaNoteSequences, TheSixteenYearOldTestRecordsGiveMelodiesWithoutSkips) {
  stochos::testing::TempDir dir;
  DatasetOptions o;
  o.config = melody_rnn_config("basic_rnn");
  o.input = stochos::testing::fixture("magenta_testdata/notesequences.tfrecord");
  o.output_dir = dir.path();
  o.progress = core::ProgressBar::Mode::kNever;
  const DatasetSummary s = create_dataset(o);
  EXPECT_EQ(46u, s.inputs);
  EXPECT_TRUE(s.skipped.empty());
  EXPECT_EQ(45u, s.training_outputs + s.eval_outputs);
}

}  // namespace
}  // namespace stochos::jobs
