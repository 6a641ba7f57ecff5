// SPDX-License-Identifier: GPL-3.0-or-later
//
// Hand-written Standard MIDI File reader. Debian 12 has no maintained C++ MIDI-file library
// (libsmf is unmaintained and aborts on corrupt files; rtmidi and portmidi are device I/O
// only), and the corpus work this project does needs a reader that never crashes, never
// allocates beyond a small multiple of the file size, and names the byte where a file is
// broken. Format: "Standard MIDI Files 1.0" (MMA, 1996).
#include <algorithm>
#include <cstring>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"
#include "stochos/midi/midi_file_name.h"

namespace stochos::midi {
namespace {

// Files above this are refused outright: the largest real-world MIDI files (Lakh, Classical
// Archives) are a few MB; 256 MB is far past any music and keeps memory bounded.
constexpr std::uint64_t kMaxMidiFileBytes = std::uint64_t{256} << 20;

class Cursor {
 public:
  Cursor(std::span<const std::uint8_t> bytes, std::size_t base, const std::string& name)
      : bytes_(bytes), base_(base), name_(name) {}

  std::size_t pos() const { return pos_; }
  std::size_t file_offset() const { return base_ + pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ >= bytes_.size(); }
  void set_context(std::string context) { context_ = std::move(context); }

  [[noreturn]] void fail(std::size_t at_pos, const std::string& message) const {
    throw Error::input(name_, {.byte_offset = base_ + at_pos, .context = context_}, message);
  }

