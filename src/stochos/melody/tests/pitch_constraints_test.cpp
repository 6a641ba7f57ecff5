// SPDX-License-Identifier: GPL-3.0-or-later
// Keys, scales, chord symbols, progressions and strong beats as `melody generate --key /
// --scale / --chords` reads them (pitch_class_set.h, chord_progression.h): known answers
// written out by hand, and bad input refused with a sentence that says what is accepted.
#include <gtest/gtest.h>

#include <initializer_list>

#include "stochos/core/error.h"
#include "stochos/melody/chord_progression.h"
#include "stochos/melody/pitch_class_set.h"

namespace stochos::melody {
namespace {

PitchClassSet set_of(std::initializer_list<int> classes) {
  PitchClassSet s;
  for (int c : classes) s.set(static_cast<std::size_t>(c));
  return s;
}

// The message of the usage error `f` throws ("" if it does not throw one).
template <typename F>
std::string usage_error(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(NoteNames, LettersAndAccidentalsGiveTheirPitchClass) {
  EXPECT_EQ(parse_note_name("C"), 0);
  EXPECT_EQ(parse_note_name("c#"), 1);
  EXPECT_EQ(parse_note_name("Db"), 1);
  EXPECT_EQ(parse_note_name("Bb"), 10);
  EXPECT_EQ(parse_note_name("B#"), 0);
  EXPECT_EQ(parse_note_name("Cb"), 11);
  EXPECT_EQ(parse_note_name("Ebb"), 2);
  EXPECT_EQ(parse_note_name("F\u266F"), 6);
  EXPECT_EQ(parse_note_name("A\u266D"), 8);
  EXPECT_NE(usage_error([] { parse_note_name("H"); }).find("not a note name"), std::string::npos);
  EXPECT_NE(usage_error([] { parse_note_name("C4"); }).find("not a note name"), std::string::npos);
}

TEST(Scales, KeyAndModeNamesGiveTheirPitchClasses) {
  EXPECT_EQ(parse_scale("C major"), set_of({0, 2, 4, 5, 7, 9, 11}));
  EXPECT_EQ(parse_scale("A minor"), set_of({9, 11, 0, 2, 4, 5, 7}));
  EXPECT_EQ(parse_scale("D minor"), set_of({2, 4, 5, 7, 9, 10, 0}));
  EXPECT_EQ(parse_scale("D dorian"), set_of({2, 4, 5, 7, 9, 11, 0}));
  EXPECT_EQ(parse_scale("E phrygian"), parse_scale("C major"));
  EXPECT_EQ(parse_scale("F lydian"), parse_scale("C major"));
  EXPECT_EQ(parse_scale("G mixolydian"), parse_scale("C major"));
  EXPECT_EQ(parse_scale("B locrian"), parse_scale("C major"));
  EXPECT_EQ(parse_scale("F# harmonic minor"), set_of({6, 8, 9, 11, 1, 2, 5}));
  EXPECT_EQ(parse_scale("a Melodic_Minor"), set_of({9, 11, 0, 2, 4, 6, 8}));
  EXPECT_EQ(parse_scale("Bb major pentatonic"), set_of({10, 0, 2, 5, 7}));
  EXPECT_EQ(parse_scale("E minor pentatonic"), set_of({4, 7, 9, 11, 2}));
  EXPECT_EQ(parse_scale("C blues"), set_of({0, 3, 5, 6, 7, 10}));
  EXPECT_EQ(parse_scale("C whole tone"), set_of({0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(parse_scale("C chromatic").count(), 12u);
}

TEST(Scales, ExplicitSetsOfNumbersAndNamesAreTheirMembers) {
  EXPECT_EQ(parse_scale("0,2,4,7,9"), set_of({0, 2, 4, 7, 9}));
  EXPECT_EQ(parse_scale(" 0, 2 ,4 "), set_of({0, 2, 4}));
  EXPECT_EQ(parse_scale("C D E G A"), set_of({0, 2, 4, 7, 9}));
  EXPECT_EQ(parse_scale("C, Eb, G, 11"), set_of({0, 3, 7, 11}));
  EXPECT_EQ(parse_scale("7"), set_of({7}));
  EXPECT_EQ(pitch_class_set_to_string(parse_scale("D minor")), "C D E F G A A#");
  EXPECT_EQ(pitch_class_set_to_string({}), "{}");
}

TEST(Scales, BadInputIsRefusedWithWhatIsAccepted) {
  auto message = usage_error([] { parse_scale("D mnor", "key"); });
  EXPECT_NE(message.find("key \"D mnor\": unknown mode \"mnor\""), std::string::npos) << message;
  EXPECT_NE(message.find("dorian"), std::string::npos) << message;  // lists the modes
  message = usage_error([] { parse_scale("C"); });
  EXPECT_NE(message.find("without a mode"), std::string::npos) << message;
  message = usage_error([] { parse_scale("0,2,12"); });
  EXPECT_NE(message.find("outside 0-11"), std::string::npos) << message;
  message = usage_error([] { parse_scale("0,2,x"); });
  EXPECT_NE(message.find("\"x\" is neither"), std::string::npos) << message;
  message = usage_error([] { parse_scale(" , "); });
  EXPECT_NE(message.find("is empty"), std::string::npos) << message;
  message = usage_error([] { parse_scale("-1"); });
  EXPECT_NE(message.find("outside 0-11"), std::string::npos) << message;
}

TEST(ChordSymbols, QualitiesAndBassNotesGiveTheirTones) {
  EXPECT_EQ(parse_chord_symbol("C").tones, set_of({0, 4, 7}));
  EXPECT_EQ(parse_chord_symbol("Am").tones, set_of({9, 0, 4}));
  EXPECT_EQ(parse_chord_symbol("G7").tones, set_of({7, 11, 2, 5}));
  EXPECT_EQ(parse_chord_symbol("Fmaj7").tones, set_of({5, 9, 0, 4}));
  EXPECT_EQ(parse_chord_symbol("Bbm7").tones, set_of({10, 1, 5, 8}));
  EXPECT_EQ(parse_chord_symbol("Bdim").tones, set_of({11, 2, 5}));
  EXPECT_EQ(parse_chord_symbol("Bm7b5").tones, set_of({11, 2, 5, 9}));
  EXPECT_EQ(parse_chord_symbol("C#dim7").tones, set_of({1, 4, 7, 10}));
  EXPECT_EQ(parse_chord_symbol("Eaug").tones, set_of({4, 8, 0}));
  EXPECT_EQ(parse_chord_symbol("Dsus4").tones, set_of({2, 7, 9}));
  EXPECT_EQ(parse_chord_symbol("C6/9").tones, set_of({0, 2, 4, 7, 9}));
  EXPECT_EQ(parse_chord_symbol("C/Bb").tones, set_of({0, 4, 7, 10}));
  EXPECT_EQ(parse_chord_symbol("Am7/G").tones, set_of({9, 0, 4, 7}));
  const ChordSymbol nc = parse_chord_symbol("N.C.");
  EXPECT_TRUE(nc.no_chord);
  EXPECT_TRUE(nc.tones.none());
}

TEST(ChordSymbols, BadSymbolsAreRefusedByName) {
  auto message = usage_error([] { parse_chord_symbol("Xm"); });
  EXPECT_NE(message.find("chord \"Xm\" does not start with a root note"), std::string::npos) << message;
  message = usage_error([] { parse_chord_symbol("Cmaj13#11"); });
  EXPECT_NE(message.find("unknown quality \"maj13#11\""), std::string::npos) << message;
  EXPECT_NE(message.find("m7b5"), std::string::npos) << message;  // lists what is known
  message = usage_error([] { parse_chord_symbol("C/H"); });
  EXPECT_NE(message.find("\"H\" is not a note name"), std::string::npos) << message;
}

TEST(ChordProgressions, ChordsLastABarOrTheirBeatsAndRepeat) {
  const ChordProgression p = ChordProgression::parse("C:2 G:2 Am F");
  ASSERT_EQ(p.chords().size(), 4u);
  // 4/4 at 4 steps per quarter: C steps 0-7, G 8-15, Am 16-31, F 32-47, then C again.
  const auto at = [&](std::int64_t step) { return p.chord_at(step, 16, 4).chord.text; };
  EXPECT_EQ(at(0), "C");
  EXPECT_EQ(at(7), "C");
  EXPECT_EQ(at(8), "G");
  EXPECT_EQ(at(16), "Am");
  EXPECT_EQ(at(31), "Am");
  EXPECT_EQ(at(32), "F");
  EXPECT_EQ(at(48), "C");
  EXPECT_EQ(at(48 + 8), "G");
  // 3/4: a bar is 12 steps.
  const ChordProgression waltz = ChordProgression::parse("Dm, A7");
  EXPECT_EQ(waltz.chord_at(11, 12, 4).chord.text, "Dm");
  EXPECT_EQ(waltz.chord_at(12, 12, 4).chord.text, "A7");
  EXPECT_EQ(waltz.chord_at(24, 12, 4).chord.text, "Dm");
  EXPECT_EQ(ChordProgression::position_name(40, 16, 4), "bar 3, beat 3");
  EXPECT_EQ(ChordProgression::position_name(41, 16, 4), "bar 3, beat 3 (+1 steps)");
}

TEST(ChordProgressions, BadProgressionsAreRefused) {
  auto message = usage_error([] { ChordProgression::parse("C G | Am F"); });
  EXPECT_NE(message.find("bar lines"), std::string::npos) << message;
  message = usage_error([] { ChordProgression::parse("C:0 G"); });
  EXPECT_NE(message.find("\"C:0\" needs a whole number of quarter-note beats"), std::string::npos) << message;
  message = usage_error([] { ChordProgression::parse("C:1.5"); });
  EXPECT_NE(message.find("whole number"), std::string::npos) << message;
  message = usage_error([] { ChordProgression::parse("   "); });
  EXPECT_NE(message.find("names no chord"), std::string::npos) << message;
  message = usage_error([] { ChordProgression::parse("C Hm"); });
  EXPECT_NE(message.find("chord \"Hm\""), std::string::npos) << message;
}

TEST(StrongBeats, BeatsOneAndThreeOfFourFourDownbeatsElsewhere) {
  std::vector<int> strong;
  for (int step = 0; step < 32; ++step) {
    if (is_strong_beat(step, 16, 4)) strong.push_back(step);
  }
  EXPECT_EQ(strong, (std::vector<int>{0, 8, 16, 24}));
  strong.clear();
  for (int step = 0; step < 24; ++step) {
    if (is_strong_beat(step, 12, 4)) strong.push_back(step);  // 3/4 (and 6/8: 12 steps too)
  }
  EXPECT_EQ(strong, (std::vector<int>{0, 12}));
  EXPECT_TRUE(is_strong_beat(4, 8, 4));    // 2/4: beat 2
  EXPECT_TRUE(is_strong_beat(16, 32, 8));  // 4/4 at 8 steps per quarter: beat 3
  EXPECT_FALSE(is_strong_beat(4, 16, 4));
}

}  // namespace
}  // namespace stochos::melody
