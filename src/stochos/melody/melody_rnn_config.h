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

/// Applies a Magenta `--hparams` string (tf.contrib.training.HParams.parse syntax):
/// comma-separated `name=value`, lists in brackets (`rnn_layer_sizes=[64,64]`), booleans
/// as true/false. Known names: batch_size, rnn_layer_sizes, dropout_keep_prob, attn_length,
/// clip_norm, learning_rate, residual_connections, use_cudnn (accepted and ignored, as
/// Magenta does). Throws Error(kUsage) naming the column and the unknown name or bad value.
void apply_hparams(MelodyRnnHparams& hparams, std::string_view text);

/// The hparams in the same syntax, every field, so apply_hparams(to_string(h)) == h.
std::string hparams_to_string(const MelodyRnnHparams& hparams);

/// A new encoder/decoder for the config. Throws Error(kUsage) for an invalid note range.
std::unique_ptr<EventSequenceEncoderDecoder> make_encoder_decoder(const MelodyRnnConfig& config);

}  // namespace stochos::melody
