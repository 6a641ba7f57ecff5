// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/st.h"

#include <google/protobuf/arena.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "stochos/core/error.h"
#include "stochos/core/sha1.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/stochastic/distribution_laws.h"

namespace stochos::score {
namespace {

// Kolmogorov-Smirnov statistic D = sup |F_n - F|, and its 1% critical value 1.628 / sqrt(n)
// (asymptotic, Smirnov 1948), valid for the large samples used here.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  double d = 0;
  const double n = static_cast<double>(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, (i + 1) / n - f, f - i / n});
  }
  return d;
}
double ks_critical_1pct(std::size_t n) {
  return 1.628 / std::sqrt(static_cast<double>(n));
}

constexpr const char* kStGoldenSha1 = "48495a9ec74fdd21173721128351f7b5f360737d";

StParams long_params() {
  StParams p;
  p.duration_seconds = 3600;  // many sections and tens of thousands of events
  return p;
}

TEST(St, FixedSeedGivesByteIdenticalSequenceAndSeedsDiffer) {
  StParams p;
  const std::string a = notesequence::serialize_note_sequence(compose_st(p, core::Rng(42)));
  const std::string b = notesequence::serialize_note_sequence(compose_st(p, core::Rng(42)));
  const std::string c = notesequence::serialize_note_sequence(compose_st(p, core::Rng(43)));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

// compose_st_into on an arena, and again into the same message (whose cleared notes and bends
// are reused), gives what compose_st gives on the heap.
TEST(St, ComposingIntoAnArenaMessageAndReusingItGivesTheSameSequence) {
  StParams p;
  p.duration_seconds = 90;
  const std::string expected_a = notesequence::serialize_note_sequence(compose_st(p, core::Rng(42)));
  const std::string expected_b = notesequence::serialize_note_sequence(compose_st(p, core::Rng(7)));
  google::protobuf::Arena arena;
  auto* piece = google::protobuf::Arena::CreateMessage<magenta::NoteSequence>(&arena);
  compose_st_into(*piece, p, core::Rng(42));
  EXPECT_EQ(notesequence::serialize_note_sequence(*piece), expected_a);
  compose_st_into(*piece, p, core::Rng(7));  // another piece: some messages reused, some new
  EXPECT_EQ(notesequence::serialize_note_sequence(*piece), expected_b);
  compose_st_into(*piece, p, core::Rng(42));
  EXPECT_EQ(notesequence::serialize_note_sequence(*piece), expected_a);
  magenta::NoteSequence heap;
  compose_st_into(heap, p, core::Rng(7));
  compose_st_into(heap, p, core::Rng(42));
  EXPECT_EQ(notesequence::serialize_note_sequence(heap), expected_a);
}

// A golden digest: the same seed must give the same bytes in every run, build and platform
// (core::Rng and our own samplers are specified exactly). Update it only for a deliberate
// change of the algorithm, and say so in the commit.
TEST(St, Seed42MatchesGoldenDigest) {
  StParams p;
  p.duration_seconds = 60;
  EXPECT_EQ(core::sha1_hex(notesequence::serialize_note_sequence(compose_st(p, core::Rng(42)))), kStGoldenSha1);
}

// What the golden piece must be, whatever its bytes (st.h): every note on its instrument's
// program and channel kind, inside its range, within the 60 s; one velocity per attack mark
// (four marks); pitch bends only on the glissando instruments; sections within V3..V4.
TEST(St, Seed42GoldenPieceKeepsEveryNoteOnItsInstrumentAndRange) {
  StParams p;
  p.duration_seconds = 60;
  StTrace trace;
  const magenta::NoteSequence s = compose_st(p, core::Rng(42), &trace);
  std::vector<StInstrument> flat;  // instrument index: class by class
  for (const auto& c : p.classes) flat.insert(flat.end(), c.instruments.begin(), c.instruments.end());
  ASSERT_GT(s.notes_size(), 100);
  std::set<int> velocities, gliding;
  for (const auto& n : s.notes()) {
    ASSERT_GE(n.instrument(), 0);
    ASSERT_LT(n.instrument(), static_cast<int>(flat.size()));
    const StInstrument& inst = flat[static_cast<std::size_t>(n.instrument())];
    EXPECT_EQ(n.program(), inst.program) << inst.name;
    EXPECT_EQ(n.is_drum(), inst.is_drum) << inst.name;
    EXPECT_GE(n.pitch(), inst.lowest_pitch) << inst.name;
    EXPECT_LE(n.pitch(), inst.highest_pitch) << inst.name;
    EXPECT_GE(n.start_time(), 0.0);
    EXPECT_LT(n.start_time(), n.end_time());
    EXPECT_LE(n.end_time(), p.duration_seconds);
    EXPECT_LE(n.end_time() - n.start_time(), inst.max_duration_seconds + 1e-9) << inst.name;
    velocities.insert(n.velocity());
  }
  EXPECT_LE(velocities.size(), 4u);
  for (const auto& b : s.pitch_bends()) {
    ASSERT_LT(b.instrument(), static_cast<int>(flat.size()));
    EXPECT_TRUE(flat[static_cast<std::size_t>(b.instrument())].glissando) << b.instrument();
    gliding.insert(b.instrument());
  }
  EXPECT_FALSE(gliding.empty());
  for (const auto& section : trace.sections) {
    EXPECT_GE(section.density_hz, p.v3_min_density_hz);
    EXPECT_LE(section.density_hz, p.v4_max_density_hz);
  }
}

TEST(St, SectionDensitiesStayWithinV3V4) {
  StTrace trace;
  const StParams p = long_params();
  compose_st(p, core::Rng(1), &trace);
  ASSERT_GT(trace.sections.size(), 100u);
  double mean_length = 0;
  for (const auto& s : trace.sections) {
    EXPECT_GE(s.density_hz, p.v3_min_density_hz);
    EXPECT_LE(s.density_hz, p.v4_max_density_hz);
    mean_length += s.duration_seconds;
  }
  mean_length /= static_cast<double>(trace.sections.size());
  std::printf("%zu sections, mean length %.2f s (A = %.1f), %zu events\n", trace.sections.size(), mean_length,
              p.mean_section_seconds, trace.events.size());
  EXPECT_NEAR(mean_length, p.mean_section_seconds, 0.2 * p.mean_section_seconds);
}

TEST(St, InterOnsetTimesAreExponentialByKs) {
  StTrace trace;
  compose_st(long_params(), core::Rng(2), &trace);
  // Within a section, density x inter-onset time is Exp(1).
  std::vector<double> scaled;
  for (std::size_t k = 1; k < trace.events.size(); ++k) {
    const auto& a = trace.events[k - 1];
    const auto& b = trace.events[k];
    if (a.section != b.section) continue;
    scaled.push_back((b.onset_seconds - a.onset_seconds) *
                     trace.sections[static_cast<std::size_t>(a.section)].density_hz);
  }
  ASSERT_GT(scaled.size(), 5000u);
  const double d = ks_statistic(scaled, [](double x) { return 1 - std::exp(-x); });
  std::printf("inter-onset KS D = %.4f over %zu intervals (1%% critical %.4f)\n", d, scaled.size(),
              ks_critical_1pct(scaled.size()));
  EXPECT_LT(d, ks_critical_1pct(scaled.size()));
}

TEST(St, PitchIntervalsFollowTheLinearLawByKs) {
  StTrace trace;
  const StParams p = long_params();
  compose_st(p, core::Rng(3), &trace);
  // Intervals between successive notes of one instrument, divided by its range a, follow the
  // linear law f(x) = 2(1 - x) on [0, 1].
  std::vector<const StInstrument*> instruments;
  for (const auto& c : p.classes)
    for (const auto& i : c.instruments) instruments.push_back(&i);
  std::vector<double> last(instruments.size(), -1), scaled;
  for (const auto& e : trace.events) {
    const StInstrument& inst = *instruments[static_cast<std::size_t>(e.instrument)];
    if (inst.is_drum) continue;
    auto& previous = last[static_cast<std::size_t>(e.instrument)];
    if (previous >= 0)
      scaled.push_back(std::abs(e.pitch - previous) / (inst.highest_pitch - inst.lowest_pitch));
    previous = e.pitch;
  }
  ASSERT_GT(scaled.size(), 5000u);
  const stochastic::Linear law(1.0);
  const double d = ks_statistic(scaled, [&](double x) { return law.cdf(x); });
  std::printf("pitch-interval KS D = %.4f over %zu intervals (1%% critical %.4f)\n", d, scaled.size(),
              ks_critical_1pct(scaled.size()));
  EXPECT_LT(d, ks_critical_1pct(scaled.size()));
}

TEST(St, GlissandoSpeedsAreGaussianAndBecomePitchBends) {
  StTrace trace;
  StParams p;
  p.v3_min_density_hz = p.v4_max_density_hz = 4.0;  // one sigma for the whole piece
  p.glissando_sigma_at_v3 = p.glissando_sigma_at_v4 = 3.0;
  p.duration_seconds = 1800;
  const auto s = compose_st(p, core::Rng(4), &trace);
  std::vector<double> speeds;
  for (const auto& e : trace.events)
    if (e.glissando_semitones_per_second != 0.0) speeds.push_back(e.glissando_semitones_per_second / 3.0);
  ASSERT_GT(speeds.size(), 1000u);
  const double d = ks_statistic(speeds, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); });
  EXPECT_LT(d, ks_critical_1pct(speeds.size()));
  EXPECT_GT(s.pitch_bends_size(), 1000);
  int rpn_data = 0;
  for (const auto& cc : s.control_changes())
    if (cc.control_number() == 6) {
      EXPECT_EQ(cc.control_value(), p.bend_range_semitones);
      ++rpn_data;
    }
  EXPECT_EQ(rpn_data, 3);  // the three glissando strings
}

