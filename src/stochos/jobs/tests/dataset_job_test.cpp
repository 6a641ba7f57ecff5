// SPDX-License-Identifier: GPL-3.0-or-later
// `melody dataset` from a folder reads every file `stochos convert` reads: MIDI, MusicXML and
// ABC (issue 19: the folder path once skipped scores as "not supported by this build").
#include "stochos/jobs/dataset_job.h"

#include <gtest/gtest.h>

#include <set>

#include "stochos/jobs/convert_job.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/testing/shared.h"

namespace stochos::jobs {
namespace {
namespace fs = std::filesystem;

// A folder of one MIDI file, one MusicXML file and one ABC book from note_seq's test data.
void make_mixed_folder(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* name : {"melody.mid", "st_anne.xml", "english.abc"}) {
    fs::copy_file(stochos::testing::fixture(std::string("note_seq_testdata/") + name), dir / name);
  }
}

TEST(DatasetJob, FolderOfMidiMusicXmlAndAbcReadsEveryFileConvertReads) {
  stochos::testing::TempDir tmp;
  make_mixed_folder(tmp / "scores");

  ConvertOptions convert;
  convert.input_dir = tmp / "scores";
  convert.output_file = tmp / "converted.tfrecord";
  convert.progress = core::ProgressBar::Mode::kNever;
  const ConvertSummary converted = convert_directory(convert);
  ASSERT_EQ(3u, converted.converted);
  ASSERT_TRUE(converted.unsupported.empty());

  DatasetOptions o;
  o.config = melody::melody_rnn_config("basic_rnn");
  o.input = tmp / "scores";
  o.output_dir = tmp / "out";
  o.progress = core::ProgressBar::Mode::kNever;
  const DatasetSummary s = create_dataset(o);
  for (const auto& skipped : s.skipped) {
    EXPECT_EQ(std::string::npos, skipped.message.find("not supported")) << skipped.message;
  }
  // One pipeline input per record convert writes (the ABC book holds several tunes), with
  // the same filenames.
  EXPECT_EQ(converted.records, s.inputs);
  std::set<std::string> filenames;
  for (const auto& r : s.reports) filenames.insert(r.filename);
  EXPECT_EQ((std::set<std::string>{"english.abc", "melody.mid", "st_anne.xml"}), filenames);
  const auto records = notesequence::read_note_sequences(tmp / "converted.tfrecord");
  ASSERT_EQ(records.size(), s.reports.size());
  for (std::size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].id(), s.reports[i].id) << i;
}

}  // namespace
}  // namespace stochos::jobs
