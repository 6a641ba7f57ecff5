// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/file_io.h"

#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/testing/shared.h"

namespace stochos::core {
namespace {

TEST(FileIo, AtomicWriteThenReadGivesTheSameBytes) {
  testing::TempDir dir;
  std::string data(200000, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  write_file_atomically(dir / "out.bin", data);
  const auto back = read_file(dir / "out.bin");
  ASSERT_EQ(back.size(), data.size());
  EXPECT_TRUE(std::equal(back.begin(), back.end(), data.begin(),
                         [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); }));
}

TEST(FileIo, UncommittedAtomicFileLeavesNoTraceAndKeepsTheOldFile) {
  testing::TempDir dir;
  write_file_atomically(dir / "keep.txt", "old");
  {
    AtomicFile f(dir / "keep.txt");
    f.write("new contents that are never committed");
  }
  const auto back = read_file(dir / "keep.txt");
  EXPECT_EQ(std::string(back.begin(), back.end()), "old");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(FileIo, ReadRefusesFilesOverTheLimitBeforeAllocating) {
  testing::TempDir dir;
  write_file_atomically(dir / "big", std::string(1000, 'x'));
  try {
    read_file(dir / "big", 999);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_NE(std::string(e.what()).find("over the limit"), std::string::npos);
  }
}

TEST(FileIo, MissingFileIsAnIoErrorNamingThePath) {
  try {
    read_file("/nonexistent/dir/x.mid");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_EQ(e.path(), "/nonexistent/dir/x.mid");
  }
}

TEST(FileIo, AtomicFileIntoMissingDirectoryFailsClearly) {
  EXPECT_THROW(AtomicFile("/nonexistent/dir/out.bin"), Error);
}

}  // namespace
}  // namespace stochos::core
