// SPDX-License-Identifier: GPL-3.0-or-later
// Known answers come from music21's sieve.py doctests and unit tests (cuthbertLab/music21,
// music21/sieve.py), and from running that module on the same expressions.
#include "stochos/stochastic/sieve.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

using Ints = std::vector<std::int64_t>;

// Flint's reading of the Psappha sieve, as in music21's testSieve.
constexpr const char* kPsappha =
    "[(8@0 | 8@1 | 8@7) & (5@1 | 5@3)] |   [(8@0 | 8@1 | 8@2) & 5@0] | "
    "[8@3 & (5@0 | 5@1 | 5@2 | 5@3 | 5@4)] | [8@4 & (5@0 | 5@1 | 5@2 | 5@3 | 5@4)] | "
    "[(8@5 | 8@6) & (5@2 | 5@3 | 5@4)] | (8@1 & 5@2) | (8@6 & 5@1)";
// The Nomos Alpha sieve of music21's testSieve.
constexpr const char* kNomosAlpha =
    "(-(13@3 | 13@5 | 13@7 | 13@9) & 11@2) | (-(11@4 | 11@8) & 13@9) | (13@0 | 13@1 | 13@6)";
// The major scale as a sieve, Formalized Music p. 197 (music21's testSieve).
constexpr const char* kMajorScale = "(-3@2 & 4) | (-3@1 & 4@1) | (3@2 & 4@2) | (-3 & 4@3)";

