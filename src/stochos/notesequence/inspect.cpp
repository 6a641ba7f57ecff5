// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/inspect.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/midi/midi_file.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/notesequence/text_dump.h"
#include "stochos/proto/example.pb.h"
#include "stochos/tfio/crc32c.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::notesequence {
namespace {

std::string read_prefix(const std::filesystem::path& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::io(path.string(), "cannot open");
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::string describe_sequence(const magenta::NoteSequence& ns, const InspectOptions& options) {
  return options.text_proto ? to_text_proto(ns) : to_summary_text(ns, options.max_notes);
}

const char* event_name(midi::EventType t) {
  switch (t) {
    case midi::EventType::kNoteOff: return "note-off";
    case midi::EventType::kNoteOn: return "note-on";
    case midi::EventType::kPolyPressure: return "poly-pressure";
    case midi::EventType::kControlChange: return "control-change";
    case midi::EventType::kProgramChange: return "program-change";
    case midi::EventType::kChannelPressure: return "channel-pressure";
    case midi::EventType::kPitchBend: return "pitch-bend";
    case midi::EventType::kSysex: return "sysex";
    case midi::EventType::kMeta: return "meta";
  }
  return "?";
}

std::string inspect_midi(const std::filesystem::path& path, const InspectOptions& options) {
  const midi::MidiFile file = midi::read_midi_file(path);
  std::ostringstream out;
  out << path.string() << ": Standard MIDI File, format " << file.format << ", " << file.tracks.size() << " tracks, ";
  if (file.uses_smpte()) {
    out << "SMPTE " << file.smpte.frames_per_second << " fps x " << file.smpte.ticks_per_frame << " ticks\n";
  } else {
    out << file.ticks_per_quarter << " ticks per quarter\n";
  }
  for (std::size_t t = 0; t < file.tracks.size(); ++t) {
    const auto& events = file.tracks[t].events;
    std::map<std::string, int> counts;
    std::string name;
    for (const auto& e : events) {
      ++counts[event_name(e.type)];
      if (e.type == midi::EventType::kMeta && e.meta_type == midi::kMetaTrackName && name.empty()) {
        name = midi::latin1_to_utf8(file.payload(e));
      }
    }
    out << "  track " << t;
    if (!name.empty()) out << " \"" << name << "\"";
    out << ": " << events.size() << " events, last tick " << (events.empty() ? 0 : events.back().tick);
    for (const auto& [k, v] : counts) out << ", " << v << " " << k;
    out << "\n";
  }
  MidiConversionReport report;
  const magenta::NoteSequence ns = midi_to_note_sequence(file, &report);
  for (const auto& w : report.warnings) out << "  warning: " << w << "\n";
  out << "\nAs a NoteSequence (note_seq's rules):\n" << describe_sequence(ns, options);
  return out.str();
}

// A record that parses as a tensorflow.SequenceExample with feature lists (Magenta's melody
// datasets). Tried before NoteSequence: a SequenceExample's field 2 would be read as the
// NoteSequence filename and fail its UTF-8 check noisily.
bool parse_sequence_example(const std::string& record, tensorflow::SequenceExample& out) {
  if (!out.ParseFromString(record)) return false;
  if (out.feature_lists().feature_list().empty()) return false;
  for (const auto& [name, list] : out.feature_lists().feature_list()) {
    for (const auto& f : list.feature()) {
      if (f.kind_case() == tensorflow::Feature::KIND_NOT_SET) return false;
    }
  }
  return true;
}

// Totals over the SequenceExample records of a file.
struct SequenceExampleStats {
  std::uint64_t records = 0;
  std::uint64_t min_steps = ~std::uint64_t{0};
  std::uint64_t max_steps = 0;
  std::uint64_t total_steps = 0;
  std::map<int, std::uint64_t> input_sizes;  // width of the "inputs" float lists -> steps
  std::map<std::int64_t, std::uint64_t> labels;
  std::map<std::string, std::uint64_t> feature_lists;  // name -> records having it
  std::uint64_t context_records = 0;

  void add(const tensorflow::SequenceExample& e) {
    ++records;
    if (!e.context().feature().empty()) ++context_records;
    const auto& lists = e.feature_lists().feature_list();
    for (const auto& [name, list] : lists) ++feature_lists[name];
    std::uint64_t steps = 0;
    if (const auto it = lists.find("inputs"); it != lists.end()) {
      steps = static_cast<std::uint64_t>(it->second.feature_size());
      for (const auto& f : it->second.feature()) ++input_sizes[f.float_list().value_size()];
    } else if (!lists.empty()) {
      steps = static_cast<std::uint64_t>(lists.begin()->second.feature_size());
    }
    if (const auto it = lists.find("labels"); it != lists.end()) {
      for (const auto& f : it->second.feature()) {
        for (std::int64_t v : f.int64_list().value()) ++labels[v];
      }
    }
    min_steps = std::min(min_steps, steps);
    max_steps = std::max(max_steps, steps);
    total_steps += steps;
  }

  std::string describe() const {
    std::ostringstream out;
    char buf[160];
    std::snprintf(buf, sizeof buf, "  steps per record: min %llu, mean %.1f, max %llu (%llu steps in all)\n",
                  static_cast<unsigned long long>(min_steps), static_cast<double>(total_steps) / records,
                  static_cast<unsigned long long>(max_steps), static_cast<unsigned long long>(total_steps));
    out << buf << "  feature lists:";
    for (const auto& [name, n] : feature_lists) out << " " << name << " (" << n << " records)";
    out << "\n";
    if (context_records > 0) out << "  " << context_records << " records carry context features\n";
    out << "  input size:";
    for (const auto& [width, n] : input_sizes) out << " " << width << " (" << n << " steps)";
    if (input_sizes.empty()) out << " (no \"inputs\" float lists)";
    out << "\n";
    if (!labels.empty()) {
      out << "  labels: " << labels.size() << " distinct, " << labels.begin()->first << ".." << labels.rbegin()->first
          << "\n  label histogram (label: steps):\n";
      int column = 0;
      for (const auto& [label, n] : labels) {
        std::snprintf(buf, sizeof buf, "%6lld: %-8llu", static_cast<long long>(label), static_cast<unsigned long long>(n));
        out << (column == 0 ? "   " : "") << buf;
        if (++column == 6) {
          out << "\n";
          column = 0;
        }
      }
      if (column != 0) out << "\n";
    }
    return out.str();
  }
};

std::string inspect_tfrecord(const std::filesystem::path& path, const InspectOptions& options) {
  tfio::TFRecordReader reader(path);
  std::ostringstream details;
  std::string record;
  std::uint64_t count = 0;
  std::uint64_t sequences = 0;
  std::uint64_t notes = 0;
  std::uint64_t bytes = 0;
  double seconds = 0.0;
  SequenceExampleStats examples;
  while (reader.next(record)) {
    bytes += record.size();
    bool is_sequence = false;
    tensorflow::SequenceExample example;
    const bool is_example = parse_sequence_example(record, example);
    magenta::NoteSequence ns;
    if (is_example) {
      examples.add(example);
    } else {
      try {
        ns = parse_note_sequence(record, path.string());
        // Arbitrary bytes often parse as an empty proto; a NoteSequence has some content.
        is_sequence = ns.notes_size() > 0 || !ns.id().empty() || ns.ticks_per_quarter() > 0 || ns.tempos_size() > 0;
      } catch (const Error&) {
      }
    }
    if (is_sequence) {
      ++sequences;
      notes += static_cast<std::uint64_t>(ns.notes_size());
      seconds += ns.total_time();
    }
    if (count < static_cast<std::uint64_t>(options.max_records)) {
      details << "\n--- record " << count << " (" << record.size() << " bytes)";
      if (is_example) {
        SequenceExampleStats one;
        one.add(example);
        details << ": SequenceExample\n" << one.describe();
      } else if (is_sequence) {
        details << ": NoteSequence\n" << describe_sequence(ns, options);
      } else {
        details << ": neither a NoteSequence nor a SequenceExample\n";
      }
    }
    ++count;
  }
  std::ostringstream out;
  out << path.string() << ": TFRecord file, " << count << " records (" << bytes << " payload bytes, all CRCs valid)";
  if (sequences > 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "; %llu NoteSequences, %llu notes, %.1f s of music",
                  static_cast<unsigned long long>(sequences), static_cast<unsigned long long>(notes), seconds);
    out << buf;
  }
  if (examples.records > 0) {
    out << "; " << examples.records << " SequenceExamples\n" << examples.describe();
  } else {
    out << "\n";
  }
  out << details.str();
  if (count > static_cast<std::uint64_t>(options.max_records)) {
    out << "\n... " << (count - static_cast<std::uint64_t>(options.max_records)) << " more records (--records N to list more)\n";
  }
  return out.str();
}

}  // namespace

