// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/convert_job.h"

#include <gtest/gtest.h>

#include <random>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/testing/shared.h"

namespace stochos::jobs {
namespace {
using namespace stochos::notesequence;
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  const auto b = core::read_file(p);
  return {b.begin(), b.end()};
}

ConvertSummary convert(const fs::path& in, const fs::path& out, int threads, bool recursive = false) {
  ConvertOptions o;
  o.input_dir = in;
  o.output_file = out;
  o.threads = threads;
  o.recursive = recursive;
  o.progress = core::ProgressBar::Mode::kNever;
  return convert_directory(o);
}

TEST(ConvertJob, IdsFilenamesAndCollectionFollowMagenta) {
  // Magenta's record 0 of notesequences.tfrecord: filename reels_simple_chords_73.mid in
  // collection "train" has this id.
  EXPECT_EQ(note_sequence_id("reels_simple_chords_73.mid", "train", "midi"),
            "/id/midi/train/01dcacc320a52bf44b548ef94d66fcc9703a292e");
}

TEST(ConvertJob, OutputIsIdenticalForOneAndManyThreads) {
  testing::TempDir dir;
  convert(testing::corpus("mozart"), dir / "one.tfrecord", 1);
  convert(testing::corpus("mozart"), dir / "four.tfrecord", 4);
  EXPECT_EQ(slurp(dir / "one.tfrecord"), slurp(dir / "four.tfrecord"));
}

TEST(ConvertJob, RecursiveVisitsFilesBeforeSubfoldersInSortedOrder) {
  testing::TempDir in;
  const auto example = testing::fixture("note_seq_testdata/example.mid");
  fs::create_directories(in / "b/inner");
  fs::create_directories(in / "a");
  for (const auto* rel : {"z.mid", "b/inner/x.MID", "a/y.midi", "b/w.mid", "c.mid"}) fs::copy_file(example, in / rel);
  testing::TempDir out;
  const auto flat = convert(in.path(), out / "flat.tfrecord", 2);
  EXPECT_EQ(flat.converted, 2u);
  const auto deep = convert(in.path(), out / "deep.tfrecord", 2, true);
  EXPECT_EQ(deep.converted, 5u);
  std::vector<std::string> names;
  for (const auto& ns : read_note_sequences(out / "deep.tfrecord")) {
    names.push_back(ns.filename());
    EXPECT_EQ(ns.collection_name(), in.path().filename().string());
    EXPECT_EQ(ns.id(), note_sequence_id(ns.filename(), ns.collection_name(), "midi"));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"c.mid", "z.mid", "a/y.midi", "b/w.mid", "b/inner/x.MID"}));
}

TEST(ConvertJob, TrailingSlashKeepsTheCollectionName) {
  testing::TempDir in;
  fs::create_directories(in / "songs");
  fs::copy_file(testing::fixture("note_seq_testdata/melody.mid"), in / "songs/m.mid");
  testing::TempDir out;
  convert((in / "songs").string() + "/", out / "o.tfrecord", 1);
  EXPECT_EQ(read_note_sequences(out / "o.tfrecord").at(0).collection_name(), "songs");
}

// A corpus with corrupt members: every good file converts, every bad one is listed with
// its name, and nothing crashes (this test also runs under ASan/UBSan in CI).
TEST(ConvertJob, CorruptMembersAreSkippedAndReportedAndTheRestConverts) {
  testing::TempDir in;
  std::mt19937_64 rng(7);
  std::size_t good = 0;
  for (const auto& entry : fs::directory_iterator(testing::corpus("mozart"))) {
    const auto original = core::read_file(entry.path());
    const std::string name = entry.path().stem().string();
    core::write_file_atomically(in / (name + ".mid"), std::string(original.begin(), original.end()));
    ++good;
    auto cut = original;
    cut.resize(rng() % original.size());
    core::write_file_atomically(in / (name + "_cut.mid"), std::string(cut.begin(), cut.end()));
    std::string noise(1000, '\0');
    for (auto& c : noise) c = static_cast<char>(rng());
    core::write_file_atomically(in / (name + "_noise.mid"), noise);
  }
  testing::TempDir out;
  const auto summary = convert(in.path(), out / "o.tfrecord", 2);
  EXPECT_EQ(summary.files_seen, good * 3);
  // Truncated files fail unless the cut fell exactly after a complete chunk; noise always fails.
  EXPECT_GE(summary.failed.size(), good);
  EXPECT_EQ(summary.converted + summary.failed.size(), good * 3);
  for (const auto& f : summary.failed) {
    EXPECT_NE(f.message.find(f.relative_path), std::string::npos) << f.message;
    EXPECT_NE(f.relative_path.find('_'), std::string::npos) << "a good file failed: " << f.message;
  }
  EXPECT_EQ(read_note_sequences(out / "o.tfrecord").size(), summary.converted);
}

TEST(ConvertJob, MissingInputIsAnErrorAndNoOutputAppears) {
  testing::TempDir out;
  EXPECT_THROW(convert("/nonexistent/input", out / "o.tfrecord", 1), Error);
  EXPECT_FALSE(fs::exists(out / "o.tfrecord"));
}

}  // namespace
}  // namespace stochos::jobs
