// SPDX-License-Identifier: GPL-3.0-or-later
// Hand-checked vectors for a few steps of each config's encoder (worked out from the rules
// of note_seq encoder_decoder.py OneHotEventSequenceEncoderDecoder and LookbackEventSequenceEncoderDecoder
// and melody_encoder_decoder.py, not by running any encoder), the configs' sizes, and
// encode/decode round trips for every config.
#include <gtest/gtest.h>

#include <map>

#include "stochos/core/error.h"
#include "stochos/core/random.h"
#include "stochos/melody/encoder_decoder.h"
#include "stochos/melody/melody.h"
#include "stochos/melody/melody_rnn_config.h"

namespace stochos::melody {
namespace {

constexpr int NOTE_OFF = kMelodyNoteOff;
constexpr int NO_EVENT = kMelodyNoEvent;
using Events = std::vector<int>;

// A vector of `size` zeros with the given (index, value) entries.
std::vector<float> sparse(int size, const std::map<int, float>& entries) {
  std::vector<float> v(static_cast<std::size_t>(size));
  for (const auto& [i, x] : entries) v[static_cast<std::size_t>(i)] = x;
  return v;
}

std::vector<float> row(const EncodedSequence& e, std::size_t step) {
  return std::vector<float>(e.input(step).begin(), e.input(step).end());
}

TEST(MelodyRnnConfigs, InputSizesAndClassCountsAreMagentas) {
  const std::map<std::string, std::pair<int, int>> expected = {
      {"basic_rnn", {38, 38}}, {"mono_rnn", {130, 130}}, {"lookback_rnn", {121, 40}}, {"attention_rnn", {74, 40}}};
  for (const auto& name : melody_rnn_config_names()) {
    const auto med = make_encoder_decoder(melody_rnn_config(name));
    EXPECT_EQ(expected.at(name).first, med->input_size()) << name;
    EXPECT_EQ(expected.at(name).second, med->num_classes()) << name;
  }
  EXPECT_EQ(40, melody_rnn_config("attention_rnn").hparams.attn_length);
  EXPECT_FALSE(melody_rnn_config("mono_rnn").transpose_to_key.has_value());
  EXPECT_EQ("Melody RNN with lookback encoding and attention.", melody_rnn_config("attention_rnn").description);
  EXPECT_THROW(melody_rnn_config("attention"), Error);
}

TEST(HandCheckedVectors, BasicRnnOneHotOver48To84) {
  const auto med = make_encoder_decoder(melody_rnn_config("basic_rnn"));
  const EncodedSequence e = med->encode(Events{60, NO_EVENT, NOTE_OFF, 62});
  // 60 -> class 2 + 60 - 48 = 14; NO_EVENT -> 0; NOTE_OFF -> 1; 62 -> 16.
  EXPECT_EQ(sparse(38, {{14, 1}}), row(e, 0));
  EXPECT_EQ(sparse(38, {{0, 1}}), row(e, 1));
  EXPECT_EQ(sparse(38, {{1, 1}}), row(e, 2));
  EXPECT_EQ((std::vector<std::int64_t>{0, 1, 16}), e.labels);
}

TEST(HandCheckedVectors, MonoRnnOneHotOverAllPitches) {
  const auto med = make_encoder_decoder(melody_rnn_config("mono_rnn"));
  const EncodedSequence e = med->encode(Events{0, 127, NOTE_OFF});
  EXPECT_EQ(sparse(130, {{2, 1}}), row(e, 0));
  EXPECT_EQ(sparse(130, {{129, 1}}), row(e, 1));
  EXPECT_EQ((std::vector<std::int64_t>{129, 1}), e.labels);
}

TEST(HandCheckedVectors, LookbackRnnFlagsCountersAndRepeatLabels) {
  const auto med = make_encoder_decoder(melody_rnn_config("lookback_rnn"));
  // Bar 1: 60 then silence after a note-off; bar 2 repeats the 60 at step 16.
  Events events(18, NO_EVENT);
  events[0] = 60;
  events[2] = NOTE_OFF;
  events[16] = 60;
  const EncodedSequence e = med->encode(events);
  // Step 0: current 60 (class 14); both lookbacks before the start -> NO_EVENT (class 0) at
  // 38 + 0 and 76 + 0; counter of n = 1: +1 -1 -1 -1 -1 at 114..118; no repeat flags.
  EXPECT_EQ(sparse(121, {{14, 1}, {38, 1}, {76, 1}, {114, 1}, {115, -1}, {116, -1}, {117, -1}, {118, -1}}), row(e, 0));
  // Step 15: current NO_EVENT; the one-bar lookback points at step 0 (the event that
  // followed 16 steps ago: 60, class 14 -> 38 + 14); n = 16 -> -1 -1 -1 -1 +1.
  EXPECT_EQ(sparse(121, {{0, 1}, {52, 1}, {76, 1}, {114, -1}, {115, -1}, {116, -1}, {117, -1}, {118, 1}}), row(e, 15));
  // Step 16: current 60 equals step 0: flag 119; lookback 1 -> step 1 (NO_EVENT) at 38;
  // n = 17 -> +1 -1 -1 -1 +1.
  EXPECT_EQ(sparse(121, {{14, 1}, {38, 1}, {76, 1}, {114, 1}, {115, -1}, {116, -1}, {117, -1}, {118, 1}, {119, 1}}),
            row(e, 16));
  // Labels of steps 1..17: NO_EVENT before step 32 -> 39; NOTE_OFF at 2 -> class 1;
  // step 16 repeats step 0 -> 38; step 17 (NO_EVENT, < 32) -> 39.
  ASSERT_EQ(17u, e.steps());
  EXPECT_EQ(39, e.labels[0]);
  EXPECT_EQ(1, e.labels[1]);
  EXPECT_EQ(38, e.labels[15]);
  EXPECT_EQ(39, e.labels[16]);
}

TEST(HandCheckedVectors, AttentionRnnKeyMelody) {
  const auto med = make_encoder_decoder(melody_rnn_config("attention_rnn"));
  const EncodedSequence e = med->encode(Events{60, NO_EVENT, 62, NOTE_OFF});
  // C alone fits the major keys C, C#, D#, F, G, G#, A# (note_seq NOTE_KEYS[0]).
  std::map<int, float> c_keys;
  for (int k : {0, 1, 3, 5, 7, 8, 10}) {
    c_keys[50 + k] = 1;
    c_keys[62 + k] = 1;
  }
  // Step 0: 60 sounds (12, 36), attack (38), no direction yet, counter n = 1.
  std::map<int, float> s0 = {{12, 1}, {36, 1}, {38, 1}, {42, 1}, {43, -1}, {44, -1}, {45, -1}, {46, -1}, {47, -1},
                             {48, -1}};
  s0.insert(c_keys.begin(), c_keys.end());
  EXPECT_EQ(sparse(74, s0), row(e, 0));
  // Step 1: NO_EVENT holds 60, not an attack; n = 2.
  std::map<int, float> s1 = {{12, 1}, {36, 1}, {42, -1}, {43, 1}, {44, -1}, {45, -1}, {46, -1}, {47, -1}, {48, -1}};
  s1.insert(c_keys.begin(), c_keys.end());
  EXPECT_EQ(sparse(74, s1), row(e, 1));
  // Step 2: 62 sounds, attack, rising (+1 at 39), n = 3; C and D fit C, D#, F, G, A#.
  std::map<int, float> s2 = {{14, 1}, {36, 1}, {38, 1}, {39, 1}, {42, 1}, {43, 1}, {44, -1}, {45, -1}, {46, -1},
                             {47, -1}, {48, -1}};
  for (int k : {0, 3, 5, 7, 10}) {
    s2[50 + k] = 1;
    s2[62 + k] = 1;
  }
  EXPECT_EQ(sparse(74, s2), row(e, 2));
  // Labels: NO_EVENT before step 32 -> 39; 62 -> 14; NOTE_OFF -> 37.
  EXPECT_EQ((std::vector<std::int64_t>{39, 14, 37}), e.labels);
}

// A random melody in the config's range, with holds, rests and repeats of earlier bars.
Events random_melody(core::Rng& rng, int min_note, int max_note, std::size_t length) {
  Events events;
  for (std::size_t i = 0; i < length; ++i) {
    const double u = rng.uniform01();
    if (i >= 32 && u < 0.2) {
      events.push_back(events[i - (rng.below(2) ? 16 : 32)]);
    } else if (u < 0.5) {
      events.push_back(NO_EVENT);
    } else if (u < 0.6) {
      events.push_back(NOTE_OFF);
    } else {
      events.push_back(static_cast<int>(rng.between(min_note, max_note - 1)));
    }
  }
  return Melody(events).events();  // leading NOTE_OFFs cleaned, as extraction produces them
}

TEST(RoundTrip, EveryConfigDecodesItsLabelsBackToTheMelodyAndReEncodesIdentically) {
  core::Rng rng = core::Rng(2024).stream("melody/roundtrip");
  for (const auto& name : melody_rnn_config_names()) {
    const MelodyRnnConfig config = melody_rnn_config(name);
    const auto med = make_encoder_decoder(config);
    for (int trial = 0; trial < 40; ++trial) {
      const Events events = random_melody(rng, config.min_note, config.max_note, 2 + rng.below(200));
      const EncodedSequence encoded = med->encode(events);
      ASSERT_EQ(events.size() - 1, encoded.steps());
      ASSERT_EQ(static_cast<std::size_t>(med->input_size()) * encoded.steps(), encoded.inputs.size());
      const Events decoded = med->decode(events.front(), encoded.labels);
      ASSERT_EQ(events, decoded) << name << " trial " << trial;
      const EncodedSequence again = med->encode(decoded);
      ASSERT_EQ(encoded.inputs, again.inputs) << name;
      ASSERT_EQ(encoded.labels, again.labels) << name;
      for (std::int64_t label : encoded.labels) {
        ASSERT_GE(label, 0);
        ASSERT_LT(label, med->num_classes());
      }
    }
  }
}

TEST(RoundTrip, SquashedMelodiesEncodeInEveryConfig) {
  // Melodies from the whole MIDI range squash into each config's range and encode.
  core::Rng rng = core::Rng(7).stream("melody/squash");
  for (const auto& name : melody_rnn_config_names()) {
    const MelodyRnnConfig config = melody_rnn_config(name);
    const auto med = make_encoder_decoder(config);
    for (int trial = 0; trial < 20; ++trial) {
      Melody m(random_melody(rng, 0, 128, 64));
      m.squash(config.min_note, config.max_note, config.transpose_to_key);
      for (int e : m.events()) {
        if (e >= 0) {
          ASSERT_GE(e, config.min_note);
          ASSERT_LT(e, config.max_note);
        }
      }
      const EncodedSequence encoded = med->encode(m.events());
      EXPECT_EQ(m.events(), med->decode(m.events().front(), encoded.labels));
    }
  }
}

TEST(Hparams, MagentaOverrideSyntax) {
  // The override both V2 fixtures were trained with (fixtures README §3).
  MelodyRnnHparams h = melody_rnn_config("attention_rnn").hparams;
  apply_hparams(h, "batch_size=64,rnn_layer_sizes=[64,64]");
  EXPECT_EQ(h.batch_size, 64);
  EXPECT_EQ(h.rnn_layer_sizes, (std::vector<int>{64, 64}));
  EXPECT_EQ(h.attn_length, 40);  // untouched values keep the config's
  EXPECT_DOUBLE_EQ(h.clip_norm, 3.0);
  apply_hparams(h, " dropout_keep_prob = 0.75 , learning_rate=1e-4,residual_connections=true, use_cudnn=false");
  EXPECT_DOUBLE_EQ(h.dropout_keep_prob, 0.75);
  EXPECT_DOUBLE_EQ(h.learning_rate, 1e-4);
  EXPECT_TRUE(h.residual_connections);
  apply_hparams(h, "rnn_layer_sizes=[256]");
  EXPECT_EQ(h.rnn_layer_sizes, (std::vector<int>{256}));
}

TEST(Hparams, ToStringRoundTrips) {
  for (const auto& name : melody_rnn_config_names()) {
    MelodyRnnHparams h = melody_rnn_config(name).hparams;
    apply_hparams(h, "learning_rate=0.0031,rnn_layer_sizes=[32,48,64]");
    MelodyRnnHparams back;
    apply_hparams(back, hparams_to_string(h));
    EXPECT_EQ(back, h) << hparams_to_string(h);
  }
}

TEST(Hparams, ErrorsNameTheProblemAndLeaveTheInputUnchanged) {
  const MelodyRnnHparams before = melody_rnn_config("basic_rnn").hparams;
  auto message = [&](const char* text) {
    MelodyRnnHparams h = before;
    try {
      apply_hparams(h, text);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      EXPECT_EQ(h, before) << text;
      return std::string(e.what());
    }
    ADD_FAILURE() << "no error for " << text;
    return std::string();
  };
  EXPECT_NE(message("batch_size=64,rnn_layer_size=[1]").find("unknown hyperparameter \"rnn_layer_size\""),
            std::string::npos);
  EXPECT_NE(message("batch_size=64,rnn_layer_size=[1]").find("column 15"), std::string::npos);
  EXPECT_NE(message("batch_size=sixty").find("needs an integer"), std::string::npos);
  EXPECT_NE(message("rnn_layer_sizes=[64,").find("unclosed"), std::string::npos);
  EXPECT_NE(message("dropout_keep_prob=0").find("(0, 1]"), std::string::npos);
  EXPECT_NE(message("batch_size").find("name=value"), std::string::npos);
  EXPECT_NE(message("rnn_layer_sizes=[64,-1]").find("rnn_layer_sizes=-1 is out of range"), std::string::npos);
}

TEST(Hparams, AbsurdSizesAreRefusedNamingTheHparamAndTheLimits) {
  // Issue 23: these were accepted and then tried to allocate terabytes.
  auto error = [](const std::string& text) {
    MelodyRnnHparams h = melody_rnn_config("attention_rnn").hparams;
    try {
      apply_hparams(h, text);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
      return std::string(e.what());
    }
    ADD_FAILURE() << "no error for " << text;
    return std::string();
  };
  const std::string batch = error("batch_size=100000000");
  EXPECT_NE(batch.find("column 12: batch_size=100000000 is out of range"), std::string::npos) << batch;
  EXPECT_NE(batch.find("batch_size 1..4096"), std::string::npos) << batch;
  EXPECT_NE(batch.find("attn_length 0..4096"), std::string::npos) << batch;  // every limit listed
  EXPECT_NE(error("rnn_layer_sizes=[64,1000000000]").find("column 21: rnn_layer_sizes=1000000000"),
            std::string::npos);
  EXPECT_NE(error("attn_length=1000000000").find("attn_length=1000000000 is out of range"),
            std::string::npos);
  EXPECT_NE(error("batch_size=99999999999999999999999").find("out of range"), std::string::npos);
  EXPECT_NE(error("batch_size=4294967297").find("out of range"), std::string::npos);  // was 1 after a cast
  EXPECT_NE(error("rnn_layer_sizes=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]").find("more than 16 layers"),
            std::string::npos);
  EXPECT_NE(error("learning_rate=1e300").find("learning_rate=1e300 is out of range"), std::string::npos);
  EXPECT_NE(error("clip_norm=1e300").find("clip_norm=1e300"), std::string::npos);
  EXPECT_NE(error("dropout_keep_prob=1.5").find("dropout_keep_prob=1.5"), std::string::npos);

  MelodyRnnHparams largest;
  EXPECT_NO_THROW(
      apply_hparams(largest, "batch_size=4096,attn_length=4096,rnn_layer_sizes=[8192],clip_norm=0"));
}

}  // namespace
}  // namespace stochos::melody