FileKind detect_file_kind(const std::filesystem::path& path) {
  const std::string head = read_prefix(path, 16);
  if (head.size() >= 4 && (head.compare(0, 4, "MThd") == 0 || head.compare(0, 4, "RIFF") == 0)) return FileKind::kMidi;
  if (head.size() >= 12) {
    std::uint32_t stored = 0;
    std::memcpy(&stored, head.data() + 8, 4);
    if (stored == tfio::mask_crc(tfio::crc32c(head.data(), 8))) return FileKind::kTFRecord;
  }
  const std::string ext = core::lowercase_extension(path);
  if (midi::is_midi_file_name(path)) return FileKind::kMidi;
  if (ext == ".ns" || ext == ".pb" || ext == ".notesequence") return FileKind::kNoteSequence;
  return FileKind::kUnknown;
}

std::string inspect_file(const std::filesystem::path& path, const InspectOptions& options) {
  switch (detect_file_kind(path)) {
    case FileKind::kMidi: return inspect_midi(path, options);
    case FileKind::kTFRecord: return inspect_tfrecord(path, options);
    case FileKind::kNoteSequence:
      return path.string() + ": serialized NoteSequence\n" + describe_sequence(read_sequence_file(path), options);
    case FileKind::kUnknown: break;
  }
  throw Error::unsupported(path.string(), "unknown file type (stochos inspect reads MIDI, TFRecord and NoteSequence files)");
}

}  // namespace stochos::notesequence
