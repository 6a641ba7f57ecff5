// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody evaluate`: how well a model predicts the melodies of any corpus, beside
/// smoothed Markov chains of order 1..4 (the stochastic engine's MarkovChain, Lidstone
/// smoothing with back-off to shorter contexts) over the same label sequences. Melodies come
/// through the same pipeline as `melody dataset` (all of them, no train/eval split), or
/// straight from a SequenceExample file.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stochos/melody/dataset.h"
#include "stochos/rnn/evaluation.h"

namespace stochos::rnn {

struct CorpusEvaluationOptions {
  std::filesystem::path model_path;  ///< run dir, .mag or checkpoint (see load_melody_rnn)
  std::string config_name;
  std::string hparams;
  /// NoteSequence TFRecord, MIDI folder, or a TFRecord of SequenceExamples already encoded
  /// for the config (recognised by its records).
  std::filesystem::path input;
  /// SequenceExamples to learn the Markov baselines from; default: two-fold
  /// cross-validation on the evaluated melodies (each half scored by chains learned on the
  /// other half).
  std::optional<std::filesystem::path> baseline_train;
  double markov_smoothing = 0.1;
  bool flatten_tempo = false;
  bool ignore_polyphonic_notes = false;
  bool recursive = false;
  int threads = 1;
  core::ProgressBar::Mode progress = core::ProgressBar::Mode::kAuto;
};

struct CorpusEvaluation {
  std::string model_description;
  MelodyRnnMetrics model;
  std::vector<std::pair<int, MelodyRnnMetrics>> markov;  ///< order -> metrics
  std::string baseline_source;
  std::vector<melody::SkippedInput> skipped;
};

CorpusEvaluation evaluate_corpus(const CorpusEvaluationOptions& options);

/// A Markov chain of `order` learned on `train` label sequences, scored on `test`.
MetricSums markov_baseline_sums(const std::vector<melody::EncodedSequence>& train,
                                         const std::vector<melody::EncodedSequence>& test, int order, int num_classes,
                                         int no_event_label, double smoothing);

}  // namespace stochos::rnn
