// SPDX-License-Identifier: GPL-3.0-or-later
// Melody RNN speed: training steps per second (LibTorch model, TF Adam, clipping) and
// generation steps per second (fused path, beam search), with achieved GFLOP/s.
// bench/compare_rnn_pytorch.sh runs it beside the same model written in PyTorch.
//   rnn_bench train CONFIG HPARAMS BATCH STEPS REPEATS
//   rnn_bench generate CONFIG HPARAMS BEAM STEPS REPEATS   (Magenta's generation: encoder,
//                                                          sampling, beam search)
//   rnn_bench model CONFIG HPARAMS BEAM STEPS REPEATS      (the peer script's loop: one-hot
//                                                          of the sampled class in, sample,
//                                                          reorder the beam by score)
//   rnn_bench lengths CONFIG FILE                          (the step count of every
//                                                          SequenceExample of a dataset, one a
//                                                          line: bench/train_throughput.sh
//                                                          gives them to the PyTorch peer)
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/event_generation.h"
#include "stochos/rnn/inference.h"
#include "stochos/rnn/training.h"

using namespace stochos;

// Multiply-adds of one generation step of one sequence as the fused path does them, for an
// honest GFLOP/s (multiply_adds_per_step counts TensorFlow's graph): a one-hot input leaves
// one live row of the first product's input part (the path skips rows that are zero), and
// attention computes a stored output's features once (attn_size^2) instead of all
// attn_length rows every step.
double fused_multiply_adds(const rnn::MelodyRnnWeights& w) {
  const double zero_input_rows = w.input_size - 1.0;
  const bool attention = w.attention_layout != rnn::AttentionLayout::kNone;
  const auto product = [](const rnn::LinearWeights& l, double skipped_rows) {
    return (l.inputs - skipped_rows) * static_cast<double>(l.outputs);
  };
  double total = product(w.output, 0);
  for (std::size_t k = 0; k < w.layers.size(); ++k) {
    const auto& l = w.layers[k];
    const double skipped = k == 0 && !attention ? zero_input_rows : 0.0;
    total += (l.input_size + l.units - skipped) * 4.0 * l.units;
  }
  if (attention) {
    const auto& a = w.attention;
    total += product(a.input_projection, zero_input_rows) + product(a.query, 0) + product(a.output_projection, 0);
    total += static_cast<double>(a.attn_size) * a.attn_size  // the new output's features
             + 2.0 * a.attn_length * a.attn_size;           // scores and weighted sum
  }
  return total;
}

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "lengths") {
    try {
      const auto config = melody::melody_rnn_config(argv[2]);
      const auto data =
          rnn::read_training_data({argv[3]}, melody::make_encoder_decoder(config)->input_size());
      for (const auto& s : data) std::printf("%zu\n", s.steps());
      return 0;
    } catch (const Error& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return 1;
    }
  }
  if (argc != 7) {
    std::fprintf(stderr, "usage: rnn_bench train|generate|model CONFIG HPARAMS BATCH|BEAM STEPS REPEATS\n");
    return 2;
  }
  try {
    const std::string mode = argv[1];
    auto config = melody::melody_rnn_config(argv[2]);
    melody::apply_hparams(config.hparams, argv[3]);
    const int batch = std::atoi(argv[4]);
    const int steps = std::atoi(argv[5]);
    const int repeats = std::atoi(argv[6]);
    const rnn::MelodyRnnWeights weights = rnn::initial_weights(config, 1);
    // Training runs the dense graph; generation the fused path (one-hot inputs in model mode;
    // Magenta's encodings in generate mode have a few ones more, a small undercount).
    const double flops_per_event = 2.0 * static_cast<double>(weights.multiply_adds_per_step());
    const double fused_flops_per_event = 2.0 * fused_multiply_adds(weights);
    if (mode == "train") {
      const double seconds = rnn::benchmark_training_step(config, batch, steps, repeats, 1);
      // Forward + backward is about three times the forward's multiply-adds.
      const double gflops = 3 * flops_per_event * batch * steps / seconds / 1e9;
      std::printf("stochos train %s batch %d steps %d: %.4f s/step, %.3f steps/s, %.2f GFLOP/s\n", argv[2], batch, steps,
                  seconds, 1 / seconds, gflops);
    } else if (mode == "model") {
      rnn::MelodyRnnInference model(weights);
      const std::size_t in = static_cast<std::size_t>(weights.input_size);
      const std::size_t classes = static_cast<std::size_t>(weights.num_classes);
      std::vector<double> times;
      for (int r = 0; r < repeats; ++r) {
        core::Rng rng(static_cast<std::uint64_t>(r));
        const auto t0 = std::chrono::steady_clock::now();
        model.reset(static_cast<std::size_t>(batch));
        std::vector<float> inputs(batch * in, 0.0f), logits(batch * classes);
        std::vector<double> scores(static_cast<std::size_t>(batch), 0.0);
        std::vector<std::size_t> chosen(static_cast<std::size_t>(batch), 0), order(static_cast<std::size_t>(batch));
        for (int step = 0; step < steps; ++step) {
          std::fill(inputs.begin(), inputs.end(), 0.0f);
          for (int b = 0; b < batch; ++b) inputs[b * in + chosen[static_cast<std::size_t>(b)] % in] = 1.0f;
          model.step(inputs, logits);
          rnn::softmax_rows(logits, weights.num_classes, 1.0);
          for (int b = 0; b < batch; ++b) {
            const float* row = logits.data() + b * classes;
            double u = rng.uniform01(), total = 0;
            std::size_t c = 0;
            while (c + 1 < classes && (total += row[c]) <= u) ++c;
            chosen[static_cast<std::size_t>(b)] = c;
            scores[static_cast<std::size_t>(b)] += std::log(static_cast<double>(row[c]));
          }
          for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
          std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
          model.select(order);
          std::vector<double> sorted_scores;
          std::vector<std::size_t> sorted_chosen;
          for (std::size_t i : order) sorted_scores.push_back(scores[i]), sorted_chosen.push_back(chosen[i]);
          scores = sorted_scores;
          chosen = sorted_chosen;
        }
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(times.begin(), times.end());
      const double per_second = steps / times[times.size() / 2];
      std::printf("stochos model %s beam %d: %.1f steps/s, %.2f GFLOP/s\n", argv[2], batch, per_second,
                  fused_flops_per_event * batch * per_second / 1e9);
    } else {
      const auto encoder = melody::make_encoder_decoder(config);
      rnn::MelodyRnnInference model(weights);
      rnn::BeamSearchOptions options;
      options.num_steps = steps + 1;
      options.beam_size = batch;
      std::vector<double> times;
      for (int r = 0; r < repeats; ++r) {
        core::Rng rng(static_cast<std::uint64_t>(r));
        const auto t0 = std::chrono::steady_clock::now();
        (void)rnn::generate_events(model, *encoder, {60}, options, rng);
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(times.begin(), times.end());
      const double seconds = times[times.size() / 2];
      const double per_second = steps / seconds;
      std::printf("stochos generate %s beam %d: %.1f steps/s, %.2f GFLOP/s\n", argv[2], batch, per_second,
                  fused_flops_per_event * batch * per_second / 1e9);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rnn_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
