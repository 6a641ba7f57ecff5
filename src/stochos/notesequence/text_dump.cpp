// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/text_dump.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <tuple>

#include "stochos/core/error.h"

namespace stochos::notesequence {
namespace {

using magenta::NoteSequence;

// Shortest text that reads back as the same double ("0.22", "10", "1e-07").
std::string seconds(double value) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return {buf, result.ptr};
}

// Quoted with C escapes, so names holding quotes or newlines keep one item per line.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string mode_name(int mode) {
  switch (mode) {
    case NoteSequence::KeySignature::MAJOR:
      return "major";
    case NoteSequence::KeySignature::MINOR:
      return "minor";
    case NoteSequence::KeySignature::NOT_SPECIFIED:
      return "";
    case NoteSequence::KeySignature::MIXOLYDIAN:
      return "mixolydian";
    case NoteSequence::KeySignature::DORIAN:
      return "dorian";
    case NoteSequence::KeySignature::PHRYGIAN:
      return "phrygian";
    case NoteSequence::KeySignature::LYDIAN:
      return "lydian";
    case NoteSequence::KeySignature::LOCRIAN:
      return "locrian";
    default:
      return "mode " + std::to_string(mode);
  }
}

// Enum value names from the descriptor, or the number for values this schema lacks.
template <typename EnumDescriptorFn>
std::string enum_name(EnumDescriptorFn descriptor, int value) {
  const auto* v = descriptor()->FindValueByNumber(value);
  return v ? v->name() : std::to_string(value);
}

std::string quantization_text(const NoteSequence& sequence) {
  const auto& q = sequence.quantization_info();
  std::string text;
  if (q.steps_per_quarter() > 0) {
    text = std::to_string(q.steps_per_quarter()) + " steps per quarter";
  } else if (q.steps_per_second() > 0) {
    text = std::to_string(q.steps_per_second()) + " steps per second";
  } else {
    return "none";
  }
  return text + ", " + std::to_string(sequence.total_quantized_steps()) + " total steps";
}

void append_header(std::string& out, const NoteSequence& sequence) {
  out += "NoteSequence id=" + quoted(sequence.id()) + " filename=" + quoted(sequence.filename()) +
         " collection=" + quoted(sequence.collection_name()) + "\n";
  out += "  ticks_per_quarter: " + std::to_string(sequence.ticks_per_quarter()) + "\n";
  const auto& source = sequence.source_info();
  out +=
      "  source_info: " + enum_name(NoteSequence::SourceInfo::SourceType_descriptor, source.source_type()) +
      ", " + enum_name(NoteSequence::SourceInfo::EncodingType_descriptor, source.encoding_type()) + ", " +
      enum_name(NoteSequence::SourceInfo::Parser_descriptor, source.parser()) + "\n";
  out += "  total_time: " + seconds(sequence.total_time()) + " s\n";
  out += "  quantization: " + quantization_text(sequence) + "\n";
  out += "  events: " + std::to_string(sequence.notes_size()) + " notes, " +
         std::to_string(sequence.control_changes_size()) + " control changes, " +
         std::to_string(sequence.pitch_bends_size()) + " pitch bends, " +
         std::to_string(sequence.text_annotations_size()) + " text annotations\n";
}

void append_timeline(std::string& out, const NoteSequence& sequence) {
  out += "tempos (" + std::to_string(sequence.tempos_size()) + "):\n";
  for (const auto& t : sequence.tempos()) {
    out += "  " + seconds(t.time()) + " s: " + seconds(t.qpm()) + " qpm\n";
  }
  out += "time signatures (" + std::to_string(sequence.time_signatures_size()) + "):\n";
  for (const auto& ts : sequence.time_signatures()) {
    out += "  " + seconds(ts.time()) + " s: " + std::to_string(ts.numerator()) + "/" +
           std::to_string(ts.denominator()) + "\n";
  }
  out += "key signatures (" + std::to_string(sequence.key_signatures_size()) + "):\n";
  for (const auto& ks : sequence.key_signatures()) {
    out += "  " + seconds(ks.time()) + " s: " + key_signature_name(ks) + "\n";
  }
}

