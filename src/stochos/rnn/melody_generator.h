// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Magenta's melody_rnn_generate end to end (MG melody_rnn_generate.py,
/// melody_rnn_sequence_generator.py _generate, melody_rnn_model.py generate_melody): load
/// a model from a run directory, a `.mag` bundle or a checkpoint; turn the primer (events
/// or a MIDI file, default a single middle C) into a melody; squash it into the config's
/// range and key; extend it with beam search; transpose back; write NoteSequences.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stochos/melody/melody.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/proto/music.pb.h"
#include "stochos/rnn/event_generation.h"
#include "stochos/rnn/generation_constraints.h"
#include "stochos/rnn/inference.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {

/// A model ready to generate: its config (with hparams) and weights.
struct LoadedModel {
  melody::MelodyRnnConfig config;
  MelodyRnnWeights weights;
  std::string source;       ///< what was loaded, for messages
  std::string description;  ///< bundle description or run facts
};

/// Loads a model. `model_path` may be a training run directory (its stochos_run.txt gives
/// the config and hparams), a `.mag` bundle (its generator id gives the config; Magenta
/// refuses a bundle whose id differs from --config, and so does this), a checkpoint
/// directory, V2 prefix or V1 file (then `config_name` is required). `config_name` and
/// `hparams` override or complete what the file says. Layer sizes come from the weights.
LoadedModel load_melody_rnn(const std::filesystem::path& model_path, const std::string& config_name = {},
                            const std::string& hparams = {});

struct MelodyGenerateOptions {
  int num_steps = 128;  ///< length of each output in 16th steps, primer included
  std::optional<std::string> primer_melody;       ///< "[60, -2, 60, -2, 67, -2, 67, -2]"
  std::optional<std::filesystem::path> primer_midi;
  /// A primer NoteSequence (Python), read as --primer_midi reads the MIDI file that holds it:
  /// times on MIDI ticks, its first tempo winning over qpm, so that a sequence and its MIDI
  /// file prime alike. No file is written.
  std::optional<magenta::NoteSequence> primer_sequence;
  std::optional<double> qpm;  ///< default: the primer MIDI's first tempo, else 120
  BeamSearchOptions search;   ///< num_steps is taken from above
  bool exclude_primer = false;
  /// Beyond Magenta: key/scale, sieve and chord constraints on the generated steps.
  GenerationConstraintOptions constraints;
};

struct GeneratedMelody {
  magenta::NoteSequence sequence;
  melody::Melody melody;  ///< in the primer's key (after transposing back)
  double log_likelihood = 0;
};

/// Prepares the primer once (errors for an unusable primer say why: polyphonic, out of the
/// config's range, longer than num_steps; constraints that no pitch can meet) and generates
/// any number of outputs from it.
class MelodyGenerator {
 public:
  MelodyGenerator(const LoadedModel& model, const MelodyGenerateOptions& options);

  /// One output; each call continues the random stream of `rng`.
  GeneratedMelody generate(core::Rng& rng);

  const magenta::NoteSequence& primer_sequence() const { return primer_sequence_; }
  double qpm() const { return qpm_; }

 private:
  const LoadedModel& model_;
  MelodyGenerateOptions options_;
  std::unique_ptr<melody::EventSequenceEncoderDecoder> encoder_;
  MelodyRnnInference inference_;  // built once; generate() resets its state
  magenta::NoteSequence primer_sequence_;
  melody::Melody primer_melody_;  // padded to the start step, before squashing
  double qpm_ = 120;
  std::int64_t end_step_ = 0;
  std::optional<GenerationConstraints> constraints_;  // in the squashed (model) key
};

}  // namespace stochos::rnn
