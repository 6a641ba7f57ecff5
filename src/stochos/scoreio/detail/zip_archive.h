// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The libzip seam: reading every entry of a zip held in memory, and writing one. Only
// scoreio/detail includes libzip.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::scoreio::detail {

struct ZipEntry {
  std::string raw_name;        ///< the name bytes as stored
  bool utf8_flag = false;      ///< general-purpose bit 11 (0x800): the name is UTF-8
  std::uint64_t index = 0;
};

class ZipReader {
 public:
  /// Opens an in-memory archive; a damaged one throws Error(kInput, "musicxml_parse").
  ZipReader(std::string_view bytes, std::string source);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  const std::vector<ZipEntry>& entries() const { return entries_; }
  /// The uncompressed bytes of an entry, at most `max_bytes` (zip bombs are refused).
  std::string read(const ZipEntry& entry, std::uint64_t max_bytes = std::uint64_t{1} << 30) const;

 private:
  std::string bytes_;
  std::string source_;
  void* archive_ = nullptr;  // zip_t*
  void* zip_source_ = nullptr;
  std::vector<ZipEntry> entries_;
};

struct ZipFileToWrite {
  std::string name;
  std::string data;
  bool store = false;  ///< store without compression (the mimetype entry of .mxl)
};

/// A zip archive holding `files` in order, as bytes (UTF-8 names flagged as such).
std::string write_zip(const std::vector<ZipFileToWrite>& files);

}  // namespace stochos::scoreio::detail
