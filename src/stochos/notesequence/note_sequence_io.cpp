// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/note_sequence_io.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/proto/music_legacy.pb.h"
#include "stochos/proto/wire_problem.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::notesequence {
namespace {

using google::protobuf::io::CodedInputStream;
using WireType = google::protobuf::internal::WireFormatLite::WireType;

constexpr int kNotesField = 8;
constexpr int kLegacyPartField = 9;

// Skips one field of the given wire type; false on malformed input.
bool skip_field(CodedInputStream& in, std::uint32_t tag) {
  return google::protobuf::internal::WireFormatLite::SkipField(&in, tag);
}

bool note_has_wide_field9(std::string_view note_bytes) {
  CodedInputStream in(reinterpret_cast<const std::uint8_t*>(note_bytes.data()), static_cast<int>(note_bytes.size()));
  while (std::uint32_t tag = in.ReadTag()) {
    const int field = static_cast<int>(tag >> 3);
    const auto type = static_cast<WireType>(tag & 7);
    if (field == kLegacyPartField && type == WireType::WIRETYPE_VARINT) {
      std::uint64_t v = 0;
      if (!in.ReadVarint64(&v)) return false;
      if (v > 1) return true;
    } else if (!skip_field(in, tag)) {
      return false;
    }
  }
  return false;
}

magenta::NoteSequence upgrade_legacy(const magenta::legacy2016::NoteSequence& old) {
  // Everything except notes has the same numbers and types: copy through the wire.
  magenta::legacy2016::NoteSequence without_notes = old;
  without_notes.clear_notes();
  magenta::NoteSequence out;
  out.ParseFromString(without_notes.SerializeAsString());
  out.mutable_notes()->Reserve(old.notes_size());
  for (const auto& n : old.notes()) {
    auto* note = out.add_notes();
    note->set_pitch(n.pitch());
    note->set_velocity(n.velocity());
    note->set_start_time(n.start_time());
    note->set_end_time(n.end_time());
    note->set_numerator(n.numerator());
    note->set_denominator(n.denominator());
    note->set_instrument(n.instrument());
    note->set_program(n.program());
    note->set_part(n.part());
    note->set_pitch_name(n.pitch_name());
    note->set_quantized_start_step(n.quantized_start_step());
    note->set_quantized_end_step(n.quantized_end_step());
    note->set_voice(n.voice());
  }
  return out;
}

}  // namespace

bool is_legacy_2016_note_sequence(std::string_view bytes) {
  CodedInputStream in(reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  in.SetTotalBytesLimit(INT32_MAX);
  while (std::uint32_t tag = in.ReadTag()) {
    if (static_cast<int>(tag >> 3) == kNotesField && static_cast<WireType>(tag & 7) == WireType::WIRETYPE_LENGTH_DELIMITED) {
      std::uint32_t length = 0;
      const void* data = nullptr;
      int size = 0;
      if (!in.ReadVarint32(&length)) return false;
      if (!in.GetDirectBufferPointer(&data, &size) || static_cast<std::uint32_t>(size) < length) return false;
      if (note_has_wide_field9(std::string_view(static_cast<const char*>(data), length))) return true;
      in.Skip(static_cast<int>(length));
    } else if (!skip_field(in, tag)) {
      return false;
    }
  }
  return false;
}

// The error for bytes protobuf refused, at the byte and field where they break when the
// wire walk finds it.
[[noreturn]] void not_a_note_sequence(std::string_view bytes, const google::protobuf::Descriptor& type,
                                      const std::string& source) {
  ErrorLocation where;
  std::string detail = "protobuf parse failed";
  if (const auto problem = proto::find_wire_problem(bytes, type)) {
    where.byte_offset = problem->byte_offset;
    if (!problem->field_path.empty()) where.context = "field " + problem->field_path;
    detail = problem->problem;
  }
  throw Error::input(source, where, "not a valid NoteSequence (" + detail + ")");
}

magenta::NoteSequence parse_note_sequence(std::string_view bytes, const std::string& source, bool* was_legacy) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) {
    throw Error::input(source, {}, "NoteSequence larger than 2 GB");
  }
  const bool legacy = is_legacy_2016_note_sequence(bytes);
  if (was_legacy) *was_legacy = legacy;
  if (legacy) {
    magenta::legacy2016::NoteSequence old;
    if (!old.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      not_a_note_sequence(bytes, *old.GetDescriptor(), source);
    }
    return upgrade_legacy(old);
  }
  magenta::NoteSequence ns;
  if (!ns.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    not_a_note_sequence(bytes, *ns.GetDescriptor(), source);
  }
  return ns;
}

std::string serialize_note_sequence(const magenta::NoteSequence& sequence) { return sequence.SerializeAsString(); }

void for_each_note_sequence(const std::filesystem::path& tfrecord,
                            const std::function<void(magenta::NoteSequence&, std::uint64_t)>& visit) {
  tfio::TFRecordReader reader(tfrecord);
  std::string record;
  while (true) {
    const std::uint64_t index = reader.records_read();
    const std::uint64_t offset = reader.offset();
    if (!reader.next(record)) break;
    magenta::NoteSequence ns;
    try {
      ns = parse_note_sequence(record, tfrecord.string());
    } catch (const Error& e) {
      throw tfio::error_in_record(e, tfrecord, index, offset);
    }
    visit(ns, index);
  }
}

std::vector<magenta::NoteSequence> read_note_sequences(const std::filesystem::path& tfrecord) {
  std::vector<magenta::NoteSequence> out;
  for_each_note_sequence(tfrecord, [&](magenta::NoteSequence& ns, std::uint64_t) { out.push_back(std::move(ns)); });
  return out;
}

void write_note_sequences(const std::filesystem::path& tfrecord, const std::vector<magenta::NoteSequence>& sequences) {
  tfio::TFRecordWriter writer(tfrecord);
  std::string bytes;
  for (const auto& ns : sequences) {
    bytes.clear();
    ns.SerializeToString(&bytes);
    writer.write(bytes);
  }
  writer.commit();
}

google::protobuf::ArenaOptions thread_reusable_arena_options() {
  thread_local std::vector<char> block(std::size_t{4} << 20);
  google::protobuf::ArenaOptions options;
  options.initial_block = block.data();
  options.initial_block_size = block.size();
  return options;
}

magenta::NoteSequence read_sequence_file(const std::filesystem::path& path) {
  const std::string ext = core::lowercase_extension(path);
  if (midi::is_midi_file_name(path)) return midi_file_to_note_sequence(path);
  if (ext == ".tfrecord" || path.filename().string().find(".tfrecord-") != std::string::npos) {
    tfio::TFRecordReader reader(path);
    std::string record;
    if (!reader.next(record)) throw Error::input(path.string(), {}, "TFRecord file holds no records");
    return parse_note_sequence(record, path.string() + ": record 0");
  }
  const auto bytes = core::read_file(path);
  return parse_note_sequence(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path.string());
}

}  // namespace stochos::notesequence