Error parse_error(const std::string& expression) {
  try {
    Sieve::parse(expression);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << expression;
  return Error::internal("no error");
}

TEST(SieveTest, XenakisPsapphaTermGivesKnownResidueSet) {
  const Sieve s = Sieve::parse("(8@0|8@1|8@7)&(5@1|5@3)");
  EXPECT_EQ(s.segment(0, 79), (Ints{1, 8, 16, 23, 31, 33, 41, 48, 56, 63, 71, 73}));
  EXPECT_EQ(s.period(), 40);
}

TEST(SieveTest, PsapphaSieveGivesKnownSetOverOnePeriod) {
  const Sieve s = Sieve::parse(kPsappha);
  EXPECT_EQ(s.segment(0, 39), (Ints{0,  1,  3,  4,  6,  8,  10, 11, 12, 13, 14, 16, 17, 19,
                                    20, 22, 23, 25, 27, 28, 29, 31, 33, 35, 36, 37, 38}));
  EXPECT_EQ(s.segment(0, 99).size(), 68u);
  EXPECT_EQ(s.period(), 40);
  EXPECT_EQ(s.to_string(),
            "{{8@0|8@1|8@7}&{5@1|5@3}}|{{8@0|8@1|8@2}&5@0}|"
            "{8@3&{5@0|5@1|5@2|5@3|5@4}}|{8@4&{5@0|5@1|5@2|5@3|5@4}}|"
            "{{8@5|8@6}&{5@2|5@3|5@4}}|{8@1&5@2}|{8@6&5@1}");
}

TEST(SieveTest, NomosAlphaSieveGivesKnownSetOverOnePeriod) {
  const Sieve s = Sieve::parse(kNomosAlpha);
  EXPECT_EQ(s.segment(0, 142),
            (Ints{0,   1,   2,   6,   9,   13,  14,  19,  22,  24,  26,  27,  32,  35,  39,  40,
                  45,  52,  53,  58,  61,  65,  66,  71,  78,  79,  84,  87,  90,  91,  92,  97,
                  100, 101, 104, 105, 110, 112, 113, 117, 118, 123, 126, 130, 131, 134, 136, 139}));
  EXPECT_EQ(s.period(), 143);
  EXPECT_EQ(s.to_string(), "{-{13@3|13@5|13@7|13@9}&11@2}|{-{11@4|11@8}&13@9}|{13@0|13@1|13@6}");
}

TEST(SieveTest, MajorScaleSieveGivesDiatonicPitchClasses) {
  const Sieve s = Sieve::parse(kMajorScale);
  EXPECT_EQ(s.segment(0, 24), (Ints{0, 2, 4, 5, 7, 9, 11, 12, 14, 16, 17, 19, 21, 23, 24}));
  EXPECT_EQ(s.period(), 12);
  EXPECT_EQ(s.widths(0, 12), (Ints{2, 2, 1, 2, 2, 2, 1}));
  EXPECT_EQ(s.to_string(), "{-3@2&4@0}|{-3@1&4@1}|{3@2&4@2}|{-3@0&4@3}");
}

TEST(SieveTest, Music21DocstringSegmentBinaryAndWidths) {
  const Sieve s = Sieve::parse("3@2|7@1");
  const Ints members{1,  2,  5,  8,  11, 14, 15, 17, 20, 22, 23, 26, 29, 32, 35, 36, 38, 41, 43, 44, 47, 50,
                     53, 56, 57, 59, 62, 64, 65, 68, 71, 74, 77, 78, 80, 83, 85, 86, 89, 92, 95, 98, 99};
  EXPECT_EQ(s.segment(0, 99), members);
  const std::vector<std::uint8_t> bits = s.binary(0, 99);
  ASSERT_EQ(bits.size(), 100u);
  for (std::int64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(bits[static_cast<std::size_t>(i)] == 1, s.contains(i)) << i;
  }
  EXPECT_EQ(s.widths(0, 99), (Ints{1, 3, 3, 3, 3, 1, 2, 3, 2, 1, 3, 3, 3, 3, 1, 2, 3, 2, 1, 3, 3,
                                   3, 3, 1, 2, 3, 2, 1, 3, 3, 3, 3, 1, 2, 3, 2, 1, 3, 3, 3, 3, 1}));
}

TEST(SieveTest, PrecedenceIsComplementThenIntersectionThenXorThenUnion) {
  EXPECT_EQ(Sieve::parse("2&4&8|5").segment(0, 19), (Ints{0, 5, 8, 10, 15, 16}));
  EXPECT_EQ(Sieve::parse("(5|2)&4&8").segment(0, 19), (Ints{0, 8, 16}));
  EXPECT_EQ(Sieve::parse("5|2&4&8").segment(0, 19), (Ints{0, 5, 8, 10, 15, 16}));
  EXPECT_EQ(Sieve::parse("3@1^4@1").segment(0, 29), (Ints{4, 5, 7, 9, 10, 16, 17, 19, 21, 22, 28, 29}));
  EXPECT_EQ(Sieve::parse("-(3@2 & -4@1 & -(12@3 | 12@8) | (-2@0 & 3@1 | (3@3)))").segment(0, 39),
            (Ints{4, 5, 8, 10, 16, 17, 20, 22, 28, 29, 32, 34}));
}

TEST(SieveTest, Music21SpellingsParseToTheSameSieve) {
  const Sieve words = Sieve::parse("-5 | 4 & 4sub3 & 6 | 4 & 4");
  EXPECT_EQ(words.to_string(), "-5@0|4@0&4@3&6@0|4@0&4@0");
  EXPECT_EQ(words.segment(0, 29), (Ints{0,  1,  2,  3,  4,  6,  7,  8,  9,  11, 12, 13, 14,
                                        16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29}));
  const Sieve keywords = Sieve::parse("2 or 4 and 4 & 6 or 4 & 4");
  EXPECT_EQ(keywords.to_string(), "2@0|4@0&4@0&6@0|4@0&4@0");
  EXPECT_EQ(Sieve::parse("3*4+5,2").to_string(), "3@0&4@0|5@2");
  EXPECT_EQ(Sieve::parse("not 3@1 and 2").to_string(), "-3@1&2@0");
  EXPECT_EQ(Sieve::parse("3@2 & 4@1 | 2@0 & 3@1 | 3@3 | -4@2").to_string(), "3@2&4@1|2@0&3@1|3@0|-4@2");
  EXPECT_EQ(Sieve::parse("-(3@2 & -4@1 & -(12@3 | 12@8) | (-2@0 & 3@1 | (3@3)))").to_string(),
            "-{3@2&-4@1&-{12@3|12@8}|{-2@0&3@1|{3@0}}}");
}

TEST(SieveTest, StringFormParsesBackToTheSameSet) {
  for (const char* expression : {kPsappha, kNomosAlpha, kMajorScale, "-(3@2 & -4@1) ^ 7@3"}) {
    const Sieve a = Sieve::parse(expression);
    const Sieve b = Sieve::parse(a.to_string());
    EXPECT_EQ(b.to_string(), a.to_string());
    EXPECT_EQ(a.segment(-200, 200), b.segment(-200, 200)) << expression;
  }
}

TEST(SieveTest, ZeroModulusIsTheEmptyClass) {
  EXPECT_TRUE(Sieve::parse("0@3").segment(0, 10).empty());
  EXPECT_EQ(Sieve::parse("-0@3").segment(0, 3), (Ints{0, 1, 2, 3}));
}

TEST(SieveTest, PeriodIsLcmOfModuli) {
  EXPECT_EQ(Sieve::parse("3@11").period(), 3);
  EXPECT_EQ(Sieve::parse("2&4&8|5").period(), 40);
  EXPECT_EQ(Sieve::parse("(5|2)&4&8").period(), 40);
  EXPECT_EQ(Sieve::parse("3@0|7@0").period(), 21);
  EXPECT_THROW(Sieve::parse("1099511627689|1099511627691|1099511627623").period(), Error);
}

TEST(SieveTest, OriginShiftsTheSieve) {
  // music21: Sieve('3@11').collect(10, 100, 10, 'int')
  EXPECT_EQ(Sieve::parse("3@11").collect(100, 10, 10),
            (Ints{102, 105, 108, 111, 114, 117, 120, 123, 126, 129}));
  const Sieve s = Sieve::parse(kMajorScale);
  for (std::int64_t x = -30; x < 30; ++x) EXPECT_EQ(s.contains(x, 7), s.contains(x - 7)) << x;
}

TEST(SieveTest, CollectOnEmptySieveIsRefused) {
  EXPECT_THROW(Sieve::parse("3@1&3@2").collect(0, 5), Error);
  EXPECT_TRUE(Sieve::parse("3@1").collect(0, 0).empty());
}

TEST(SieveTest, IntersectionOfResiduesIsOneResidue) {
  EXPECT_EQ(intersect(Residue::make(3, 2), Residue::make(5, 1)), Residue::make(15, 11));  // music21 doctest
  EXPECT_FALSE(intersect(Residue::make(4, 1), Residue::make(6, 2)).has_value());
  // Exhaustive against the definition for small moduli.
  for (std::int64_t m1 = 1; m1 <= 12; ++m1) {
    for (std::int64_t m2 = 1; m2 <= 12; ++m2) {
      for (std::int64_t s1 = 0; s1 < m1; ++s1) {
        for (std::int64_t s2 = 0; s2 < m2; ++s2) {
          const auto r = intersect(Residue::make(m1, s1), Residue::make(m2, s2));
          for (std::int64_t x = -150; x < 150; ++x) {
            const bool both = Residue::make(m1, s1).contains(x) && Residue::make(m2, s2).contains(x);
            ASSERT_EQ(r.has_value() && r->contains(x), both) << m1 << "@" << s1 << " & " << m2 << "@" << s2;
          }
        }
      }
    }
  }
  EXPECT_THROW(intersect(Residue::make(3, 1, true), Residue::make(4, 1)), Error);
}

TEST(SieveTest, CompressionMatchesMusic21Docstrings) {
  EXPECT_EQ(compress_to_sieve(Ints{3, 4, 5, 6, 7, 8, 13, 19}).to_string(), "6@1|7@6|8@5|9@4|10@3|11@8");
  EXPECT_EQ(compress_to_sieve(Ints{0, 2, 4, 6, 8}).to_string(), "2@0");
  EXPECT_EQ(compress_to_sieve(Ints{0, 2, 4, 5, 7, 9, 11, 12}).to_string(), "5@2|5@4|6@5|7@0");
  EXPECT_EQ(compress_to_sieve(Ints{3, 4, 5, 6, 7, 8}).to_string(), "1@0");
}

TEST(SieveTest, CompressionOfMusic21TimePointsRegeneratesTheSet) {
  const std::vector<std::pair<Ints, std::string>> cases = {
      {{3, 6, 12}, "6@0|9@3"},
      {{0, 6, 12, 15, 18, 24, 30, 36, 42}, "6@0|15@0"},
      {{4, 6, 13}, "7@6|9@4"},
      {{2, 3, 4, 5, 8, 9, 10, 11, 14, 17, 19, 20, 23, 24, 26, 29, 31}, "3@2|5@4|7@3"},
      {{0, 2, 4, 5, 7, 9, 11, 12, 14, 16, 17, 19, 21, 23, 24}, "5@4|6@5|7@0|7@2|7@5"},
      {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "1@0"},
      {{-8, -6, -4, -2, 0, 2, 1}, "2@0|5@1"},
  };
  for (const auto& [values, expected] : cases) {
    const SieveCompression c = compress_to_sieve(values);
    EXPECT_EQ(c.to_string(), expected);
    Ints sorted = values;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(c.to_sieve().segment(c.z_min, c.z_max), sorted) << expected;
  }
}

TEST(SieveTest, CompressionRefusesDegenerateInput) {
  EXPECT_THROW(compress_to_sieve(Ints{5}), Error);
  EXPECT_THROW(compress_to_sieve(Ints{5, 5}), Error);
  EXPECT_THROW(compress_to_sieve(Ints{1, 5}, 2, 10), Error);                     // z misses 1
  EXPECT_THROW(compress_to_sieve(Ints{0, 1}, 0, std::int64_t{1} << 30), Error);  // z too wide
  // Over [0, 20] every class through 0 also holds m or 20, outside {0, 10} (music21 fails too).
  EXPECT_THROW(compress_to_sieve(Ints{0, 10}, 0, 20), Error);
  EXPECT_EQ(compress_to_sieve(Ints{5, 10}, 0, 20).to_string(), "11@10|16@5");  // music21 agrees
}

TEST(SieveTest, PitchSieveMatchesMusic21) {
  using Pitches = std::vector<double>;
  // PitchSieve('6@0', 'c4', 'c8'): C4 F#4 C5 ... C8.
  EXPECT_EQ(sieve_pitches(Sieve::parse("6@0"), 60, 108, 60), (Pitches{60, 66, 72, 78, 84, 90, 96, 102, 108}));
  // PitchSieve('4@7') with the defaults c3, c5: E-3 G3 B3 E-4 G4 B4.
  EXPECT_EQ(sieve_pitches(Sieve::parse("4@7"), 48, 72, 48), (Pitches{51, 55, 59, 63, 67, 71}));
  // PitchSieve('4@7&5@4'): G4.
  EXPECT_EQ(sieve_pitches(Sieve::parse("4@7&5@4"), 48, 72, 48), (Pitches{67}));
  // PitchSieve('13@3|13@6|13@9', 'c1', 'c10', 'f#4'): F#1, A1, C2, G2, ...
  EXPECT_EQ(sieve_pitches(Sieve::parse("13@3|13@6|13@9"), 24, 132, 66),
            (Pitches{30, 33, 36, 43, 46, 49,  56,  59,  62,  69,  72,  75,
                     82, 85, 88, 95, 98, 101, 108, 111, 114, 121, 124, 127}));
  // testPitchSieveA: '3@0|7@0', c2..c6.
  EXPECT_EQ(sieve_pitches(Sieve::parse("3@0|7@0"), 36, 84, 36),
            (Pitches{36, 39, 42, 43, 45, 48, 50, 51, 54, 57, 60, 63, 64, 66, 69, 71, 72, 75, 78, 81, 84}));
  // Microtonal step: PitchSieve('3@0', 'c4', 'c5', 'c4', 0.5) -> 0, 1.5, ... 12 above C4.
  EXPECT_EQ(sieve_pitches(Sieve::parse("3@0"), 60, 72, 60, 0.5),
            (Pitches{60, 61.5, 63, 64.5, 66, 67.5, 69, 70.5, 72}));
  EXPECT_EQ(sieve_pitches(Sieve::parse("1@0"), 36, 84, 36, 0.5).size(), 97u);
  EXPECT_EQ(sieve_pitches(Sieve::parse("3@0"), 36, 84, 36, 0.5).size(), 33u);
}

TEST(SieveTest, PitchSieveRefusesBadRanges) {
  const Sieve s = Sieve::parse("1@0");
  EXPECT_THROW(sieve_pitches(s, 60, 72, 60, 0.0), Error);
  EXPECT_THROW(sieve_pitches(s, 72, 60, 60), Error);
  EXPECT_THROW(sieve_pitches(s, 0, 127, 60, 1e-9), Error);
}

TEST(SieveTest, RhythmOnsetsFollowTheSieve) {
  const Sieve tresillo = Sieve::parse("8@0|8@3|8@6");
  EXPECT_EQ(sieve_onsets_seconds(tresillo, 0, 16, 0.125),
            (std::vector<double>{0.0, 0.375, 0.75, 1.0, 1.375, 1.75}));
  EXPECT_EQ(tresillo.widths(0, 16), (Ints{3, 3, 2, 3, 3, 2}));
  EXPECT_THROW(sieve_onsets_seconds(tresillo, 0, 16, 0.0), Error);
}

TEST(SieveTest, OperatorsComposeSieves) {
  const Sieve a = Sieve::parse("3@11");
  const Sieve b = Sieve::parse("2&4&8|5");
  EXPECT_EQ((a & b).to_string(), "{3@2}&{2@0&4@0&8@0|5@0}");
  EXPECT_EQ((a | b).to_string(), "{3@2}|{2@0&4@0&8@0|5@0}");
  EXPECT_EQ((-a).to_string(), "-{3@2}");
  for (std::int64_t x = 0; x < 120; ++x) {
    EXPECT_EQ((a ^ b).contains(x), a.contains(x) != b.contains(x));
  }
}

TEST(SieveTest, UnboundedRangesAreRefused) {
  const Sieve s = Sieve::parse("3@1");
  EXPECT_THROW(s.segment(0, 1'000'000'000'000), Error);
  EXPECT_THROW(s.segment(10, 0), Error);
  EXPECT_THROW(s.collect(0, std::int64_t{1} << 30), Error);
  EXPECT_THROW(s.contains(std::int64_t{1} << 62), Error);
  EXPECT_THROW(s.segment(0, kMaxSieveSpan), Error);  // one past the limit
}

struct BadExpression {
  std::string text;
  std::uint32_t column;
  const char* fragment;  // part of the suggestion
};

TEST(SieveTest, ParseErrorsNameTheColumnAndSuggestAFix) {
  const BadExpression cases[] = {
      {"", 1, "empty sieve expression"},
      {"   ", 1, "empty sieve expression"},
      {"3@2 | ", 7, "add a residue class"},
      {"3@2 & & 4", 7, "expected a residue class"},
      {"(8@0|8@1", 9, "'(' at column 1 is never closed; add ')'"},
      {"8@0|8@1)", 8, "no matching opening bracket"},
      {"(8@0|8@1]", 9, "write ')'"},
      {"3@1 4@2", 5, "missing operator before '4'"},
      {"3@1 (4@2)", 5, "missing operator"},
      {"3@2-4@1", 4, "binary operator; write 'A&-B'"},
      {"(3@2)-(4@1)", 6, "binary operator"},
      {"3@2|-", 5, "has no operand"},
      {"--3@2", 2, "double complement"},
      {"3@", 3, "expected the shift after '@'"},
      {"@3", 1, "expected a modulus before '@'"},
      {"3@1@2", 4, "one modulus and one shift"},
      {"3@1 $ 4", 5, "unexpected character '$'"},
      {"3@1 nad 4", 5, "did you mean 'and'?"},
      {"3@1 AND 4", 5, "did you mean 'and'?"},
      {"3@1 | ()", 8, "found ')'"},
      {"99999999999999999@1", 1, "number too large"},
      {std::string(300, '(') + "1" + std::string(300, ')'), 257, "nested deeper than 256"},
      {std::string(20000, ' '), 1, "exceeds the limit of 16384"},
  };
  for (const BadExpression& c : cases) {
    const Error e = parse_error(c.text);
    EXPECT_EQ(e.kind(), ErrorKind::kUsage) << c.text;
    EXPECT_EQ(e.code(), "sieve_syntax") << c.text;
    ASSERT_TRUE(e.where().column.has_value()) << c.text;
    EXPECT_EQ(*e.where().column, c.column) << c.text << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(c.fragment), std::string::npos) << c.text << ": " << e.what();
    if (c.text == "3@2-4@1") {
      EXPECT_STREQ(e.what(),
                   "line 1, column 4: sieve \"3@2-4@1\": '-' cannot be used as a binary operator; "
                   "write 'A&-B' for A without B");
    }
  }
}

}  // namespace
}  // namespace stochos::stochastic
