// SPDX-License-Identifier: GPL-3.0-or-later
// Generation constraints (generation_constraints.h) on freshly initialised models of every
// config. The expectations come from an oracle that writes the sets out by hand (D minor as
// pitch classes, the sieve as arithmetic, the chords per step) instead of parsing them:
// the mask allows a class iff the event it decodes to is allowed for the heard pitch;
// sampling follows the renormalised distribution (chi-square); beam search never emits a
// masked event and scores by the renormalised distribution; impossible constraints are
// usage errors up front.
#include "stochos/rnn/generation_constraints.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/event_generation.h"
#include "stochos/rnn/inference.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {
namespace {

constexpr int NO_EVENT = -2;
constexpr int NOTE_OFF = -1;

melody::MelodyRnnConfig small_config(const std::string& name) {
  auto config = melody::melody_rnn_config(name);
  melody::apply_hparams(config.hparams, "rnn_layer_sizes=[24,16]");
  if (config.hparams.attn_length > 0) config.hparams.attn_length = 5;
  return config;
}

// Output weights scaled up so that the model's distribution is far from uniform.
MelodyRnnWeights skewed_weights(const melody::MelodyRnnConfig& config, std::uint64_t seed) {
  MelodyRnnWeights weights = initial_weights(config, seed);
  for (float& w : weights.output.kernel) w *= 8.0f;
  return weights;
}

// The rules of generation_constraints.h with the sets written out.
struct Oracle {
  int transposition = 3;  // model pitch = heard pitch + 3
  std::size_t primer_length = 8;
  bool sieve = true;  // "5@0|7@3|12@2"
  int chords = 1;     // 0: none; 1: "Dm:2 A7:2"; 2: "Dm"

  static bool in_d_minor(int heard) { return std::set<int>{2, 4, 5, 7, 9, 10, 0}.count(heard % 12) > 0; }
  // Chord tones at a strong beat (every 8 steps of a 16-step bar), or none.
  std::optional<std::set<int>> chord_at(std::size_t step) const {
    if (chords == 0 || step % 8 != 0) return std::nullopt;
    if (chords == 2 || step % 16 == 0) return std::set<int>{2, 5, 9};
    return std::set<int>{9, 1, 4, 7};
  }
  bool allows(const std::vector<int>& events, int event) const {
    if (events.size() < primer_length || event == NOTE_OFF) return true;
    const auto tones = chord_at(events.size());
    if (event == NO_EVENT) {
      if (!tones) return true;
      int sounding = NOTE_OFF;
      for (int e : events) {
        if (e != NO_EVENT) sounding = e;
      }
      return sounding == NOTE_OFF || tones->count((sounding - transposition) % 12) > 0;
    }
    const int heard = event - transposition;
    if (!in_d_minor(heard)) return false;
    if (sieve && !(heard % 5 == 0 || heard % 7 == 3 || heard % 12 == 2)) return false;
    return !tones || tones->count(heard % 12) > 0;
  }
  GenerationConstraintOptions options() const {
    GenerationConstraintOptions o;
    o.key = "D minor";
    if (sieve) o.sieve = "5@0|7@3|12@2";
    if (chords == 1) o.chords = "Dm:2 A7:2";
    if (chords == 2) o.chords = "Dm";
    return o;
  }
  ConstraintFrame frame(std::size_t num_events) const {
    ConstraintFrame f;
    f.transposition = transposition;
    f.primer_length = primer_length;
    f.num_events = num_events;
    return f;
  }
};

// Wilson-Hilferty approximation of the chi-square quantile at standard-normal quantile z.
double chi_square_quantile(int df, double z) {
  const double a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + z * std::sqrt(a), 3.0);
}

// Pearson's statistic of `counts` against probabilities `expected` (bins with fewer than 5
// expected draws pooled into one); returns {statistic, degrees of freedom}.
std::pair<double, int> chi_square(const std::map<int, long>& counts, const std::map<int, double>& expected,
                                  long n) {
  double statistic = 0, pooled_expected = 0, pooled_count = 0;
  int bins = 0;
  for (const auto& [key, p] : expected) {
    const double e = p * static_cast<double>(n);
    const double o = counts.count(key) ? static_cast<double>(counts.at(key)) : 0.0;
    if (e < 5) {
      pooled_expected += e, pooled_count += o;
      continue;
    }
    statistic += (o - e) * (o - e) / e;
    ++bins;
  }
  if (pooled_expected > 0) {
    statistic += (pooled_count - pooled_expected) * (pooled_count - pooled_expected) / pooled_expected;
    ++bins;
  }
  return {statistic, bins - 1};
}

class ConstrainedConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(ConstrainedConfig, AClassIsAllowedIffItsDecodedHeardEventIsAllowed) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  const Oracle oracle;
  const GenerationConstraints constraints(oracle.options(), oracle.frame(80));
  std::mt19937_64 random(4);
  std::vector<std::uint8_t> allowed;
  int allowed_count = 0, masked_count = 0, repeats_checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<int> events;
    const std::size_t length = oracle.primer_length + random() % 60;
    for (std::size_t i = 0; i < length; ++i) {
      const int r = static_cast<int>(random() % 40);
      events.push_back(r < 3 ? NO_EVENT : r < 4 ? NOTE_OFF : 48 + r - 4);
    }
    constraints.allowed_classes(*encoder, events, allowed);
    ASSERT_EQ(allowed.size(), static_cast<std::size_t>(encoder->num_classes()));
    for (int c = 0; c < encoder->num_classes(); ++c) {
      const int event = encoder->class_index_to_event(c, events);
      ASSERT_EQ(allowed[static_cast<std::size_t>(c)] != 0, oracle.allows(events, event))
          << "class " << c << " (event " << event << ") after " << events.size() << " events";
      (allowed[static_cast<std::size_t>(c)] ? allowed_count : masked_count)++;
      if (c >= 38 && event >= 0) ++repeats_checked;  // lookback/key encodings' repeat classes
    }
  }
  EXPECT_GT(allowed_count, 1000);
  EXPECT_GT(masked_count, 1000);
  if (config.encoder != melody::EncoderKind::kOneHot) {
    EXPECT_GT(repeats_checked, 100);
  }
}

TEST(GenerationConstraints, ARepeatClassIsMaskedWhenTheEventItRepeatsIsNot) {
  for (const char* name : {"lookback_rnn", "attention_rnn"}) {  // the encodings with repeat classes
    const auto encoder = melody::make_encoder_decoder(small_config(name));
    Oracle oracle;
    oracle.sieve = false;
    oracle.chords = 0;
    const GenerationConstraints constraints(oracle.options(), oracle.frame(64));
    // 20 events; the one 16 back is model pitch 57 = heard 54 (F#, not in D minor), then
    // model 53 = heard 50 (D).
    std::vector<int> events(20, NO_EVENT);
    events[4] = 57;
    std::vector<std::uint8_t> allowed;
    constraints.allowed_classes(*encoder, events, allowed);
    const int repeat_one_bar = encoder->num_classes() - 2;
    ASSERT_EQ(encoder->class_index_to_event(repeat_one_bar, events), 57) << name;
    EXPECT_EQ(allowed[static_cast<std::size_t>(repeat_one_bar)], 0) << name;
    events[4] = 53;
    constraints.allowed_classes(*encoder, events, allowed);
    EXPECT_EQ(allowed[static_cast<std::size_t>(repeat_one_bar)], 1) << name;
  }
}

TEST(GenerationConstraints, TranspositionMovesTheMaskWithThePrimer) {
  const auto encoder =
      melody::make_encoder_decoder(melody::melody_rnn_config("basic_rnn"));  // class = 2 + p - 48
  GenerationConstraintOptions only_50;
  only_50.sieve = "128@50";
  const std::vector<int> events = {60, NO_EVENT};
  for (int transposition : {0, 5, -2}) {
    ConstraintFrame frame;
    frame.transposition = transposition;
    frame.primer_length = 2;
    frame.num_events = 16;
    const GenerationConstraints constraints(only_50, frame);
    EXPECT_EQ(constraints.playable_pitches(), std::vector<int>{50});
    std::vector<std::uint8_t> allowed;
    constraints.allowed_classes(*encoder, events, allowed);
    std::vector<int> allowed_classes;
    for (std::size_t c = 0; c < allowed.size(); ++c) {
      if (allowed[c]) allowed_classes.push_back(static_cast<int>(c));
    }
    EXPECT_EQ(allowed_classes, (std::vector<int>{0, 1, 2 + 50 + transposition - 48})) << transposition;
  }
  ConstraintFrame far;
  far.transposition = -10;  // the model's 48..83 is heard as 58..93
  far.primer_length = 2;
  far.num_events = 16;
  try {
    GenerationConstraints constraints(only_50, far);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("allow no pitch in MIDI 58..93"), std::string::npos) << e.what();
  }
}

