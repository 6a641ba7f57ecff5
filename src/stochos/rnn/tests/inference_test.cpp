// SPDX-License-Identifier: GPL-3.0-or-later
// The fused generation path and Magenta's beam search on freshly initialised models of
// every config: batching, state selection, greedy decoding, scores equal to teacher-forced
// log-likelihoods, reproducibility, and the weights <-> checkpoint mapping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "stochos/core/error.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/detail/activations.h"
#include "stochos/rnn/detail/inference_kernels.h"
#include "stochos/rnn/event_generation.h"
#include "stochos/rnn/inference.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {
namespace {

melody::MelodyRnnConfig small_config(const std::string& name) {
  auto config = melody::melody_rnn_config(name);
  melody::apply_hparams(config.hparams, "rnn_layer_sizes=[24,16]");
  if (config.hparams.attn_length > 0) config.hparams.attn_length = 5;
  return config;
}

std::vector<int> primer_events() { return {60, -2, 62, -2, 64, -1, -2, 65, 67, -2, -2, 60}; }

class EveryConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryConfig, BatchedStepsEqualSingleSequenceSteps) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference batched(initial_weights(config, 7));
  MelodyRnnInference single(initial_weights(config, 7));
  const std::vector<std::vector<int>> sequences = {primer_events(), {72, -2, -2, -1, 50, 51}, {55, 55, 55, -1}};
  const std::size_t in = static_cast<std::size_t>(encoder->input_size());
  const std::size_t classes = static_cast<std::size_t>(encoder->num_classes());
  std::vector<std::vector<float>> single_logits(sequences.size());
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    single.reset(1);
    std::vector<float> input(in), logits(classes);
    for (std::size_t i = 0; i < 4; ++i) {
      std::fill(input.begin(), input.end(), 0.0f);
      encoder->events_to_input(sequences[s], i, input);
      single.step(input, logits);
    }
    single_logits[s] = logits;
  }
  batched.reset(sequences.size());
  std::vector<float> inputs(sequences.size() * in), logits(sequences.size() * classes);
  for (std::size_t i = 0; i < 4; ++i) {
    std::fill(inputs.begin(), inputs.end(), 0.0f);
    for (std::size_t s = 0; s < sequences.size(); ++s) {
      encoder->events_to_input(sequences[s], i, std::span<float>(inputs.data() + s * in, in));
    }
    batched.step(inputs, logits);
  }
  for (std::size_t s = 0; s < sequences.size(); ++s) {
    for (std::size_t c = 0; c < classes; ++c) EXPECT_FLOAT_EQ(logits[s * classes + c], single_logits[s][c]);
  }
  // select: sequence 0 takes sequence 2's state, 1 keeps its own. One more step with the
  // same inputs must then give what sequences 2 and 1 give without the reordering.
  MelodyRnnInference unselected = batched;
  const std::vector<std::size_t> source = {2, 1};
  batched.select(source);
  ASSERT_EQ(batched.batch(), 2u);
  std::vector<float> next(3 * in, 0.0f), next_logits(3 * classes);
  encoder->events_to_input(sequences[2], 3, std::span<float>(next.data() + 0 * in, in));
  encoder->events_to_input(sequences[1], 3, std::span<float>(next.data() + 1 * in, in));
  encoder->events_to_input(sequences[2], 3, std::span<float>(next.data() + 2 * in, in));
  unselected.step(next, next_logits);
  std::vector<float> selected_logits(2 * classes);
  batched.step(std::span<const float>(next.data(), 2 * in), selected_logits);
  for (std::size_t c = 0; c < classes; ++c) {
    EXPECT_EQ(selected_logits[c], next_logits[2 * classes + c]);
    EXPECT_EQ(selected_logits[classes + c], next_logits[classes + c]);
  }
}

