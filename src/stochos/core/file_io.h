// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Whole-file reads with a size bound, and atomic writes (temporary file + fsync + rename),
/// so that a killed job never leaves a half-written output under the final name.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::core {

/// A path's extension in lower case, with its dot (".mid" for "Song.MID"); "" if none.
std::string lowercase_extension(const std::filesystem::path& path);

/// Reads a whole file. Files larger than `max_bytes` are refused with Error(kInput) before
/// any allocation, so one absurd input cannot exhaust memory.
std::vector<std::uint8_t> read_file(const std::filesystem::path& path,
                                    std::uint64_t max_bytes = std::uint64_t{1} << 31);

/// Writes `data` to `path` atomically: the bytes go to a temporary sibling that is flushed
/// and renamed over `path`. Throws Error(kIo) on failure and removes the temporary.
void write_file_atomically(const std::filesystem::path& path, std::string_view data);

/// Streams output to a temporary sibling of `path`; commit() flushes and renames it into
/// place. Destroying an uncommitted AtomicFile deletes the temporary. Not thread-safe.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  void write(const void* data, std::size_t size) {
    write(std::string_view(static_cast<const char*>(data), size));
  }
  std::uint64_t bytes_written() const { return bytes_written_; }
  void commit();
  const std::filesystem::path& path() const { return path_; }

 private:
  void flush_buffer();

  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  int fd_ = -1;
  std::string buffer_;
  std::uint64_t bytes_written_ = 0;
  bool committed_ = false;
};

}  // namespace stochos::core
