// SPDX-License-Identifier: GPL-3.0-or-later
// Hand-written: protobuf's parser reports only success or failure, and its error collector
// covers text format, not the binary wire format.
#include "stochos/proto/wire_problem.h"

#include <cstdio>
#include <map>

namespace stochos::proto {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr int kMaxDepth = 100;  // protobuf's default recursion limit

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80                 ? 1
                      : c >= 0xC2 && c <= 0xDF ? 2
                      : c >= 0xE0 && c <= 0xEF ? 3
                      : c >= 0xF0 && c <= 0xF4 ? 4
                                               : 0;
    if (len == 0 || s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      unsigned char lo = 0x80, hi = 0xBF;
      if (k == 1 && c == 0xE0) lo = 0xA0;
      if (k == 1 && c == 0xED) hi = 0x9F;
      if (k == 1 && c == 0xF0) lo = 0x90;
      if (k == 1 && c == 0xF4) hi = 0x8F;
      if (b < lo || b > hi) return false;
    }
    i += len;
  }
  return true;
}

bool read_varint(std::string_view bytes, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 70 && pos < bytes.size(); shift += 7) {
    const auto b = static_cast<unsigned char>(bytes[pos++]);
    if (shift == 63 && b > 1) return false;
    value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

class Walker {
 public:
  std::optional<WireProblem> walk(std::string_view bytes, std::uint64_t base, const Descriptor* type,
                                  const std::string& path, int depth) {
    if (depth > kMaxDepth) return WireProblem{base, path, "messages nested deeper than 100 levels"};
    std::map<int, int> seen;  // occurrences of each repeated field, for "notes[3]"
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      const std::size_t start = pos;
      std::uint64_t tag = 0;
      if (!read_varint(bytes, pos, tag)) return at(base + start, path, "truncated or overlong field tag");
      const auto number = static_cast<int>(tag >> 3);
      const auto wire = static_cast<int>(tag & 7);
      if ((tag >> 3) == 0 || (tag >> 3) > 536870911)
        return at(base + start, path, "field number " + std::to_string(tag >> 3) + " is invalid");
      const FieldDescriptor* field = type ? type->FindFieldByNumber(number) : nullptr;
      std::string name = field ? field->name() : "#" + std::to_string(number);
      if (field && field->is_repeated()) name += "[" + std::to_string(seen[number]++) + "]";
      const std::string here = path.empty() ? name : path + "." + name;
      std::uint64_t value = 0;
      switch (wire) {
        case 0:
          if (!read_varint(bytes, pos, value)) return at(base + start, here, "truncated varint");
          break;
        case 1:
        case 5: {
          const std::size_t n = wire == 1 ? 8 : 4;
          if (bytes.size() - pos < n) return at(base + start, here, "fixed-width value runs past the end");
          pos += n;
          break;
        }
        case 2: {
          if (!read_varint(bytes, pos, value)) return at(base + start, here, "truncated length");
          if (value > bytes.size() - pos) {
            return at(base + start, here,
                      "length " + std::to_string(value) + " runs past the end (" +
                          std::to_string(bytes.size() - pos) + " bytes left)");
          }
          const std::string_view inner = bytes.substr(pos, static_cast<std::size_t>(value));
          if (field && field->type() == FieldDescriptor::TYPE_MESSAGE) {
            if (auto p = walk(inner, base + pos, field->message_type(), here, depth + 1)) return p;
          } else if (field && field->type() == FieldDescriptor::TYPE_STRING &&
                     field->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3 &&
                     !valid_utf8(inner)) {
            return at(base + start, here, "string is not valid UTF-8");
          } else if (field && field->is_packable()) {
            if (auto p = packed(inner, base + pos, field, here)) return p;
          }
          pos += static_cast<std::size_t>(value);
          break;
        }
        default:
          return at(base + start, here, "wire type " + std::to_string(wire) + " is invalid here");
      }
    }
    return std::nullopt;
  }

 private:
  static std::optional<WireProblem> at(std::uint64_t offset, const std::string& path, std::string problem) {
    return WireProblem{offset, path, std::move(problem)};
  }

  static std::optional<WireProblem> packed(std::string_view inner, std::uint64_t base,
                                           const FieldDescriptor* field, const std::string& path) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT64:
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_UINT32:
        break;
      default:
        return std::nullopt;
    }
    const auto t = field->type();
    std::size_t width = 0;
    if (t == FieldDescriptor::TYPE_DOUBLE || t == FieldDescriptor::TYPE_FIXED64 ||
        t == FieldDescriptor::TYPE_SFIXED64)
      width = 8;
    if (t == FieldDescriptor::TYPE_FLOAT || t == FieldDescriptor::TYPE_FIXED32 ||
        t == FieldDescriptor::TYPE_SFIXED32)
      width = 4;
    if (width) {
      if (inner.size() % width) {
        return at(base, path,
                  "packed values of " + std::to_string(width) + " bytes in " + std::to_string(inner.size()) +
                      " bytes");
      }
      return std::nullopt;
    }
    for (std::size_t pos = 0; pos < inner.size();) {
      const std::size_t start = pos;
      std::uint64_t v = 0;
      if (!read_varint(inner, pos, v)) return at(base + start, path, "truncated packed varint");
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<WireProblem> find_wire_problem(std::string_view bytes, const Descriptor& type) {
  return Walker().walk(bytes, 0, &type, "", 0);
}

std::string describe(const WireProblem& p) {
  char hex[24];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(p.byte_offset));
  return std::string("byte ") + hex + (p.field_path.empty() ? "" : " (field " + p.field_path + ")") + ": " +
         p.problem;
}

}  // namespace stochos::proto
