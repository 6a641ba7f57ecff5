// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/corpus_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/testing/shared.h"

namespace stochos::score {
namespace {

using magenta::NoteSequence;

void add_note(NoteSequence& s, int pitch, double start, double end, int velocity = 80) {
  auto* n = s.add_notes();
  n->set_pitch(pitch);
  n->set_start_time(start);
  n->set_end_time(end);
  n->set_velocity(velocity);
}

const CorpusModel& mozart_order1() {
  static const CorpusModel model = [] {
    CorpusModelOptions options;
    options.order = 1;
    return CorpusModel::learn_directory(testing::corpus("mozart"), options);
  }();
  return model;
}

TEST(CorpusModel, ChordUnderSustainedTopNoteKeepsOnlyTheTopLine) {
  NoteSequence s;             // 120 qpm: a quarter is 0.5 s, a sixteenth 0.125 s
  add_note(s, 72, 0.0, 1.0);  // melody C5, a half note
  add_note(s, 60, 0.0, 0.5);  // chord under it
  add_note(s, 64, 0.0, 0.5);
  add_note(s, 55, 0.5, 1.0);   // accompaniment onset under the sounding C5: skipped
  add_note(s, 74, 1.0, 1.25);  // D5
  add_note(s, 76, 1.25, 1.5);  // E5
  CorpusModelOptions options;
  options.transpose_to_c = false;
  const auto line = extract_top_line(s, options);
  ASSERT_EQ(line.size(), 3u);
  EXPECT_EQ(line[0].pitch, 72);
  EXPECT_EQ(line[0].duration_steps, 8);
  EXPECT_EQ(line[1].pitch, 74);
  EXPECT_EQ(line[1].duration_steps, 2);
  EXPECT_EQ(line[2].pitch, 76);
  EXPECT_EQ(line[2].duration_steps, 2);
}

TEST(CorpusModel, KeySignatureTransposesToC) {
  NoteSequence s;
  auto* k = s.add_key_signatures();
  k->set_key(magenta::NoteSequence::KeySignature::D);
  add_note(s, 62, 0.0, 0.5);
  CorpusModelOptions options;
  EXPECT_EQ(extract_top_line(s, options).at(0).pitch, 60);
}

TEST(CorpusModel, MozartFolderLearnsEveryFile) {
  CorpusLearnReport report;
  CorpusModelOptions options;
  const CorpusModel model = CorpusModel::learn_directory(testing::corpus("mozart"), options, &report);
  EXPECT_EQ(report.files_seen, 21u);
  EXPECT_EQ(report.sequences_used, 21u);
  EXPECT_TRUE(report.skipped.empty());
  EXPECT_GT(report.melody_notes, 5000u);
  EXPECT_EQ(model.chain().order(), 2);
  std::printf("mozart: %zu melody notes, %zu states, %zu contexts, median qpm %.1f, median pitch %d\n",
              report.melody_notes, model.chain().states().size(), model.chain().context_count(),
              model.median_qpm(), model.median_pitch());
}

TEST(CorpusModel, BadFileInCorpusIsSkippedAndReported) {
  testing::TempDir dir;
  std::filesystem::copy_file(testing::corpus("mozart/mz_311_1.mid"), dir / "good.mid");
  core::write_file_atomically(dir / "bad.mid", "MThd this is not a MIDI file");
  CorpusLearnReport report;
  const CorpusModel model = CorpusModel::learn_directory(dir.path(), CorpusModelOptions{}, &report);
  EXPECT_EQ(report.files_seen, 2u);
  EXPECT_EQ(report.sequences_used, 1u);
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_NE(report.skipped[0].find("bad.mid"), std::string::npos) << report.skipped[0];
}

TEST(CorpusModel, EmptyFolderIsRefused) {
  testing::TempDir dir;
  EXPECT_THROW(CorpusModel::learn_directory(dir.path(), CorpusModelOptions{}), Error);
  EXPECT_THROW(CorpusModel::learn_directory(dir / "missing", CorpusModelOptions{}), Error);
}

// Law of large numbers: the transition frequencies of a long generated chain approach the
// learned matrix, the error shrinking about as 1/sqrt(length).
TEST(CorpusModel, MozartChainTransitionFrequenciesConvergeToLearnedMatrix) {
  const auto& chain = mozart_order1().chain();
  auto weighted_error = [&](std::size_t length) {
    core::Rng rng(2024);
    const auto states = chain.generate(length, rng);
    std::map<std::int64_t, std::map<std::int64_t, double>> counts;
    for (std::size_t i = 1; i < states.size(); ++i) counts[states[i - 1]][states[i]] += 1;
    double error = 0.0;
    for (const auto& [context, row] : counts) {
      double total = 0;
      for (const auto& [s, c] : row) total += c;
      const std::int64_t ctx[1] = {context};
      const std::vector<double> p = chain.next_distribution(ctx);
      double l1 = 0.0;
      for (std::size_t j = 0; j < p.size(); ++j) {
        const auto it = row.find(chain.states()[j]);
        l1 += std::abs((it == row.end() ? 0.0 : it->second / total) - p[j]);
      }
      error += total / static_cast<double>(states.size() - 1) * l1 / 2;  // total variation
    }
    return error;
  };
  const double e4 = weighted_error(10'000), e5 = weighted_error(100'000), e6 = weighted_error(1'000'000);
  std::printf("weighted total-variation error: 1e4 %.4f, 1e5 %.4f, 1e6 %.4f\n", e4, e5, e6);
  EXPECT_LT(e5, e4);
  EXPECT_LT(e6, 0.6 * e5);
  EXPECT_LT(e6, 0.15);
}

TEST(CorpusModel, FixedSeedGivesByteIdenticalSequenceAndSeedsDiffer) {
  const auto& model = mozart_order1();
  CorpusGenerateOptions options;
  options.duration_seconds = 30;
  const std::string a = notesequence::serialize_note_sequence(model.generate(options, core::Rng(7)));
  const std::string b = notesequence::serialize_note_sequence(model.generate(options, core::Rng(7)));
  const std::string c = notesequence::serialize_note_sequence(model.generate(options, core::Rng(8)));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(CorpusModel, GeneratedNotesStayInRangeAndDuration) {
  CorpusGenerateOptions options;
  options.duration_seconds = 45;
  options.lowest_pitch = 48;
  options.highest_pitch = 84;
  const NoteSequence s = mozart_order1().generate(options, core::Rng(3));
  ASSERT_GT(s.notes_size(), 20);
  for (const auto& n : s.notes()) {
    EXPECT_GE(n.pitch(), 48);
    EXPECT_LE(n.pitch(), 84);
    EXPECT_GE(n.velocity(), 1);
    EXPECT_LE(n.velocity(), 127);
    EXPECT_GE(n.start_time(), 0.0);
    EXPECT_LT(n.start_time(), n.end_time());
    EXPECT_LE(n.end_time(), 45.0);
  }
}

TEST(CorpusModel, SaveLoadRoundTripIsExact) {
  testing::TempDir dir;
  CorpusModelOptions options;
  options.melody = MelodyAlphabet::kInterval;
  options.order = 2;
  NoteSequence s = notesequence::read_sequence_file(testing::corpus("mozart/mz_545_1.mid"));
  const CorpusModel model = CorpusModel::learn(std::span(&s, 1), options);
  model.save(dir / "m.txt");
  const CorpusModel loaded = CorpusModel::load(dir / "m.txt");
  EXPECT_EQ(loaded.to_text(), model.to_text());
  EXPECT_EQ(loaded.options().melody, MelodyAlphabet::kInterval);
  CorpusGenerateOptions g;
  g.duration_seconds = 20;
  EXPECT_EQ(notesequence::serialize_note_sequence(loaded.generate(g, core::Rng(1))),
            notesequence::serialize_note_sequence(model.generate(g, core::Rng(1))));
}

TEST(CorpusModel, CorruptModelTextNamesTheLine) {
  try {
    CorpusModel::from_text("stochos-corpus-model 1\nmelody pitch\nsteps_per_quarter x\nmarkov\n", "m.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.where().line.value_or(0), 3u);
  }
  EXPECT_THROW(CorpusModel::from_text("stochos-markov 1\n", "m.txt"), Error);
}

TEST(CorpusModel, UnboundedDurationIsRefused) {
  CorpusGenerateOptions options;
  options.duration_seconds = 365.0 * 86400;
  EXPECT_THROW(mozart_order1().generate(options, core::Rng(1)), Error);
}

TEST(CorpusModel, ShippedMozartModelLoadsAndGenerates) {
  const auto path = find_shipped_model(kShippedMozartModel);
  const CorpusModel model = CorpusModel::load(path);
  CorpusGenerateOptions options;
  options.duration_seconds = 20;
  EXPECT_GT(model.generate(options, core::Rng(1)).notes_size(), 10);
}

}  // namespace
}  // namespace stochos::score
