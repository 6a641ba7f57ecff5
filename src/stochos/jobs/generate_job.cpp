// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/generate_job.h"

#include "stochos/core/interrupt.h"

namespace stochos::jobs {

core::Rng melody_generation_rng(std::uint64_t seed) {
  return core::Rng(core::derive_seed(seed, "melody/generate"));
}

std::vector<rnn::GeneratedMelody> generate_melodies(
    rnn::MelodyGenerator& generator, int count, std::uint64_t seed,
    const std::function<void(int index, const rnn::GeneratedMelody& output)>& on_output) {
  core::Rng rng = melody_generation_rng(seed);
  std::vector<rnn::GeneratedMelody> outputs;
  for (int i = 0; i < count; ++i) {
    core::check_interrupt();
    outputs.push_back(generator.generate(rng));
    if (on_output) on_output(i, outputs.back());
  }
  return outputs;
}

}  // namespace stochos::jobs
