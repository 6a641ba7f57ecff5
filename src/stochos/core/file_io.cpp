// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "stochos/core/error.h"

namespace stochos::core {
namespace {

std::string errno_text() { return std::strerror(errno); }

std::filesystem::path temp_sibling(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  auto name = "." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
              std::to_string(counter.fetch_add(1));
  return path.parent_path() / name;
}

}  // namespace

std::string lowercase_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::vector<std::uint8_t> read_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error::io(path.string(), "cannot open: " + errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw Error::io(path.string(), "cannot stat: " + errno_text());
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error::io(path.string(), "is a directory");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    throw Error::input(path.string(), {},
                       "file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                           std::to_string(max_bytes));
  }
  std::vector<std::uint8_t> data(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::read(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      throw Error::io(path.string(), "read failed: " + errno_text());
    }
    if (n == 0) break;  // file shrank while reading: keep what is there
    done += static_cast<std::size_t>(n);
  }
  data.resize(done);
  ::close(fd);
  return data;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view data) {
  AtomicFile file(path);
  file.write(data);
  file.commit();
}

AtomicFile::AtomicFile(std::filesystem::path path) : path_(std::move(path)) {
  if (path_.has_parent_path() && !std::filesystem::exists(path_.parent_path())) {
    throw Error::io(path_.string(), "directory " + path_.parent_path().string() + " does not exist");
  }
  temp_path_ = temp_sibling(path_);
  fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error::io(path_.string(), "cannot create temporary file: " + errno_text());
  buffer_.reserve(1 << 16);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_path_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  bytes_written_ += bytes.size();
  if (buffer_.size() + bytes.size() > (1 << 16)) {
    flush_buffer();
    if (bytes.size() >= (1 << 16)) {
      buffer_.assign(bytes);
      flush_buffer();
      return;
    }
  }
  buffer_.append(bytes);
}

void AtomicFile::flush_buffer() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error::io(path_.string(), "write failed: " + errno_text());
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void AtomicFile::commit() {
  if (committed_) return;
  flush_buffer();
  if (::fsync(fd_) != 0) throw Error::io(path_.string(), "fsync failed: " + errno_text());
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw Error::io(path_.string(), "close failed: " + errno_text());
  }
  fd_ = -1;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw Error::io(path_.string(), "cannot rename temporary into place: " + errno_text());
  }
  committed_ = true;
}

}  // namespace stochos::core
