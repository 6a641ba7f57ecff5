// SPDX-License-Identifier: GPL-3.0-or-later
// Why this exists: libsndfile (1.2.0) starts every Ogg Vorbis stream with
// ogg_stream_init(..., psf_rand_int32()), and psf_rand_int32() seeds itself from
// gettimeofday(); sndfile.h offers SFC_GET_OGG_STREAM_SERIALNO but no command to set the serial,
// and the seed is a static inside libsndfile. So two encodings of the same samples differed in
// the 4 serial bytes of every page and in every page's CRC, while the Vorbis packets are
// identical (libvorbis is deterministic). Rather than encode Vorbis ourselves through
// libvorbisenc (a second encoder seam for one field), the finished stream is rewritten here:
// the page framing is RFC 3533 section 6 (27-byte header, segment table, body), and the CRC is
// libogg's own ogg_page_checksum_set(). The serial is derived from the content, so different
// files still get different serials (chained streams made by concatenation stay valid).
#include "stochos/audio/detail/ogg_serial.h"

#include <ogg/ogg.h>

#include <cstdint>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/core/sha1.h"

namespace stochos::audio::detail {
namespace {

constexpr std::size_t kHeaderBytes = 27;
constexpr std::size_t kSerialOffset = 14;
constexpr std::size_t kCrcOffset = 22;
constexpr std::size_t kSegmentCountOffset = 26;

struct Page {
  std::size_t start = 0, header_bytes = 0, body_bytes = 0;
};

std::vector<Page> pages_of(const std::string& bytes) {
  std::vector<Page> pages;
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < kHeaderBytes || bytes.compare(pos, 4, "OggS") != 0) {
      throw Error::internal("the Ogg stream from libsndfile has no page at byte " + std::to_string(pos));
    }
    Page p;
    p.start = pos;
    const std::size_t segments = b[pos + kSegmentCountOffset];
    p.header_bytes = kHeaderBytes + segments;
    if (bytes.size() - pos < p.header_bytes) throw Error::internal("truncated Ogg page header");
    for (std::size_t i = 0; i < segments; ++i) p.body_bytes += b[pos + kHeaderBytes + i];
    if (bytes.size() - pos - p.header_bytes < p.body_bytes) throw Error::internal("truncated Ogg page body");
    pages.push_back(p);
    pos += p.header_bytes + p.body_bytes;
  }
  return pages;
}

std::uint32_t read_le32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

void write_le32(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

void make_ogg_serial_reproducible(std::string& bytes) {
  const std::vector<Page> pages = pages_of(bytes);
  if (pages.empty()) return;
  const std::uint32_t old_serial = read_le32(bytes, pages.front().start + kSerialOffset);
  for (const Page& p : pages) {
    if (read_le32(bytes, p.start + kSerialOffset) != old_serial) {
      throw Error::internal("the Ogg stream from libsndfile holds more than one logical stream");
    }
    write_le32(bytes, p.start + kSerialOffset, 0);
    write_le32(bytes, p.start + kCrcOffset, 0);
  }
  const std::uint32_t serial = static_cast<std::uint32_t>(std::stoul(core::sha1_hex(bytes).substr(0, 8), nullptr, 16));
  for (const Page& p : pages) {
    write_le32(bytes, p.start + kSerialOffset, serial);
    ogg_page page;
    page.header = reinterpret_cast<unsigned char*>(bytes.data() + p.start);
    page.header_len = static_cast<long>(p.header_bytes);
    page.body = reinterpret_cast<unsigned char*>(bytes.data() + p.start + p.header_bytes);
    page.body_len = static_cast<long>(p.body_bytes);
    ogg_page_checksum_set(&page);
  }
}

}  // namespace stochos::audio::detail
