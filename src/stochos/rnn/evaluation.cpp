// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/evaluation.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/melody/melody.h"
#include "stochos/rnn/inference.h"

namespace stochos::rnn {

void MetricSums::add(const MetricSums& o) {
  nll += o.nll;
  melody_nll += o.melody_nll;
  steps += o.steps;
  correct += o.correct;
  event_steps += o.event_steps;
  event_correct += o.event_correct;
  no_event_steps += o.no_event_steps;
  no_event_correct += o.no_event_correct;
  sequences += o.sequences;
}

void MetricSums::add_step(double step_nll, bool right, std::int64_t label, int no_event_label, double step_melody_nll) {
  nll += step_nll;
  melody_nll += step_melody_nll;
  ++steps;
  correct += right;
  if (label == no_event_label) {
    ++no_event_steps;
    no_event_correct += right;
  } else {
    ++event_steps;
    event_correct += right;
  }
}

MelodyRnnMetrics MetricSums::metrics() const {
  MelodyRnnMetrics m;
  auto ratio = [](double a, std::int64_t b) { return b > 0 ? a / static_cast<double>(b) : 0.0; };
  m.loss = ratio(nll, steps);
  m.perplexity = std::exp(m.loss);
  m.melody_loss = ratio(melody_nll, steps);
  m.accuracy = ratio(static_cast<double>(correct), steps);
  m.event_accuracy = ratio(static_cast<double>(event_correct), event_steps);
  m.no_event_accuracy = ratio(static_cast<double>(no_event_correct), no_event_steps);
  m.sequences = sequences;
  m.steps = steps;
  return m;
}

std::vector<int> sequence_events(const melody::EventSequenceEncoderDecoder& encoder, const melody::EncodedSequence& s) {
  if (s.labels.empty()) return {};
  std::vector<float> row(static_cast<std::size_t>(encoder.input_size()));
  for (int candidate = melody::kMinMelodyEvent; candidate <= melody::kMaxMelodyEvent; ++candidate) {
    std::fill(row.begin(), row.end(), 0.0f);
    try {
      encoder.events_to_input(std::span<const int>(&candidate, 1), 0, row);
    } catch (const Error&) {
      continue;  // outside the config's range
    }
    if (std::equal(row.begin(), row.end(), s.inputs.begin())) return encoder.decode(candidate, s.labels);
  }
  throw Error::input("", {}, "a melody's first input row is no event of the config's encoding");
}

double event_nll(const melody::EventSequenceEncoderDecoder& encoder, std::span<const double> p,
                 std::span<const int> history, int event) {
  double total = 0;
  for (std::size_t c = 0; c < p.size(); ++c) {
    if (encoder.class_index_to_event(static_cast<int>(c), history) == event) total += p[c];
  }
  return -std::log(std::max(total, 1e-300));
}

MetricSums evaluate_sequences(const MelodyRnnWeights& weights, const std::vector<melody::EncodedSequence>& sequences,
                              int no_event_label, std::size_t batch, const melody::EventSequenceEncoderDecoder* encoder) {
  MelodyRnnInference model(weights);
  const std::size_t in = static_cast<std::size_t>(weights.input_size);
  const std::size_t classes = static_cast<std::size_t>(weights.num_classes);
  MetricSums sums;
  batch = std::max<std::size_t>(batch, 1);
  std::vector<float> inputs, logits;
  for (std::size_t first = 0; first < sequences.size(); first += batch) {
    const std::size_t count = std::min(batch, sequences.size() - first);
    std::size_t longest = 0;
    for (std::size_t b = 0; b < count; ++b) {
      const auto& s = sequences[first + b];
      if (static_cast<std::size_t>(s.input_size) != in) {
        throw Error::usage("sequence " + std::to_string(first + b) + " has inputs of width " +
                           std::to_string(s.input_size) + ", the model takes " + std::to_string(in));
      }
      longest = std::max(longest, s.steps());
    }
    std::vector<std::vector<int>> events(count);
    if (encoder != nullptr) {
      for (std::size_t b = 0; b < count; ++b) events[b] = sequence_events(*encoder, sequences[first + b]);
    }
    std::vector<double> p(classes);
    model.reset(count);
    inputs.resize(count * in);
    logits.resize(count * classes);
    for (std::size_t t = 0; t < longest; ++t) {
      // Finished sequences are fed zeros; their outputs are ignored.
      std::fill(inputs.begin(), inputs.end(), 0.0f);
      for (std::size_t b = 0; b < count; ++b) {
        const auto& s = sequences[first + b];
        if (t < s.steps()) std::copy(s.input(t).begin(), s.input(t).end(), inputs.begin() + static_cast<long>(b * in));
      }
      model.step(inputs, logits);
      for (std::size_t b = 0; b < count; ++b) {
        const auto& s = sequences[first + b];
        if (t >= s.steps()) continue;
        const float* row = logits.data() + b * classes;
        const std::int64_t label = s.labels[t];
        if (label < 0 || static_cast<std::size_t>(label) >= classes) {
          throw Error::usage("sequence " + std::to_string(first + b) + " step " + std::to_string(t) + " has label " +
                             std::to_string(label) + ", the model has " + std::to_string(classes) + " classes");
        }
        const float max = *std::max_element(row, row + classes);
        double sum = 0;
        for (std::size_t c = 0; c < classes; ++c) sum += std::exp(static_cast<double>(row[c] - max));
        const bool right = static_cast<std::int64_t>(std::max_element(row, row + classes) - row) == label;
        double melody_nll = 0;
        if (encoder != nullptr) {
          for (std::size_t c = 0; c < classes; ++c) p[c] = std::exp(static_cast<double>(row[c] - max)) / sum;
          const std::vector<int>& e = events[b];
          melody_nll = event_nll(*encoder, p, std::span<const int>(e.data(), t + 1), e[t + 1]);
        }
        sums.add_step(std::log(sum) - static_cast<double>(row[label] - max), right, label, no_event_label, melody_nll);
      }
    }
    sums.sequences += static_cast<std::int64_t>(count);
  }
  return sums;
}

}  // namespace stochos::rnn
