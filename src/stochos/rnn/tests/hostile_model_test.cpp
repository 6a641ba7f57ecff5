// SPDX-License-Identifier: GPL-3.0-or-later
// Models and options an attacker or an unlucky user could hand the generator (issue 23):
// checkpoints and bundles with valid CRCs but NaN or infinite weights, and temperatures the
// softmax cannot divide by. Each is refused up front with an error that says where.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "stochos/core/error.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/event_generation.h"
#include "stochos/rnn/inference.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/rnn/melody_rnn_weights.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::rnn {
namespace {

melody::MelodyRnnConfig small_basic_rnn() {
  auto config = melody::melody_rnn_config("basic_rnn");
  melody::apply_hparams(config.hparams, "rnn_layer_sizes=[16]");
  return config;
}

// A checkpoint of a small basic_rnn with `value` as element 7 of cell_0's kernel.
tfio::Checkpoint damaged_checkpoint(float value) {
  tfio::Checkpoint checkpoint = weights_to_checkpoint(initial_weights(small_basic_rnn(), 3));
  checkpoint.tensors.at("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel").floats[7] = value;
  return checkpoint;
}

std::string load_error(const std::filesystem::path& path, const std::string& config) {
  try {
    (void)load_melody_rnn(path, config);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "loaded " << path;
  return {};
}

TEST(HostileModel, NanWeightInAV2CheckpointIsRefusedNamingTheVariableAndFile) {
  testing::TempDir dir;
  const auto prefix = dir / "model.ckpt-1";
  tfio::write_checkpoint_v2(prefix, damaged_checkpoint(std::numeric_limits<float>::quiet_NaN()));
  const std::string message = load_error(prefix, "basic_rnn");
  EXPECT_NE(message.find(prefix.string()), std::string::npos) << message;
  EXPECT_NE(message.find(
                "model.ckpt-1: variable 'rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel': element 7 of ["),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("is NaN"), std::string::npos) << message;
}

TEST(HostileModel, InfiniteWeightInABundleIsRefusedNamingTheVariableAndFile) {
  testing::TempDir dir;
  tfio::GeneratorBundle bundle;
  bundle.generator_id = "basic_rnn";
  bundle.bundle_description = "stochos hparams: rnn_layer_sizes=[16]";
  bundle.checkpoint_file =
      tfio::encode_checkpoint_v1(damaged_checkpoint(-std::numeric_limits<float>::infinity()));
  const auto path = dir / "damaged.mag";
  tfio::write_generator_bundle(path, bundle);
  const std::string message = load_error(path, "");
  EXPECT_NE(message.find("damaged.mag"), std::string::npos) << message;
  EXPECT_NE(message.find("variable 'rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel'"), std::string::npos)
      << message;
  EXPECT_NE(message.find("is infinite"), std::string::npos) << message;
}

TEST(HostileModel, TemperaturesTheSoftmaxCannotUseAreUsageErrors) {
  // 1e-300 is 0 as a float: the softmax divided by zero and failed with "sum to -nan".
  const auto config = small_basic_rnn();
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference model(initial_weights(config, 3));
  for (const double t : {1e-300, 0.0, -1.0, 1e300, std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity()}) {
    BeamSearchOptions options;
    options.num_steps = 8;
    options.temperature = t;
    core::Rng rng(1);
    try {
      (void)generate_events(model, *encoder, {60}, options, rng);
      ADD_FAILURE() << "temperature " << t << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
      EXPECT_NE(std::string(e.what()).find("--temperature"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("from 1e-6"), std::string::npos) << e.what();
    }
  }
  BeamSearchOptions edge;
  edge.num_steps = 8;
  edge.temperature = 1e-6;  // kMinTemperature
  core::Rng rng(1);
  EXPECT_EQ(generate_events(model, *encoder, {60}, edge, rng).events.size(), 8u);
}

}  // namespace
}  // namespace stochos::rnn
