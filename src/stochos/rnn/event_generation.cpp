// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/event_generation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "stochos/core/error.h"

namespace stochos::rnn {
namespace {

void check_temperature(double temperature) {
  static_assert(kMinTemperature == 1e-6 && kMaxTemperature == 1e3, "update the message");
  if (!(temperature >= kMinTemperature && temperature <= kMaxTemperature)) {
    char given[32];
    std::snprintf(given, sizeof given, "%g", temperature);
    throw Error::usage(std::string("--temperature ") + given + " is out of range: give a number from 1e-6 " +
                       "(practically argmax) to 1000 (practically uniform)");
  }
}

struct BeamEntry {
  std::vector<int> events;
  double score = 0;
};

// Feeds event `position` of every sequence (one row each) and turns the logits into
// softmax rows, masked and renormalised row by row under `constraints`.
void feed_step(MelodyRnnInference& model, const melody::EventSequenceEncoderDecoder& encoder,
               const std::vector<BeamEntry>& entries, std::vector<float>& inputs, std::vector<float>& softmax,
               double temperature, const GenerationConstraints* constraints,
               std::vector<std::uint8_t>& allowed) {
  const std::size_t in = static_cast<std::size_t>(encoder.input_size());
  inputs.assign(entries.size() * in, 0.0f);
  for (std::size_t b = 0; b < entries.size(); ++b) {
    const auto& events = entries[b].events;
    encoder.events_to_input(events, events.size() - 1, std::span<float>(inputs.data() + b * in, in));
  }
  softmax.resize(entries.size() * static_cast<std::size_t>(encoder.num_classes()));
  model.step(inputs, softmax);
  if (!constraints) {
    softmax_rows(softmax, encoder.num_classes(), temperature);
    return;
  }
  const std::size_t classes = static_cast<std::size_t>(encoder.num_classes());
  for (std::size_t b = 0; b < entries.size(); ++b) {
    const auto& events = entries[b].events;
    constraints->allowed_classes(encoder, events, allowed);
    masked_softmax(std::span<float>(softmax.data() + b * classes, classes), allowed, temperature,
                   "generated step " + std::to_string(events.size()));
  }
}

// Feeds events [0, count) of one sequence from the current state and returns the summed
// log-likelihood of the events each fed one predicts (those that exist); `last_softmax`
// keeps the final row.
double feed_prefix(MelodyRnnInference& model, const melody::EventSequenceEncoderDecoder& encoder,
                   const std::vector<int>& events, std::size_t count, double temperature,
                   std::vector<float>& last_softmax) {
  const std::size_t in = static_cast<std::size_t>(encoder.input_size());
  const std::size_t classes = static_cast<std::size_t>(encoder.num_classes());
  std::vector<float> input(in);
  last_softmax.resize(classes);
  double loglik = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::fill(input.begin(), input.end(), 0.0f);
    encoder.events_to_input(events, i, input);
    model.step(input, last_softmax);
    softmax_rows(last_softmax, encoder.num_classes(), temperature);
    if (i + 1 < events.size()) {
      const int label = encoder.events_to_label(events, i + 1);
      loglik += std::log(static_cast<double>(last_softmax[static_cast<std::size_t>(label)]));
    }
  }
  return loglik;
}

// heapq.nlargest(k, range(n), key=score): the k best, ties kept in their original order.
std::vector<std::size_t> best_indices(const std::vector<BeamEntry>& entries, std::size_t k) {
  std::vector<std::size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return entries[a].score > entries[b].score; });
  order.resize(std::min(k, order.size()));
  return order;
}

}  // namespace

