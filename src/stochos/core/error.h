// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one exception type of libstochos. It carries what a user needs to fix the input:
/// the kind (which decides the CLI exit code), the file, a position (byte offset for binary
/// formats, line:column for text, or a record/item index), and one sentence.
/// It prints like a compiler diagnostic:
///   song.mid: byte 0x1a3 (track 2): running status with no previous status byte
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace stochos {

enum class ErrorKind {
  kUsage,        ///< bad flags or arguments (exit 2)
  kInput,        ///< malformed input data (exit 3)
  kIo,           ///< file system or device failure (exit 4)
  kUnsupported,  ///< well-formed input that stochos does not handle (exit 3)
  kInternal,     ///< a bug (exit 1)
};

/// Where in a file a problem sits. All parts are optional.
struct ErrorLocation {
  std::optional<std::uint64_t> byte_offset;
  std::optional<std::uint32_t> line;    ///< 1-based
  std::optional<std::uint32_t> column;  ///< 1-based
  std::string context;                  ///< e.g. "track 2" or "record 17"
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string path = {}, ErrorLocation where = {});

  static Error usage(std::string message) { return {ErrorKind::kUsage, std::move(message)}; }
  static Error io(std::string path, std::string message) {
    return {ErrorKind::kIo, std::move(message), std::move(path)};
  }
  static Error input(std::string path, ErrorLocation where, std::string message) {
    return {ErrorKind::kInput, std::move(message), std::move(path), std::move(where)};
  }
  static Error unsupported(std::string path, std::string message, ErrorLocation where = {}) {
    return {ErrorKind::kUnsupported, std::move(message), std::move(path), std::move(where)};
  }
  static Error internal(std::string message) { return {ErrorKind::kInternal, std::move(message)}; }

  ErrorKind kind() const { return kind_; }
  const std::string& path() const { return path_; }
  const ErrorLocation& where() const { return where_; }
  /// The bare sentence, without file or position.
  const std::string& message() const { return message_; }

  /// A copy with the file path filled in (for errors raised below the layer that knows it).
  Error with_path(std::string path) const;

  /// A short machine-readable reason (e.g. "multiple_tempos"), for statistics and tests that
  /// must tell failures apart without parsing messages. Empty when not set.
  const std::string& code() const { return code_; }
  Error&& with_code(std::string code) && {
    code_ = std::move(code);
    return std::move(*this);
  }

 private:
  ErrorKind kind_;
  std::string message_;
  std::string path_;
  ErrorLocation where_;
  std::string code_;
};

/// Process exit codes of the CLI (docs/style.md): 0 success, 1 internal, 2 usage,
/// 3 bad input, 4 I/O, 5 finished with items skipped.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,
  kExitUsage = 2,
  kExitBadInput = 3,
  kExitIo = 4,
  kExitSkipped = 5,
};

int exit_code_for(ErrorKind kind);

/// "0x1a3" style hexadecimal for byte offsets.
std::string hex_offset(std::uint64_t offset);

}  // namespace stochos
