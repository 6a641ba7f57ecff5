// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>

#include "stochos/core/error.h"
#include "stochos/score/transform.h"

namespace stochos::score {
namespace {

magenta::NoteSequence input() {
  magenta::NoteSequence ns;
  ns.set_id("keep-me");
  ns.set_ticks_per_quarter(480);
  ns.add_tempos()->set_qpm(100);
  auto* cc = ns.add_control_changes();
  cc->set_time(1.0);
  cc->set_control_number(64);
  cc->set_control_value(127);
  ns.add_text_annotations()->set_text("hello");
  for (int i = 0; i < 8; ++i) {
    auto* n = ns.add_notes();
    n->set_pitch(60 + i);
    n->set_velocity(80);
    n->set_start_time(i * 0.5);
    n->set_end_time(i * 0.5 + 0.25);
    n->set_program(5);
    n->set_instrument(2);
    n->set_voice(3);
  }
  ns.mutable_notes(7)->set_is_drum(true);
  ns.set_total_time(3.75);
  return ns;
}

TEST(Transform, PitchOffsetsChangeOnlyPitches) {
  const auto in = input();
  TransformOptions o;
  o.pitch = "cycle([1, -2])";
  const auto out = transform(in, o);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(out.notes(i).pitch(), in.notes(i).pitch() + (i % 2 == 0 ? 1 : -2));
  EXPECT_EQ(out.notes(7).pitch(), in.notes(7).pitch());  // drums keep their instrument
  // Everything else is untouched: compare with the pitches put back.
  auto restored = out;
  for (int i = 0; i < 8; ++i) restored.mutable_notes(i)->set_pitch(in.notes(i).pitch());
  EXPECT_EQ(restored.SerializeAsString(), in.SerializeAsString());
}

TEST(Transform, DurationTimingVelocityAndProgramFollowCurvesAtEachStart) {
  TransformOptions o;
  o.duration = "2";
  o.timing = "time() * 0.5";  // a 50 % stretch
  o.velocity = "curve([0, 0], [3.5, 40])";
  o.program = "40";
  const auto out = transform(input(), o);
  for (int i = 0; i < 8; ++i) {
    const double t = i * 0.5;
    EXPECT_DOUBLE_EQ(out.notes(i).start_time(), t * 1.5);
    EXPECT_DOUBLE_EQ(out.notes(i).end_time(), t * 1.5 + 0.5);
    EXPECT_EQ(out.notes(i).velocity(), std::min(127L, 80 + std::lround(40 * t / 3.5)));
    EXPECT_EQ(out.notes(i).program(), i == 7 ? 5 : 40);
    EXPECT_EQ(out.notes(i).voice(), 3);
  }
  EXPECT_DOUBLE_EQ(out.total_time(), 3.5 * 1.5 + 0.5);
  EXPECT_EQ(out.control_changes(0).time(), 1.0);
  EXPECT_EQ(out.id(), "keep-me");
  EXPECT_EQ(out.text_annotations(0).text(), "hello");
}

TEST(Transform, ResultsAreClampedToMidiRanges) {
  TransformOptions o;
  o.pitch = "100";
  o.velocity = "-500";
  o.timing = "-10";
  const auto out = transform(input(), o);
  EXPECT_EQ(out.notes(0).pitch(), 127);
  EXPECT_EQ(out.notes(0).velocity(), 1);
  EXPECT_EQ(out.notes(3).start_time(), 0.0);
}

TEST(Transform, SameSeedSameResultAndRandomCurvesDiffer) {
  TransformOptions o;
  o.pitch = "brownian(step=1, lo=-5, hi=5)";
  o.seed = 3;
  EXPECT_EQ(transform(input(), o).SerializeAsString(), transform(input(), o).SerializeAsString());
  o.pitch = "round(uniform(-12, 12))";
  auto other = o;
  other.seed = 4;
  EXPECT_NE(transform(input(), o).SerializeAsString(), transform(input(), other).SerializeAsString());
}

TEST(Transform, BadExpressionsAndFactorsAreUsageErrorsNamingTheOption) {
  TransformOptions o;
  o.velocity = "uniform(0, 1";
  try {
    transform(input(), o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(e.message().find("--velocity"), std::string::npos);
    EXPECT_EQ(e.where().column, 13u);
  }
  TransformOptions zero;
  zero.duration = "0";
  EXPECT_THROW(transform(input(), zero), Error);
}

}  // namespace
}  // namespace stochos::score