GeneratedEvents generate_events(MelodyRnnInference& model, const melody::EventSequenceEncoderDecoder& encoder,
                                const std::vector<int>& primer, const BeamSearchOptions& options,
                                core::Rng& rng, const GenerationConstraints* constraints) {
  if (primer.empty()) throw Error::usage("primer sequence must have non-zero length");
  if (primer.size() >= static_cast<std::size_t>(std::max(options.num_steps, 0))) {
    throw Error::usage("the primer (" + std::to_string(primer.size()) + " steps) must be shorter than --num_steps (" +
                       std::to_string(options.num_steps) + ")");
  }
  if (options.beam_size < 1 || options.branch_factor < 1 || options.steps_per_iteration < 1) {
    throw Error::usage("--beam_size, --branch_factor and --steps_per_iteration must be at least 1");
  }
  check_temperature(options.temperature);
  if (static_cast<std::int64_t>(options.beam_size) * options.branch_factor > 4096) {
    throw Error::usage("--beam_size x --branch_factor is limited to 4096 sequences");
  }
  if (constraints && (constraints->frame().primer_length != primer.size() ||
                      constraints->frame().num_events != static_cast<std::size_t>(options.num_steps))) {
    throw Error::internal("generation constraints were set up for another primer or length");
  }

  // The primer's own likelihood (all but its last event are fed here; Magenta feeds the
  // whole primer in its first step, which gives the same states and score).
  model.reset(1);
  std::vector<float> unused;
  const double primer_loglik = feed_prefix(model, encoder, primer, primer.size() - 1, options.temperature, unused);

  std::vector<BeamEntry> beam(static_cast<std::size_t>(options.beam_size), BeamEntry{primer, primer_loglik});
  model.select(std::vector<std::size_t>(beam.size(), 0));

  const int steps_to_generate = options.num_steps - static_cast<int>(primer.size());
  std::vector<float> inputs, softmax;
  std::vector<std::uint8_t> allowed;
  const std::size_t classes = static_cast<std::size_t>(encoder.num_classes());
  auto generate_branches = [&](int steps) {
    if (options.branch_factor > 1) {
      // beam_entries * branch_factor: the whole beam repeated, in order.
      std::vector<BeamEntry> branched;
      std::vector<std::size_t> source;
      for (int r = 0; r < options.branch_factor; ++r) {
        for (std::size_t i = 0; i < beam.size(); ++i) {
          branched.push_back(beam[i]);
          source.push_back(i);
        }
      }
      beam = std::move(branched);
      model.select(source);
    }
    for (int s = 0; s < steps; ++s) {
      feed_step(model, encoder, beam, inputs, softmax, options.temperature, constraints, allowed);
      for (std::size_t b = 0; b < beam.size(); ++b) {
        const std::span<const float> row(softmax.data() + b * classes, classes);
        encoder.extend_event_sequence(beam[b].events, row, rng);
        // Scored by the label the encoder gives the new event, not the sampled class: with
        // lookback encodings a pitch that repeats a bar back has its own "repeat" label,
        // and Magenta's score (log p of the sampled class) then differs from the model's
        // teacher-forced likelihood of the same melody. This way they agree.
        const int label = encoder.events_to_label(beam[b].events, beam[b].events.size() - 1);
        if (constraints && !(row[static_cast<std::size_t>(label)] > 0.0f)) {
          // The label decodes to the event just drawn, which the mask allowed.
          throw Error::internal("a constrained step's event has a masked label");
        }
        beam[b].score += std::log(static_cast<double>(row[static_cast<std::size_t>(label)]));
      }
    }
  };
  auto prune = [&](std::size_t k) {
    const auto kept = best_indices(beam, k);
    std::vector<BeamEntry> next;
    for (std::size_t i : kept) next.push_back(std::move(beam[i]));
    beam = std::move(next);
    model.select(kept);
  };

  const int first_iteration_steps = (steps_to_generate - 1) % options.steps_per_iteration + 1;
  generate_branches(first_iteration_steps);
  const int iterations = (steps_to_generate - first_iteration_steps) / options.steps_per_iteration;
  for (int i = 0; i < iterations; ++i) {
    prune(static_cast<std::size_t>(options.beam_size));
    generate_branches(options.steps_per_iteration);
  }
  prune(1);
  return GeneratedEvents{std::move(beam.front().events), beam.front().score};
}

double events_log_likelihood(MelodyRnnInference& model, const melody::EventSequenceEncoderDecoder& encoder,
                             const std::vector<int>& events, double temperature) {
  check_temperature(temperature);
  if (events.size() < 2) return 0.0;
  model.reset(1);
  std::vector<float> unused;
  return feed_prefix(model, encoder, events, events.size(), temperature, unused);
}

}  // namespace stochos::rnn
