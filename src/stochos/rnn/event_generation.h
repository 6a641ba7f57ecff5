// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Magenta's event-sequence generation (MG magenta/models/shared/events_rnn_model.py and
/// magenta/common/beam_search.py beam_search): the primer is fed from the
/// zero state, then each step samples a class from softmax(logits / temperature), appends
/// its event and adds log p to the sequence's score; beam search keeps the beam_size best
/// sequences every steps_per_iteration steps after branching each branch_factor times.
/// One deliberate difference: a sequence's score adds log p of the label the encoder gives
/// the chosen event (Magenta adds log p of the sampled class, which for lookback encodings
/// is not always that label), so a reported score equals the teacher-forced likelihood.
#include <cstdint>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/melody/encoder_decoder.h"
#include "stochos/rnn/generation_constraints.h"
#include "stochos/rnn/inference.h"

namespace stochos::rnn {

/// The sampling temperatures generate_events accepts. Logits are divided by the temperature
/// in single precision: below about 1e-38 the divisor is 0 and the softmax is NaN, so the
/// range stops well above that (1e-6 is argmax in practice) and well below the
/// point where every class is equally likely (1000).
inline constexpr double kMinTemperature = 1e-6;
inline constexpr double kMaxTemperature = 1e3;

struct BeamSearchOptions {
  int num_steps = 128;  ///< total length of the result in events, primer included
  double temperature = 1.0;  ///< from kMinTemperature to kMaxTemperature
  int beam_size = 1;
  int branch_factor = 1;
  int steps_per_iteration = 1;
};

struct GeneratedEvents {
  std::vector<int> events;
  /// Sum of log p of every event after the first under the model (the primer's own
  /// likelihood included, as Magenta's score is), at the sampling temperature.
  double log_likelihood = 0;
};

/// Extends `primer` to options.num_steps events. Throws Error(kUsage) if the primer is
/// empty or not shorter than num_steps, or an option is out of range (the temperature
/// outside [kMinTemperature, kMaxTemperature] or not finite). With `constraints`
/// (generation_constraints.h), every generated step samples from the model's distribution
/// renormalised over the allowed classes, and the score adds log p under that renormalised
/// distribution (the primer's part of the score stays unconstrained); without, the results
/// are bit for bit those of Magenta's search.
GeneratedEvents generate_events(MelodyRnnInference& model, const melody::EventSequenceEncoderDecoder& encoder,
                                const std::vector<int>& primer, const BeamSearchOptions& options,
                                core::Rng& rng, const GenerationConstraints* constraints = nullptr);

/// The model's teacher-forced log-likelihood of `events` (Magenta's evaluate_log_likelihood
/// at `temperature`): sum over i >= 1 of log softmax(logits_i / T)[label of event i].
double events_log_likelihood(MelodyRnnInference& model, const melody::EventSequenceEncoderDecoder& encoder,
                             const std::vector<int>& events, double temperature = 1.0);

}  // namespace stochos::rnn