// Beam search hands one parent's state to several children, which then take different
// events: select() must give each its own copy, and later selections must keep them apart.
TEST_P(EveryConfig, SelectedCopiesOfOneStateGoTheirOwnWays) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  const std::size_t in = static_cast<std::size_t>(encoder->input_size());
  const std::size_t classes = static_cast<std::size_t>(encoder->num_classes());
  const std::vector<std::vector<int>> sequences = {primer_events(), {72, -2, -2, -1, 50, 51, 53, -2, 55}};
  const std::vector<std::vector<int>> endings = {{64, 66, -2}, {59, -1, 61}};  // two ways on from sequence 0
  // Steps the model through events[from, to) of each row's sequence, returning the last logits.
  const auto run = [&](MelodyRnnInference& model, const std::vector<std::vector<int>>& rows, std::size_t from,
                       std::size_t to) {
    std::vector<float> inputs(rows.size() * in), logits(rows.size() * classes);
    for (std::size_t i = from; i < to; ++i) {
      std::fill(inputs.begin(), inputs.end(), 0.0f);
      for (std::size_t r = 0; r < rows.size(); ++r) {
        encoder->events_to_input(rows[r], i, std::span<float>(inputs.data() + r * in, in));
      }
      model.step(inputs, logits);
    }
    return logits;
  };
  const std::size_t head = 5;  // events both rows share before the endings
  MelodyRnnInference model(initial_weights(config, 7));
  model.reset(2);
  run(model, sequences, 0, head);
  // Rows: sequence 0 twice, then sequence 1; each copy of 0 goes on with its own ending.
  const std::vector<std::size_t> source = {0, 0, 1};
  model.select(source);
  std::vector<std::vector<int>> rows = {sequences[0], sequences[0], sequences[1]};
  for (std::size_t k = 0; k < 2; ++k) {
    rows[k].resize(head);
    rows[k].insert(rows[k].end(), endings[k].begin(), endings[k].end());
  }
  run(model, rows, head, head + 2);
  model.select(std::vector<std::size_t>{2, 1, 0});  // shuffle the slots once more
  const std::vector<float> got = run(model, {rows[2], rows[1], rows[0]}, head + 2, head + 3);
  for (std::size_t r = 0; r < 3; ++r) {
    MelodyRnnInference alone(initial_weights(config, 7));
    alone.reset(1);
    const std::vector<float> expected = run(alone, {rows[2 - r]}, 0, head + 3);
    for (std::size_t c = 0; c < classes; ++c) EXPECT_EQ(got[r * classes + c], expected[c]) << "row " << r;
  }
}

TEST_P(EveryConfig, GreedyBeamOfOneFollowsTheArgmax) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference model(initial_weights(config, 11));
  core::Rng rng(5);
  BeamSearchOptions options;
  options.num_steps = 40;
  options.temperature = 1e-6;
  const auto generated = generate_events(model, *encoder, primer_events(), options, rng);
  ASSERT_EQ(generated.events.size(), 40u);
  // Greedy decoding by hand: argmax of the logits after each prefix.
  std::vector<int> events = primer_events();
  const std::size_t in = static_cast<std::size_t>(encoder->input_size());
  std::vector<float> input(in), logits(static_cast<std::size_t>(encoder->num_classes()));
  model.reset(1);
  for (std::size_t i = 0; events.size() < 40; ++i) {
    std::fill(input.begin(), input.end(), 0.0f);
    encoder->events_to_input(events, i, input);
    model.step(input, logits);
    if (i + 1 == events.size()) {
      const int best = static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
      events.push_back(encoder->class_index_to_event(best, events));
    }
  }
  EXPECT_EQ(generated.events, events);
}

TEST_P(EveryConfig, ReportedScoreIsTheTeacherForcedLogLikelihood) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference model(initial_weights(config, 3));
  for (const auto& [beam, branch, per_iteration] : std::vector<std::tuple<int, int, int>>{{1, 1, 1}, {4, 2, 3}, {3, 1, 1}}) {
    core::Rng rng(99);
    BeamSearchOptions options;
    options.num_steps = 48;
    options.beam_size = beam;
    options.branch_factor = branch;
    options.steps_per_iteration = per_iteration;
    const auto generated = generate_events(model, *encoder, primer_events(), options, rng);
    ASSERT_EQ(generated.events.size(), 48u);
    const auto primer = primer_events();
    EXPECT_TRUE(std::equal(primer.begin(), primer.end(), generated.events.begin()));
    const double teacher_forced = events_log_likelihood(model, *encoder, generated.events);
    EXPECT_NEAR(generated.log_likelihood, teacher_forced, 1e-6 * std::abs(teacher_forced) + 1e-9)
        << "beam " << beam << " branch " << branch;
  }
}

