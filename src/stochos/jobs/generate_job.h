// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The generation loop of `stochos melody generate` and Python's MelodyRnn.generate(): one
/// prepared generator (rnn::MelodyGenerator: primer, squash, constraints), every output drawn
/// in turn from one stream of the seed, so that the same seed gives the same outputs both ways.
#include <cstdint>
#include <functional>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/rnn/melody_generator.h"

namespace stochos::jobs {

/// The stream "melody/generate" of `seed`.
core::Rng melody_generation_rng(std::uint64_t seed);

/// `count` outputs of `generator`, drawn in turn from melody_generation_rng(seed). `on_output`,
/// when given, sees each output (and its 0-based index) as soon as it is made, e.g. to write
/// it. Stops with Error (interrupted) between outputs after Ctrl-C.
std::vector<rnn::GeneratedMelody> generate_melodies(
    rnn::MelodyGenerator& generator, int count, std::uint64_t seed,
    const std::function<void(int index, const rnn::GeneratedMelody& output)>& on_output = {});

}  // namespace stochos::jobs
