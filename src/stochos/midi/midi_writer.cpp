// SPDX-License-Identifier: GPL-3.0-or-later
// Standard MIDI File writer (see midi_reader.cpp for why this is hand-written).
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"

namespace stochos::midi {
namespace {

void put_be(std::string& out, std::uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void put_varint(std::string& out, std::uint64_t v) {
  if (v > 0x0FFFFFFF) throw Error::internal("MIDI delta time " + std::to_string(v) + " exceeds 28 bits");
  char buf[4];
  int n = 0;
  buf[n++] = static_cast<char>(v & 0x7F);
  while ((v >>= 7) != 0) buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
  while (n > 0) out.push_back(buf[--n]);
}

std::uint8_t status_byte(const Event& e) {
  switch (e.type) {
    case EventType::kNoteOff: return 0x80 | e.channel;
    case EventType::kNoteOn: return 0x90 | e.channel;
    case EventType::kPolyPressure: return 0xA0 | e.channel;
    case EventType::kControlChange: return 0xB0 | e.channel;
    case EventType::kProgramChange: return 0xC0 | e.channel;
    case EventType::kChannelPressure: return 0xD0 | e.channel;
    case EventType::kPitchBend: return 0xE0 | e.channel;
    case EventType::kSysex: return e.sysex_status;
    case EventType::kMeta: return 0xFF;
  }
  return 0xFF;
}

// Long silences exceed one delta (28 bits); they are bridged with empty text meta events,
// which every reader ignores.
void put_delta(std::string& out, std::int64_t delta) {
  constexpr std::int64_t kMaxDelta = 0x0FFFFFFF;
  while (delta > kMaxDelta) {
    put_varint(out, kMaxDelta);
    out += "\xFF\x01";
    out.push_back('\0');
    delta -= kMaxDelta;
  }
  put_varint(out, static_cast<std::uint64_t>(delta));
}

void write_track(std::string& out, const MidiFile& file, const Track& track, std::size_t index) {
  std::string body;
  body.reserve(track.events.size() * 4 + 16);
  std::int64_t last_tick = 0;
  bool ended = false;
  for (const Event& e : track.events) {
    if (ended) break;  // nothing may follow End of Track
    if (e.tick < last_tick || e.tick < 0) {
      throw Error::internal("track " + std::to_string(index) + ": events are not in tick order (tick " +
                            std::to_string(e.tick) + " after " + std::to_string(last_tick) + ")");
    }
    put_delta(body, e.tick - last_tick);
    last_tick = e.tick;
    const std::uint8_t status = status_byte(e);
    body.push_back(static_cast<char>(status));
    switch (e.type) {
      case EventType::kMeta:
        body.push_back(static_cast<char>(e.meta_type & 0x7F));
        put_varint(body, file.payload(e).size());
        body.append(file.payload(e));
        ended = e.meta_type == kMetaEndOfTrack;
        break;
      case EventType::kSysex:
        put_varint(body, file.payload(e).size());
        body.append(file.payload(e));
        break;
      case EventType::kProgramChange:
      case EventType::kChannelPressure:
        body.push_back(static_cast<char>(e.data1 & 0x7F));
        break;
      default:
        body.push_back(static_cast<char>(e.data1 & 0x7F));
        body.push_back(static_cast<char>(e.data2 & 0x7F));
    }
  }
  if (!ended) body += std::string("\x00\xFF\x2F\x00", 4);
  if (body.size() > 0xFFFFFFFFu) throw Error::internal("MIDI track larger than 4 GB");
  out += "MTrk";
  put_be(out, static_cast<std::uint32_t>(body.size()), 4);
  out += body;
}

}  // namespace

std::string serialize_midi(const MidiFile& file) {
  if (file.format != 0 && file.format != 1) throw Error::internal("only MIDI formats 0 and 1 can be written");
  if (file.format == 0 && file.tracks.size() != 1) throw Error::internal("a format 0 MIDI file has exactly one track");
  if (file.tracks.size() > 0xFFFF) throw Error::internal("too many tracks for a MIDI file");
  std::string out;
  out += "MThd";
  put_be(out, 6, 4);
  put_be(out, static_cast<std::uint32_t>(file.format), 2);
  put_be(out, static_cast<std::uint32_t>(file.tracks.size()), 2);
  if (file.uses_smpte()) {
    const auto fps = static_cast<std::uint8_t>(-file.smpte.frames_per_second);
    put_be(out, (static_cast<std::uint32_t>(fps) << 8) | (file.smpte.ticks_per_frame & 0xFF), 2);
  } else {
    if (file.ticks_per_quarter <= 0 || file.ticks_per_quarter > 0x7FFF) {
      throw Error::internal("ticks per quarter " + std::to_string(file.ticks_per_quarter) + " out of range 1..32767");
    }
    put_be(out, static_cast<std::uint32_t>(file.ticks_per_quarter), 2);
  }
  for (std::size_t i = 0; i < file.tracks.size(); ++i) write_track(out, file, file.tracks[i], i);
  return out;
}

void write_midi_file(const std::filesystem::path& path, const MidiFile& file) {
  core::write_file_atomically(path, serialize_midi(file));
}

}  // namespace stochos::midi
