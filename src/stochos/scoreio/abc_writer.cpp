// SPDX-License-Identifier: GPL-3.0-or-later
// ABC 2.1 output written as text (the standard's sections: 3 header fields, 4.1-4.3 pitches,
// accidentals and lengths, 4.11 ties, 4.17 chords, 7.3-7.4 voices and overlays). Key names
// are taken from our reader's own key table (detail/abc_key.cpp), so a written key reads
// back with the accidentals the writer assumed.
#include "stochos/scoreio/abc_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/scoreio/detail/abc_tune.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;

// A line (system) holds up to four measures and, past the first, up to this many characters
// per part: abcm2ps cannot shrink a denser line into the page width.
constexpr std::size_t kMeasuresPerLine = 4;
constexpr std::size_t kCharactersPerLine = 80;
constexpr char kLetters[] = "CDEFGAB";
constexpr int kNatural[7] = {0, 2, 4, 5, 7, 9, 11};

struct AbcKeyName {
  std::string name;
  std::map<char, int> accidentals;  ///< 'A'..'G' -> -1, 0, +1, as our reader applies them
  bool sharps = true;               ///< spell notes outside the key with sharps
};

// The ABC name of a NoteSequence key and mode, the spelling with fewer accidentals (sharps on
// a tie: F# rather than Gb, as the MusicXML writer's fifths).
AbcKeyName abc_key(int key, int mode) {
  static const char* const kTonics[12][2] = {{"C", ""},    {"C#", "Db"}, {"D", ""},    {"D#", "Eb"},
                                             {"E", ""},    {"F", ""},    {"F#", "Gb"}, {"G", ""},
                                             {"G#", "Ab"}, {"A", ""},    {"A#", "Bb"}, {"B", ""}};
  using KS = NoteSequence::KeySignature;
  const char* suffix = "";
  switch (mode) {
    case KS::MINOR:
      suffix = "m";
      break;
    case KS::MIXOLYDIAN:
      suffix = "mix";
      break;
    case KS::DORIAN:
      suffix = "dor";
      break;
    case KS::PHRYGIAN:
      suffix = "phr";
      break;
    case KS::LYDIAN:
      suffix = "lyd";
      break;
    case KS::LOCRIAN:
      suffix = "loc";
      break;
    default:
      break;  // MAJOR, NOT_SPECIFIED
  }
  std::optional<AbcKeyName> best;
  int best_count = 0;
  for (const char* tonic : kTonics[((key % 12) + 12) % 12]) {
    if (*tonic == 0) continue;
    AbcKeyName k;
    k.name = std::string(tonic) + suffix;
    try {
      k.accidentals = detail::parse_abc_key(k.name, "<abc writer>", {}).accidentals;
    } catch (const Error&) {
      continue;  // a name our reader's table lacks
    }
    int count = 0;
    for (const auto& [letter, a] : k.accidentals) {
      count += a != 0;
      if (a < 0) k.sharps = false;
    }
    if (!best || count < best_count) {
      best = std::move(k);
      best_count = count;
    }
  }
  if (!best) return abc_key(0, KS::MAJOR);
  return *best;
}

struct Spelled {
  int letter = 0;      ///< index into kLetters
  int accidental = 0;  ///< -1, 0, +1
  int natural_pitch = 0;
};

// The key's own spelling of the pitch class, else the natural, else a sharp or flat after
// the key's kind. B# and Cb stay in MIDI range or fall back to the next choice.
Spelled spell(int pitch, const AbcKeyName& key) {
  const int pc = pitch % 12;
  const auto make = [&](int letter, int accidental) -> std::optional<Spelled> {
    const int natural = pitch - accidental;
    if (((kNatural[letter] + accidental) % 12 + 12) % 12 != pc || natural < 0 || natural > 127)
      return std::nullopt;
    if (((natural % 12) + 12) % 12 != kNatural[letter]) return std::nullopt;
    return Spelled{letter, accidental, natural};
  };
  for (int l = 0; l < 7; ++l) {
    if (auto s = make(l, key.accidentals.at(kLetters[l]))) return *s;
  }
  for (int l = 0; l < 7; ++l) {
    if (auto s = make(l, 0)) return *s;
  }
  for (int l = 0; l < 7; ++l) {
    if (auto s = make(l, key.sharps ? 1 : -1)) return *s;
  }
  for (int l = 0; l < 7; ++l) {
    if (auto s = make(l, key.sharps ? -1 : 1)) return *s;
  }
  throw Error::internal("cannot spell pitch " + std::to_string(pitch));
}

