// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq musicxml_reader.musicxml_to_sequence_proto over the parsed score, and
// MusicXMLDocument._get_score for .mxl archives.
#include "stochos/scoreio/musicxml_reader.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/scoreio/detail/musicxml_parser.h"
#include "stochos/scoreio/detail/utf8.h"
#include "stochos/scoreio/detail/zip_archive.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;

constexpr const char* kMusicXmlMimeType = "application/vnd.recordare.musicxml+xml";

// The MIDI key of each fifths value -7..7 (musicxml_reader's music_proto_keys).
constexpr int kProtoKeys[15] = {11, 6, 1, 8, 3, 10, 5, 0, 7, 2, 9, 4, 11, 6, 1};

void merge_tied_notes(NoteSequence& ns, const std::vector<bool>& tie_start, const std::vector<bool>& tie_stop) {
  // (part, voice, pitch) -> index of the note whose tie is still open.
  std::map<std::tuple<int, int, int>, int> open;
  std::vector<bool> keep(static_cast<std::size_t>(ns.notes_size()), true);
  for (int i = 0; i < ns.notes_size(); ++i) {
    auto* note = ns.mutable_notes(i);
    const auto key = std::make_tuple(note->part(), note->voice(), note->pitch());
    const auto it = open.find(key);
    if (tie_stop[static_cast<std::size_t>(i)] && it != open.end()) {
      auto* first = ns.mutable_notes(it->second);
      first->set_end_time(note->end_time());
      const detail::Ratio sum = detail::Ratio{first->numerator(), first->denominator()} +
                                detail::Ratio{note->numerator(), note->denominator()};
      first->set_numerator(static_cast<int>(sum.num));
      first->set_denominator(static_cast<int>(sum.den));
      keep[static_cast<std::size_t>(i)] = false;
      if (!tie_start[static_cast<std::size_t>(i)]) open.erase(it);
      continue;
    }
    if (tie_start[static_cast<std::size_t>(i)]) open[key] = i; else if (it != open.end()) open.erase(it);
  }
  NoteSequence::Note* dummy = nullptr;
  (void)dummy;
  google::protobuf::RepeatedPtrField<NoteSequence::Note> kept;
  for (int i = 0; i < ns.notes_size(); ++i) {
    if (keep[static_cast<std::size_t>(i)]) *kept.Add() = ns.notes(i);
  }
  ns.mutable_notes()->Swap(&kept);
}

NoteSequence to_note_sequence(const detail::ParsedScore& score, const MusicXmlReadOptions& options) {
  NoteSequence ns;
  ns.mutable_source_info()->set_source_type(NoteSequence::SourceInfo::SCORE_BASED);
  ns.mutable_source_info()->set_encoding_type(NoteSequence::SourceInfo::MUSIC_XML);
  ns.mutable_source_info()->set_parser(NoteSequence::SourceInfo::MAGENTA_MUSIC_XML);
  ns.set_ticks_per_quarter(220);
  if (!score.work_title.empty()) ns.mutable_sequence_metadata()->set_title(score.work_title);
  for (const auto& creator : score.creators) ns.mutable_sequence_metadata()->add_composers(creator);

  // get_time_signatures / get_key_signatures: every part, duplicates (same value and time)
  // dropped; a key defaults to C at 0.
  std::vector<detail::ParsedTimeSignature> time_signatures;
  std::vector<detail::ParsedKeySignature> key_signatures;
  for (const auto& part : score.parts) {
    for (const auto& m : part.measures) {
      if (m.time_signature) {
        const auto& t = *m.time_signature;
        if (std::none_of(time_signatures.begin(), time_signatures.end(), [&](const auto& o) {
              return o.numerator == t.numerator && o.denominator == t.denominator && o.time_position == t.time_position;
            })) {
          time_signatures.push_back(t);
        }
      }
      if (m.key_signature) {
        const auto& k = *m.key_signature;
        if (std::none_of(key_signatures.begin(), key_signatures.end(),
                         [&](const auto& o) { return o.key == k.key && o.time_position == k.time_position; })) {
          key_signatures.push_back(k);
        }
      }
    }
  }
  if (key_signatures.empty()) key_signatures.push_back({0, 0.0});
  for (const auto& t : time_signatures) {
    auto* ts = ns.add_time_signatures();
    ts->set_time(t.time_position);
    ts->set_numerator(t.numerator);
    ts->set_denominator(t.denominator);
  }
  for (const auto& k : key_signatures) {
    auto* ks = ns.add_key_signatures();
    ks->set_time(k.time_position);
    ks->set_key(static_cast<NoteSequence::KeySignature::Key>(kProtoKeys[k.key + 7]));
    ks->set_mode(NoteSequence::KeySignature::MAJOR);  // note_seq never reads a minor mode
  }
  // get_tempos: the first part only; else the parser's last qpm (120 unless set) at 0.
  bool any_tempo = false;
  if (!score.parts.empty()) {
    for (const auto& m : score.parts.front().measures) {
      for (const auto& t : m.tempos) {
        auto* tempo = ns.add_tempos();
        tempo->set_time(t.time_position);
        tempo->set_qpm(t.qpm);
        any_tempo = true;
      }
    }
  }
  if (!any_tempo) {
    auto* tempo = ns.add_tempos();
    tempo->set_time(0);
    tempo->set_qpm(score.final_qpm);
  }
  ns.set_total_time(score.total_time_seconds);

  std::vector<bool> tie_start;
  std::vector<bool> tie_stop;
  for (std::size_t p = 0; p < score.parts.size(); ++p) {
    const auto& part = score.parts[p];
    auto* info = ns.add_part_infos();
    info->set_part(static_cast<int>(p));
    info->set_name(part.name);
    for (const auto& m : part.measures) {
      for (const auto& n : m.notes) {
        if (n.is_rest) continue;
        auto* note = ns.add_notes();
        note->set_part(static_cast<int>(p));
        note->set_voice(n.voice);
        note->set_instrument(n.midi_channel);
        note->set_program(n.midi_program);
        note->set_start_time(std::max(n.time_position, 0.0));
        note->set_end_time(note->start_time() + n.seconds);
        note->set_pitch(n.midi_pitch);
        note->set_velocity(n.velocity);
        note->set_numerator(static_cast<int>(n.ratio.num));
        note->set_denominator(static_cast<int>(n.ratio.den));
        tie_start.push_back(n.tie_start);
        tie_stop.push_back(n.tie_stop);
      }
    }
  }
  for (const auto& part : score.parts) {
    for (const auto& m : part.measures) {
      for (const auto& c : m.chord_symbols) {
        auto* ta = ns.add_text_annotations();
        ta->set_time(c.time_position);
        ta->set_text(c.figure);
        ta->set_annotation_type(NoteSequence::TextAnnotation::CHORD_SYMBOL);
      }
    }
  }
  if (options.merge_ties) merge_tied_notes(ns, tie_start, tie_stop);
  return ns;
}

}  // namespace

