// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos compose` and `stochos transform` as a user runs them: output, files, exit codes.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "stochos/core/file_io.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/score/presets.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/musicxml_reader.h"
#include "stochos/scoreio/notation.h"
#include "stochos/testing/shared.h"

namespace stochos {
namespace {

using testing::run_command;
using testing::shell_quote;

std::string cli() { return shell_quote(testing::cli_path().string()); }
std::string example() {
  return shell_quote((testing::source_dir() / "examples/scores/brownian_sieve.toml").string());
}

TEST(ComposeCli, ListPresetsPrintsOneANameFirstSorted) {
  const auto r = run_command(cli() + " compose --list-presets");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> names;
  while (std::getline(lines, line)) {
    ASSERT_TRUE(std::regex_match(line, std::regex("[a-z0-9-]+  \\S.*"))) << line;
    names.push_back(line.substr(0, line.find(' ')));
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names.size(), score::builtin_presets().size());
  EXPECT_NE(std::find(names.begin(), names.end(), "brownian-melody"), names.end());
}

TEST(ComposeCli, SpecWithDefaultSeedPrintsItAndIsByteIdenticalAcrossRuns) {
  testing::TempDir dir;
  const auto a = dir / "a.mid";
  const auto b = dir / "b.mid";
  const auto r1 = run_command(cli() + " compose " + example() + " -o " + shell_quote(a.string()) + " --ns " +
                              shell_quote((dir / "a.ns").string()));
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_NE(r1.out.find("seed 1955"), std::string::npos) << r1.out;
  const auto r2 = run_command(cli() + " compose " + example() + " -o " + shell_quote(b.string()) + " --seed 1955");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(core::read_file(a), core::read_file(b));
  EXPECT_GT(notesequence::read_sequence_file(dir / "a.ns").notes_size(), 10);
  const auto r3 = run_command(cli() + " compose " + example() + " -o " + shell_quote(b.string()) + " --seed 2");
  ASSERT_EQ(r3.exit_code, 0) << r3.err;
  EXPECT_NE(core::read_file(a), core::read_file(b));
}

TEST(ComposeCli, DurationOverrideShortensThePiece) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " compose " + example() + " --duration 5 -o " + shell_quote((dir / "x.mid").string()) +
                             " --ns " + shell_quote((dir / "x.ns").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto sequence = notesequence::read_sequence_file(dir / "x.ns");
  for (const auto& n : sequence.notes()) EXPECT_LT(n.start_time(), 5.0);
}

TEST(ComposeCli, PresetWritesMidi) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " compose --preset poisson-rhythm-cloud --duration 10 -o " +
                             shell_quote((dir / "p.mid").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "p.mid"));
}

TEST(ComposeCli, UnknownPresetIsAUsageErrorWithASuggestion) {
  const auto r = run_command(cli() + " compose --preset brownian-melodie -o /tmp/never.mid");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'brownian-melody'"), std::string::npos) << r.err;
}

TEST(ComposeCli, BadSpecIsBadInputWithFileLineAndColumn) {
  testing::TempDir dir;
  core::write_file_atomically(dir / "bad.toml", "duration_seconds = 10\n[[voice]]\nioi_seconds = 0.5\npitch = \"brownain(start=60)\"\n");
  const auto r = run_command(cli() + " compose " + shell_quote((dir / "bad.toml").string()) + " -o " +
                             shell_quote((dir / "x.mid").string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("bad.toml: line 4, column 10 (voice[voice1].pitch)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("brownian"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.mid"));
}

TEST(ComposeCli, MissingSpecIsAnIoErrorAndNoArgumentsAUsageError) {
  EXPECT_EQ(run_command(cli() + " compose /nonexistent.toml -o /tmp/never.mid").exit_code, 4);
  EXPECT_EQ(run_command(cli() + " compose -o /tmp/never.mid").exit_code, 2);
}

TEST(ComposeCli, MusicXmlFlagWritesNotationBesideTheMidiThatReadsBackWithTheSameNotes) {
  testing::TempDir dir;
  const std::string base = cli() + " compose " + example() + " --duration 8 -o " + shell_quote((dir / "x.mid").string()) +
                           " --ns " + shell_quote((dir / "x.ns").string());
  for (const char* name : {"x.musicxml", "x.mxl", "x.abc"}) {
    SCOPED_TRACE(name);
    const auto r = run_command(base + " --musicxml " + shell_quote((dir / name).string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(std::string(name) + " (notation)"), std::string::npos) << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir / "x.mid"));
    // Notation holds each (part, onset, end, pitch) of the quantized piece once.
    const auto sequence = notesequence::read_sequence_file(dir / "x.ns");
    ASSERT_GT(sequence.notes_size(), 10);
    std::set<std::tuple<bool, int, int, std::int64_t, std::int64_t, int>> distinct;
    const auto quantized = scoreio::quantize_for_notation(sequence);
    for (const auto& n : quantized.notes()) {
      distinct.emplace(n.is_drum(), n.instrument(), n.program(), n.quantized_start_step(), n.quantized_end_step(),
                       n.pitch());
    }
    int read_notes = 0;
    if (std::string(name) == "x.abc") {
      const auto book = scoreio::parse_abc_tunebook_file(dir / name, scoreio::AbcReadOptions::abc21());
      ASSERT_EQ(book.tunes.size(), 1u);
      read_notes = book.tunes.begin()->second.notes_size();
    } else {
      scoreio::MusicXmlReadOptions options;
      options.merge_ties = true;
      read_notes = scoreio::read_musicxml_file(dir / name, options).notes_size();
    }
    EXPECT_EQ(static_cast<std::size_t>(read_notes), distinct.size());
  }
}

TEST(ComposeCli, MusicXmlFlagWithAnUnknownExtensionIsAUsageErrorBeforeComposing) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " compose " + example() + " -o " + shell_quote((dir / "x.mid").string()) +
                             " --musicxml " + shell_quote((dir / "x.pdf").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("x.pdf"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.mid"));
}

TEST(ComposeCli, TransformShiftsPitchesAndKeepsTheRest) {
  testing::TempDir dir;
  ASSERT_EQ(run_command(cli() + " compose " + example() + " --duration 8 -o " + shell_quote((dir / "in.mid").string())).exit_code, 0);
  const auto r = run_command(cli() + " transform " + shell_quote((dir / "in.mid").string()) + " -o " +
                             shell_quote((dir / "out.mid").string()) + " --pitch 12 --ns " +
                             shell_quote((dir / "out.ns").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("seed 1955"), std::string::npos);
  const auto in = notesequence::read_sequence_file(dir / "in.mid");
  const auto out = notesequence::read_sequence_file(dir / "out.ns");
  ASSERT_EQ(in.notes_size(), out.notes_size());
  for (int i = 0; i < in.notes_size(); ++i) {
    EXPECT_EQ(out.notes(i).pitch(), std::min(127, in.notes(i).pitch() + 12));
    EXPECT_EQ(out.notes(i).start_time(), in.notes(i).start_time());
  }
}

TEST(ComposeCli, TransformWithABadExpressionIsAUsageError) {
  testing::TempDir dir;
  ASSERT_EQ(run_command(cli() + " compose " + example() + " --duration 4 -o " + shell_quote((dir / "in.mid").string())).exit_code, 0);
  const auto r = run_command(cli() + " transform " + shell_quote((dir / "in.mid").string()) + " -o " +
                             shell_quote((dir / "out.mid").string()) + " --pitch 'brownian(stpe=1)'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--pitch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("step"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace stochos
