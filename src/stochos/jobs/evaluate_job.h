// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody evaluate`: reads the corpus (a NoteSequence TFRecord or pattern, a folder
/// of MIDI and score files, or SequenceExamples already encoded for the model's config),
/// turns it into melodies with the pipeline of `melody dataset` (all of them, no train/eval
/// split) and scores the model against Markov baselines on them (rnn::evaluate_corpus).
#include <filesystem>
#include <vector>

#include "stochos/core/progress.h"
#include "stochos/jobs/input_sequences.h"
#include "stochos/rnn/melody_evaluation.h"

namespace stochos::jobs {

struct EvaluateOptions : rnn::CorpusEvaluationOptions {
  /// NoteSequence TFRecord (or list/pattern), MIDI folder, or a TFRecord of SequenceExamples
  /// already encoded for the config (recognised by its records).
  std::filesystem::path input;
  /// Pipeline extensions, as in `melody dataset`.
  bool flatten_tempo = false;
  bool ignore_polyphonic_notes = false;
  bool recursive = false;
  int threads = 1;
  core::ProgressBar::Mode progress = core::ProgressBar::Mode::kAuto;
};

struct EvaluateResult : rnn::CorpusEvaluation {
  std::vector<SkippedInput> skipped;  ///< inputs that could not be read
};

/// Runs the job. Throws Error (kUsage) when the input holds no melody to evaluate.
EvaluateResult evaluate_corpus(const EvaluateOptions& options);

}  // namespace stochos::jobs
