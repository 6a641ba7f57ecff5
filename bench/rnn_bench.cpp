// SPDX-License-Identifier: GPL-3.0-or-later
// Melody RNN speed: training steps per second (LibTorch model, TF Adam, clipping) and
// generation steps per second (fused path, beam search), with achieved GFLOP/s.
// bench/compare_rnn_pytorch.sh runs it beside the same model written in PyTorch.
//   rnn_bench train CONFIG HPARAMS BATCH STEPS REPEATS
//   rnn_bench generate CONFIG HPARAMS BEAM STEPS REPEATS
#include <algorithm>
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

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: rnn_bench train|generate CONFIG HPARAMS BATCH|BEAM STEPS REPEATS\n");
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
    const double flops_per_event = 2.0 * static_cast<double>(weights.multiply_adds_per_step());
    if (mode == "train") {
      const double seconds = rnn::benchmark_training_step(config, batch, steps, repeats, 1);
      // Forward + backward is about three times the forward's multiply-adds.
      const double gflops = 3 * flops_per_event * batch * steps / seconds / 1e9;
      std::printf("stochos train %s batch %d steps %d: %.4f s/step, %.3f steps/s, %.2f GFLOP/s\n", argv[2], batch, steps,
                  seconds, 1 / seconds, gflops);
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
                  flops_per_event * batch * per_second / 1e9);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rnn_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