NoteSequence musicxml_to_note_sequence(std::string_view xml_bytes, const std::string& source,
                                       const MusicXmlReadOptions& options) {
  const detail::XmlDocument doc(xml_bytes, source);
  return to_note_sequence(detail::parse_musicxml(doc), options);
}

std::string mxl_score_document(std::string_view zip_bytes, const std::string& source) {
  const std::string code(kCodeMusicXmlParse);
  const detail::ZipReader zip(zip_bytes, source);
  // Python's zipfile decodes unflagged names as CP437; note_seq re-encodes them to CP437 and
  // decodes UTF-8 with replacement, which gives back the raw bytes read as UTF-8.
  std::vector<std::string> names;
  for (const auto& e : zip.entries()) names.push_back(detail::utf8_with_replacement(e.raw_name));
  const auto find = [&](const std::string& name) -> const detail::ZipEntry* {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return &zip.entries()[i];
    }
    return nullptr;
  };
  std::string score_name;
  if (const auto* container = find("META-INF/container.xml")) {
    const detail::XmlDocument doc(zip.read(*container), source + ": META-INF/container.xml");
    for (const auto rootfile : doc.root().child("rootfiles").children("rootfile")) {
      const auto media = rootfile.attribute("media-type");
      if (media && std::string_view(media.value()) != kMusicXmlMimeType) continue;  // e.g. image/png
      const auto path = rootfile.attribute("full-path");
      if (!path) throw doc.error(rootfile, code, "<rootfile> has no full-path");
      if (!score_name.empty()) {
        throw doc.error(rootfile, code, "Multiple MusicXML files found in compressed archive");
      }
      score_name = path.value();
    }
  }
  if (score_name.empty()) {
    throw Error::input(source, {}, "Unable to locate main .xml file in compressed archive.").with_code(code);
  }
  const auto* entry = find(score_name);
  if (!entry) {
    throw Error::input(source, {}, "Score file " + score_name + " not found in zip archive").with_code(code);
  }
  return zip.read(*entry);
}

NoteSequence read_musicxml_file(const std::filesystem::path& path, const MusicXmlReadOptions& options) {
  const auto bytes = core::read_file(path, std::uint64_t{512} << 20);
  const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const std::string ext = core::lowercase_extension(path);
  if (ext == ".mxl") {
    const std::string score = mxl_score_document(view, path.string());
    return musicxml_to_note_sequence(score, path.string(), options);
  }
  return musicxml_to_note_sequence(view, path.string(), options);
}

}  // namespace stochos::scoreio