std::string length_suffix(std::int64_t units) {
  return units == 1 ? std::string() : std::to_string(units);
}

// A note's text: accidental (when needed), letter and octave marks. `touched` holds the
// letters that carried an accidental earlier in the measure: those always carry one again,
// since readers disagree on whether bar accidentals apply to one octave or to all.
std::string note_text(int pitch, const AbcKeyName& key, std::map<char, int>& touched) {
  const Spelled s = spell(pitch, key);
  const char letter = kLetters[s.letter];
  std::string out;
  if (touched.count(letter) || s.accidental != key.accidentals.at(letter)) {
    out = s.accidental > 0 ? "^" : s.accidental < 0 ? "_" : "=";
    touched[letter] = s.accidental;
  }
  const int octave = s.natural_pitch / 12 - 1;  // MIDI 60 is C4, ABC "C"
  out += octave >= 5 ? static_cast<char>(letter - 'A' + 'a') : letter;
  if (octave > 5) out.append(static_cast<std::size_t>(octave - 5), '\'');
  if (octave < 4) out.append(static_cast<std::size_t>(4 - octave), ',');
  return out;
}

// Lengths one note symbol can show (breve down to 128th, up to two dots) that are whole steps
// and whole multiples of the unit note length, longest first.
std::vector<std::int64_t> note_values(int spq, std::int64_t unit_steps) {
  std::vector<std::int64_t> out;
  for (int shift = 3; shift >= -5; --shift) {  // 2^shift quarters: breve .. 128th
    for (int dots = 0; dots <= 2; ++dots) {
      std::int64_t numerator = static_cast<std::int64_t>(spq) * ((std::int64_t{1} << (dots + 1)) - 1);
      std::int64_t denominator = std::int64_t{1} << dots;
      if (shift >= 0)
        numerator <<= shift;
      else
        denominator <<= -shift;
      if (numerator % denominator != 0) continue;
      const std::int64_t steps = numerator / denominator;
      if (steps % unit_steps == 0) out.push_back(steps);
    }
  }
  std::sort(out.rbegin(), out.rend());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::int64_t> split(std::int64_t steps, const std::vector<std::int64_t>& values) {
  std::vector<std::int64_t> out;
  while (steps > 0) {
    const auto it = std::find_if(values.begin(), values.end(), [&](std::int64_t v) { return v <= steps; });
    if (it == values.end()) {
      out.push_back(steps);  // no plain value fits: one symbol with the exact length
      break;
    }
    out.push_back(*it);
    steps -= *it;
  }
  return out;
}

// Q: with a beat unit 1/(4k) so that the rate is whole. k is a power of two up to 32: abc2midi
// refuses other beat units and abcm2ps cannot draw a note shorter than 1/128. Exact when such
// a k exists, else within 1/64 quarter per minute.
std::string tempo_field(double qpm) {
  if (!(qpm > 0) || !std::isfinite(qpm)) qpm = 120;
  int k = 1;
  for (; k < 32; k *= 2) {
    const double rate = std::round(qpm * k);
    if (std::abs(rate / k - qpm) <= 1e-9 * qpm) break;
  }
  return "1/" + std::to_string(4 * k) + "=" + std::to_string(std::llround(qpm * k));
}

std::string clean_text(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return s;
}

class TuneWriter {
 public:
  TuneWriter(const NotationScore& score) : score_(score), spq_(score.steps_per_quarter) {
    const std::int64_t whole = std::int64_t{4} * spq_;
    unit_steps_ = whole;
    for (const auto& part : score.parts) {
      for (const auto& m : part.measures) {
        unit_steps_ = std::gcd(unit_steps_, m.length_steps);
        for (const auto& v : m.voices) {
          for (const auto& e : v.events) unit_steps_ = std::gcd(unit_steps_, e.duration_steps);
        }
      }
    }
    if (unit_steps_ <= 0) unit_steps_ = 1;
    values_ = note_values(spq_, unit_steps_);
  }

  std::int64_t unit_denominator() const { return std::int64_t{4} * spq_ / unit_steps_; }

  const AbcKeyName& key(int k, int mode) {
    const auto it = keys_.find({k, mode});
    if (it != keys_.end()) return it->second;
    return keys_.emplace(std::make_pair(k, mode), abc_key(k, mode)).first->second;
  }

  // One measure of one part: inline fields, the first voice, then the others as overlays.
  std::string measure(const NotationMeasure& m, bool first) {
    std::string out;
    if (!first && m.time_signature_change) {
      out += "[M:" + std::to_string(m.numerator) + "/" + std::to_string(m.denominator) + "] ";
    }
    const AbcKeyName& k = key(m.key, m.mode);
    if (!first && m.key_change) out += "[K:" + k.name + "] ";
    std::int64_t beat = std::int64_t{4} * spq_ / std::max(1, m.denominator);
    if (m.denominator >= 8 && m.numerator % 3 == 0 && m.numerator > 3) beat *= 3;
    beat = std::max<std::int64_t>(1, beat);
    std::map<char, int> touched;
    int last_voice = 1;
    for (const auto& v : m.voices) last_voice = std::max(last_voice, v.voice);
    for (int voice = 1; voice <= last_voice; ++voice) {
      const bool overlay = voice > 1;
      if (overlay) out += " & ";
      std::string layer;
      std::int64_t offset = 0;
      const auto token = [&](const std::string& t, std::int64_t steps) {
        if (!layer.empty() && offset % beat == 0) layer += ' ';
        layer += t;
        offset += steps;
      };
      const auto it =
          std::find_if(m.voices.begin(), m.voices.end(), [&](const auto& x) { return x.voice == voice; });
      if (it != m.voices.end()) {
        for (const auto& e : it->events) {
          const auto pieces = split(e.duration_steps, values_);
          for (std::size_t p = 0; p < pieces.size(); ++p) {
            std::string t;
            if (e.pitches.empty()) {
              t = overlay ? "x" : "z";
            } else if (e.pitches.size() == 1) {
              t = note_text(e.pitches.front(), k, touched);
            } else {
              t = "[";
              for (const int pitch : e.pitches) t += note_text(pitch, k, touched);
              t += "]";
            }
            t += length_suffix(pieces[p] / unit_steps_);
            if (!e.pitches.empty() && (p + 1 < pieces.size() || e.tie_start)) t += "-";
            token(t, pieces[p]);
          }
        }
      }
      // Overlays are padded to the full measure with invisible rests.
      if (overlay && offset < m.length_steps) {
        for (const std::int64_t piece : split(m.length_steps - offset, values_)) {
          token("x" + length_suffix(piece / unit_steps_), piece);
        }
      }
      out += layer;
    }
    return out;
  }

  // Each measure of part `p` with its closing bar line.
  std::vector<std::string> measures(std::size_t p) {
    const auto& measures = score_.parts[p].measures;
    std::vector<std::string> out;
    for (std::size_t mi = 0; mi < measures.size(); ++mi) {
      out.push_back(measure(measures[mi], mi == 0) + (mi + 1 == measures.size() ? " |]" : " |"));
    }
    return out;
  }

 private:
  const NotationScore& score_;
  int spq_;
  std::int64_t unit_steps_ = 1;
  std::vector<std::int64_t> values_;
  std::map<std::pair<int, int>, AbcKeyName> keys_;
};

double average_pitch(const NotationPart& part) {
  double sum = 0;
  std::size_t count = 0;
  for (const auto& m : part.measures) {
    for (const auto& v : m.voices) {
      for (const auto& e : v.events) {
        for (const int pitch : e.pitches) sum += pitch, ++count;
      }
    }
  }
  return count > 0 ? sum / static_cast<double>(count) : 60.0;
}

}  // namespace