TEST(GenerationConstraints, ImpossibleConstraintsAreUsageErrorsBeforeGenerating) {
  auto error = [](GenerationConstraintOptions options, std::size_t primer_length, std::size_t num_events) {
    ConstraintFrame frame;
    frame.primer_length = primer_length;
    frame.num_events = num_events;
    try {
      GenerationConstraints constraints(options, frame);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
      return std::string(e.what());
    }
    return std::string();
  };
  GenerationConstraintOptions o;
  o.key = "C major";
  o.sieve = "12@1|12@3";
  EXPECT_NE(error(o, 1, 64).find("(key \"C major\", sieve \"12@1|12@3\") allow no pitch in MIDI 48..83"),
            std::string::npos);
  o.sieve.reset();
  o.chords = "C F#";
  EXPECT_NE(error(o, 1, 64).find("chord \"F#\" at bar 2, beat 1 has no tone (C# F# A#)"), std::string::npos)
      << error(o, 1, 64);
  EXPECT_EQ(error(o, 1, 16), "");   // the F# bar is never generated
  EXPECT_EQ(error(o, 20, 24), "");  // steps 20-23 hold no strong beat
  o.chords = "C N.C.";
  EXPECT_EQ(error(o, 1, 64), "");
  o.key = "C mjor";
  EXPECT_NE(error(o, 1, 64).find("key \"C mjor\": unknown mode"), std::string::npos);
  o.key.reset();
  o.sieve = "12@0|(3@1";
  EXPECT_NE(error(o, 1, 64).find("column"), std::string::npos);
}

TEST(GenerationConstraints, SampledClassesFollowTheRenormalisedDistribution) {
  // A fixed logit vector and mask; 200,000 draws with the sampler generation uses.
  const std::vector<float> logits = {1.5f, 3.0f, -0.5f, 0.0f, 2.5f, 0.7f, 4.0f, -1.0f, 1.0f, 2.0f};
  const std::vector<std::uint8_t> mask = {1, 0, 1, 1, 0, 1, 0, 1, 1, 1};
  const double temperature = 0.8;
  std::vector<float> probabilities = logits;
  masked_softmax(probabilities, mask, temperature, "test");
  double total = 0;
  std::map<int, double> expected;
  for (std::size_t c = 0; c < logits.size(); ++c) {
    if (mask[c]) total += std::exp(logits[c] / temperature);
  }
  for (std::size_t c = 0; c < logits.size(); ++c) {
    const double p = mask[c] ? std::exp(logits[c] / temperature) / total : 0.0;
    EXPECT_NEAR(probabilities[c], p, 1e-6) << c;
    if (mask[c]) expected[static_cast<int>(c)] = p;
  }
  const melody::OneHotEventSequenceEncoderDecoder encoder(
      std::make_shared<melody::MelodyOneHotEncoding>(60, 68));
  ASSERT_EQ(encoder.num_classes(), 10);
  core::Rng rng(2024);
  std::map<int, long> counts;
  const long n = 200000;
  std::vector<int> events = {60};
  for (long i = 0; i < n; ++i) {
    ++counts[encoder.extend_event_sequence(events, probabilities, rng)];
    events.pop_back();
  }
  for (std::size_t c = 0; c < mask.size(); ++c) {
    if (!mask[c]) {
      EXPECT_EQ(counts.count(static_cast<int>(c)), 0u) << "masked class " << c << " drawn";
    }
  }
  // Upper tail 5e-4 (z = 3.29); a fixed seed makes the outcome reproducible.
  const auto [statistic, df] = chi_square(counts, expected, n);
  EXPECT_EQ(df, 6);
  EXPECT_LT(statistic, chi_square_quantile(df, 3.29));
  // Nothing may be left: every class masked is a clear internal error, not NaNs.
  std::vector<float> row = logits;
  EXPECT_THROW(masked_softmax(row, std::vector<std::uint8_t>(10, 0), 1.0, "test"), Error);
}

TEST_P(ConstrainedConfig, ConstrainedGenerationSamplesTheRenormalisedModelDistribution) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference model(skewed_weights(config, 21));
  // The primer ends on a held model 67 = heard E, not a Dm tone: at the strong beat (step 8)
  // a no-event is masked too; at step 9 (weak) only the key applies.
  for (const std::vector<int>& primer :
       {std::vector<int>{62, NO_EVENT, 65, NO_EVENT, 69, NO_EVENT, 67, NO_EVENT},
        std::vector<int>{62, NO_EVENT, 65, NO_EVENT, 69, NO_EVENT, 67, NO_EVENT, 60}}) {
    Oracle oracle;
    oracle.primer_length = primer.size();
    oracle.sieve = false;
    oracle.chords = 2;
    const GenerationConstraints constraints(oracle.options(), oracle.frame(primer.size() + 1));
    // The expected distribution of the next event, from the model's logits by hand.
    model.reset(1);
    std::vector<float> input(static_cast<std::size_t>(encoder->input_size()));
    std::vector<float> logits(static_cast<std::size_t>(encoder->num_classes()));
    for (std::size_t i = 0; i < primer.size(); ++i) {
      encoder->events_to_input(primer, i, input);
      model.step(input, logits);
    }
    std::map<int, double> expected;
    double total = 0;
    for (int c = 0; c < encoder->num_classes(); ++c) {
      const int event = encoder->class_index_to_event(c, primer);
      if (!oracle.allows(primer, event)) continue;
      const double w = std::exp(static_cast<double>(logits[static_cast<std::size_t>(c)]));
      expected[event] += w;
      total += w;
    }
    for (auto& [event, p] : expected) p /= total;
    ASSERT_GT(expected.size(), 2u);
    EXPECT_EQ(expected.count(NO_EVENT), primer.size() == 8 ? 0u : 1u);
    core::Rng rng(77);
    BeamSearchOptions options;
    options.num_steps = static_cast<int>(primer.size()) + 1;
    std::map<int, long> counts;
    const long n = 20000;
    for (long i = 0; i < n; ++i) {
      const auto generated = generate_events(model, *encoder, primer, options, rng, &constraints);
      const int event = generated.events.back();
      ASSERT_TRUE(expected.count(event)) << "masked event " << event << " drawn";
      ++counts[event];
    }
    const auto [statistic, df] = chi_square(counts, expected, n);
    EXPECT_LT(statistic, chi_square_quantile(df, 3.29)) << df << " degrees of freedom";
  }
}

