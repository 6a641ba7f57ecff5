// SPDX-License-Identifier: GPL-3.0-or-later
// A written MusicXML file opens in MuseScore: Debian's musescore3, run headless
// (QT_QPA_PLATFORM=offscreen), renders it to PDF, and its own MIDI export holds as many notes
// as were written. Skipped when musescore3 is not installed.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/scoreio/score_writer.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

using stochos::testing::run_command;
using stochos::testing::shell_quote;

bool have_musescore() { return run_command("command -v musescore3 >/dev/null 2>&1").exit_code == 0; }

void musescore_convert(const std::filesystem::path& in, const std::filesystem::path& out) {
  const auto r = run_command("QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=" + shell_quote(in.parent_path().string()) +
                             " timeout 300 musescore3 -o " + shell_quote(out.string()) + " " +
                             shell_quote(in.string()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

void check(const std::filesystem::path& midi) {
  SCOPED_TRACE(midi.filename().string());
  const auto original = notesequence::midi_file_to_note_sequence(midi);
  const auto written = quantize_for_notation(original);
  // MuseScore plays each (onset, pitch) once per part, ties joined.
  std::set<std::tuple<int, int, bool, std::int64_t, int>> distinct;
  for (const auto& n : written.notes()) {
    distinct.emplace(n.instrument(), n.program(), n.is_drum(), n.quantized_start_step(), n.pitch());
  }
  stochos::testing::TempDir dir;
  write_score_file(original, dir / "score.musicxml");
  musescore_convert(dir / "score.musicxml", dir / "score.pdf");
  const auto pdf = core::read_file(dir / "score.pdf");
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(std::string(pdf.begin(), pdf.begin() + 5), "%PDF-");
  musescore_convert(dir / "score.musicxml", dir / "score.mid");
  const auto back = notesequence::midi_file_to_note_sequence(dir / "score.mid");
  EXPECT_EQ(static_cast<std::size_t>(back.notes_size()), distinct.size());
}

TEST(MuseScore, WrittenMusicXmlRendersAndItsMidiExportHasTheWrittenNotes) {
  if (!have_musescore()) GTEST_SKIP() << "musescore3 not installed (tools/install-deps.sh)";
  check(stochos::testing::fixture("note_seq_testdata/example.mid"));
  check(stochos::testing::fixture("note_seq_testdata/melody.mid"));
  check(stochos::testing::corpus("mozart/mz_545_1.mid"));
}

}  // namespace
}  // namespace stochos::scoreio
