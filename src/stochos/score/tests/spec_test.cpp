// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/score/spec.h"
#include "stochos/score/tests/spec_test_support.h"
#include "stochos/testing/shared.h"

namespace stochos::score {
namespace {

using test_support::error_of;

const char* kMinimal = R"(duration_seconds = 10
[[voice]]
name = "a"
ioi_seconds = 0.5
)";

TEST(Spec, ExampleFileParsesWithSectionsAndVoices) {
  const Spec spec = parse_spec_file(testing::source_dir() / "examples/scores/brownian_sieve.toml");
  EXPECT_EQ(spec.title, "Brownian sieve");
  EXPECT_EQ(spec.tempo_qpm, 84);
  ASSERT_EQ(spec.sections.size(), 2u);
  EXPECT_EQ(spec.sections[1].start_seconds, 30);  // follows the previous section
  EXPECT_EQ(spec.duration_seconds, 45);
  ASSERT_EQ(spec.voices.size(), 2u);
  EXPECT_EQ(spec.voices[0].program, 73);
  EXPECT_EQ(spec.voices[1].sections, std::vector<std::string>{"rise"});
  EXPECT_TRUE(spec.voices[1].onset_seconds.has_value());
  EXPECT_EQ(spec.voices[1].duration_seconds.expression, "0.14999999999999999");
}

TEST(Spec, MinimalSpecGetsDefaults) {
  const Spec spec = parse_spec_text(kMinimal, "piece.toml");
  EXPECT_EQ(spec.time_signature_numerator, 4);
  EXPECT_EQ(spec.voices[0].pitch.expression, "60");
  EXPECT_EQ(spec.voices[0].range_policy, RangePolicy::kClamp);
}

TEST(Spec, UnknownKeyNamesLineColumnKeyPathAndNearestKey) {
  const Error e = error_of("duration_seconds = 10\n[[voice]]\nname = \"lead\"\nioi_seconds = 1\nptich = 60\n");
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(e.path(), "piece.toml");
  EXPECT_EQ(e.where().line, 5u);
  EXPECT_EQ(e.where().column, 9u);
  EXPECT_EQ(e.where().context, "voice[lead].ptich");
  EXPECT_NE(e.message().find("did you mean 'pitch'"), std::string::npos) << e.message();
  const Error top = error_of("tempo = 90\nduration_seconds = 1\n");
  EXPECT_NE(top.message().find("tempo_qpm"), std::string::npos) << top.message();
}

TEST(Spec, ExpressionErrorPointsIntoTheFile) {
  const Error e = error_of(std::string(kMinimal) + "pitch = \"quantize(brownian(start=60, stpe=1), 1)\"\n");
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(e.code(), "unknown_parameter");
  EXPECT_EQ(e.where().line, 5u);
  EXPECT_EQ(e.where().column, 9u + 29u);  // the quote is column 9; 'stpe' is column 29 of the expression
  EXPECT_EQ(e.where().context, "voice[a].pitch");
  EXPECT_NE(std::string(e.what()).find("piece.toml: line 5, column 38 (voice[a].pitch): "), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("did you mean 'step'"), std::string::npos);
}

TEST(Spec, TomlSyntaxErrorHasAPosition) {
  const Error e = error_of("duration_seconds = 10\n[[voice]\n");
  EXPECT_EQ(e.kind(), ErrorKind::kInput);
  EXPECT_EQ(e.code(), "toml_syntax");
  EXPECT_EQ(e.where().line, 2u);
}

TEST(Spec, TypeAndRangeErrorsNameTheKey) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "program = 200\n").where().context, "voice[a].program");
  EXPECT_EQ(error_of(std::string(kMinimal) + "program = \"flute\"\n").where().context, "voice[a].program");
  EXPECT_NE(error_of(std::string(kMinimal) + "out_of_range = \"clip\"\n").message().find("clamp"), std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + "sections = [\"intro\"]\n").message().find("no section"), std::string::npos);
  EXPECT_NE(error_of("[[voice]]\nioi_seconds = 1\n").message().find("duration_seconds"), std::string::npos);
  EXPECT_NE(error_of("duration_seconds = 1\n[[voice]]\npitch = 60\n").message().find("ioi_seconds"), std::string::npos);
  EXPECT_NE(error_of("duration_seconds = 1\ntime_signature = \"3/5\"\n[[voice]]\nioi_seconds = 1\n").message().find("power of two"),
            std::string::npos);
}

TEST(Spec, TooManyVoicesAreRefused) {
  std::string text = "duration_seconds = 1\n";
  for (std::size_t i = 0; i <= kMaxVoices; ++i) text += "[[voice]]\nioi_seconds = 1\n";
  EXPECT_NE(error_of(text).message().find("voices"), std::string::npos);
}

}  // namespace
}  // namespace stochos::score
