// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/error.h"

#include <cstdio>

namespace stochos {
namespace {

std::string compose(const std::string& path, const ErrorLocation& where, const std::string& message) {
  std::string out;
  if (!path.empty()) {
    out += path;
  }
  std::string position;
  if (where.byte_offset) {
    position = "byte " + hex_offset(*where.byte_offset);
  } else if (where.line) {
    position = "line " + std::to_string(*where.line);
    if (where.column) position += ", column " + std::to_string(*where.column);
  }
  if (!where.context.empty()) {
    position += position.empty() ? where.context : " (" + where.context + ")";
  }
  if (!position.empty()) {
    if (!out.empty()) out += ": ";
    out += position;
  }
  if (!out.empty()) out += ": ";
  out += message;
  return out;
}

}  // namespace

Error::Error(ErrorKind kind, std::string message, std::string path, ErrorLocation where)
    : std::runtime_error(compose(path, where, message)),
      kind_(kind),
      message_(std::move(message)),
      path_(std::move(path)),
      where_(std::move(where)) {}

Error Error::with_path(std::string path) const {
  Error copy(kind_, message_, std::move(path), where_);
  copy.code_ = code_;
  return copy;
}

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return kExitUsage;
    case ErrorKind::kInput: return kExitBadInput;
    case ErrorKind::kUnsupported: return kExitBadInput;
    case ErrorKind::kIo: return kExitIo;
    case ErrorKind::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

std::string hex_offset(std::uint64_t offset) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(offset));
  return buf;
}

}  // namespace stochos
