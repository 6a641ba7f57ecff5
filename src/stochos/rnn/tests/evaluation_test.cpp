// SPDX-License-Identifier: GPL-3.0-or-later
// The melody NLL of `melody evaluate` (MelodyRnnMetrics::melody_loss): the classes of every
// encoding partition the events, one label's probability never exceeds its event's, and
// where each event has a single class the two losses are the same number.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <vector>

#include "stochos/melody/melody.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/evaluation.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {
namespace {

// A 4-bar tune in the configs' range whose bars 3-4 repeat bars 1-2 (the lookback labels'
// case), with note-offs and sustains.
std::vector<int> tune() {
  const std::vector<int> bar1 = {60, -2, 62, -2, 64, -2, -2, -2, 65, -2, 64, -2, 62, -1, 60, -2};
  const std::vector<int> bar2 = {67, -2, -2, -2, 65, -2, 64, -2, 62, -2, -2, -2, 60, -2, -1, -2};
  std::vector<int> out;
  for (int k = 0; k < 2; ++k) {
    out.insert(out.end(), bar1.begin(), bar1.end());
    out.insert(out.end(), bar2.begin(), bar2.end());
  }
  return out;
}

std::vector<double> random_distribution(std::size_t n, std::mt19937& rng) {
  std::vector<double> p(n);
  double total = 0;
  for (double& x : p) total += (x = std::exponential_distribution<double>(1.0)(rng));
  for (double& x : p) x /= total;
  return p;
}

TEST(MelodyNll, ClassesPartitionTheEventsAndNoLabelBeatsItsEvent) {
  std::mt19937 rng(3);
  const std::vector<int> events = tune();
  for (const char* config : {"basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn"}) {
    SCOPED_TRACE(config);
    const auto encoder = melody::make_encoder_decoder(melody::melody_rnn_config(config));
    const bool one_class_per_event = std::string(config) == "basic_rnn" || std::string(config) == "mono_rnn";
    int split_steps = 0;
    for (std::size_t t = 1; t < events.size(); ++t) {
      const std::span<const int> history(events.data(), t);
      const std::vector<double> p = random_distribution(static_cast<std::size_t>(encoder->num_classes()), rng);
      // Summing the event probabilities over every event the classes decode to gives 1.
      std::map<int, double> by_event;
      for (int c = 0; c < encoder->num_classes(); ++c) by_event[encoder->class_index_to_event(c, history)] += 0;
      double total = 0;
      for (const auto& [event, unused] : by_event) total += std::exp(-event_nll(*encoder, p, history, event));
      EXPECT_NEAR(total, 1.0, 1e-12);
      const int label = encoder->events_to_label(events, t);
      const double label_nll = -std::log(p[static_cast<std::size_t>(label)]);
      const double melody_nll = event_nll(*encoder, p, history, events[t]);
      EXPECT_LE(melody_nll, label_nll + 1e-12);
      if (one_class_per_event) {
        EXPECT_NEAR(melody_nll, label_nll, 1e-12);
      } else if (melody_nll < label_nll - 1e-9) {
        ++split_steps;
      }
    }
    // The repeated bars are labelled as repeats, whose event also has its own class.
    if (!one_class_per_event) EXPECT_GT(split_steps, 16);
  }
}

TEST(MelodyNll, EvaluateSequencesReportsItBesideTheLabelLoss) {
  const std::vector<int> events = tune();
  for (const char* config_name : {"basic_rnn", "lookback_rnn", "attention_rnn"}) {
    SCOPED_TRACE(config_name);
    auto config = melody::melody_rnn_config(config_name);
    melody::apply_hparams(config.hparams, "rnn_layer_sizes=[16]");
    const auto encoder = melody::make_encoder_decoder(config);
    const std::vector<melody::EncodedSequence> data = {encoder->encode(events)};
    const MelodyRnnWeights weights = initial_weights(config, 5);
    const MelodyRnnMetrics without = evaluate_sequences(weights, data, encoder->default_event_label()).metrics();
    const MelodyRnnMetrics with =
        evaluate_sequences(weights, data, encoder->default_event_label(), 16, encoder.get()).metrics();
    EXPECT_EQ(without.melody_loss, 0.0);
    EXPECT_EQ(with.loss, without.loss);
    EXPECT_GT(with.melody_loss, 0.0);
    if (std::string(config_name) == "basic_rnn") {
      EXPECT_NEAR(with.melody_loss, with.loss, 1e-9);
    } else {
      EXPECT_LT(with.melody_loss, with.loss);
    }
    // The events recovered from the encoded sequence are the tune.
    EXPECT_EQ(sequence_events(*encoder, data[0]), events);
  }
}

}  // namespace
}  // namespace stochos::rnn
