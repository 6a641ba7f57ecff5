// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/tfio/detail/leveldb_table.h"

#include <leveldb/env.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/status.h>
#include <leveldb/table.h>
#include <leveldb/table_builder.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/tfio/crc32c.h"

namespace stochos::tfio::detail {
namespace {

constexpr std::uint64_t kTableMagic = 0xdb4775248b80fb57ull;
constexpr std::size_t kFooterBytes = 48;       // two BlockHandles padded to 40, then magic
constexpr std::size_t kBlockTrailerBytes = 5;  // type byte + masked CRC32C

// Table bytes in memory as LevelDB's file interface. A read past the end returns the bytes
// there are; LevelDB then reports a truncated block.
class MemoryFile final : public leveldb::RandomAccessFile {
 public:
  explicit MemoryFile(std::string_view bytes) : bytes_(bytes) {}
  leveldb::Status Read(std::uint64_t offset, std::size_t n, leveldb::Slice* result,
                       char* /*scratch*/) const override {
    if (offset > bytes_.size()) {
      *result = leveldb::Slice();
      return leveldb::Status::Corruption("read past the end of the table");
    }
    const std::size_t available = bytes_.size() - static_cast<std::size_t>(offset);
    *result = leveldb::Slice(bytes_.data() + offset, n < available ? n : available);
    reads_.emplace_back(offset, result->size());
    return leveldb::Status::OK();
  }

  /// Where the damaged block starts. LevelDB reads one block (contents, type byte, masked
  /// CRC32C) per call and reports damage without saying where, and its iterator reads on
  /// past a bad block; so the reads are checked again here, first bad CRC first. Falls
  /// back to the last read (a truncated block, a bad footer).
  std::uint64_t damaged_block() const {
    for (const auto& [offset, n] : reads_) {
      if (n <= kBlockTrailerBytes || (n == kFooterBytes && offset + n == bytes_.size())) continue;
      const char* block = bytes_.data() + offset;
      std::uint32_t stored = 0;
      for (int i = 3; i >= 0; --i)
        stored = (stored << 8) | static_cast<std::uint8_t>(block[n - 4 + static_cast<std::size_t>(i)]);
      if (unmask_crc(stored) != crc32c(block, n - 4)) return offset;
    }
    return reads_.empty() ? 0 : reads_.back().first;
  }

 private:
  std::string_view bytes_;
  mutable std::vector<std::pair<std::uint64_t, std::size_t>> reads_;  // (offset, bytes) in order
};

class StringFile final : public leveldb::WritableFile {
 public:
  explicit StringFile(std::string& out) : out_(out) {}
  leveldb::Status Append(const leveldb::Slice& data) override {
    out_.append(data.data(), data.size());
    return leveldb::Status::OK();
  }
  leveldb::Status Close() override { return leveldb::Status::OK(); }
  leveldb::Status Flush() override { return leveldb::Status::OK(); }
  leveldb::Status Sync() override { return leveldb::Status::OK(); }

 private:
  std::string& out_;
};

// LevelDB's messages ("Corruption: block checksum mismatch") become one sentence.
Error table_error(const std::string& source, const leveldb::Status& status, const MemoryFile& file) {
  std::string what = status.ToString();
  if (what.rfind("Corruption: ", 0) == 0) what.erase(0, 12);
  ErrorLocation where;
  where.byte_offset = file.damaged_block();
  return Error::input(source, where, "damaged checkpoint table: " + what);
}

bool read_varint64(std::string_view& in, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift <= 63 && !in.empty(); shift += 7) {
    const auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

// LevelDB allocates a block's size before reading it, and the footer is the one part no CRC
// covers: check its two handles against the table size so that a damaged footer is an
// error rather than a huge allocation.
void check_footer(std::string_view bytes, const std::string& source) {
  if (bytes.size() < kFooterBytes) {
    throw Error::input(source, {}, "too short for a checkpoint table (" + std::to_string(bytes.size()) +
                                       " bytes; the footer alone is 48)");
  }
  if (!has_table_footer(bytes)) {
    throw Error::input(source, {bytes.size() - 8, {}, {}, {}},
                       "not a checkpoint table (no LevelDB/TensorFlow table magic at the end)");
  }
  std::string_view footer = bytes.substr(bytes.size() - kFooterBytes, kFooterBytes - 8);
  const std::uint64_t footer_offset = bytes.size() - kFooterBytes;
  for (const char* which : {"metaindex", "index"}) {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    if (!read_varint64(footer, offset) || !read_varint64(footer, size) ||
        offset > footer_offset || size > footer_offset - offset ||
        footer_offset - offset - size < kBlockTrailerBytes) {
      throw Error::input(source, {footer_offset, {}, {}, {}},
                         std::string("damaged table footer: the ") + which + " block lies outside the file");
    }
  }
}

TableEntries read_checked_table(std::string_view bytes, const std::string& source) {
  MemoryFile file(bytes);
  leveldb::Options options;
  options.paranoid_checks = true;  // also verifies the index block's CRC when opening
  leveldb::Table* raw_table = nullptr;
  leveldb::Status status = leveldb::Table::Open(options, &file, bytes.size(), &raw_table);
  if (!status.ok()) throw table_error(source, status, file);
  std::unique_ptr<leveldb::Table> table(raw_table);

  leveldb::ReadOptions read_options;
  read_options.verify_checksums = true;
  read_options.fill_cache = false;
  std::unique_ptr<leveldb::Iterator> it(table->NewIterator(read_options));
  TableEntries entries;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    entries.emplace_back(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) throw table_error(source, it->status(), file);
  return entries;
}

}  // namespace

bool has_table_footer(std::string_view bytes) {
  if (bytes.size() < kFooterBytes) return false;
  std::uint64_t magic = 0;
  for (int i = 7; i >= 0; --i) magic = (magic << 8) | static_cast<std::uint8_t>(bytes[bytes.size() - 8 + i]);
  return magic == kTableMagic;
}

TableEntries read_table(std::string_view bytes, const std::string& source) {
  check_footer(bytes, source);
  try {
    return read_checked_table(bytes, source);
  } catch (const std::bad_alloc&) {
    // A data block handle inside a (CRC-valid but forged) index block can still claim a
    // size LevelDB tries to allocate.
    throw Error::input(source, {}, "damaged checkpoint table: a block claims more bytes than can be allocated");
  }
}

std::string build_table(const TableEntries& entries) {
  std::string out;
  StringFile file(out);
  leveldb::Options options;
  options.compression = leveldb::kNoCompression;  // TF checkpoints are uncompressed
  leveldb::TableBuilder builder(options, &file);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    // LevelDB only asserts the order (compiled out in Debian's build); a table out of order
    // would be unreadable, so check here.
    if (i > 0 && !(entries[i - 1].first < entries[i].first)) {
      throw Error::internal("table keys out of order or repeated: '" + entries[i].first + "'");
    }
    builder.Add(entries[i].first, entries[i].second);
  }
  const leveldb::Status status = builder.Finish();
  if (!status.ok()) throw Error::internal("building a checkpoint table: " + status.ToString());
  return out;
}

}  // namespace stochos::tfio::detail