TEST_P(EveryConfig, SameSeedSameEventsOtherSeedOtherEvents) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference model(initial_weights(config, 3));
  BeamSearchOptions options;
  options.num_steps = 64;
  options.beam_size = 2;
  core::Rng a(1), b(1), c(2);
  const auto first = generate_events(model, *encoder, primer_events(), options, a);
  EXPECT_EQ(first.events, generate_events(model, *encoder, primer_events(), options, b).events);
  EXPECT_NE(first.events, generate_events(model, *encoder, primer_events(), options, c).events);
}

TEST_P(EveryConfig, WeightsSurviveTheCheckpointMapping) {
  const auto config = small_config(GetParam());
  const auto weights = initial_weights(config, 21);
  tfio::Checkpoint checkpoint = weights_to_checkpoint(weights);
  const auto back = weights_from_checkpoint(checkpoint, config, false);
  EXPECT_EQ(back.layer_sizes(), (std::vector<int>{24, 16}));
  EXPECT_EQ(back.attention_layout, weights.attention_layout);
  EXPECT_EQ(back.layers[1].kernel, weights.layers[1].kernel);
  EXPECT_EQ(back.output.kernel, weights.output.kernel);
  EXPECT_EQ(back.attention.attn_w, weights.attention.attn_w);
  // A kernel of the wrong shape is refused, naming the variable.
  checkpoint.tensors["rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel"].shape = {40, 60};
  try {
    weights_from_checkpoint(checkpoint, config);
    ADD_FAILURE() << "wrong shape accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cell_1/basic_lstm_cell/kernel' has shape [40, 60]"), std::string::npos)
        << e.what();
  }
}

// The portable and AVX2 kernels must give the same bits, or a seed would make different
// melodies on different machines.
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::vector<float> random_floats(std::size_t n, std::mt19937& gen, float scale = 1.0f) {
  std::uniform_real_distribution<float> u(-scale, scale);
  std::vector<float> x(n);
  for (float& v : x) v = u(gen);
  return x;
}

// Runs the rest of a test with each kernel version this CPU has, restoring the default.
class KernelIsaGuard {
 public:
  ~KernelIsaGuard() { detail::set_kernel_isa(detail::best_kernel_isa()); }
};

TEST(Kernels, MatmulFollowsItsDefinitionInBothVersions) {
  std::mt19937 gen(17);
  for (const auto& [rows, cols] : std::vector<std::pair<std::size_t, std::size_t>>{
           {166, 512}, {38, 38}, {40, 40}, {202, 74}, {7, 13}, {128, 40}, {1, 33}}) {
    const auto kernel = random_floats(rows * cols, gen);
    const auto bias = random_floats(cols, gen);
    const auto packed = detail::pack_kernel(kernel, rows, cols, bias);
    for (const std::size_t batch : {1, 2, 3, 4, 5, 8, 9}) {
      auto in = random_floats(batch * rows, gen);
      // One-hot-like zeros: row 0 zero in every sequence (skipped), others zero in some.
      for (std::size_t b = 0; b < batch; ++b) {
        in[b * rows] = 0.0f;
        for (std::size_t k = 1; k < rows; k += 3) in[b * rows + k] = (k + b) % 2 ? 0.0f : in[b * rows + k];
      }
      // The definition: from the bias, k ascending, one fused multiply-add per term, rows
      // zero in every sequence skipped.
      std::vector<float> expected(batch * cols);
      for (std::size_t b = 0; b < batch; ++b) {
        for (std::size_t j = 0; j < cols; ++j) {
          float acc = bias[j];
          for (std::size_t k = 0; k < rows; ++k) {
            bool used = false;
            for (std::size_t c = 0; c < batch; ++c) used = used || in[c * rows + k] != 0.0f;
            if (used) acc = std::fma(in[b * rows + k], kernel[k * cols + j], acc);
          }
          expected[b * cols + j] = acc;
        }
      }
      std::vector<float> portable(batch * cols), avx2(batch * cols, -1.0f);
      detail::matmul_bias_portable(packed, in.data(), batch, portable.data());
      EXPECT_TRUE(same_bits(portable, expected)) << rows << "x" << cols << " batch " << batch;
      if (detail::best_kernel_isa() != detail::KernelIsa::kAvx2Fma) continue;
      detail::matmul_bias_avx2(packed, in.data(), batch, avx2.data());
      EXPECT_TRUE(same_bits(avx2, expected)) << rows << "x" << cols << " batch " << batch;
    }
  }
}

