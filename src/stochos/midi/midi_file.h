// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Standard MIDI Files in memory: tracks of events with absolute tick times, as read from
/// or written to disk. This layer knows bytes and ticks only; seconds, instruments and
/// NoteSequences live in stochos::notesequence (notesequence/midi_conversion.h).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::midi {

enum class EventType : std::uint8_t {
  kNoteOff,          ///< 0x8n: data1 = key, data2 = release velocity
  kNoteOn,           ///< 0x9n: data1 = key, data2 = velocity (0 is a note-off, kept as written)
  kPolyPressure,     ///< 0xAn: data1 = key, data2 = pressure
  kControlChange,    ///< 0xBn: data1 = controller, data2 = value
  kProgramChange,    ///< 0xCn: data1 = program
  kChannelPressure,  ///< 0xDn: data1 = pressure
  kPitchBend,        ///< 0xEn: data1 = LSB, data2 = MSB (see pitch_bend_value)
  kSysex,            ///< 0xF0 or 0xF7 (escape) message; payload = bytes after the length
  kMeta,             ///< 0xFF; meta_type and payload
};

/// Meta event types that stochos interprets (SMF 1.0 spec, "Meta-Events").
enum MetaType : std::uint8_t {
  kMetaSequenceNumber = 0x00,
  kMetaText = 0x01,
  kMetaCopyright = 0x02,
  kMetaTrackName = 0x03,
  kMetaInstrumentName = 0x04,
  kMetaLyric = 0x05,
  kMetaMarker = 0x06,
  kMetaCuePoint = 0x07,
  kMetaChannelPrefix = 0x20,
  kMetaEndOfTrack = 0x2F,
  kMetaTempo = 0x51,
  kMetaSmpteOffset = 0x54,
  kMetaTimeSignature = 0x58,
  kMetaKeySignature = 0x59,
  kMetaSequencerSpecific = 0x7F,
};

/// One event, 16 bytes. Meta and sysex payload bytes are stored once per file
/// (MidiFile::payloads, each behind a 4-byte length) and referenced by offset, so a track is
/// a flat array: parsing allocates little and a corpus-sized batch stays cache-friendly.
struct Event {
  std::int64_t tick = 0;  ///< absolute time in ticks from the start of the track
  std::uint32_t payload_offset = 0;  ///< for kMeta and kSysex: see MidiFile::payload()
  EventType type = EventType::kMeta;
  union {
    std::uint8_t channel = 0;  ///< 0..15 for channel messages
    std::uint8_t meta_type;    ///< for kMeta
  };
  union {
    std::uint8_t data1 = 0;
    std::uint8_t sysex_status;  ///< for kSysex: 0xF0 or 0xF7
  };
  std::uint8_t data2 = 0;
};
static_assert(sizeof(Event) == 16);

/// -8192..8191 from the two 7-bit data bytes of a pitch bend (0 = centre).
inline int pitch_bend_value(const Event& e) { return (e.data1 | (e.data2 << 7)) - 8192; }

struct Track {
  std::vector<Event> events;  ///< in file order (non-decreasing ticks)
};

/// SMPTE division (negative frame rate in the header): ticks per second = fps × ticks per frame.
struct SmpteDivision {
  int frames_per_second = 0;  ///< 24, 25, 29 (29.97 drop-frame) or 30
  int ticks_per_frame = 0;
  double ticks_per_second() const {
    return (frames_per_second == 29 ? 29.97 : frames_per_second) * ticks_per_frame;
  }
};

struct MidiFile {
  int format = 1;                 ///< 0 or 1 (type 2 is refused when reading)
  int ticks_per_quarter = 220;    ///< pulses per quarter note; 0 when smpte is used
  SmpteDivision smpte;            ///< set when the header uses SMPTE time
  std::vector<Track> tracks;
  int declared_tracks = 0;        ///< the header's track count (files often disagree with it)
  std::size_t trailing_bytes = 0; ///< bytes after the last chunk that form no chunk (ignored)
  std::string payloads;           ///< meta and sysex bytes, each after a 4-byte LE length

  bool uses_smpte() const { return ticks_per_quarter == 0; }
  std::string_view payload(const Event& e) const {
    const auto* p = reinterpret_cast<const unsigned char*>(payloads.data()) + e.payload_offset;
    const std::uint32_t size = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
    return std::string_view(payloads.data() + e.payload_offset + 4, size);
  }
  /// Appends a payload and points `e` at it (for builders and the writer's callers).
  void set_payload(Event& e, std::string_view bytes);
  std::size_t event_count() const;
};

/// Parses SMF bytes. Format 0 and 1 are read; format 2 is refused (kUnsupported).
/// RIFF "RMID" wrappers are unwrapped. Corrupt input throws stochos::Error(kInput) naming
/// `name`, the byte offset, the track and the problem. Memory use is bounded by a small
/// multiple of the input size.
MidiFile parse_midi(std::span<const std::uint8_t> bytes, const std::string& name);
/// The same into `out`, reusing its memory: batch jobs keep one MidiFile per thread so that
/// each file does not pay fresh allocations (and their page faults) for its event arrays.
void parse_midi(std::span<const std::uint8_t> bytes, const std::string& name, MidiFile& out);
MidiFile read_midi_file(const std::filesystem::path& path);

/// Serializes to SMF bytes: delta times, no running status, an End of Track added to any
/// track that lacks one. Events must be in non-decreasing tick order per track.
std::string serialize_midi(const MidiFile& file);
/// serialize_midi written atomically to `path`.
void write_midi_file(const std::filesystem::path& path, const MidiFile& file);

// Meta payload decoders. Each validates the payload length and throws Error(kInput) with
// `name` when it is malformed (too short for its type).

/// Microseconds per quarter note of a Set Tempo event (3 bytes, big-endian).
std::uint32_t decode_tempo_us(std::string_view payload);

struct TimeSignatureValue {
  int numerator = 4;
  int denominator = 4;  ///< 2^dd
  int clocks_per_click = 24;
  int notated_32nds_per_beat = 8;
};
TimeSignatureValue decode_time_signature(std::string_view payload);

struct KeySignatureValue {
  int sharps = 0;  ///< -7..7 (negative = flats)
  bool minor = false;
};
KeySignatureValue decode_key_signature(std::string_view payload);

/// Text of a text-like meta event decoded as Latin-1 into UTF-8 (mido's default charset,
/// which note_seq inherits through pretty_midi).
std::string latin1_to_utf8(std::string_view bytes);

}  // namespace stochos::midi
