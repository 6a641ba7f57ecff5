// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pugixml seam: loading a document from bytes with located errors, and mapping a node
// back to its line:column. Only scoreio/detail includes pugixml.
#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "stochos/core/error.h"

namespace stochos::scoreio::detail {

/// A parsed XML document that remembers its bytes, so that any node can be located.
class XmlDocument {
 public:
  /// Parses `bytes`; a malformed document throws Error(kInput, code "musicxml_parse") at the
  /// line:column pugixml stopped at. `source` names the file (and the zip entry for .mxl).
  XmlDocument(std::string_view bytes, std::string source);
  XmlDocument(const XmlDocument&) = delete;
  XmlDocument& operator=(const XmlDocument&) = delete;

  pugi::xml_node root() const { return doc_.document_element(); }
  const std::string& source() const { return source_; }
  /// The 1-based line and column of `node` (empty when pugixml cannot tell).
  ErrorLocation locate(pugi::xml_node node) const;
  ErrorLocation locate_offset(std::ptrdiff_t offset) const;
  /// An Error(kInput) with `code`, located at `node`.
  Error error(pugi::xml_node node, const std::string& code, const std::string& message) const;

 private:
  std::string bytes_;
  std::string source_;
  pugi::xml_document doc_;
};

/// The text of `node` as Python's ElementTree gives it (`element.text`): the first child
/// PCDATA/CDATA, or nullopt-like empty with `present` false when there is none.
struct NodeText {
  bool present = false;
  std::string text;
};
NodeText text_of(pugi::xml_node node);

}  // namespace stochos::scoreio::detail