TEST(Kernels, ActivationsEqualTheScalarFunctions) {
  KernelIsaGuard guard;
  std::mt19937 gen(5);
  auto x = random_floats(1000, gen, 30.0f);
  const std::vector<float> special = {0.0f, -0.0f, 87.0f, -87.0f, 88.0f, -88.0f, 100.0f, -100.0f, 1e-8f, -1e-8f,
                                      44.0f, -44.0f, 0.5f, -0.5f, 1e30f, -1e30f, 43.5f, -43.5f, 0.34657359f};
  x.insert(x.begin(), special.begin(), special.end());
  for (const auto isa : {detail::KernelIsa::kPortable, detail::KernelIsa::kAvx2Fma}) {
    detail::set_kernel_isa(isa);
    for (const std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{37}, x.size()}) {
      std::vector<float> s(x.begin(), x.begin() + n), t = s, s_ref = s, t_ref = s;
      detail::activate_sigmoid(s);
      detail::activate_tanh(t);
      for (float& v : s_ref) v = detail::sigmoid(v);
      for (float& v : t_ref) v = detail::tanh_approx(v);
      EXPECT_TRUE(same_bits(s, s_ref)) << "sigmoid, " << n << " values";
      EXPECT_TRUE(same_bits(t, t_ref)) << "tanh, " << n << " values";
    }
  }
}

TEST(Kernels, AttentionTanhIsCloseToTanh) {
  double worst = 0;
  for (double x = -12; x <= 12; x += 1e-3) {
    const float f = static_cast<float>(x);
    const double error = static_cast<double>(detail::attention_tanh(f)) - std::tanh(static_cast<double>(f));
    worst = std::max(worst, std::abs(error));
  }
  EXPECT_LT(worst, 4e-7);
  EXPECT_EQ(detail::attention_tanh(0.0f), 0.0f);
}

TEST(Kernels, AttentionScoresAgree) {
  if (detail::best_kernel_isa() != detail::KernelIsa::kAvx2Fma) GTEST_SKIP() << "no AVX2 + FMA here";
  std::mt19937 gen(9);
  for (const auto& [length, size] : std::vector<std::pair<std::size_t, std::size_t>>{
           {40, 128}, {5, 16}, {3, 13}, {1, 1}, {7, 40}, {40, 38}}) {
    auto features = random_floats(length * size, gen, 3.0f);
    features[0] = 20.0f;  // beyond attention_tanh's clamp
    features[length * size - 1] = -20.0f;
    const auto y = random_floats(size, gen, 3.0f);
    const auto v = random_floats(size, gen);
    for (std::size_t head = 0; head < length; head += std::max<std::size_t>(1, length / 3)) {
      std::vector<float> portable(length), avx2(length, -1.0f);
      detail::attention_scores_portable(features.data(), length, head, size, y.data(), v.data(), portable.data());
      detail::attention_scores_avx2(features.data(), length, head, size, y.data(), v.data(), avx2.data());
      EXPECT_TRUE(same_bits(portable, avx2)) << length << "x" << size << " head " << head;
    }
  }
}