  std::uint8_t u8() {
    if (at_end()) fail(pos_, "unexpected end of data");
    return bytes_[pos_++];
  }
  std::uint8_t peek() const {
    if (at_end()) fail(pos_, "unexpected end of data");
    return bytes_[pos_];
  }
  std::uint32_t be(int n) {
    if (remaining() < static_cast<std::size_t>(n)) fail(pos_, "unexpected end of data");
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | bytes_[pos_++];
    return v;
  }
  /// Variable-length quantity: at most 4 bytes, 28 bits (SMF 1.0 "Conventions").
  std::uint32_t varint(const char* what) {
    const std::size_t start = pos_;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      if (at_end()) fail(start, std::string("truncated variable-length ") + what);
      const std::uint8_t b = bytes_[pos_++];
      v = (v << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) return v;
    }
    fail(start, std::string("bad variable-length ") + what + ": more than 4 bytes");
  }
  /// Little-endian, for RIFF wrappers.
  std::uint32_t le32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(u8()) << (8 * i);
    return v;
  }
  std::span<const std::uint8_t> take(std::size_t n) {
    if (remaining() < n) fail(pos_, "unexpected end of data");
    auto s = bytes_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t base_;
  std::size_t pos_ = 0;
  const std::string& name_;
  std::string context_;
};

// Number of data bytes after a channel status byte.
int channel_data_bytes(std::uint8_t status) {
  const std::uint8_t high = status & 0xF0;
  return (high == 0xC0 || high == 0xD0) ? 1 : 2;
}

EventType channel_event_type(std::uint8_t status) {
  switch (status & 0xF0) {
    case 0x80: return EventType::kNoteOff;
    case 0x90: return EventType::kNoteOn;
    case 0xA0: return EventType::kPolyPressure;
    case 0xB0: return EventType::kControlChange;
    case 0xC0: return EventType::kProgramChange;
    case 0xD0: return EventType::kChannelPressure;
    default: return EventType::kPitchBend;
  }
}

std::string hex_byte(std::uint8_t b) {
  static const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

void parse_track(Cursor& in, MidiFile& file, Track& track) {
  // A channel event takes at least 2 bytes (delta + one data byte under running status),
  // so this reservation never exceeds what the chunk can hold.
  track.events.reserve(std::min<std::size_t>(in.remaining() / 3 + 1, 1 << 20));  // no-op when reused
  std::int64_t tick = 0;
  std::uint8_t running_status = 0;
  while (!in.at_end()) {
    const std::uint32_t delta = in.varint("delta time");
    tick += delta;
    const std::size_t event_pos = in.pos();
    std::uint8_t status = in.peek();
    Event e;
    e.tick = tick;
    if (status < 0x80) {
      if (running_status == 0) in.fail(event_pos, "running status with no previous status byte");
      status = running_status;
    } else {
      in.u8();
    }
    if (status < 0xF0) {
      running_status = status;
      e.type = channel_event_type(status);
      e.channel = status & 0x0F;
      const int n = channel_data_bytes(status);
      const std::size_t data_pos = in.pos();
      e.data1 = in.u8();
      if (e.data1 > 0x7F) in.fail(data_pos, "data byte " + hex_byte(e.data1) + " has its top bit set");
      if (n == 2) {
        e.data2 = in.u8();
        if (e.data2 > 0x7F) in.fail(data_pos + 1, "data byte " + hex_byte(e.data2) + " has its top bit set");
      }
      track.events.push_back(e);
      continue;
    }
    // Meta and sysex events cancel running status in the spec, but many writers keep using
    // the previous channel status after them; keeping it accepts those files and changes
    // nothing for valid ones.
    if (status == 0xFF) {
      e.type = EventType::kMeta;
      e.meta_type = in.u8();
      e.data1 = 0;
      if (e.meta_type > 0x7F) in.fail(event_pos + 1, "meta event type " + hex_byte(e.meta_type) + " has its top bit set");
      const std::size_t len_pos = in.pos();
      const std::uint32_t length = in.varint("meta event length");
      if (length > in.remaining()) {
        in.fail(len_pos, "meta event length " + std::to_string(length) + " runs past the end of the track chunk (" +
                             std::to_string(in.remaining()) + " bytes left)");
      }
      auto data = in.take(length);
      file.set_payload(e, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
      track.events.push_back(e);
    } else if (status == 0xF0 || status == 0xF7) {
      e.type = EventType::kSysex;
      e.sysex_status = status;
      const std::size_t len_pos = in.pos();
      const std::uint32_t length = in.varint("sysex length");
      if (length > in.remaining()) {
        in.fail(len_pos, "sysex length " + std::to_string(length) + " runs past the end of the track chunk (" +
                             std::to_string(in.remaining()) + " bytes left)");
      }
      auto data = in.take(length);
      file.set_payload(e, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
      track.events.push_back(e);
    } else {
      // System common and real-time bytes (0xF1-0xF6, 0xF8-0xFE) have no place in a file
      // and no length field, so the rest of the track cannot be framed reliably.
      in.fail(event_pos, "system message status " + hex_byte(status) + " is not allowed in a MIDI file");
    }
  }
}

// Unwraps a RIFF "RMID" file to the SMF bytes of its "data" chunk; returns the offset.
std::size_t unwrap_riff(std::span<const std::uint8_t> bytes, std::span<const std::uint8_t>& smf,
                        const std::string& name) {
  Cursor in(bytes, 0, name);
  in.take(4);  // "RIFF"
  in.le32();  // RIFF size: often wrong in real files, the chunk sizes below are what count
  auto form = in.take(4);
  if (std::memcmp(form.data(), "RMID", 4) != 0) in.fail(8, "RIFF file is not an RMID MIDI file");
  while (in.remaining() >= 8) {
    const std::size_t chunk_pos = in.pos();
    auto id = in.take(4);
    const std::uint32_t size = in.le32();
    if (size > in.remaining()) in.fail(chunk_pos, "RIFF chunk runs past the end of the file");
    if (std::memcmp(id.data(), "data", 4) == 0) {
      smf = bytes.subspan(in.pos(), size);
      return in.pos();
    }
    in.take(size + (size & 1));
  }
  in.fail(in.pos(), "RMID file has no data chunk");
}

}  // namespace

void MidiFile::set_payload(Event& e, std::string_view bytes) {
  if (payloads.size() + bytes.size() + 4 > 0xFFFFFFFFu) {
    throw Error::internal("MIDI payload storage exceeds 4 GB");
  }
  e.payload_offset = static_cast<std::uint32_t>(payloads.size());
  const auto size = static_cast<std::uint32_t>(bytes.size());
  const char length[4] = {static_cast<char>(size & 0xFF), static_cast<char>((size >> 8) & 0xFF),
                          static_cast<char>((size >> 16) & 0xFF), static_cast<char>(size >> 24)};
  payloads.append(length, 4);
  payloads.append(bytes);
}

std::size_t MidiFile::event_count() const {
  std::size_t n = 0;
  for (const auto& t : tracks) n += t.events.size();
  return n;
}

MidiFile parse_midi(std::span<const std::uint8_t> bytes, const std::string& name) {
  MidiFile file;
  parse_midi(bytes, name, file);
  return file;
}

void parse_midi(std::span<const std::uint8_t> bytes, const std::string& name, MidiFile& file) {
  for (auto& t : file.tracks) t.events.clear();
  file.payloads.clear();
  std::size_t track_count = 0;
  std::size_t base = 0;
  if (bytes.size() >= 12 && std::memcmp(bytes.data(), "RIFF", 4) == 0) {
    std::span<const std::uint8_t> smf;
    base = unwrap_riff(bytes, smf, name);
    bytes = smf;
  }
  Cursor in(bytes, base, name);
  if (bytes.size() < 14 || std::memcmp(bytes.data(), "MThd", 4) != 0) {
    in.fail(0, bytes.size() < 4 ? "file too short to be a MIDI file"
                                : "not a MIDI file (no MThd header)");
  }
  in.take(4);
  const std::uint32_t header_length = in.be(4);
  if (header_length < 6) in.fail(4, "MThd header length " + std::to_string(header_length) + " is below 6");
  if (header_length > in.remaining()) in.fail(4, "MThd header runs past the end of the file");
  file.format = static_cast<int>(in.be(2));
  const std::uint32_t declared_tracks = in.be(2);
  file.declared_tracks = static_cast<int>(declared_tracks);
  file.trailing_bytes = 0;
  const std::uint32_t division = in.be(2);
  in.take(header_length - 6);
  if (file.format == 2) {
    throw Error::unsupported(name, "MIDI format 2 (independent sequences) is not supported; only formats 0 and 1 are",
                             {.byte_offset = base + 8});
  }
  if (file.format > 2) in.fail(8, "unknown MIDI format " + std::to_string(file.format));
  if (division & 0x8000) {
    const int fps = -static_cast<int>(static_cast<std::int8_t>(division >> 8));
    if (fps != 24 && fps != 25 && fps != 29 && fps != 30) {
      in.fail(12, "SMPTE division with unknown frame rate " + std::to_string(fps));
    }
    file.smpte = {fps, static_cast<int>(division & 0xFF)};
    if (file.smpte.ticks_per_frame == 0) in.fail(12, "SMPTE division with zero ticks per frame");
    file.ticks_per_quarter = 0;
  } else {
    file.smpte = {};
    if (division == 0) in.fail(12, "division (ticks per quarter note) is 0");
    file.ticks_per_quarter = static_cast<int>(division);
  }

  // Read every chunk: MTrk chunks are tracks, others are skipped (SMF 1.0 requires readers
  // to ignore unknown chunk types). The header's track count is advisory: files that
  // declare more or fewer tracks than they hold are common and read as they are.
  if (file.tracks.capacity() < declared_tracks) file.tracks.reserve(std::min<std::uint32_t>(declared_tracks, 1024));
  while (in.remaining() >= 8) {
    const std::size_t chunk_pos = in.pos();
    auto id = in.take(4);
    const std::uint32_t length = in.be(4);
    const bool is_track = std::memcmp(id.data(), "MTrk", 4) == 0;
    if (length > in.remaining()) {
      in.set_context(is_track ? "track " + std::to_string(track_count) : std::string());
      in.fail(chunk_pos, std::string("truncated chunk: ") + (is_track ? "MTrk" : "chunk") + " declares " +
                             std::to_string(length) + " bytes but only " + std::to_string(in.remaining()) +
                             " remain");
    }
    if (!is_track) {
      // Garbage that merely looks like a chunk is common at the end of files; only printable
      // ids count as chunks, anything else ends the file.
      const bool printable = std::all_of(id.begin(), id.end(), [](std::uint8_t c) { return c >= 0x20 && c < 0x7F; });
      if (!printable) {
        file.trailing_bytes = in.remaining() + 8;
        break;
      }
      in.take(length);
      continue;
    }
    const std::size_t body_offset = base + in.pos();
    Cursor track_in(in.take(length), body_offset, name);
    track_in.set_context("track " + std::to_string(track_count));
    if (file.tracks.size() <= track_count) file.tracks.emplace_back();
    parse_track(track_in, file, file.tracks[track_count]);
    ++track_count;
  }
  file.trailing_bytes += in.remaining();
  file.tracks.resize(track_count);
  if (track_count == 0) in.fail(in.pos(), "no MTrk track chunk");
  if (file.format == 0 && track_count > 1) {
    // Read as format 1: the tracks play together either way.
    file.format = 1;
  }
}

MidiFile read_midi_file(const std::filesystem::path& path) {
  const auto bytes = core::read_file(path, kMaxMidiFileBytes);
  return parse_midi(bytes, path.string());
}

std::uint32_t decode_tempo_us(std::string_view payload) {
  if (payload.size() < 3) {
    throw Error::input("", {}, "Set Tempo event has " + std::to_string(payload.size()) + " data bytes, needs 3");
  }
  const auto* p = reinterpret_cast<const std::uint8_t*>(payload.data());
  return (static_cast<std::uint32_t>(p[0]) << 16) | (static_cast<std::uint32_t>(p[1]) << 8) | p[2];
}

TimeSignatureValue decode_time_signature(std::string_view payload) {
  if (payload.size() < 2) {
    throw Error::input("", {}, "Time Signature event has " + std::to_string(payload.size()) +
                                   " data bytes, needs 4");
  }
  const auto* p = reinterpret_cast<const std::uint8_t*>(payload.data());
  TimeSignatureValue v;
  v.numerator = p[0];
  if (p[1] > 30) throw Error::input("", {}, "Time Signature denominator 2^" + std::to_string(p[1]) + " is absurd");
  v.denominator = 1 << p[1];
  if (payload.size() >= 4) {
    v.clocks_per_click = p[2];
    v.notated_32nds_per_beat = p[3];
  }
  return v;
}

KeySignatureValue decode_key_signature(std::string_view payload) {
  if (payload.size() < 2) {
    throw Error::input("", {}, "Key Signature event has " + std::to_string(payload.size()) + " data bytes, needs 2");
  }
  const auto sharps = static_cast<std::int8_t>(payload[0]);
  const auto mode = static_cast<std::uint8_t>(payload[1]);
  if (sharps < -7 || sharps > 7) {
    throw Error::input("", {}, "Key Signature with " + std::to_string(sharps) + " sharps (valid: -7..7)");
  }
  if (mode > 1) throw Error::input("", {}, "Key Signature mode " + std::to_string(mode) + " (valid: 0 major, 1 minor)");
  return {sharps, mode == 1};
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool is_midi_file_name(const std::filesystem::path& path) {
  const std::string ext = core::lowercase_extension(path);
  return ext == ".mid" || ext == ".midi" || ext == ".kar" || ext == ".rmi";
}

}  // namespace stochos::midi
