// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Magenta's training and evaluation metrics (MG magenta/models/shared/events_rnn_graph.py):
/// mean softmax cross entropy per step (loss), its exponential (perplexity), accuracy, and
/// accuracy on steps whose label is / is not the encoder's no-event label. Beyond Magenta:
/// the melody's own negative log-likelihood, comparable across configs (melody_loss).
#include <cstdint>
#include <span>
#include <vector>

#include "stochos/melody/encoder_decoder.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {

struct MelodyRnnMetrics {
  double loss = 0;        ///< mean negative log-likelihood per step (nats) of the labels
  /// Mean negative log-likelihood per step of the melody's events: the probability of the
  /// event that happened is the sum over every class that decodes to it (lookback and
  /// attention_rnn have "repeat the event 1 or 2 bars back" classes besides the event's own,
  /// and their label is one of them). Equal to `loss` where each event has one class
  /// (basic_rnn, mono_rnn); unlike `loss`, comparable between encodings. 0 if not measured.
  double melody_loss = 0;
  double perplexity = 0;  ///< exp(loss)
  double accuracy = 0;
  double event_accuracy = 0;     ///< on steps labelled with an event (not no-event)
  double no_event_accuracy = 0;  ///< on steps labelled no-event
  std::int64_t sequences = 0;
  std::int64_t steps = 0;
};

/// Sums that make up the metrics, so batches and shards can be combined.
struct MetricSums {
  double nll = 0, melody_nll = 0;
  std::int64_t steps = 0, correct = 0, event_steps = 0, event_correct = 0, no_event_steps = 0, no_event_correct = 0;
  std::int64_t sequences = 0;

  void add(const MetricSums& other);
  /// Counts one predicted step: its negative log-likelihood and whether the prediction
  /// (argmax) was the label.
  void add_step(double nll, bool correct, std::int64_t label, int no_event_label, double melody_nll = 0);
  MelodyRnnMetrics metrics() const;
};

/// The melody events of an encoded sequence: the labels decode every event after the
/// first; the first is the plain event whose input encoding is the first input row.
std::vector<int> sequence_events(const melody::EventSequenceEncoderDecoder& encoder, const melody::EncodedSequence& s);

/// -log of the probability that `p` (a distribution over the encoder's classes, after the
/// events `history`) gives `event`: the sum of p over every class that decodes to it.
double event_nll(const melody::EventSequenceEncoderDecoder& encoder, std::span<const double> p,
                 std::span<const int> history, int event);

/// The metrics of a model on encoded sequences (teacher forcing, the fused inference
/// path, `batch` sequences at a time), `no_event_label` being the encoder's
/// default_event_label(). With `encoder`, also the melody's NLL (MelodyRnnMetrics::melody_loss).
MetricSums evaluate_sequences(const MelodyRnnWeights& weights, const std::vector<melody::EncodedSequence>& sequences,
                              int no_event_label, std::size_t batch = 16,
                              const melody::EventSequenceEncoderDecoder* encoder = nullptr);

}  // namespace stochos::rnn
