// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/algorithms.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "stochos/core/error.h"
#include "stochos/core/sha1.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/score/presets.h"
#include "stochos/stochastic/sieve.h"
#include "stochos/testing/shared.h"

namespace stochos::score {
namespace {

using magenta::NoteSequence;

const CorpusModel& small_model() {
  static const CorpusModel model = [] {
    NoteSequence s = notesequence::read_sequence_file(testing::corpus("mozart/mz_545_1.mid"));
    return CorpusModel::learn(std::span(&s, 1), CorpusModelOptions{});
  }();
  return model;
}

struct Algorithm {
  std::string name;
  std::function<NoteSequence(double duration_seconds, std::uint64_t seed)> compose;
};

std::vector<Algorithm> algorithms() {
  return {
      {"screens",
       [](double d, std::uint64_t seed) {
         ScreensParams p;
         p.duration_seconds = d;
         return compose_screens(p, core::Rng(seed));
       }},
      {"markov",
       [](double d, std::uint64_t seed) {
         MarkovMelodyParams p;
         p.duration_seconds = d;
         return compose_markov_melody(small_model(), p, core::Rng(seed));
       }},
      {"duel",
       [](double d, std::uint64_t seed) {
         DuelParams p;
         p.duration_seconds = d;
         return compose_duel(p, core::Rng(seed));
       }},
      {"canon",
       [](double d, std::uint64_t seed) {
         SieveCanonParams p;
         p.duration_seconds = d;
         return compose_sieve_canon(p, core::Rng(seed));
       }},
      {"brownian",
       [](double d, std::uint64_t seed) {
         BrownianParams p;
         p.duration_seconds = d;
         return compose_brownian(p, core::Rng(seed));
       }},
      {"cloud",
       [](double d, std::uint64_t seed) {
         RhythmCloudParams p;
         p.duration_seconds = d;
         return compose_rhythm_cloud(p, core::Rng(seed));
       }},
  };
}

void expect_well_formed(const NoteSequence& s, double duration_seconds, const std::string& name) {
  ASSERT_GT(s.notes_size(), 10) << name;
  for (const auto& n : s.notes()) {
    EXPECT_GE(n.pitch(), 0) << name;
    EXPECT_LE(n.pitch(), 127) << name;
    EXPECT_GE(n.velocity(), 1) << name;
    EXPECT_LE(n.velocity(), 127) << name;
    EXPECT_GE(n.program(), 0) << name;
    EXPECT_LE(n.program(), 127) << name;
    EXPECT_GE(n.start_time(), 0.0) << name;
    EXPECT_LT(n.start_time(), n.end_time()) << name;
    EXPECT_LE(n.end_time(), duration_seconds + 1e-9) << name;
  }
  EXPECT_LE(s.total_time(), duration_seconds + 1e-9) << name;
}

TEST(Algorithms, EveryAlgorithmStaysInMidiRangesAndRequestedDuration) {
  for (const auto& a : algorithms())
    for (double d : {7.5, 40.0}) expect_well_formed(a.compose(d, 11), d, a.name);
}

TEST(Algorithms, FixedSeedGivesByteIdenticalSequenceAndSeedsDiffer) {
  for (const auto& a : algorithms()) {
    const std::string x = notesequence::serialize_note_sequence(a.compose(30, 5));
    EXPECT_EQ(x, notesequence::serialize_note_sequence(a.compose(30, 5))) << a.name;
    EXPECT_NE(x, notesequence::serialize_note_sequence(a.compose(30, 6))) << a.name;
  }
}

// Golden digests of each algorithm at seed 7, 30 s (see st_test.cpp): same bytes in every run.
TEST(Algorithms, Seed7MatchesGoldenDigests) {
  const std::map<std::string, std::string> golden = {{"screens", "3da94d82f480a17180de770f78b4c1bfb457b964"},
                                                     {"markov", "efd06d69e98b99d390ae673e5d2d3b6ebcf1b532"},
                                                     {"duel", "2915d984605fa320854c023313c4589eb44ce018"},
                                                     {"canon", "12455eb061d1fbb98c98fb27861bfffb4127db7b"},
                                                     {"brownian", "11e8c0851011b5cae027fc62a7b85123c3d94532"},
                                                     {"cloud", "a2c05c1018528bbaa55c54fce3c85ac12d0536d1"}};
  for (const auto& a : algorithms())
    EXPECT_EQ(core::sha1_hex(notesequence::serialize_note_sequence(a.compose(30, 7))), golden.at(a.name)) << a.name;
}

// What the golden pieces above must be, whatever their bytes: each algorithm's notes at seed
// 7, 30 s lie where its params put them (algorithms.h), so an update of a digest after a
// change of algorithm still has to keep these.
TEST(Algorithms, Seed7PiecesKeepTheirVoicesInTheirRangesAndScales) {
  std::map<std::string, NoteSequence> pieces;
  for (const auto& a : algorithms()) pieces[a.name] = a.compose(30, 7);
  auto pitch_class = [](int pitch) { return ((pitch % 12) + 12) % 12; };

  // Screens: pizzicato strings (Analogique A) and the tone (B), nothing else.
  const ScreensParams screens;
  for (const auto& n : pieces["screens"].notes()) {
    EXPECT_TRUE(n.program() == screens.string_program || n.program() == screens.tone_program) << n.program();
  }
  // Markov melody: the melody folded into G3..A6; the bass a root in C2..B2, or its octave or
  // fifth above, on the downbeat or the half bar.
  const MarkovMelodyParams markov;
  for (const auto& n : pieces["markov"].notes()) {
    if (n.instrument() == 0) {
      EXPECT_GE(n.pitch(), markov.melody.lowest_pitch);
      EXPECT_LE(n.pitch(), markov.melody.highest_pitch);
    } else {
      EXPECT_EQ(n.program(), markov.bass_program);
      EXPECT_GE(n.pitch(), 36);
      EXPECT_LE(n.pitch(), 47 + 12);
    }
  }
  // Duel: each conductor's voice in its range, the referee's timpani on D3 (X wins) or G2 (Y).
  const DuelParams duel;
  for (const auto& n : pieces["duel"].notes()) {
    const DuelVoice* voice = n.instrument() == 0 ? &duel.x : n.instrument() == 1 ? &duel.y : nullptr;
    if (voice) {
      EXPECT_EQ(n.program(), voice->program);
      EXPECT_GE(n.pitch(), voice->lowest_pitch);
      EXPECT_LE(n.pitch(), voice->highest_pitch);
    } else {
      EXPECT_TRUE(n.pitch() == 50 || n.pitch() == 43) << n.pitch();
    }
  }
  // Sieve canon: every voice, transposed by degrees and placed by octaves, stays on the
  // scale sieve 12@0|12@2|12@3|12@7|12@8 (C D Eb G Ab).
  const std::set<int> canon_classes = {0, 2, 3, 7, 8};
  std::set<int> canon_programs;
  for (const auto& n : pieces["canon"].notes()) {
    EXPECT_TRUE(canon_classes.count(pitch_class(n.pitch()))) << n.pitch();
    canon_programs.insert(n.program());
  }
  EXPECT_EQ(canon_programs, (std::set<int>{60, 70, 71, 73}));
  // Brownian: the walk on C aeolian within its range, on the eighth-note grid; the drone a
  // root on the scale with its fifth and octave.
  const BrownianParams brownian;
  const std::set<int> aeolian = {0, 2, 3, 5, 7, 8, 10};
  const double eighth = 30.0 / brownian.qpm;
  std::set<int> drone;
  for (const auto& n : pieces["brownian"].notes()) {
    if (n.program() == brownian.program) {
      EXPECT_TRUE(aeolian.count(pitch_class(n.pitch()))) << n.pitch();
      EXPECT_GE(n.pitch(), brownian.lowest_pitch);
      EXPECT_LE(n.pitch(), brownian.highest_pitch);
      EXPECT_NEAR(n.start_time() / eighth, std::round(n.start_time() / eighth), 1e-9) << n.start_time();
    } else {
      EXPECT_EQ(n.program(), brownian.pad_program);
      drone.insert(n.pitch());
    }
  }
  ASSERT_EQ(3u, drone.size());
  const int root = *drone.begin();
  EXPECT_EQ(drone, (std::set<int>{root, root + 7, root + 12}));
  EXPECT_TRUE(aeolian.count(pitch_class(root))) << root;
  // Rhythm cloud: drums only, on the keys it was given.
  std::set<int> keys;
  for (const auto& [key, rate] : RhythmCloudParams{}.drums) keys.insert(key);
  for (const auto& n : pieces["cloud"].notes()) {
    EXPECT_TRUE(n.is_drum());
    EXPECT_TRUE(keys.count(n.pitch())) << n.pitch();
  }
}

TEST(Algorithms, UnboundedDurationsAreRefused) {
  for (const auto& a : algorithms()) {
    EXPECT_THROW(a.compose(365.0 * 86400, 1), Error) << a.name;
    EXPECT_THROW(a.compose(-1, 1), Error) << a.name;
    EXPECT_THROW(a.compose(std::nan(""), 1), Error) << a.name;
  }
}

// Both conductors playing their optimal strategies: the mean payoff per round converges to
// the value of the game (von Neumann), and the piece's score is the sum of its rounds.
TEST(Algorithms, DuelScoringFollowsTheGameValue) {
  const auto payoff = DuelParams::default_payoff();
  const auto solution = stochastic::solve_zero_sum_game(payoff);
  stochastic::Duel duel(payoff, {stochastic::DuelPolicy::kOptimal, {}},
                        {stochastic::DuelPolicy::kOptimal, {}}, core::Rng(9));
  const std::size_t rounds = 200'000;
  duel.play(rounds);
  double variance = 0;  // of one round's payoff under the optimal mixtures
  for (std::size_t i = 0; i < payoff.size(); ++i)
    for (std::size_t j = 0; j < payoff.size(); ++j)
      variance +=
          solution.row_strategy[i] * solution.column_strategy[j] * std::pow(payoff[i][j] - solution.value, 2);
  const double mean = duel.row_score() / rounds, tolerance = 4 * std::sqrt(variance / rounds);
  std::printf("game value %.4f, mean payoff per round %.4f over %zu rounds (4 sigma = %.4f)\n",
              solution.value, mean, rounds, tolerance);
  EXPECT_GT(solution.value, 0.0);
  EXPECT_NEAR(mean, solution.value, tolerance);

  DuelTrace trace;
  DuelParams p;
  p.duration_seconds = 600;
  compose_duel(p, core::Rng(3), &trace);
  ASSERT_EQ(trace.rounds.size(), 100u);
  double sum = 0;
  for (const auto& r : trace.rounds) sum += r.payoff;
  EXPECT_DOUBLE_EQ(trace.rounds.back().row_score, sum);
  EXPECT_NEAR(trace.solution.value, solution.value, 1e-9);
}

TEST(Algorithms, SieveCanonVoicesStayOnTheSieveAndEnterInTurn) {
  SieveCanonParams p;
  const NoteSequence s = compose_sieve_canon(p, core::Rng(2));
  const auto sieve = stochastic::Sieve::parse(p.scale_sieve);
  std::map<int, double> first_onset;
  for (const auto& n : s.notes()) {
    const int offset = p.voices[static_cast<std::size_t>(n.instrument())].register_offset_semitones;
    EXPECT_TRUE(sieve.contains(n.pitch() - offset)) << n.pitch();
    if (!first_onset.count(n.instrument())) first_onset[n.instrument()] = n.start_time();
  }
  ASSERT_EQ(first_onset.size(), p.voices.size());
  const double step = 60.0 / (p.qpm * 4);
  for (std::size_t v = 0; v < p.voices.size(); ++v)
    EXPECT_NEAR(first_onset[static_cast<int>(v)], p.voices[v].entry_steps * step, 1e-9);
}

TEST(Algorithms, ScreensFollowTheirMatrixLength) {
  ScreensParams p;
  p.matrix.pop_back();
  EXPECT_THROW(compose_screens(p, core::Rng(1)), Error);
}

TEST(AlgorithmPresets, EveryPresetRunsWithNamesAndDescriptions) {
  const auto presets = algorithm_presets();
  std::set<std::string> names;
  for (const char* required :
       {"xenakis-st", "analogique-markov-screens", "markov-corpus", "game-duel", "sieve-canon"}) {
    bool found = false;
    for (const auto& p : presets) found = found || p.name == required;
    EXPECT_TRUE(found) << required;
  }
  for (const auto& p : presets) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_EQ(p.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << p.name;
    EXPECT_FALSE(p.description.empty());
    EXPECT_EQ(p.description.find('\n'), std::string::npos);
    PresetRequest request;
    request.seed = 4;
    request.duration_seconds = 20;
    const NoteSequence a = p.compose(request);
    expect_well_formed(a, 20, p.name);
    EXPECT_EQ(notesequence::serialize_note_sequence(a), notesequence::serialize_note_sequence(p.compose(request))) << p.name;
    PresetRequest full;
    full.seed = 4;
    const NoteSequence whole = p.compose(full);
    // The mixtape writes MIDI: every note and bend must survive the round trip.
    testing::TempDir dir;
    notesequence::note_sequence_to_midi_file(whole, dir / "a.mid");
    const NoteSequence back = notesequence::midi_file_to_note_sequence(dir / "a.mid");
    EXPECT_EQ(back.notes_size(), whole.notes_size()) << p.name;
    EXPECT_EQ(back.pitch_bends_size(), whole.pitch_bends_size()) << p.name;
    std::printf("%-28s %6d notes, %6.1f s\n", p.name.c_str(), whole.notes_size(), whole.total_time());
  }
}

TEST(AlgorithmPresets, MarkovCorpusLearnsFromAGivenFolder) {
  testing::TempDir dir;
  std::filesystem::copy_file(testing::corpus("mozart/mz_545_1.mid"), dir / "a.mid");
  for (const auto& p : algorithm_presets())
    if (p.name == "markov-corpus") {
      PresetRequest r;
      r.corpus_dir = dir.path();
      r.duration_seconds = 15;
      expect_well_formed(p.compose(r), 15, p.name);
    }
}

}  // namespace
}  // namespace stochos::score
