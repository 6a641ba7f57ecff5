// SPDX-License-Identifier: GPL-3.0-or-later
// MusicXML 3.1 partwise output written as text (escaping is the only XML rule it needs; the
// reading side uses pugixml). Elements appear in the order the MusicXML schema requires.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/scoreio/abc_writer.h"
#include "stochos/scoreio/detail/zip_archive.h"
#include "stochos/scoreio/score_writer.h"

namespace stochos::scoreio {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

// A written value: `type` with `dots`, lasting `steps`.
struct WrittenValue {
  std::int64_t steps = 0;
  const char* type = "quarter";
  int dots = 0;
};

// Note values from breve down to 128th, with up to two dots, that are whole steps long.
std::vector<WrittenValue> written_values(int spq) {
  static const char* const kTypes[] = {"breve", "whole", "half", "quarter", "eighth", "16th", "32nd", "64th", "128th"};
  std::vector<WrittenValue> out;
  for (int k = 0; k < 9; ++k) {
    // quarters = 2^(3-k); steps = spq * quarters * (2^(dots+1) - 1) / 2^dots
    for (int dots = 0; dots <= 2; ++dots) {
      const int shift = 3 - k;
      std::int64_t numerator = static_cast<std::int64_t>(spq) * ((std::int64_t{1} << (dots + 1)) - 1);
      std::int64_t denominator = std::int64_t{1} << dots;
      if (shift >= 0) numerator <<= shift; else denominator <<= -shift;
      if (numerator % denominator == 0) out.push_back({numerator / denominator, kTypes[k], dots});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.steps > b.steps; });
  return out;
}

std::vector<WrittenValue> split(std::int64_t steps, const std::vector<WrittenValue>& values) {
  std::vector<WrittenValue> out;
  while (steps > 0) {
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.steps <= steps; });
    if (it == values.end()) {
      // Shorter than any plain value (e.g. a triplet step): keep the exact <duration> and the
      // shortest type; readers time notes by <duration>.
      WrittenValue v = values.empty() ? WrittenValue{} : values.back();
      v.steps = steps;
      v.dots = 0;
      out.push_back(v);
      break;
    }
    out.push_back(*it);
    steps -= it->steps;
  }
  return out;
}

int fifths_of(int key, int mode) {
  // Pitch class -> fifths of its major key; a minor key uses its relative major.
  static const int kFifths[12] = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};
  const int tonic = mode == 1 ? (key + 3) % 12 : key;
  return kFifths[((tonic % 12) + 12) % 12];
}

void pitch_xml(std::ostringstream& x, int pitch) {
  static const char kSteps[12] = {'C', 'C', 'D', 'D', 'E', 'F', 'F', 'G', 'G', 'A', 'A', 'B'};
  static const int kAlter[12] = {0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0};
  const int pc = pitch % 12;
  x << "<pitch><step>" << kSteps[pc] << "</step>";
  if (kAlter[pc] != 0) x << "<alter>" << kAlter[pc] << "</alter>";
  x << "<octave>" << pitch / 12 - 1 << "</octave></pitch>";
}

std::string format_qpm(double qpm) {
  std::ostringstream s;
  s.precision(17);
  s << qpm;
  return s.str();
}

}  // namespace