TEST_P(EveryConfig, PortableAndVectorisedStepsGiveTheSameBits) {
  if (detail::best_kernel_isa() != detail::KernelIsa::kAvx2Fma) GTEST_SKIP() << "no AVX2 + FMA here";
  KernelIsaGuard guard;
  auto config = melody::melody_rnn_config(GetParam());
  melody::apply_hparams(config.hparams, "rnn_layer_sizes=[40,37]");
  if (config.hparams.attn_length > 0) config.hparams.attn_length = 6;
  const auto encoder = melody::make_encoder_decoder(config);
  const MelodyRnnInference initial(initial_weights(config, 13));
  const std::size_t in = static_cast<std::size_t>(encoder->input_size());
  const std::size_t classes = static_cast<std::size_t>(encoder->num_classes());
  for (const std::size_t batch : {1, 3, 4, 5}) {
    std::vector<float> logits[2];
    for (const auto isa : {detail::KernelIsa::kPortable, detail::KernelIsa::kAvx2Fma}) {
      detail::set_kernel_isa(isa);
      MelodyRnnInference model = initial;
      model.reset(batch);
      std::vector<float> inputs(batch * in), out(batch * classes);
      auto& all = logits[isa == detail::KernelIsa::kAvx2Fma];
      for (std::size_t i = 0; i < 10; ++i) {
        std::fill(inputs.begin(), inputs.end(), 0.0f);
        for (std::size_t b = 0; b < batch; ++b) {
          const std::vector<int> events = {60 + static_cast<int>(b), -2, 62, -1, 64, 65, -2, 67, 60, -2, 62};
          encoder->events_to_input(events, i, std::span<float>(inputs.data() + b * in, in));
        }
        model.step(inputs, out);
        all.insert(all.end(), out.begin(), out.end());
        // Reverse the beam now and then, so select() is part of what is compared.
        if (i % 3 == 2) {
          std::vector<std::size_t> reversed(batch);
          for (std::size_t b = 0; b < batch; ++b) reversed[b] = batch - 1 - b;
          model.select(reversed);
        }
      }
    }
    EXPECT_TRUE(same_bits(logits[0], logits[1])) << "batch " << batch;
  }
}

INSTANTIATE_TEST_SUITE_P(Configs, EveryConfig,
                         ::testing::Values("basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn"));

TEST(Weights, ConfigWithoutAttentionRefusesAnAttentionCheckpoint) {
  const auto attention = initial_weights(small_config("attention_rnn"), 1);
  EXPECT_THROW(weights_from_checkpoint(weights_to_checkpoint(attention), small_config("lookback_rnn")), Error);
}

TEST(Weights, TensorFlowZeroNamesAreUnderstood) {
  // rl_tuner's 2016 names: rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/W_0 and B.
  auto config = melody::melody_rnn_config("basic_rnn");
  melody::apply_hparams(config.hparams, "rnn_layer_sizes=[10]");
  const auto weights = initial_weights(config, 2);
  const tfio::Checkpoint modern = weights_to_checkpoint(weights);
  tfio::Checkpoint old;
  old.tensors["rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/W_0"] =
      modern.tensors.at("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel");
  old.tensors["rnn_model/RNN/MultiRNNCell/Cell0/LSTMCell/B"] =
      modern.tensors.at("rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias");
  old.tensors["rnn_model/fully_connected/weights"] = modern.tensors.at("fully_connected/weights");
  old.tensors["rnn_model/fully_connected/bias"] = modern.tensors.at("fully_connected/biases");
  old.tensors["rnn_model/rnn_model/fully_connected/bias/Adagrad"] = modern.tensors.at("fully_connected/biases");
  const auto back = weights_from_checkpoint(old, config);
  EXPECT_EQ(back.layers[0].kernel, weights.layers[0].kernel);
  EXPECT_EQ(back.output.bias, weights.output.bias);
}

}  // namespace
}  // namespace stochos::rnn
