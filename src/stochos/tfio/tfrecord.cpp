// SPDX-License-Identifier: GPL-3.0-or-later
//
// Hand-written: TensorFlow's record I/O is not packaged in Debian outside TensorFlow itself,
// and the format is 16 bytes of framing per record (tensorflow/core/lib/io/record_writer.cc).
#include "stochos/tfio/tfrecord.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "stochos/core/error.h"
#include "stochos/tfio/crc32c.h"

namespace stochos::tfio {
namespace {

constexpr std::size_t kHeaderBytes = 12;  // uint64 length + uint32 masked crc
constexpr std::size_t kFooterBytes = 4;   // uint32 masked crc of the data

std::uint64_t load_le64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
std::uint32_t load_le32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
void store_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

TFRecordReader::TFRecordReader(const std::filesystem::path& path, TFRecordReadOptions options)
    : name_(path.string()), options_(options) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error::io(name_, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw Error::io(name_, "not a readable file");
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

TFRecordReader::TFRecordReader(std::string_view data, std::string name, TFRecordReadOptions options)
    : name_(std::move(name)), options_(options), memory_(data), size_(data.size()) {}

TFRecordReader::~TFRecordReader() {
  if (fd_ >= 0) ::close(fd_);
}

void TFRecordReader::fail(std::uint64_t at, const std::string& message) const {
  throw Error::input(name_, {.byte_offset = at, .context = "record " + std::to_string(index_)}, message);
}

void TFRecordReader::read_at(std::uint64_t offset, void* dst, std::size_t n) {
  if (fd_ < 0) {
    std::memcpy(dst, memory_.data() + offset, n);
    return;
  }
  auto* out = static_cast<char*>(dst);
  std::size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error::io(name_, std::string("read failed: ") + std::strerror(errno));
    }
    if (got == 0) fail(offset + done, "file ended while reading (it shrank during the read)");
    done += static_cast<std::size_t>(got);
  }
}

bool TFRecordReader::next(std::string& record) {
  if (offset_ == size_) return false;
  if (size_ - offset_ < kHeaderBytes) {
    fail(offset_, "truncated record header: " + std::to_string(size_ - offset_) +
                      " bytes left, a header needs 12");
  }
  unsigned char header[kHeaderBytes];
  read_at(offset_, header, kHeaderBytes);
  if (index_ == 0 && header[0] == 0x1f && header[1] == 0x8b) {
    throw Error::unsupported(name_, "GZIP-compressed TFRecord files are not supported; "
                                    "decompress it first (Magenta writes uncompressed records)");
  }
  const std::uint64_t length = load_le64(header);
  if (options_.verify_crc) {
    const std::uint32_t expected = load_le32(header + 8);
    const std::uint32_t actual = mask_crc(crc32c(header, 8));
    if (expected != actual) fail(offset_, "length CRC mismatch (corrupt or not a TFRecord file)");
  }
  const std::uint64_t available = size_ - offset_ - kHeaderBytes;
  if (length > options_.max_record_bytes) {
    fail(offset_, "record length " + std::to_string(length) + " exceeds the limit of " +
                      std::to_string(options_.max_record_bytes) + " bytes");
  }
  if (available < kFooterBytes || length > available - kFooterBytes) {
    fail(offset_, "truncated record: length " + std::to_string(length) + " but only " +
                      std::to_string(available) + " bytes follow the header");
  }
  record.resize(static_cast<std::size_t>(length));
  read_at(offset_ + kHeaderBytes, record.data(), record.size());
  unsigned char footer[kFooterBytes];
  read_at(offset_ + kHeaderBytes + length, footer, kFooterBytes);
  if (options_.verify_crc) {
    const std::uint32_t expected = load_le32(footer);
    const std::uint32_t actual = mask_crc(crc32c(record));
    if (expected != actual) fail(offset_ + kHeaderBytes, "data CRC mismatch");
  }
  offset_ += kHeaderBytes + length + kFooterBytes;
  ++index_;
  return true;
}

std::vector<std::string> read_all_records(const std::filesystem::path& path, TFRecordReadOptions options) {
  TFRecordReader reader(path, options);
  std::vector<std::string> records;
  std::string record;
  while (reader.next(record)) records.push_back(record);
  return records;
}

void append_framed_record(std::string& out, std::string_view record) {
  const std::size_t start = out.size();
  store_le(out, record.size(), 8);
  const std::uint32_t length_crc = mask_crc(crc32c(out.data() + start, 8));
  store_le(out, length_crc, 4);
  out.append(record);
  store_le(out, mask_crc(crc32c(record)), 4);
}

TFRecordWriter::TFRecordWriter(std::filesystem::path path) : file_(std::move(path)) {}

void TFRecordWriter::write(std::string_view record) {
  frame_.clear();
  append_framed_record(frame_, record);
  file_.write(frame_);
  ++count_;
}

void TFRecordWriter::commit() { file_.commit(); }

Error error_in_record(const Error& e, const std::filesystem::path& file, std::uint64_t index, std::uint64_t offset) {
  const std::uint64_t at = e.where().byte_offset ? offset + 12 + *e.where().byte_offset : offset;
  const std::string field = e.where().context.empty() ? "" : ", " + e.where().context;
  return Error::input(file.string(), {.byte_offset = at, .context = "record " + std::to_string(index) + field},
                      e.message());
}

}  // namespace stochos::tfio