// Bends come grouped by instrument, each group in time order, and each is the glide of the
// note sounding then: the order (and, to the tick, the values) the MIDI file reads back in.
TEST(St, BendsAreGroupedByInstrumentAndReadBackFromMidiInOrder) {
  StTrace trace;
  StParams p;
  p.duration_seconds = 120;
  const auto s = compose_st(p, core::Rng(8), &trace);
  ASSERT_GT(s.pitch_bends_size(), 200);
  std::vector<int> group_order;
  for (int i = 0; i < s.pitch_bends_size(); ++i) {
    const auto& b = s.pitch_bends(i);
    if (group_order.empty() || group_order.back() != b.instrument()) {
      EXPECT_EQ(std::count(group_order.begin(), group_order.end(), b.instrument()), 0) << "bend " << i;
      group_order.push_back(b.instrument());
    } else {
      EXPECT_LT(s.pitch_bends(i - 1).time(), b.time()) << "bend " << i;
    }
  }
  EXPECT_EQ(group_order.size(), 3u);  // the three glissando strings
  // Each bend: the rounding remainder plus speed x time since the onset, in bend units.
  for (const auto& b : s.pitch_bends()) {
    const StTrace::Event* glide = nullptr;  // the instrument's latest event at or before the bend
    for (const auto& e : trace.events)
      if (e.instrument == b.instrument() && e.onset_seconds <= b.time()) glide = &e;
    ASSERT_NE(glide, nullptr);
    const double semis = std::clamp(glide->pitch - std::round(glide->pitch) +
                                        glide->glissando_semitones_per_second * (b.time() - glide->onset_seconds),
                                    -12.0, 12.0);
    EXPECT_NEAR(b.bend(), std::clamp(semis * 8192.0 / 12.0, -8192.0, 8191.0), 0.5 + 1e-6);
  }
  // And exactly: bend k of a note at onset + k / rate (no drift), before the note's end, its
  // value rounded half away from zero from the unclamped glide, clamped in bend units.
  for (const auto& b : s.pitch_bends()) {
    const magenta::NoteSequence::Note* note = nullptr;  // the instrument's latest note at or before the bend
    for (const auto& n : s.notes())
      if (n.instrument() == b.instrument() && n.start_time() <= b.time()) note = &n;
    ASSERT_NE(note, nullptr);
    const StTrace::Event* glide = nullptr;
    for (const auto& e : trace.events)
      if (e.instrument == b.instrument() && e.onset_seconds == note->start_time()) glide = &e;
    ASSERT_NE(glide, nullptr);
    const double k = std::round((b.time() - note->start_time()) * p.bend_rate_hz);
    EXPECT_EQ(b.time(), note->start_time() + k * (1.0 / p.bend_rate_hz));
    EXPECT_LT(b.time(), note->end_time());
    const double semis = (glide->pitch - note->pitch()) +
                         glide->glissando_semitones_per_second * (b.time() - note->start_time());
    EXPECT_EQ(b.bend(), std::lround(std::min(std::max(semis * (8192.0 / 12), -8192.0), 8191.0)));
  }
  const auto back = notesequence::midi_to_note_sequence(notesequence::note_sequence_to_midi(s));
  ASSERT_EQ(back.pitch_bends_size(), s.pitch_bends_size());
  for (int i = 0; i < s.pitch_bends_size(); ++i) {
    EXPECT_EQ(back.pitch_bends(i).bend(), s.pitch_bends(i).bend()) << "bend " << i;
    EXPECT_NEAR(back.pitch_bends(i).time(), s.pitch_bends(i).time(), 1.0 / 220) << "bend " << i;
  }
}