std::string note_sequence_to_musicxml(const magenta::NoteSequence& sequence, const NotationOptions& options) {
  const NotationScore score = layout_notation(sequence, options);
  const auto values = written_values(score.steps_per_quarter);
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
       "<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML 3.1 Partwise//EN\" "
       "\"http://www.musicxml.org/dtds/partwise.dtd\">\n<score-partwise version=\"3.1\">\n";
  if (!score.title.empty()) x << "  <work><work-title>" << escape(score.title) << "</work-title></work>\n";
  x << "  <identification>";
  for (const auto& c : score.composers) x << "<creator type=\"composer\">" << escape(c) << "</creator>";
  x << "<encoding><software>stochos</software></encoding></identification>\n  <part-list>\n";
  int channel = 0;
  std::vector<int> channels;
  for (std::size_t p = 0; p < score.parts.size(); ++p) {
    const auto& part = score.parts[p];
    int ch = 10;
    if (!part.is_drum) {
      ch = channel % 15 + 1;
      if (ch >= 10) ++ch;  // channel 10 is for drums
      ++channel;
    }
    channels.push_back(ch);
    x << "    <score-part id=\"P" << p + 1 << "\"><part-name>" << escape(part.name) << "</part-name>"
      << "<score-instrument id=\"P" << p + 1 << "-I1\"><instrument-name>" << escape(part.name)
      << "</instrument-name></score-instrument><midi-instrument id=\"P" << p + 1 << "-I1\"><midi-channel>" << ch
      << "</midi-channel><midi-program>" << std::clamp(part.program, 0, 127) + 1 << "</midi-program>"
      << "</midi-instrument></score-part>\n";
  }
  x << "  </part-list>\n";
  for (std::size_t p = 0; p < score.parts.size(); ++p) {
    const auto& part = score.parts[p];
    // Clef from the part's average pitch.
    double sum = 0;
    std::size_t count = 0;
    for (const auto& m : part.measures) {
      for (const auto& v : m.voices) {
        for (const auto& e : v.events) {
          for (int pitch : e.pitches) sum += pitch, ++count;
        }
      }
    }
    const bool bass = count > 0 && sum / static_cast<double>(count) < 57;
    x << "  <part id=\"P" << p + 1 << "\">\n";
    for (std::size_t mi = 0; mi < part.measures.size(); ++mi) {
      const auto& m = part.measures[mi];
      x << "    <measure number=\"" << mi + 1 << "\">";
      if (mi == 0 || m.key_change || m.time_signature_change) {
        x << "<attributes>";
        if (mi == 0) x << "<divisions>" << score.steps_per_quarter << "</divisions>";
        if (m.key_change) {
          x << "<key><fifths>" << fifths_of(m.key, m.mode) << "</fifths><mode>" << (m.mode == 1 ? "minor" : "major")
            << "</mode></key>";
        }
        if (m.time_signature_change) {
          x << "<time><beats>" << m.numerator << "</beats><beat-type>" << m.denominator << "</beat-type></time>";
        }
        if (mi == 0) {
          if (part.is_drum) x << "<clef><sign>percussion</sign></clef>";
          else if (bass) x << "<clef><sign>F</sign><line>4</line></clef>";
          else x << "<clef><sign>G</sign><line>2</line></clef>";
        }
        x << "</attributes>";
      }
      if (mi == 0 && p == 0) {
        x << "<direction placement=\"above\"><direction-type><metronome><beat-unit>quarter</beat-unit><per-minute>"
          << std::lround(score.qpm) << "</per-minute></metronome></direction-type><sound tempo=\""
          << format_qpm(score.qpm) << "\"/></direction>";
      }
      for (std::size_t vi = 0; vi < m.voices.size(); ++vi) {
        const auto& voice = m.voices[vi];
        std::int64_t advanced = 0;
        if (vi > 0) x << "<backup><duration>" << m.length_steps << "</duration></backup>";
        for (const auto& e : voice.events) {
          if (e.whole_measure_rest) {
            x << "<note><rest measure=\"yes\"/><duration>" << e.duration_steps << "</duration><voice>" << voice.voice
              << "</voice></note>";
            advanced += e.duration_steps;
            continue;
          }
          const auto pieces = split(e.duration_steps, values);
          for (std::size_t k = 0; k < pieces.size(); ++k) {
            const bool tie_in = k > 0 || e.tie_stop;
            const bool tie_out = k + 1 < pieces.size() || e.tie_start;
            const auto write_one = [&](int pitch, bool in_chord) {
              x << "<note>";
              if (in_chord) x << "<chord/>";
              if (pitch < 0) x << "<rest/>"; else pitch_xml(x, pitch);
              x << "<duration>" << pieces[k].steps << "</duration>";
              if (pitch >= 0 && tie_in) x << "<tie type=\"stop\"/>";
              if (pitch >= 0 && tie_out) x << "<tie type=\"start\"/>";
              x << "<voice>" << voice.voice << "</voice><type>" << pieces[k].type << "</type>";
              for (int d = 0; d < pieces[k].dots; ++d) x << "<dot/>";
              if (pitch >= 0 && (tie_in || tie_out)) {
                x << "<notations>";
                if (tie_in) x << "<tied type=\"stop\"/>";
                if (tie_out) x << "<tied type=\"start\"/>";
                x << "</notations>";
              }
              x << "</note>";
            };
            if (e.pitches.empty()) {
              write_one(-1, false);
            } else {
              for (std::size_t c = 0; c < e.pitches.size(); ++c) write_one(e.pitches[c], c > 0);
            }
            advanced += pieces[k].steps;
          }
        }
        // Later voices stop where their last note ends; move the clock to the measure end so
        // that every voice's <backup> starts from the same place.
        if (vi > 0 && advanced < m.length_steps) {
          x << "<forward><duration>" << m.length_steps - advanced << "</duration><voice>" << voice.voice
            << "</voice></forward>";
        }
      }
      x << "</measure>\n";
    }
    x << "  </part>\n";
  }
  x << "</score-partwise>\n";
  return x.str();
}

std::string note_sequence_to_mxl(const magenta::NoteSequence& sequence, const NotationOptions& options) {
  const std::string container =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container><rootfiles><rootfile full-path=\"score.musicxml\" "
      "media-type=\"application/vnd.recordare.musicxml+xml\"/></rootfiles></container>\n";
  return detail::write_zip({{"mimetype", "application/vnd.recordare.musicxml", true},
                            {"META-INF/container.xml", container, false},
                            {"score.musicxml", note_sequence_to_musicxml(sequence, options), false}});
}

bool is_score_output_path(const std::filesystem::path& path) {
  const std::string ext = core::lowercase_extension(path);
  return ext == ".musicxml" || ext == ".xml" || ext == ".mxl" || ext == ".abc";
}

void write_score_file(const magenta::NoteSequence& sequence, const std::filesystem::path& path,
                      const NotationOptions& options) {
  const std::string ext = core::lowercase_extension(path);
  if (ext == ".mxl") return core::write_file_atomically(path, note_sequence_to_mxl(sequence, options));
  if (ext == ".musicxml" || ext == ".xml") {
    return core::write_file_atomically(path, note_sequence_to_musicxml(sequence, options));
  }
  if (ext == ".abc") return write_abc_file({sequence}, path, options);
  throw Error::usage(path.string() + ": unknown score extension (use .musicxml, .xml, .mxl or .abc)");
}

}  // namespace stochos::scoreio