void append_instruments(std::string& out, const NoteSequence& sequence) {
  std::map<std::tuple<int, int, bool>, int> counts;  // (instrument, program, drum) -> notes
  for (const auto& note : sequence.notes()) ++counts[{note.instrument(), note.program(), note.is_drum()}];
  std::map<int, std::string> names;
  for (const auto& info : sequence.instrument_infos()) names.emplace(info.instrument(), info.name());
  out += "instruments (" + std::to_string(counts.size()) + "):\n";
  for (const auto& [key, count] : counts) {
    const auto& [instrument, program, drum] = key;
    out += "  instrument " + std::to_string(instrument) + ": " + std::to_string(count) + " notes, program " +
           std::to_string(program) + (drum ? ", drum" : "");
    if (auto it = names.find(instrument); it != names.end()) out += ", name " + quoted(it->second);
    out += "\n";
  }
}

void append_notes(std::string& out, const NoteSequence& sequence, std::size_t max_notes) {
  const bool quantized = sequence.quantization_info().steps_per_quarter() > 0 ||
                         sequence.quantization_info().steps_per_second() > 0;
  out += "notes (" + std::to_string(sequence.notes_size()) + "):\n";
  if (sequence.notes_size() == 0) return;
  char line[256];
  std::snprintf(line, sizeof line, "  %6s %-10s %4s %12s %12s %5s %4s %4s%s\n", "#", "pitch", "vel",
                "start_s", "end_s", "instr", "prog", "drum", quantized ? "  steps" : "");
  out += line;
  const auto shown = std::min<std::size_t>(max_notes, static_cast<std::size_t>(sequence.notes_size()));
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& note = sequence.notes(static_cast<int>(i));
    const std::string pitch = std::to_string(note.pitch()) + " " + pitch_name(note.pitch());
    std::string steps;
    if (quantized) {
      steps = "  " + std::to_string(note.quantized_start_step()) + "-" +
              std::to_string(note.quantized_end_step());
    }
    std::snprintf(line, sizeof line, "  %6zu %-10s %4d %12s %12s %5d %4d %4s%s\n", i, pitch.c_str(),
                  note.velocity(), seconds(note.start_time()).c_str(), seconds(note.end_time()).c_str(),
                  note.instrument(), note.program(), note.is_drum() ? "yes" : "no", steps.c_str());
    out += line;
  }
  if (shown < static_cast<std::size_t>(sequence.notes_size())) {
    out += "  ... " + std::to_string(sequence.notes_size() - shown) + " more\n";
  }
}

}  // namespace

std::string to_text_proto(const NoteSequence& sequence) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(sequence, &text)) {
    throw Error::internal("protobuf TextFormat could not print a NoteSequence");
  }
  return text;
}

std::string pitch_name(int pitch) {
  static constexpr const char* kNames[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  // Floor division keeps negative (invalid) pitches readable instead of indexing out of range.
  const long long p = pitch;
  const long long octave = (p >= 0 ? p / 12 : (p - 11) / 12) - 1;
  const long long pitch_class = ((p % 12) + 12) % 12;
  return std::string(kNames[pitch_class]) + std::to_string(octave);
}

std::string key_signature_name(const NoteSequence::KeySignature& key_signature) {
  static constexpr const char* kKeys[] = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
  const int key = key_signature.key();
  std::string name = key >= 0 && key < 12 ? kKeys[key] : "key " + std::to_string(key);
  const std::string mode = mode_name(key_signature.mode());
  return mode.empty() ? name : name + " " + mode;
}

std::string to_summary_text(const NoteSequence& sequence, std::size_t max_notes) {
  std::string out;
  append_header(out, sequence);
  append_timeline(out, sequence);
  append_instruments(out, sequence);
  append_notes(out, sequence, max_notes);
  return out;
}

}  // namespace stochos::notesequence
