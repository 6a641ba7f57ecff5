// SPDX-License-Identifier: GPL-3.0-or-later
// The training model's gradients: FusedLstmLayer (hand-written BPTT, plain loops below
// batch 8 and BLAS from there) against autograd through TF's BasicLSTMCell equations
// written as plain tensor operations, and against ATen's at::lstm, with and without
// attention; the fused attention layer against the same cell run step by step through
// autograd; and later steps on the same model (reused buffers, gradients accumulated in
// place) repeat the first.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>
#include <string>

#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/detail/torch_model.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {
namespace {

using Gradients = std::map<std::string, torch::Tensor>;

MelodyRnnWeights weights_for(const std::string& config_id, const std::string& hparams) {
  auto config = melody::melody_rnn_config(config_id);
  melody::apply_hparams(config.hparams, hparams);
  return initial_weights(config, 11);
}

// Dense random inputs [batch, steps, input] and loss weights [batch, steps, classes]: the
// loss is sum(logits * r), so every logit gets its own gradient.
struct Problem {
  torch::Tensor inputs, r;
};
Problem random_problem(const MelodyRnnWeights& w, std::int64_t batch, std::int64_t steps, std::uint64_t seed) {
  at::Generator gen = at::detail::createCPUGenerator(seed);
  return {torch::randn({batch, steps, w.input_size}, gen), torch::randn({batch, steps, w.num_classes}, gen)};
}

Gradients gradients_of(detail::TorchMelodyRnn& model) {
  Gradients out;
  for (auto& [name, p] : model.parameters()) out[name] = p.grad().clone();
  return out;
}

Gradients model_gradients(detail::TorchMelodyRnn& model, const Problem& problem) {
  model.zero_grad();
  (model.forward(problem.inputs) * problem.r).sum().backward();
  return gradients_of(model);
}

// The same network as plain tensor operations, autograd through each (no attention).
Gradients reference_gradients(const MelodyRnnWeights& w, const Problem& problem) {
  detail::TorchMelodyRnn model(w);  // for its parameters by name
  auto& params = model.parameters();
  model.zero_grad();
  torch::Tensor x = problem.inputs;
  const std::int64_t batch = x.size(0), steps = x.size(1);
  for (std::size_t k = 0; k < w.layers.size(); ++k) {
    const int units = w.layers[k].units;
    const std::string scope = lstm_scope(w.attention_layout, k);
    const torch::Tensor& kernel = params.at(scope + "basic_lstm_cell/kernel");
    const torch::Tensor& bias = params.at(scope + "basic_lstm_cell/bias");
    torch::Tensor h = torch::zeros({batch, units}), c = torch::zeros({batch, units});
    std::vector<torch::Tensor> outputs;
    for (std::int64_t t = 0; t < steps; ++t) {
      const auto g = torch::addmm(bias, torch::cat({x.select(1, t), h}, 1), kernel).split(units, 1);  // i, j, f, o
      c = c * torch::sigmoid(g[2] + 1.0) + torch::sigmoid(g[0]) * torch::tanh(g[1]);
      h = torch::tanh(c) * torch::sigmoid(g[3]);
      outputs.push_back(h);
    }
    x = torch::stack(outputs, 1);
  }
  const torch::Tensor logits = torch::matmul(x, params.at("fully_connected/weights")) + params.at("fully_connected/biases");
  (logits * problem.r).sum().backward();
  return gradients_of(model);
}

void expect_close(const Gradients& a, const Gradients& b, double tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, ga] : a) {
    const torch::Tensor& gb = b.at(name);
    ASSERT_EQ(ga.sizes(), gb.sizes()) << name;
    const double scale = std::max(1.0, gb.abs().max().item<double>());
    const double diff = (ga - gb).abs().max().item<double>();
    EXPECT_LE(diff, tolerance * scale) << name << ": largest difference " << diff << " (largest value " << scale << ")";
  }
}

TEST(TrainingGradients, FusedLstmMatchesPlainAutograd) {
  const MelodyRnnWeights w = weights_for("basic_rnn", "rnn_layer_sizes=[24,16]");
  // Batch 9 takes the BLAS branch of the recurrent products, the others plain loops.
  for (const auto& [batch, steps] : {std::pair<std::int64_t, std::int64_t>{1, 9}, {3, 9}, {1, 1}, {3, 2}, {9, 5}}) {
    SCOPED_TRACE("batch " + std::to_string(batch) + " steps " + std::to_string(steps));
    const Problem problem = random_problem(w, batch, steps, 5 + static_cast<std::uint64_t>(batch * steps));
    detail::TorchMelodyRnn model(w);
    expect_close(model_gradients(model, problem), reference_gradients(w, problem), 1e-5);
  }
}