std::string note_sequence_to_abc(const NoteSequence& sequence, const NotationOptions& options,
                                 std::int64_t reference_number) {
  const NotationScore score = layout_notation(sequence, options);
  TuneWriter writer(score);
  const std::int64_t unit = writer.unit_denominator();
  if ((unit & (unit - 1)) != 0) {
    // L:1/12 would need tuplets to be standard ABC (abc2midi and abcm2ps refuse it).
    throw Error::unsupported({}, "ABC output needs note lengths on a power-of-two grid; at " +
                                     std::to_string(score.steps_per_quarter) +
                                     " steps per quarter the lengths need L:1/" + std::to_string(unit) +
                                     " (tuplets are not written); use 4 or 8 steps per quarter");
  }
  const NotationMeasure& first = score.parts.front().measures.front();
  std::ostringstream x;
  std::string title = score.title;
  if (title.empty()) title = std::filesystem::path(sequence.filename()).stem().string();
  if (title.empty()) title = "Untitled";
  x << "X:" << reference_number << "\nT:" << clean_text(title) << "\n";
  for (const auto& c : score.composers) x << "C:" << clean_text(c) << "\n";
  x << "M:" << first.numerator << "/" << first.denominator << "\nL:1/" << unit
    << "\nQ:" << tempo_field(score.qpm) << "\nK:" << writer.key(first.key, first.mode).name << "\n";

  // One part in the treble clef needs no V:; anything else gets one V: per part.
  std::vector<std::string> clefs;
  bool voices = score.parts.size() > 1;
  for (const auto& part : score.parts) {
    clefs.push_back(part.is_drum ? "perc" : average_pitch(part) < 57 ? "bass" : "treble");
    voices = voices || clefs.back() != "treble";
  }
  const auto midi = [&](const NotationPart& part) {
    return part.is_drum ? std::string("%%MIDI channel 10\n")
                        : "%%MIDI program " + std::to_string(std::clamp(part.program, 0, 127)) + "\n";
  };
  if (!voices) x << midi(score.parts.front());
  std::vector<std::vector<std::string>> texts;
  for (std::size_t p = 0; p < score.parts.size(); ++p) texts.push_back(writer.measures(p));
  const std::size_t measures = texts.front().size();
  for (std::size_t begin = 0; begin < measures;) {
    std::size_t end = begin + 1;
    std::vector<std::size_t> widths(texts.size());
    for (std::size_t p = 0; p < texts.size(); ++p) widths[p] = texts[p][begin].size();
    while (end < measures && end - begin < kMeasuresPerLine) {
      bool fits = true;
      for (std::size_t p = 0; p < texts.size(); ++p)
        fits = fits && widths[p] + 1 + texts[p][end].size() <= kCharactersPerLine;
      if (!fits) break;
      for (std::size_t p = 0; p < texts.size(); ++p) widths[p] += 1 + texts[p][end].size();
      ++end;
    }
    for (std::size_t p = 0; p < score.parts.size(); ++p) {
      if (voices) {
        x << "V:" << p + 1;
        if (begin == 0) {
          std::string name = clean_text(score.parts[p].name);
          std::replace(name.begin(), name.end(), '"', '\'');
          x << " name=\"" << name << "\" clef=" << clefs[p] << "\n" << midi(score.parts[p]);
        } else {
          x << "\n";
        }
      }
      for (std::size_t mi = begin; mi < end; ++mi) x << (mi > begin ? " " : "") << texts[p][mi];
      x << "\n";
    }
    begin = end;
  }
  return x.str();
}

std::string note_sequences_to_abc(const std::vector<NoteSequence>& sequences,
                                  const NotationOptions& options) {
  std::string out;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    if (i > 0) out += "\n";
    out += note_sequence_to_abc(sequences[i], options, static_cast<std::int64_t>(i) + 1);
  }
  return out;
}

void write_abc_file(const std::vector<NoteSequence>& sequences, const std::filesystem::path& path,
                    const NotationOptions& options) {
  core::write_file_atomically(path, note_sequences_to_abc(sequences, options));
}

}  // namespace stochos::scoreio
