// SPDX-License-Identifier: GPL-3.0-or-later
// The `synth` and `gendyn` keys of a voice (GENDYN voices rendered by `compose --render`).
#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/spec.h"
#include "stochos/score/tests/spec_test_support.h"
#include "stochos/testing/shared.h"

namespace stochos::score {
namespace {

using test_support::error_of;

std::string voice_with(const std::string& keys) {
  return "duration_seconds = 4\n[[voice]]\nname = \"g\"\nioi_seconds = 0.5\n" + keys;
}

TEST(GendynSpec, ExampleFileHasTwoGendynVoicesAndOneGeneralMidiVoice) {
  const Spec spec = parse_spec_file(testing::source_dir() / "examples/scores/gendyn_voices.toml");
  ASSERT_EQ(spec.voices.size(), 3u);
  EXPECT_EQ(spec.voices[0].synth, VoiceSynth::kGendyn);
  EXPECT_EQ(spec.voices[0].gendyn.durdist, stochastic::GendyDistribution::kLogist);
  EXPECT_DOUBLE_EQ(spec.voices[0].gendyn.spread_semitones, 1.5);
  EXPECT_EQ(spec.voices[1].synth, VoiceSynth::kGendyn);  // its table given as [voice.gendyn]
  EXPECT_EQ(spec.voices[1].gendyn.model, GendynSpec::Model::kGendy3);
  EXPECT_EQ(spec.voices[1].gendyn.ampdist, stochastic::GendyDistribution::kHyperbcos);  // 3
  EXPECT_EQ(spec.voices[1].gendyn.durdist, stochastic::GendyDistribution::kArcsine);
  EXPECT_TRUE(spec.voices[1].gendyn.cubic);
  EXPECT_EQ(spec.voices[1].gendyn.init_cps, 8);
  EXPECT_EQ(spec.voices[2].synth, VoiceSynth::kGeneralMidi);
  // The notes are the same whatever the synth: voice i is instrument i, program kept for MIDI.
  const magenta::NoteSequence ns = evaluate(spec);
  ASSERT_GT(ns.notes_size(), 0);
  bool drone = false;
  for (const auto& n : ns.notes()) drone = drone || (n.instrument() == 0 && n.program() == 89);
  EXPECT_TRUE(drone);
}

TEST(GendynSpec, SynthDefaultsToGeneralMidiAndGendynTableToSuperColliderDefaults) {
  const Spec gm = parse_spec_text(voice_with(""), "piece.toml");
  EXPECT_EQ(gm.voices[0].synth, VoiceSynth::kGeneralMidi);
  const Spec g = parse_spec_text(voice_with("synth = \"gendyn\"\n"), "piece.toml");
  EXPECT_EQ(g.voices[0].synth, VoiceSynth::kGendyn);
  EXPECT_EQ(g.voices[0].gendyn.model, GendynSpec::Model::kGendy1);
  EXPECT_EQ(g.voices[0].gendyn.ampdist, stochastic::GendyDistribution::kCauchy);
  EXPECT_EQ(g.voices[0].gendyn.init_cps, 12);
}

TEST(GendynSpec, MistakesNameTheKeyAndTheNearestValidValue) {
  Error e = error_of(voice_with("synth = \"gendin\"\n"));
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(e.where().context, "voice[g].synth");
  EXPECT_NE(e.message().find("did you mean 'gendyn'"), std::string::npos) << e.message();

  e = error_of(voice_with("gendyn = { model = \"gendy3\" }\n"));
  EXPECT_EQ(e.where().context, "voice[g].gendyn");
  EXPECT_NE(e.message().find("synth = \"gendyn\""), std::string::npos) << e.message();

  e = error_of(voice_with("synth = \"gendyn\"\ngendyn = { modle = \"gendy3\" }\n"));
  EXPECT_EQ(e.where().context, "voice[g].gendyn.modle");
  EXPECT_NE(e.message().find("did you mean 'model'"), std::string::npos) << e.message();

  e = error_of(voice_with("synth = \"gendyn\"\ngendyn = { ampdist = \"cauchi\" }\n"));
  EXPECT_EQ(e.where().context, "voice[g].gendyn.ampdist");
  EXPECT_EQ(e.where().line, 6u);

  e = error_of(voice_with("synth = \"gendyn\"\ngendyn = { ampdist = 7 }\n"));
  EXPECT_EQ(e.where().context, "voice[g].gendyn.ampdist");

  e = error_of(voice_with("synth = \"gendyn\"\ngendyn = { ampscale = 3 }\n"));
  EXPECT_EQ(e.where().context, "voice[g].gendyn.ampscale");

  e = error_of(voice_with("drums = true\nsynth = \"gendyn\"\n"));
  EXPECT_EQ(e.where().context, "voice[g].synth");
}

}  // namespace
}  // namespace stochos::score
