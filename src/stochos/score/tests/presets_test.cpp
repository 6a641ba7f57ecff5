// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/score/presets.h"

namespace stochos::score {
namespace {

TEST(Presets, RegistryIsSortedAndHoldsTheSpecPresets) {
  const auto& all = builtin_presets();
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const Preset& a, const Preset& b) { return a.name < b.name; }));
  EXPECT_EQ(find_preset("brownian-melody").name, "brownian-melody");
  EXPECT_EQ(find_preset("poisson-rhythm-cloud").name, "poisson-rhythm-cloud");
  for (const auto& p : all) {
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_EQ(p.description.find('\n'), std::string::npos) << p.name;
  }
}

TEST(Presets, UnknownNameSuggestsTheNearest) {
  try {
    find_preset("poisson-rythm-cloud");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(e.message().find("did you mean 'poisson-rhythm-cloud'"), std::string::npos) << e.message();
  }
}

TEST(Presets, SpecPresetsAreMusicalAndReproducible) {
  for (const auto& p : spec_presets()) {
    const auto a = p.compose({.seed = 11});
    const auto b = p.compose({.seed = 11});
    EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString()) << p.name;
    EXPECT_GT(a.notes_size(), 60) << p.name;
    EXPECT_LE(a.total_time(), 180.0) << p.name;
    for (const auto& n : a.notes()) {
      ASSERT_GE(n.pitch(), 24) << p.name;
      ASSERT_LE(n.pitch(), 100) << p.name;
    }
    EXPECT_NO_THROW(notesequence::note_sequence_to_midi(a)) << p.name;
    const auto short_one = p.compose({.seed = 11, .duration_seconds = 10.0});
    for (const auto& n : short_one.notes()) EXPECT_LT(n.start_time(), 10.0) << p.name;
  }
}

}  // namespace
}  // namespace stochos::score