// Drum keys are uniform over the instrument's keys and each of the three dynamic marks is
// uniform over ppp, p, f, ff: Pearson's chi-square below its 1% critical value.
TEST(St, DrumKeysAndDynamicMarksAreUniformByChiSquare) {
  StTrace trace;
  StParams p;
  p.duration_seconds = 1800;
  compose_st(p, core::Rng(9), &trace);
  const auto chi_square = [](const std::vector<double>& counts) {
    double total = 0, chi = 0;
    for (double c : counts) total += c;
    for (double c : counts) chi += (c - total / counts.size()) * (c - total / counts.size()) / (total / counts.size());
    return chi;
  };
  std::vector<double> toms(10, 0.0);  // tom-toms: keys 41..50, instrument 0
  std::vector<std::vector<double>> marks(3, std::vector<double>(4, 0.0));
  for (const auto& e : trace.events) {
    if (e.instrument == 0) {
      ASSERT_EQ(e.pitch, std::floor(e.pitch));
      ASSERT_GE(e.pitch, 41);
      ASSERT_LE(e.pitch, 50);
      toms[static_cast<std::size_t>(e.pitch) - 41] += 1;
    }
    for (int m = 0; m < 3; ++m) marks[m][static_cast<std::size_t>(e.dynamic_form[m])] += 1;
  }
  EXPECT_LT(chi_square(toms), 21.67);  // 9 degrees of freedom
  for (const auto& m : marks) EXPECT_LT(chi_square(m), 11.34);  // 3 degrees of freedom
}

