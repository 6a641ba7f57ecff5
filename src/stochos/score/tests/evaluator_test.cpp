// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <set>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/score/evaluator.h"
#include "stochos/testing/shared.h"

namespace stochos::score {
namespace {

std::string midi_bytes(const magenta::NoteSequence& ns) {
  testing::TempDir dir;
  notesequence::note_sequence_to_midi_file(ns, dir / "x.mid");
  const auto bytes = core::read_file(dir / "x.mid");
  return std::string(bytes.begin(), bytes.end());
}

Spec example() { return parse_spec_file(testing::source_dir() / "examples/scores/brownian_sieve.toml"); }

std::vector<std::string> notes_of(const magenta::NoteSequence& ns, int instrument) {
  std::vector<std::string> out;
  for (const auto& n : ns.notes())
    if (n.instrument() == instrument) out.push_back(n.ShortDebugString());
  return out;
}

TEST(Evaluator, ExampleWithFixedSeedGivesByteIdenticalMidiAcrossRuns) {
  const auto a = evaluate(example(), {.seed = 42});
  const auto b = evaluate(example(), {.seed = 42});
  EXPECT_GT(a.notes_size(), 50);
  EXPECT_EQ(midi_bytes(a), midi_bytes(b));
  EXPECT_NE(midi_bytes(a), midi_bytes(evaluate(example(), {.seed = 43})));
}

TEST(Evaluator, EditingOneVoiceLeavesTheOtherVoiceIdentical) {
  Spec edited = example();
  edited.voices[0].pitch.expression = "choice([60, 72])";
  edited.voices[0].velocity.expression = "100";
  const auto a = evaluate(example(), {.seed = 5});
  const auto b = evaluate(edited, {.seed = 5});
  EXPECT_EQ(notes_of(a, 1), notes_of(b, 1));
  EXPECT_NE(notes_of(a, 0), notes_of(b, 0));
}

TEST(Evaluator, SequenceCarriesTempoSignatureInstrumentsProgramsAndPan) {
  const auto ns = evaluate(example());
  ASSERT_EQ(ns.tempos_size(), 1);
  EXPECT_EQ(ns.tempos(0).qpm(), 84);
  EXPECT_EQ(ns.time_signatures(0).numerator(), 4);
  ASSERT_EQ(ns.instrument_infos_size(), 2);
  EXPECT_EQ(ns.instrument_infos(1).name(), "pizzicato");
  std::set<int> pans;
  for (const auto& cc : ns.control_changes()) {
    EXPECT_EQ(cc.control_number(), 10);
    pans.insert(cc.control_value());
  }
  EXPECT_TRUE(pans.count(30));
  for (const auto& n : ns.notes()) {
    EXPECT_EQ(n.program(), n.instrument() == 0 ? 73 : 45);
    EXPECT_GE(n.pitch(), 36);
    EXPECT_LE(n.pitch(), 100);
    EXPECT_GE(n.velocity(), 1);
    if (n.instrument() == 1) {
      EXPECT_LT(n.start_time(), 30.0);  // plays in "rise" only
    }
    EXPECT_LT(n.start_time(), 45.0);
  }
}

TEST(Evaluator, RangePoliciesClampDropOrRefuse) {
  Spec spec = parse_spec_text("duration_seconds = 2\n[[voice]]\nioi_seconds = 0.5\npitch = 'cycle([50, 70])'\nrange = [55, 65]\n",
                              "r.toml");
  auto ns = evaluate(spec);
  ASSERT_EQ(ns.notes_size(), 4);
  EXPECT_EQ(ns.notes(0).pitch(), 55);
  EXPECT_EQ(ns.notes(1).pitch(), 65);
  spec.voices[0].range_policy = RangePolicy::kDrop;
  EXPECT_EQ(evaluate(spec).notes_size(), 0);
  spec.voices[0].range_policy = RangePolicy::kRefuse;
  try {
    evaluate(spec);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.where().context, "voice[voice1].pitch");
    EXPECT_NE(e.message().find("outside"), std::string::npos);
  }
}

TEST(Evaluator, DurationOverrideAndTimbreProgramChanges) {
  const Spec spec = parse_spec_text(
      "duration_seconds = 100\n[[voice]]\nioi_seconds = 1\ntimbre = 'cycle([0, 40])'\n", "t.toml");
  const auto ns = evaluate(spec, {.duration_seconds = 4.0});
  ASSERT_EQ(ns.notes_size(), 4);
  EXPECT_EQ(ns.notes(0).program(), 0);
  EXPECT_EQ(ns.notes(1).program(), 40);
}

TEST(Evaluator, TooManyNotesAreRefusedBeforeTheyAreMade) {
  const Spec spec = parse_spec_text("duration_seconds = 86400\n[[voice]]\nioi_seconds = 0.001\n", "dense.toml");
  try {
    evaluate(spec, {.max_notes = 1000});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "unbounded");
  }
  EXPECT_THROW(evaluate(spec, {.duration_seconds = 1e9}), Error);
}

TEST(Evaluator, NonPositiveInterOnsetTimeIsRefusedWithTheKey) {
  const Spec spec = parse_spec_text("duration_seconds = 10\n[[voice]]\nioi_seconds = 'cycle([1, 0])'\n", "z.toml");
  try {
    evaluate(spec);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().context, "voice[voice1].ioi_seconds");
    EXPECT_EQ(e.where().line, 3u);
  }
}

}  // namespace
}  // namespace stochos::score
