// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Magenta's training and evaluation metrics (MG magenta/models/shared/events_rnn_graph.py):
/// mean softmax cross entropy per step (loss), its exponential (perplexity), accuracy, and
/// accuracy on steps whose label is / is not the encoder's no-event label.
#include <cstdint>
#include <vector>

#include "stochos/melody/encoder_decoder.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {

struct MelodyRnnMetrics {
  double loss = 0;        ///< mean negative log-likelihood per step (nats)
  double perplexity = 0;  ///< exp(loss)
  double accuracy = 0;
  double event_accuracy = 0;     ///< on steps labelled with an event (not no-event)
  double no_event_accuracy = 0;  ///< on steps labelled no-event
  std::int64_t sequences = 0;
  std::int64_t steps = 0;
};

/// Sums that make up the metrics, so batches and shards can be combined.
struct MetricSums {
  double nll = 0;
  std::int64_t steps = 0, correct = 0, event_steps = 0, event_correct = 0, no_event_steps = 0, no_event_correct = 0;
  std::int64_t sequences = 0;

  void add(const MetricSums& other);
  /// Counts one predicted step: its negative log-likelihood and whether the prediction
  /// (argmax) was the label.
  void add_step(double nll, bool correct, std::int64_t label, int no_event_label);
  MelodyRnnMetrics metrics() const;
};

/// The metrics of a model on encoded sequences (teacher forcing, the fused inference
/// path, `batch` sequences at a time), `no_event_label` being the encoder's
/// default_event_label().
MetricSums evaluate_sequences(const MelodyRnnWeights& weights, const std::vector<melody::EncodedSequence>& sequences,
                              int no_event_label, std::size_t batch = 16);

}  // namespace stochos::rnn