TEST(TrainingGradients, FusedLstmMatchesAtenLstm) {
  for (const auto& [config, hparams] : {std::pair<std::string, std::string>{"basic_rnn", "rnn_layer_sizes=[24,16]"},
                                        {"attention_rnn", "rnn_layer_sizes=[16,16],attn_length=4"}}) {
    const MelodyRnnWeights w = weights_for(config, hparams);
    for (const std::int64_t batch : {1, 3, 9}) {
      SCOPED_TRACE(config + " batch " + std::to_string(batch));
      const Problem problem = random_problem(w, batch, 9, 21 + static_cast<std::uint64_t>(batch));
      detail::TorchMelodyRnn fused(w), aten(w);
      aten.use_aten_lstm(true);
      expect_close(model_gradients(fused, problem), model_gradients(aten, problem), 1e-5);
    }
  }
}

TEST(TrainingGradients, FusedAttentionMatchesStepwiseAutograd) {
  // attn_length 4 over 9 steps: the window fills, then slides; over 3 steps it never fills.
  for (const std::string hparams : {"rnn_layer_sizes=[16,16],attn_length=4", "rnn_layer_sizes=[12],attn_length=5"}) {
    const MelodyRnnWeights w = weights_for("attention_rnn", hparams);
    for (const auto& [batch, steps] : {std::pair<std::int64_t, std::int64_t>{1, 9}, {3, 9}, {9, 3}, {2, 1}}) {
      SCOPED_TRACE(hparams + " batch " + std::to_string(batch) + " steps " + std::to_string(steps));
      const Problem problem = random_problem(w, batch, steps, 31 + static_cast<std::uint64_t>(batch * steps));
      detail::TorchMelodyRnn fused(w), stepwise(w);
      stepwise.use_stepwise_attention(true);
      // The forward pass too: the same logits, not only the same gradients.
      const torch::Tensor a = fused.forward(problem.inputs), b = stepwise.forward(problem.inputs);
      EXPECT_LE((a - b).abs().max().item<double>(), 1e-5);
      expect_close(model_gradients(fused, problem), model_gradients(stepwise, problem), 1e-5);
    }
  }
}

TEST(TrainingGradients, FusedAttentionInputGradientMatchesStepwise) {
  // The inputs' gradient (what a layer below would get) through the fused layer.
  const MelodyRnnWeights w = weights_for("attention_rnn", "rnn_layer_sizes=[16,16],attn_length=4");
  const Problem problem = random_problem(w, 3, 7, 77);
  torch::Tensor grads[2];
  for (int k = 0; k < 2; ++k) {
    detail::TorchMelodyRnn model(w);
    model.use_stepwise_attention(k == 1);
    const torch::Tensor x = problem.inputs.clone().set_requires_grad(true);
    (model.forward(x) * problem.r).sum().backward();
    grads[k] = x.grad().clone();
  }
  EXPECT_LE((grads[0] - grads[1]).abs().max().item<double>(), 1e-5);
}

TEST(TrainingGradients, LaterStepsOnTheSameModelRepeatTheFirst) {
 for (const auto& [config, hparams] : {std::pair<std::string, std::string>{"basic_rnn", "rnn_layer_sizes=[24,16]"},
                                        {"attention_rnn", "rnn_layer_sizes=[16,16],attn_length=4"}}) {
  SCOPED_TRACE(config);
  const MelodyRnnWeights w = weights_for(config, hparams);
  detail::TorchMelodyRnn model(w);
  const Problem a = random_problem(w, 3, 9, 1), b = random_problem(w, 3, 9, 2), c = random_problem(w, 2, 5, 3);
  const Gradients first = model_gradients(model, a);
  model_gradients(model, c);  // another shape in between
  // A graph still alive (b's) holds its buffers: the step on `a` must not write into them.
  const torch::Tensor held = model.forward(b.inputs);
  const Gradients again = model_gradients(model, a);
  for (const auto& [name, g] : first) EXPECT_TRUE(torch::equal(g, again.at(name))) << name;
  model.zero_grad();
  (held * b.r).sum().backward();
  detail::TorchMelodyRnn fresh(w);
  const Gradients expected = model_gradients(fresh, b), got = gradients_of(model);
  for (const auto& [name, g] : expected) EXPECT_TRUE(torch::equal(g, got.at(name))) << name;
 }
}

}  // namespace
}  // namespace stochos::rnn
