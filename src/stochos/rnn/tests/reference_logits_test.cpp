// SPDX-License-Identifier: GPL-3.0-or-later
// Logits of every config and both attention layouts against an independent numpy
// implementation of TensorFlow's equations (tools/reference/melody_rnn_reference.py), on
// the real Magenta checkpoints of ../shared/fixtures where they exist and on seeded random
// weights otherwise. The fused generation path and the LibTorch training model must agree
// with each other and with the reference to 1e-5.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "stochos/core/random.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/inference.h"
#include "stochos/rnn/melody_rnn_weights.h"
#include "stochos/rnn/training.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"

namespace stochos::rnn {
namespace {

constexpr std::size_t kSteps = 96;

std::vector<float> fused_logits(const MelodyRnnWeights& weights, const melody::EncodedSequence& sequence) {
  MelodyRnnInference model(weights);
  model.reset(1);
  std::vector<float> out, logits(static_cast<std::size_t>(weights.num_classes));
  for (std::size_t t = 0; t < sequence.steps(); ++t) {
    model.step(sequence.input(t), logits);
    out.insert(out.end(), logits.begin(), logits.end());
  }
  return out;
}

void write_rows(const std::filesystem::path& path, const std::vector<float>& values, std::size_t width) {
  std::ofstream out(path);
  out.precision(9);
  for (std::size_t i = 0; i < values.size(); ++i) out << values[i] << ((i + 1) % width ? ' ' : '\n');
}

// A melody's encoding for the config, kSteps long.
melody::EncodedSequence encoded_melody(const melody::MelodyRnnConfig& config, std::uint64_t seed) {
  const auto encoder = melody::make_encoder_decoder(config);
  core::Rng rng(seed);
  std::vector<int> events;
  for (std::size_t i = 0; i <= kSteps; ++i) {
    const auto r = rng.below(4);
    events.push_back(r == 0 ? -2 : r == 1 ? -1 : config.min_note + static_cast<int>(rng.below(24)));
  }
  return encoder->encode(events);
}

void check_against_reference(const std::string& name, const MelodyRnnWeights& weights,
                             const melody::EncodedSequence& sequence) {
  SCOPED_TRACE(name);
  const std::vector<float> fused = fused_logits(weights, sequence);
  const std::vector<float> trained = training_model_logits(weights, sequence);
  ASSERT_EQ(fused.size(), trained.size());
  // Both compute in float32 like TensorFlow; differences are relative to the size of the
  // step's logit vector (largest magnitude, at least 1), as in the reference script.
  const std::size_t width = static_cast<std::size_t>(weights.num_classes);
  double worst = 0;
  for (std::size_t row = 0; row < fused.size(); row += width) {
    double scale = 1.0;
    for (std::size_t c = 0; c < width; ++c) scale = std::max(scale, std::abs(double(trained[row + c])));
    for (std::size_t c = 0; c < width; ++c) {
      worst = std::max(worst, std::abs(double(fused[row + c]) - trained[row + c]) / scale);
    }
  }
  EXPECT_LE(worst, 1e-5) << "fused path vs LibTorch model";
  std::printf("%s: fused vs LibTorch, max relative difference %.3g\n", name.c_str(), worst);

  testing::TempDir dir;
  const auto npz = dir.path() / "weights.npz";
  tfio::write_npz(npz, weights_to_checkpoint(weights));
  write_rows(dir.path() / "inputs.txt", sequence.inputs, static_cast<std::size_t>(sequence.input_size));
  const std::size_t classes = static_cast<std::size_t>(weights.num_classes);
  write_rows(dir.path() / "fused.txt", fused, classes);
  write_rows(dir.path() / "trained.txt", trained, classes);
  const std::string script = (testing::source_dir() / "tools/reference/melody_rnn_reference.py").string();
  for (const char* logits : {"fused.txt", "trained.txt"}) {
    const auto result = testing::run_command(
        "/usr/bin/python3 " + testing::shell_quote(script) + " " + testing::shell_quote(npz.string()) + " " +
        testing::shell_quote((dir.path() / "inputs.txt").string()) + " " +
        testing::shell_quote((dir.path() / logits).string()) + " --attn_length " +
        std::to_string(std::max(weights.attention.attn_length, 1)));
    EXPECT_EQ(result.exit_code, 0) << logits << ": " << result.out + result.err;
    std::printf("%s (%s): %s", name.c_str(), logits, result.out.c_str());
  }
}

TEST(ReferenceLogits, AttentionRnnFixtureFirstLayerLayout) {
  // soma11's attention_rnn (TF 1.2.1, rnn_layer_sizes [64,64], attn_length 40) on the first
  // steps of a real attention_rnn SequenceExample.
  const auto checkpoint = tfio::read_checkpoint(testing::fixture("checkpoints/melody_rnn_soma11_v2/model.ckpt-1341"));
  const auto config = melody::melody_rnn_config("attention_rnn");
  const auto weights = weights_from_checkpoint(checkpoint, config);
  ASSERT_EQ(weights.attention_layout, AttentionLayout::kFirstLayer);
  auto sequence = melody::read_sequence_examples(testing::fixture("sequence_examples/eval_melodies.tfrecord")).front();
  sequence.labels.resize(kSteps);
  sequence.inputs.resize(kSteps * static_cast<std::size_t>(sequence.input_size));
  check_against_reference("attention_rnn fixture", weights, sequence);
}

TEST(ReferenceLogits, BasicRnnFixture) {
  const auto checkpoint = tfio::read_checkpoint(testing::fixture("checkpoints/basic_rnn_naykun_v2/model.ckpt-2"));
  const auto config = melody::melody_rnn_config("basic_rnn");
  check_against_reference("basic_rnn fixture", weights_from_checkpoint(checkpoint, config), encoded_melody(config, 4));
}

TEST(ReferenceLogits, MonoAndLookbackWithSeededWeights) {
  for (const char* name : {"mono_rnn", "lookback_rnn"}) {
    auto config = melody::melody_rnn_config(name);
    melody::apply_hparams(config.hparams, "rnn_layer_sizes=[48,32]");
    check_against_reference(name, initial_weights(config, 17), encoded_melody(config, 5));
  }
}

TEST(ReferenceLogits, AttentionWholeStackLayout) {
  // The 2016 layout: the wrapper around the whole MultiRNNCell, query = [c0;h0;c1;h1].
  auto config = melody::melody_rnn_config("attention_rnn");
  melody::apply_hparams(config.hparams, "rnn_layer_sizes=[32,24],attn_length=7");
  MelodyRnnWeights w = initial_weights(config, 23);
  w.attention_layout = AttentionLayout::kWholeStack;
  auto& a = w.attention;
  a.attn_size = 24;
  core::Rng rng(31);
  auto random = [&](std::size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(rng.uniform01() * 0.6 - 0.3);
    return v;
  };
  a.input_projection = {w.input_size + 24, w.input_size, random((w.input_size + 24) * std::size_t(w.input_size)),
                        random(std::size_t(w.input_size))};
  a.query = {2 * (32 + 24), 24, random(2 * (32 + 24) * 24), random(24)};
  a.attn_w = random(24 * 24);
  a.attn_v = random(24);
  a.output_projection = {48, 24, random(48 * 24), random(24)};
  
  check_against_reference("attention_rnn whole-stack layout", w, encoded_melody(config, 6));
  // And the mapping reads the layout back from the names.
  const auto back = weights_from_checkpoint(weights_to_checkpoint(w), config);
  EXPECT_EQ(back.attention_layout, AttentionLayout::kWholeStack);
}

}  // namespace
}  // namespace stochos::rnn
