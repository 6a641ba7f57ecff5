// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody evaluate` (the job: jobs/evaluate_job.h): how well a model predicts the
/// melodies of any corpus, beside smoothed Markov chains of order 1..4 (the stochastic
/// engine's MarkovChain, Lidstone smoothing with back-off to shorter contexts) over the same
/// label sequences.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stochos/melody/pipeline.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/rnn/evaluation.h"

namespace stochos::rnn {

struct CorpusEvaluationOptions {
  std::filesystem::path model_path;  ///< run dir, .mag or checkpoint (see load_melody_rnn)
  std::string config_name;
  std::string hparams;
  /// SequenceExamples to learn the Markov baselines from; default: two-fold
  /// cross-validation on the evaluated melodies (each half scored by chains learned on the
  /// other half).
  std::vector<std::filesystem::path> baseline_train;  ///< files, shard patterns or sets
  double markov_smoothing = 0.1;
  /// Sample statistics (0: none): continue this many evaluated melodies (drawn with `seed`
  /// among those longer than the primer) from their first `sample_primer_steps` steps to
  /// `sample_steps`, by the model and by the best Markov chain over melody events, and
  /// compare the continuations' features with the melodies' own (melody_features.h).
  int samples = 0;
  int sample_primer_steps = 32;
  int sample_steps = 256;
  std::uint64_t seed = 0;
};

/// Features of one source's continuations, and their distances to the corpus's.
struct SampleStatistics {
  std::string source;               ///< "corpus", "Melody RNN", "Markov order 3"
  double pitch_class_distance = 0;  ///< total variation distance to the corpus's histogram
  double note_length_distance = 0;
  double in_key = 0;                ///< share of notes in the diatonic key of the primer
  double mean_range = 0;            ///< semitones from lowest to highest note of a continuation
  std::array<double, 3> repeats{};  ///< share of bars repeating the bar 2, 4, 8 bars back
  std::int64_t notes = 0;
};

struct CorpusEvaluation {
  std::string model_description;
  MelodyRnnMetrics model;
  std::vector<std::pair<int, MelodyRnnMetrics>> markov;  ///< order -> metrics
  std::string baseline_source;
  std::vector<SampleStatistics> samples;  ///< corpus, model, Markov (when options.samples > 0)
  int sampled_melodies = 0;
};

/// Scores `model` on `sequences` (the corpus's melodies, encoded for model.config) beside the
/// Markov baselines. Throws Error (kUsage) for no sequences.
CorpusEvaluation evaluate_corpus(const LoadedModel& model, const std::vector<melody::EncodedSequence>& sequences,
                                 const CorpusEvaluationOptions& options);

/// A Markov chain of `order` learned on `train` label sequences, scored on `test` (with
/// `encoder`, the melody NLL too: MelodyRnnMetrics::melody_loss).
MetricSums markov_baseline_sums(const std::vector<melody::EncodedSequence>& train,
                                         const std::vector<melody::EncodedSequence>& test, int order, int num_classes,
                                         int no_event_label, double smoothing,
                                         const melody::EventSequenceEncoderDecoder* encoder = nullptr);

}  // namespace stochos::rnn
