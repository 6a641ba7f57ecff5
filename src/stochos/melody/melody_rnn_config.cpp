// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/melody_rnn_config.h"

#include "stochos/core/error.h"

namespace stochos::melody {
namespace {

// The hyperparameters every default config sets (melody_rnn_model.py default_configs).
MelodyRnnHparams config_hparams(int attn_length, double clip_norm) {
  MelodyRnnHparams h;
  h.batch_size = 128;
  h.rnn_layer_sizes = {128, 128};
  h.dropout_keep_prob = 0.5;
  h.attn_length = attn_length;
  h.clip_norm = clip_norm;
  h.learning_rate = 0.001;
  return h;
}

std::string joined_names() {
  std::string out;
  for (const auto& n : melody_rnn_config_names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

const std::vector<std::string>& melody_rnn_config_names() {
  static const std::vector<std::string> names = {"basic_rnn", "mono_rnn", "lookback_rnn", "attention_rnn"};
  return names;
}

MelodyRnnConfig melody_rnn_config(std::string_view name) {
  MelodyRnnConfig c;
  c.id = std::string(name);
  if (name == "basic_rnn") {
    c.description = "Melody RNN with one-hot encoding.";
    c.encoder = EncoderKind::kOneHot;
    c.hparams = config_hparams(0, 5);
  } else if (name == "mono_rnn") {
    c.description = "Monophonic RNN with one-hot encoding.";
    c.encoder = EncoderKind::kOneHot;
    c.min_note = 0;
    c.max_note = 128;
    c.transpose_to_key.reset();
    c.hparams = config_hparams(0, 5);
  } else if (name == "lookback_rnn") {
    c.description = "Melody RNN with lookback encoding.";
    c.encoder = EncoderKind::kLookback;
    c.hparams = config_hparams(0, 5);
  } else if (name == "attention_rnn") {
    c.description = "Melody RNN with lookback encoding and attention.";
    c.encoder = EncoderKind::kKey;
    c.hparams = config_hparams(40, 3);
  } else {
    throw Error::usage("--config must be one of " + joined_names() + "; got \"" + std::string(name) + "\"");
  }
  return c;
}

MelodyRnnConfig melody_rnn_config_for_encoder(std::string_view encoder_name) {
  MelodyRnnConfig c;
  if (encoder_name == "onehot") {
    c.encoder = EncoderKind::kOneHot;
  } else if (encoder_name == "lookback") {
    c.encoder = EncoderKind::kLookback;
  } else if (encoder_name == "key") {
    c.encoder = EncoderKind::kKey;
  } else {
    throw Error::usage("--melody_encoder_decoder must be one of onehot, lookback, key; got \"" +
                       std::string(encoder_name) + "\"");
  }
  return c;
}

std::unique_ptr<EventSequenceEncoderDecoder> make_encoder_decoder(const MelodyRnnConfig& config) {
  // MelodyRnnConfig.__init__ checks.
  if (config.min_note < 0) throw Error::usage("min_note must be >= 0, min_note is " + std::to_string(config.min_note));
  if (config.max_note > 128) throw Error::usage("max_note must be <= 128, max_note is " + std::to_string(config.max_note));
  if (config.max_note - config.min_note < 12) {
    throw Error::usage("max_note - min_note must be >= 12 (min_note " + std::to_string(config.min_note) +
                       ", max_note " + std::to_string(config.max_note) + ")");
  }
  if (config.transpose_to_key && (*config.transpose_to_key < 0 || *config.transpose_to_key > 11)) {
    throw Error::usage("transpose_to_key must be >= 0 and <= 11");
  }
  switch (config.encoder) {
    case EncoderKind::kOneHot:
      return std::make_unique<OneHotEventSequenceEncoderDecoder>(
          std::make_shared<MelodyOneHotEncoding>(config.min_note, config.max_note));
    case EncoderKind::kLookback:
      return std::make_unique<LookbackEventSequenceEncoderDecoder>(
          std::make_shared<MelodyOneHotEncoding>(config.min_note, config.max_note));
    case EncoderKind::kKey:
      return std::make_unique<KeyMelodyEncoderDecoder>(config.min_note, config.max_note);
  }
  throw Error::internal("unknown encoder kind");
}

}  // namespace stochos::melody
