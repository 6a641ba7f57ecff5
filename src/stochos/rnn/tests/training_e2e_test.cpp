// SPDX-License-Identifier: GPL-3.0-or-later
// Training end to end on the Mozart melodies: eval loss falls, an interrupted run resumed
// from its checkpoint reaches the same weights as an uninterrupted one, the run directory
// holds Magenta-compatible checkpoints and the metric files, and beam search finds more
// likely continuations than sampling.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "stochos/core/file_io.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/evaluation.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/rnn/training.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"

namespace stochos::rnn {
namespace {

// A small basic_rnn dataset from the Mozart corpus, made once by the CLI.
const std::filesystem::path& mozart_dataset() {
  static testing::TempDir dir;
  static const std::filesystem::path out = [] {
    const auto result = testing::run_command(
        testing::shell_quote(testing::cli_path().string()) + " melody dataset --config basic_rnn --input " +
        testing::shell_quote(testing::corpus("mozart").string()) + " --output_dir " +
        testing::shell_quote(dir.path().string()) + " --flatten_tempo --ignore_polyphonic_notes --no-progress");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return dir.path();
  }();
  return out;
}

TrainOptions small_run(const std::filesystem::path& run_dir, std::int64_t steps,
                       Batching batching = Batching::kBucketed) {
  TrainOptions options;
  options.run.batching = batching;
  options.run.config = melody::melody_rnn_config("basic_rnn");
  melody::apply_hparams(options.run.config.hparams, "batch_size=8,rnn_layer_sizes=[48]");
  options.run.seed = 7;
  options.sequence_example_files = {mozart_dataset() / "training_melodies.tfrecord"};
  options.run_dir = run_dir;
  options.num_training_steps = steps;
  options.checkpoint_every_steps = 5;
  options.summary_every_steps = 5;
  options.show_progress = false;
  write_run_config(run_dir, options.run);
  return options;
}

MelodyRnnWeights latest_weights(const std::filesystem::path& run_dir, const melody::MelodyRnnConfig& config) {
  const auto latest = tfio::latest_checkpoint(run_dir / "train");
  EXPECT_TRUE(latest.has_value());
  return weights_from_checkpoint(tfio::read_checkpoint(*latest), config, false);
}

TEST(Training, EvalLossFallsOnMozart) {
  testing::TempDir run;
  const TrainOptions options = small_run(run.path(), 40);
  const auto encoder = melody::make_encoder_decoder(options.run.config);
  const auto eval = melody::read_sequence_examples(mozart_dataset() / "eval_melodies.tfrecord");
  const double before =
      evaluate_sequences(initial_weights(options.run.config, 7), eval, encoder->default_event_label()).metrics().loss;
  const TrainResult result = train_melody_rnn(options);
  EXPECT_EQ(result.final_step, 40);
  const double after =
      evaluate_sequences(latest_weights(run.path(), options.run.config), eval, encoder->default_event_label()).metrics().loss;
  std::printf("eval loss on %zu Mozart melodies: %.4f at step 0, %.4f at step 40\n", eval.size(), before, after);
  EXPECT_LT(after, before - 0.5);
  // The run directory: V2 checkpoints with Magenta's names and Adam slots, metrics, plot.
  const auto checkpoint = tfio::read_checkpoint(run.path() / "train");
  EXPECT_EQ(checkpoint.global_step(), 40);
  EXPECT_NE(checkpoint.find("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel/Adam"), nullptr);
  EXPECT_NE(checkpoint.find("beta1_power"), nullptr);
  EXPECT_TRUE(std::filesystem::exists(run.path() / "train" / "metrics.csv"));
  EXPECT_TRUE(std::filesystem::exists(run.path() / "metrics.png"));
  EXPECT_EQ(read_run_config(run.path())->config.hparams.rnn_layer_sizes, (std::vector<int>{48}));
}

TEST(Training, ResumedRunReachesTheSameWeights) {
  // 133 melodies in batches of 8: 16 or 17 batches an epoch, so 40 steps cross two epoch
  // borders and the resumed half starts in the middle of an epoch.
  for (Batching batching : {Batching::kBucketed, Batching::kRandom}) {
    testing::TempDir straight, resumed;
    train_melody_rnn(small_run(straight.path(), 40, batching));
    // "Killed" after step 25: the run stops there; the rerun resumes from checkpoint 25.
    train_melody_rnn(small_run(resumed.path(), 25, batching));
    const TrainResult second = train_melody_rnn(small_run(resumed.path(), 40, batching));
    EXPECT_EQ(second.start_step, 25);
    const auto config = small_run(straight.path(), 40, batching).run.config;
    const auto a = latest_weights(straight.path(), config);
    const auto b = latest_weights(resumed.path(), config);
    EXPECT_EQ(a.layers[0].kernel, b.layers[0].kernel) << batching_name(batching);
    EXPECT_EQ(a.output.bias, b.output.bias) << batching_name(batching);
    EXPECT_EQ(read_run_config(resumed.path())->batching, batching);
    // The metrics log has each summary step once.
    std::ifstream log(resumed.path() / "train" / "metrics.csv");
    std::string line;
    int rows = -1;
    while (std::getline(log, line)) ++rows;
    EXPECT_EQ(rows, 8);
  }
}

TEST(Training, RunsRecordedWithoutBatchingResumeWithRandomBatches) {
  testing::TempDir run;
  small_run(run.path(), 5, Batching::kBucketed);
  const auto path = run.path() / "stochos_run.txt";
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(text.find("batching=bucketed\n"), std::string::npos) << text;
  text.erase(text.find("batching=bucketed\n"));
  core::write_file_atomically(path, text);
  EXPECT_EQ(read_run_config(run.path())->batching, Batching::kRandom);
}

TEST(Generation, BeamSearchFindsMoreLikelyContinuationsOfMozartPrimers) {
  testing::TempDir run;
  train_melody_rnn(small_run(run.path(), 30));
  const LoadedModel model = load_melody_rnn(run.path());
  const auto eval = melody::read_sequence_examples(mozart_dataset() / "eval_melodies.tfrecord");
  const auto encoder = melody::make_encoder_decoder(model.config);
  double beam1 = 0, beam4 = 0;
  int primers = 0;
  for (std::size_t i = 0; i < eval.size() && primers < 6; ++i) {
    // The first 16 events of each eval melody, decoded from its labels.
    std::vector<std::int64_t> labels(eval[i].labels.begin(), eval[i].labels.begin() + 15);
    const std::vector<int> primer = encoder->decode(-2, labels);
    if (primer.size() < 16) continue;
    for (int beam : {1, 4}) {
      MelodyRnnInference inference(model.weights);
      BeamSearchOptions options;
      options.num_steps = 64;
      options.beam_size = beam;
      core::Rng rng(100 + i);
      (beam == 1 ? beam1 : beam4) += generate_events(inference, *encoder, primer, options, rng).log_likelihood;
    }
    ++primers;
  }
  ASSERT_GT(primers, 0);
  std::printf("mean log-likelihood over %d Mozart primers: beam 1 %.3f, beam 4 %.3f\n", primers, beam1 / primers,
              beam4 / primers);
  EXPECT_GT(beam4, beam1);
}

}  // namespace
}  // namespace stochos::rnn