// Phase 5: with one density (so one table of class probabilities), instruments are chosen with
// probability P(class) x weight / class weight: Pearson's chi-square below its 1% value.
TEST(St, InstrumentsFollowClassProbabilitiesAndWeightsByChiSquare) {
  StTrace trace;
  StParams p;
  p.v3_min_density_hz = p.v4_max_density_hz = 6.0;
  p.duration_seconds = 1800;
  compose_st(p, core::Rng(10), &trace);
  std::vector<double> expected, observed;
  for (const auto& c : p.classes) {
    double class_weight = 0;
    for (const auto& i : c.instruments) class_weight += i.weight;
    for (const auto& i : c.instruments) {
      expected.push_back(c.probability_at_v3 * i.weight / class_weight);  // V3 = V4: one table
      observed.push_back(0);
    }
  }
  double sum = 0;
  for (double e : expected) sum += e;
  for (const auto& e : trace.events) observed[static_cast<std::size_t>(e.instrument)] += 1;
  double chi = 0;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const double want = expected[k] / sum * static_cast<double>(trace.events.size());
    chi += (observed[k] - want) * (observed[k] - want) / want;
  }
  EXPECT_LT(chi, 24.73);  // 11 instruments: 10 degrees of freedom
  for (const auto& e : trace.events)  // each event's class is its instrument's
    EXPECT_EQ(e.timbre_class, e.instrument < 2 ? 0 : e.instrument < 4 ? 1 : e.instrument < 7 ? 2 : e.instrument < 10 ? 3 : 4);
}

