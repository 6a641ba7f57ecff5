// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The four melody_rnn configs as Magenta defines them (MG
/// magenta/models/melody_rnn/melody_rnn_model.py, melody_rnn_config_flags.py,
/// shared/events_rnn_model.py EventSequenceRnnConfig): generator id and description,
/// encoder/decoder, note range, key to transpose into, and default hyperparameters.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/melody/encoder_decoder.h"

namespace stochos::melody {

/// note_seq / Magenta melody_rnn_model defaults.
inline constexpr int kDefaultMinNote = 48;
inline constexpr int kDefaultMaxNote = 84;  // exclusive
inline constexpr int kDefaultTransposeToKey = 0;  // C major

enum class EncoderKind {
  kOneHot,    ///< OneHotEventSequenceEncoderDecoder(MelodyOneHotEncoding) ('onehot')
  kLookback,  ///< LookbackEventSequenceEncoderDecoder(MelodyOneHotEncoding) ('lookback')
  kKey,       ///< KeyMelodyEncoderDecoder ('key')
};

/// EventSequenceRnnConfig's hyperparameters after the config's own values are merged in.
struct MelodyRnnHparams {
  int batch_size = 64;
  std::vector<int> rnn_layer_sizes = {128, 128};
  double dropout_keep_prob = 1.0;
  int attn_length = 0;
  double clip_norm = 3.0;
  double learning_rate = 0.001;
  bool residual_connections = false;

  bool operator==(const MelodyRnnHparams&) const = default;
};

struct MelodyRnnConfig {
  std::string id;           ///< GeneratorDetails.id ("basic_rnn", ...)
  std::string description;  ///< GeneratorDetails.description
  EncoderKind encoder = EncoderKind::kOneHot;
  int min_note = kDefaultMinNote;
  int max_note = kDefaultMaxNote;
  std::optional<int> transpose_to_key = kDefaultTransposeToKey;  ///< none: melodies keep their key
  int steps_per_quarter = 4;
  MelodyRnnHparams hparams;
};

/// "basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn".
const std::vector<std::string>& melody_rnn_config_names();

/// Magenta's default_configs[name]. Throws Error(kUsage) naming the valid configs.
MelodyRnnConfig melody_rnn_config(std::string_view name);

/// What melody_rnn_config_flags builds for --melody_encoder_decoder onehot|lookback|key:
/// that encoder over [48, 84), transposed to C, the base hyperparameters, no generator id.
MelodyRnnConfig melody_rnn_config_for_encoder(std::string_view encoder_name);

/// The bounds apply_hparams enforces, so that a typo is a usage error before anything is
/// allocated rather than a model of terabytes (Magenta's configs use batch 64-128, layers of
/// 64-256 units, attn_length 40).
inline constexpr int kMaxHparamsBatchSize = 4096;
inline constexpr int kMaxHparamsLayerSize = 8192;
inline constexpr int kMaxHparamsLayers = 16;
inline constexpr int kMaxHparamsAttnLength = 4096;
inline constexpr double kMaxHparamsLearningRate = 10.0;
inline constexpr double kMaxHparamsClipNorm = 1e6;

/// Applies a Magenta `--hparams` string (tf.contrib.training.HParams.parse syntax):
/// comma-separated `name=value`, lists in brackets (`rnn_layer_sizes=[64,64]`), booleans
/// as true/false. Known names and their ranges: batch_size 1..4096, rnn_layer_sizes 1 to 16
/// layers of 1..8192 units, attn_length 0..4096, dropout_keep_prob in (0, 1], clip_norm in
/// [0, 1e6] (0: no clipping), learning_rate in (0, 10], residual_connections, use_cudnn
/// (accepted and ignored, as Magenta does). Throws Error(kUsage) naming the column and the
/// unknown name or the bad value with the limits; `hparams` is unchanged then.
void apply_hparams(MelodyRnnHparams& hparams, std::string_view text);

/// The hparams in the same syntax, every field, so apply_hparams(to_string(h)) == h.
std::string hparams_to_string(const MelodyRnnHparams& hparams);

/// A new encoder/decoder for the config. Throws Error(kUsage) for an invalid note range.
std::unique_ptr<EventSequenceEncoderDecoder> make_encoder_decoder(const MelodyRnnConfig& config);

}  // namespace stochos::melody
