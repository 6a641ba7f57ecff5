// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq abc_parser.parse_abc_tunebook: lines (Python's str.splitlines), sections split at
// blank lines, the header section, and one ABCTune per section.
#include "stochos/scoreio/abc_parser.h"

#include "stochos/core/file_io.h"
#include "stochos/scoreio/detail/abc_tune.h"

namespace stochos::scoreio {
namespace {

struct RawLine {
  std::string text;
  std::uint32_t number = 0;
};

// str.splitlines: \n, \r\n, \r, \v, \f, \x1c, \x1d, \x1e, U+0085, U+2028, U+2029.
std::vector<RawLine> split_lines(std::string_view s) {
  std::vector<RawLine> lines;
  std::string current;
  std::uint32_t number = 1;
  std::size_t i = 0;
  const auto flush = [&] {
    lines.push_back({std::move(current), number++});
    current.clear();
  };
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\r') {
      i += (i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
      flush();
    } else if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e) {
      ++i;
      flush();
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) {
      i += 2;
      flush();
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      i += 3;
      flush();
    } else {
      current += static_cast<char>(c);
      ++i;
    }
  }
  if (!current.empty()) flush();
  return lines;
}

bool is_strip_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1f);
}

}  // namespace

AbcTunebook parse_abc_tunebook(std::string_view tunebook, const std::string& source, const AbcReadOptions& options) {
  const std::vector<RawLine> raw = split_lines(tunebook);
  std::vector<std::vector<detail::AbcLine>> sections;
  std::vector<detail::AbcLine> current;
  for (const auto& line : raw) {
    std::size_t begin = 0;
    std::size_t end = line.text.size();
    while (begin < end && is_strip_space(line.text[begin])) ++begin;
    while (end > begin && is_strip_space(line.text[end - 1])) --end;
    if (begin == end) {
      if (!current.empty()) sections.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back({line.text.substr(begin, end - begin), &line.text, begin, line.number});
    }
  }
  if (!current.empty()) sections.push_back(std::move(current));
  // A first section without X: is a header prepended to every tune.
  std::vector<detail::AbcLine> header;
  if (sections.size() > 1) {
    bool has_x = false;
    for (const auto& l : sections.front()) has_x = has_x || l.text.rfind("X:", 0) == 0;
    if (!has_x) {
      header = std::move(sections.front());
      sections.erase(sections.begin());
    }
  }
  AbcTunebook book;
  for (const auto& section : sections) {
    std::vector<detail::AbcLine> lines = header;
    lines.insert(lines.end(), section.begin(), section.end());
    magenta::NoteSequence ns;
    try {
      ns = detail::parse_abc_tune(lines, source, options);
    } catch (const Error& e) {
      book.exceptions.push_back(e);
      continue;
    }
    if (book.tunes.count(ns.reference_number())) {
      ErrorLocation where;
      where.line = section.front().line_number;
      where.column = 1;
      throw Error::input(source, where,
                         "ABC Reference number " + std::to_string(ns.reference_number()) +
                             " appears more than once in this tunebook")
          .with_code(std::string(kCodeDuplicateReferenceNumber));
    }
    book.tunes.emplace(ns.reference_number(), std::move(ns));
  }
  return book;
}

AbcTunebook parse_abc_tunebook_file(const std::filesystem::path& path, const AbcReadOptions& options) {
  const auto bytes = core::read_file(path, std::uint64_t{256} << 20);
  return parse_abc_tunebook(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                            path.string(), options);
}

}  // namespace stochos::scoreio
