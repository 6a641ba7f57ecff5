// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// TFRecord files (TensorFlow's record framing, TF tensorflow/core/lib/io/record_writer.cc
/// RecordWriter::WriteRecord): each record is
/// uint64 LE length, masked CRC32C of those 8 bytes, the data, masked CRC32C of the data.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"

namespace stochos::tfio {

struct TFRecordReadOptions {
  bool verify_crc = true;
  /// Records longer than this are refused (a corrupt length must not allocate gigabytes).
  std::uint64_t max_record_bytes = std::uint64_t{1} << 30;
};

/// Reads records one at a time from a file or from memory, checking both CRCs. Corruption
/// throws stochos::Error(kInput) naming the file, byte offset and record index; memory use
/// is one record. Not thread-safe.
class TFRecordReader {
 public:
  explicit TFRecordReader(const std::filesystem::path& path, TFRecordReadOptions options = {});
  /// Reads from `data`, which must outlive the reader. `name` is used in error messages.
  TFRecordReader(std::string_view data, std::string name, TFRecordReadOptions options = {});
  ~TFRecordReader();
  TFRecordReader(const TFRecordReader&) = delete;
  TFRecordReader& operator=(const TFRecordReader&) = delete;

  /// Fills `record` with the next record; returns false at the end of the file.
  bool next(std::string& record);

  /// Index of the next record to be read (= records read so far).
  std::uint64_t records_read() const { return index_; }
  /// Byte offset of the next record header.
  std::uint64_t offset() const { return offset_; }
  std::uint64_t size_bytes() const { return size_; }
  const std::string& name() const { return name_; }

 private:
  void read_at(std::uint64_t offset, void* dst, std::size_t n);
  [[noreturn]] void fail(std::uint64_t at, const std::string& message) const;

  std::string name_;
  TFRecordReadOptions options_;
  int fd_ = -1;
  std::string_view memory_;
  std::uint64_t size_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t index_ = 0;
};

/// Reads every record of a file into memory (for small files and tests).
std::vector<std::string> read_all_records(const std::filesystem::path& path,
                                          TFRecordReadOptions options = {});

/// Appends the framing of one record to `out` (header, data, CRCs).
void append_framed_record(std::string& out, std::string_view record);

/// Writes records to `path` atomically: nothing appears under `path` until commit().
class TFRecordWriter {
 public:
  explicit TFRecordWriter(std::filesystem::path path);
  void write(std::string_view record);
  void commit();
  std::uint64_t records_written() const { return count_; }
  std::uint64_t bytes_written() const { return file_.bytes_written(); }

 private:
  core::AtomicFile file_;
  std::string frame_;
  std::uint64_t count_ = 0;
};

/// `e`, an error parsing the data of record `index` (framing at byte `offset` of `file`),
/// located in the file: the record's data starts after its 12-byte header, so an offset
/// inside the record becomes offset + 12 + that; the record number (and the field the error
/// names, if any) go into the context.
Error error_in_record(const Error& e, const std::filesystem::path& file, std::uint64_t index, std::uint64_t offset);

}  // namespace stochos::tfio