TEST_P(ConstrainedConfig, BeamSearchNeverEmitsAMaskedEventAndScoresTheRenormalisedDistribution) {
  const auto config = small_config(GetParam());
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnInference model(skewed_weights(config, 5));
  const std::vector<int> primer = {62,       NO_EVENT, 66, NO_EVENT, 61,
                                   NO_EVENT, 70,       71, NO_EVENT};  // off the key
  Oracle oracle;
  oracle.primer_length = primer.size();
  const int num_steps = 80;
  const GenerationConstraints constraints(oracle.options(), oracle.frame(num_steps));
  auto violations = [&](const std::vector<int>& events) {
    int bad = 0;
    for (std::size_t i = primer.size(); i < events.size(); ++i) {
      bad +=
          !oracle.allows(std::vector<int>(events.begin(), events.begin() + static_cast<long>(i)), events[i]);
    }
    return bad;
  };
  int unconstrained_violations = 0;
  for (const auto& [beam, branch, per_iteration] :
       std::vector<std::tuple<int, int, int>>{{1, 1, 1}, {3, 2, 4}, {4, 1, 1}, {2, 3, 2}}) {
    BeamSearchOptions options;
    options.num_steps = num_steps;
    options.beam_size = beam;
    options.branch_factor = branch;
    options.steps_per_iteration = per_iteration;
    options.temperature = 1.3;
    core::Rng rng(static_cast<std::uint64_t>(beam * 100 + branch));
    const auto generated = generate_events(model, *encoder, primer, options, rng, &constraints);
    ASSERT_EQ(generated.events.size(), static_cast<std::size_t>(num_steps));
    EXPECT_TRUE(std::equal(primer.begin(), primer.end(), generated.events.begin()));
    EXPECT_EQ(violations(generated.events), 0) << "beam " << beam << " branch " << branch;
    core::Rng free_rng(static_cast<std::uint64_t>(beam * 100 + branch));
    unconstrained_violations +=
        violations(generate_events(model, *encoder, primer, options, free_rng).events);

    // The score: the primer's events under the model, each generated one under the model's
    // distribution renormalised over what the oracle allows (at the sampling temperature).
    const auto& events = generated.events;
    model.reset(1);
    std::vector<float> input(static_cast<std::size_t>(encoder->input_size()));
    std::vector<float> logits(static_cast<std::size_t>(encoder->num_classes()));
    double expected = 0;
    for (std::size_t i = 0; i + 1 < events.size(); ++i) {
      encoder->events_to_input(events, i, input);
      model.step(input, logits);
      const std::vector<int> history(events.begin(), events.begin() + static_cast<long>(i) + 1);
      double total = 0;
      for (int c = 0; c < encoder->num_classes(); ++c) {
        if (i + 1 < primer.size() || oracle.allows(history, encoder->class_index_to_event(c, history))) {
          total += std::exp(logits[static_cast<std::size_t>(c)] / options.temperature);
        }
      }
      const int label = encoder->events_to_label(events, i + 1);
      expected += logits[static_cast<std::size_t>(label)] / options.temperature - std::log(total);
    }
    EXPECT_NEAR(generated.log_likelihood, expected, 1e-4 * std::abs(expected)) << "beam " << beam;
  }
  EXPECT_GT(unconstrained_violations, 10);  // the mask has work to do
}

INSTANTIATE_TEST_SUITE_P(Configs, ConstrainedConfig,
                         ::testing::Values("basic_rnn", "lookback_rnn", "attention_rnn"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace stochos::rnn