TEST(St, NotesStayInRangesAndDuration) {
  StParams p;
  p.duration_seconds = 90;
  const auto s = compose_st(p, core::Rng(5));
  ASSERT_GT(s.notes_size(), 50);
  for (const auto& n : s.notes()) {
    EXPECT_GE(n.pitch(), 0);
    EXPECT_LE(n.pitch(), 127);
    EXPECT_GE(n.velocity(), 1);
    EXPECT_LE(n.velocity(), 127);
    EXPECT_LT(n.start_time(), n.end_time());
    EXPECT_LE(n.end_time(), 90.0);
  }
  for (const auto& b : s.pitch_bends()) {
    EXPECT_GE(b.bend(), -8192);
    EXPECT_LE(b.bend(), 8191);
  }
}

// The plain score is the sequence's notes and bends, value for value; a score object reused
// for another piece gives what a fresh one gives.
TEST(St, ScoreHoldsTheSequencesNotesAndBends) {
  StParams p;
  p.duration_seconds = 300;
  const magenta::NoteSequence s = compose_st(p, core::Rng(11));
  StScore score;
  compose_st_score(score, p, core::Rng(5));  // another piece first: its memory is reused
  compose_st_score(score, p, core::Rng(11));
  ASSERT_EQ(score.notes.size(), static_cast<std::size_t>(s.notes_size()));
  ASSERT_EQ(score.bends.size(), static_cast<std::size_t>(s.pitch_bends_size()));
  ASSERT_GT(score.bends.size(), 1000u);
  for (std::size_t i = 0; i < score.notes.size(); ++i) {
    const auto& a = score.notes[i];
    const auto& b = s.notes(static_cast<int>(i));
    EXPECT_EQ(a.start_seconds, b.start_time());
    EXPECT_EQ(a.end_seconds, b.end_time());
    EXPECT_EQ(a.pitch, b.pitch());
    EXPECT_EQ(a.velocity, b.velocity());
    EXPECT_EQ(a.instrument, b.instrument());
  }
  for (std::size_t i = 0; i < score.bends.size(); ++i) {
    EXPECT_EQ(score.bends[i].time_seconds, s.pitch_bends(static_cast<int>(i)).time());
    EXPECT_EQ(score.bends[i].value, s.pitch_bends(static_cast<int>(i)).bend());
    EXPECT_EQ(score.bends[i].instrument, s.pitch_bends(static_cast<int>(i)).instrument());
  }
  EXPECT_EQ(score.total_seconds, s.total_time());
  magenta::NoteSequence again;
  st_note_sequence(score, p, again);
  EXPECT_EQ(notesequence::serialize_note_sequence(again), notesequence::serialize_note_sequence(s));
}

TEST(St, ScoreWithAnUnknownInstrumentIsRefusedWithItsPosition) {
  StParams p;
  p.duration_seconds = 30;
  StScore score;
  compose_st_score(score, p, core::Rng(1));
  ASSERT_GT(score.notes.size(), 3u);
  score.notes[3].instrument = 11;  // the default orchestra has 11 instruments, 0..10
  magenta::NoteSequence out;
  try {
    st_note_sequence(score, p, out);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("note 3 has instrument 11"), std::string::npos) << e.what();
  }
}

TEST(St, UnboundedRequestsAreRefused) {
  StParams p;
  p.duration_seconds = 365.0 * 86400;
  EXPECT_THROW(compose_st(p, core::Rng(1)), Error);
  p = StParams{};
  p.v4_max_density_hz = 1e9;
  EXPECT_THROW(compose_st(p, core::Rng(1)), Error);
  p = StParams{};
  p.v3_min_density_hz = 10;
  p.v4_max_density_hz = 1;
  EXPECT_THROW(compose_st(p, core::Rng(1)), Error);
}

}  // namespace
}  // namespace stochos::score
