// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/scoreio/detail/xml_document.h"

#include <algorithm>

namespace stochos::scoreio::detail {

XmlDocument::XmlDocument(std::string_view bytes, std::string source) : bytes_(bytes), source_(std::move(source)) {
  // parse_default keeps PCDATA as written; ElementTree also resolves entities and CDATA.
  // DOCTYPE declarations (MusicXML files carry one) are skipped, as ElementTree does without
  // fetching the DTD.
  const auto result = doc_.load_buffer(bytes_.data(), bytes_.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                                       pugi::encoding_auto);
  if (!result) {
    throw Error::input(source_, locate_offset(result.offset),
                       std::string("malformed XML: ") + result.description())
        .with_code("musicxml_parse");
  }
  if (!doc_.document_element()) {
    throw Error::input(source_, {}, "XML document has no root element").with_code("musicxml_parse");
  }
}

ErrorLocation XmlDocument::locate_offset(std::ptrdiff_t offset) const {
  ErrorLocation where;
  if (offset < 0) return where;
  const auto end = std::min<std::size_t>(static_cast<std::size_t>(offset), bytes_.size());
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    if (bytes_[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(bytes_[i]) & 0xC0) != 0x80) {
      ++column;  // count code points, not UTF-8 continuation bytes
    }
  }
  where.line = line;
  where.column = column;
  return where;
}

ErrorLocation XmlDocument::locate(pugi::xml_node node) const {
  return node ? locate_offset(node.offset_debug()) : ErrorLocation{};
}

Error XmlDocument::error(pugi::xml_node node, const std::string& code, const std::string& message) const {
  return Error::input(source_, locate(node), message).with_code(code);
}

NodeText text_of(pugi::xml_node node) {
  NodeText out;
  if (!node) return out;
  const pugi::xml_node first = node.first_child();
  if (first && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    out.present = true;
    // ElementTree joins adjacent text and CDATA into one .text.
    for (pugi::xml_node n = first; n && (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata);
         n = n.next_sibling()) {
      out.text += n.value();
    }
  }
  return out;
}

}  // namespace stochos::scoreio::detail
