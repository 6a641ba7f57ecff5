// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos melody generate --key / --sieve / --chords` end to end with the shipped bundles
// (data/models: one-hot, lookback and attention encodings), each output read back by
// check_constrained_midi.py with mido, which knows the allowed sets written out by hand. The
// primer D F A Bb squashes into C major by -5 semitones, so a mask that forgot the
// transposition would let notes outside D minor through.
#include <gtest/gtest.h>

#include "stochos/testing/shared.h"

namespace stochos::rnn {
namespace {

using testing::shell_quote;

constexpr const char* kPrimer = "\"[62, -2, 65, -2, 69, -2, 70]\"";  // generation starts at step 8
constexpr const char* kDMinor = "2,4,5,7,9,10,0";
// "Dm Gm A7 Dm", a bar each.
constexpr const char* kChordTones = "2,5,9:16;7,10,2:16;9,1,4,7:16;2,5,9:16";

testing::CommandResult stochos(const std::string& args) {
  return testing::run_command(shell_quote(testing::cli_path().string()) + " " + args);
}

std::string bundle(const std::string& name) {
  return shell_quote((testing::source_dir() / "data/models" / (name + ".mag")).string());
}

// Runs the independent checker on one output; returns its report.
testing::CommandResult check(const std::filesystem::path& midi, const std::string& flags) {
  const auto script = testing::source_dir() / "src/stochos/rnn/tests/check_constrained_midi.py";
  return testing::run_command("/usr/bin/python3 " + shell_quote(script.string()) + " " +
                              shell_quote(midi.string()) + " --primer-steps 8 " + flags);
}

class ConstrainedGenerateCli : public ::testing::TestWithParam<std::string> {
 protected:
  // Generates three outputs with `constraints` and checks each with `checker_flags`.
  void generate_and_check(const std::string& constraints, const std::string& checker_flags,
                          const std::string& primer = kPrimer,
                          const std::string& search = "--beam_size 2 --branch_factor 2") {
    testing::TempDir out;
    const auto r = stochos("melody generate --bundle_file " + bundle(GetParam()) + " --output_dir " +
                           shell_quote(out.path().string()) + " --num_outputs 3 --num_steps 128 --seed 7 " +
                           search + " --name_prefix c --primer_melody " + primer + " " + constraints);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    int generated_notes = 0;
    for (const char* name : {"c_1.mid", "c_2.mid", "c_3.mid"}) {
      const auto checked = check(out.path() / name, checker_flags);
      EXPECT_EQ(checked.exit_code, 0) << name << ":\n" << checked.out << checked.err;
      ASSERT_EQ(checked.out.rfind("ok: ", 0), 0u) << checked.out;
      generated_notes += std::stoi(checked.out.substr(4));
    }
    // An output may rest throughout (a legitimate draw), but not all of them.
    EXPECT_GE(generated_notes, 10) << "too few generated notes to check";
  }
};

TEST_P(ConstrainedGenerateCli, KeyKeepsEveryGeneratedNoteInDMinor) {
  generate_and_check("--key \"D minor\"", std::string("--pitch-classes ") + kDMinor);
  // An E major primer is squashed down 4 semitones: D minor in the model's key would be
  // heard as F# minor, which shares only three pitch classes with D minor. (Sampled without
  // a beam: D minor is so unlikely after E major that the beam's best choice is to rest.)
  generate_and_check("--key \"D minor\"", std::string("--pitch-classes ") + kDMinor,
                     "\"[64, -2, 68, -2, 71, -2, 73]\"", "--beam_size 1");
}

TEST_P(ConstrainedGenerateCli, SieveKeepsEveryGeneratedNoteOnTheSieve) {
  generate_and_check("--sieve \"5@0|7@3|12@2\"", "--sieve \"p % 5 == 0 or p % 7 == 3 or p % 12 == 2\"");
}

TEST_P(ConstrainedGenerateCli, ChordsPutChordTonesOnEveryStrongBeat) {
  generate_and_check("--chords \"Dm Gm A7 Dm\"", std::string("--chords \"") + kChordTones + "\"");
}

TEST_P(ConstrainedGenerateCli, KeySieveAndChordsCombine) {
  generate_and_check("--key \"D minor\" --sieve \"5@0|7@3|12@2|12@9\" --chords \"Dm Gm A7 Dm\"",
                     std::string("--pitch-classes ") + kDMinor +
                         " --sieve \"p % 5 == 0 or p % 7 == 3 or p % 12 == 2 or p % 12 == 9\" --chords \"" +
                         kChordTones + "\"");
}

INSTANTIATE_TEST_SUITE_P(Bundles, ConstrainedGenerateCli,
                         ::testing::Values("basic_rnn_mozart", "lookback_rnn_mozart",
                                           "attention_rnn_mozart"));

TEST(ConstrainedGenerateCliErrors, ImpossibleOrMalformedConstraintsExitTwoBeforeWritingAnything) {
  testing::TempDir out;
  const auto dir = out.path() / "outputs";
  const std::string base = "melody generate --bundle_file " + bundle("basic_rnn_mozart") + " --output_dir " +
                           shell_quote(dir.string()) + " --num_outputs 1 ";
  struct Case {
    std::string flags, message;
  };
  for (const Case& c : std::vector<Case>{
           {"--key \"C major\" --sieve \"12@1|12@6\"", "allow no pitch in MIDI 48..83"},
           {"--key \"C major\" --chords \"C F#\"", "chord \"F#\" at bar 2, beat 1 has no tone"},
           {"--key \"D mnor\"", "key \"D mnor\": unknown mode \"mnor\""},
           {"--scale \"0,2,13\"", "pitch class 13 is outside 0-11"},
           {"--chords \"C G | Am\"", "bar lines"},
           {"--sieve \"3@0|(4@1\"", "column"},
           {"--sieve \"128@40\"", "allow no pitch"},  // below basic_rnn's range
       }) {
    const auto r = stochos(base + c.flags);
    EXPECT_EQ(r.exit_code, 2) << c.flags << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.flags << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir)) << c.flags;
  }
  // The primer's transposition moves what is reachable: D F A Bb is squashed down 5
  // semitones, so basic_rnn's 48..83 is heard as 53..88 and the one pitch 50 is out of reach.
  const auto r = stochos(base + "--primer_melody " + kPrimer + " --sieve \"128@50\"");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("allow no pitch in MIDI 53..88"), std::string::npos) << r.err;
  EXPECT_EQ(stochos(base + "--sieve \"128@50\"").exit_code, 0);  // a middle-C primer is not moved
}

}  // namespace
}  // namespace stochos::rnn
