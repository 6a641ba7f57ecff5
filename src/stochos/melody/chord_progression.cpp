// SPDX-License-Identifier: GPL-3.0-or-later
// Chord symbols: a small table of the spellings lead sheets use. note_seq's
// chord_symbols_lib parses a larger grammar (extensions, alterations, omissions) but is
// Python, and its figures from MusicXML are not what users type on a command line; the
// table below covers the common ones and refuses the rest by name.
#include "stochos/melody/chord_progression.h"

#include <charconv>

#include "stochos/core/error.h"

namespace stochos::melody {
namespace {

std::string quality_list() {
  std::string out;
  for (const auto& [name, intervals] : chord_qualities()) {
    if (!name.empty()) out += (out.empty() ? "" : " ") + name;
  }
  return out;
}

const std::vector<int>* find_quality(std::string_view suffix) {
  for (const auto& [name, intervals] : chord_qualities()) {
    if (name == suffix) return &intervals;
  }
  return nullptr;
}

std::int64_t floor_mod64(std::int64_t a, std::int64_t b) {
  return ((a % b) + b) % b;
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<int>>>& chord_qualities() {
  // A table, three spellings a row.
  // clang-format off
  static const std::vector<std::pair<std::string, std::vector<int>>> table = {
      {"", {0, 4, 7}},           {"maj", {0, 4, 7}},           {"M", {0, 4, 7}},
      {"m", {0, 3, 7}},          {"min", {0, 3, 7}},           {"-", {0, 3, 7}},
      {"dim", {0, 3, 6}},        {"o", {0, 3, 6}},             {"aug", {0, 4, 8}},
      {"+", {0, 4, 8}},          {"sus2", {0, 2, 7}},          {"sus4", {0, 5, 7}},
      {"sus", {0, 5, 7}},        {"5", {0, 7}},                {"6", {0, 4, 7, 9}},
      {"m6", {0, 3, 7, 9}},      {"6/9", {0, 2, 4, 7, 9}},     {"7", {0, 4, 7, 10}},
      {"maj7", {0, 4, 7, 11}},   {"M7", {0, 4, 7, 11}},        {"m7", {0, 3, 7, 10}},
      {"min7", {0, 3, 7, 10}},   {"-7", {0, 3, 7, 10}},        {"mmaj7", {0, 3, 7, 11}},
      {"mM7", {0, 3, 7, 11}},    {"dim7", {0, 3, 6, 9}},       {"o7", {0, 3, 6, 9}},
      {"m7b5", {0, 3, 6, 10}},   {"7sus4", {0, 5, 7, 10}},     {"aug7", {0, 4, 8, 10}},
      {"+7", {0, 4, 8, 10}},     {"7b5", {0, 4, 6, 10}},       {"7b9", {0, 1, 4, 7, 10}},
      {"7#9", {0, 3, 4, 7, 10}}, {"9", {0, 2, 4, 7, 10}},      {"maj9", {0, 2, 4, 7, 11}},
      {"m9", {0, 2, 3, 7, 10}},  {"add9", {0, 2, 4, 7}},       {"madd9", {0, 2, 3, 7}},
      {"11", {0, 2, 4, 5, 7, 10}}, {"m11", {0, 2, 3, 5, 7, 10}}, {"13", {0, 2, 4, 7, 9, 10}},
  };
  // clang-format on
  return table;
}

ChordSymbol parse_chord_symbol(std::string_view text) {
  ChordSymbol chord;
  chord.text = std::string(text);
  if (text == "N.C." || text == "NC" || text == "N.C") {
    chord.no_chord = true;
    return chord;
  }
  const std::string quoted = "chord \"" + std::string(text) + "\"";
  // The root: a letter and its accidentals ("Bb" in "Bbm7"; no quality starts with 'b' or '#').
  std::size_t root_end = 1;
  while (root_end < text.size() && (text[root_end] == '#' || text[root_end] == 'b')) ++root_end;
  if (text.empty() || !((text[0] >= 'A' && text[0] <= 'G') || (text[0] >= 'a' && text[0] <= 'g'))) {
    throw Error::usage(quoted + " does not start with a root note A-G (e.g. C, F#m, Bb7; N.C. for no chord)");
  }
  const int root = parse_note_name(text.substr(0, root_end));
  std::string_view quality = text.substr(root_end);
  const std::vector<int>* intervals = find_quality(quality);
  int bass = -1;
  if (!intervals) {
    // "C/E", "Am7/G": a bass note after the last '/' ("6/9" is a quality, found above).
    const std::size_t slash = quality.rfind('/');
    if (slash != std::string_view::npos) {
      const std::string_view bass_name = quality.substr(slash + 1);
      bass = parse_note_name(bass_name.empty() ? std::string_view("?") : bass_name);
      quality = quality.substr(0, slash);
      intervals = find_quality(quality);
    }
  }
  if (!intervals) {
    throw Error::usage(quoted + ": unknown quality \"" + std::string(quality) +
                       "\" (known: major as the bare root, " + quality_list() +
                       "; add /BASS for a bass note)");
  }
  for (int interval : *intervals) chord.tones.set(static_cast<std::size_t>((root + interval) % 12));
  if (bass >= 0) chord.tones.set(static_cast<std::size_t>(bass));
  return chord;
}

ChordProgression ChordProgression::parse(std::string_view text) {
  ChordProgression progression;
  std::string token;
  auto finish = [&] {
    if (token.empty()) return;
    if (token == "|" || token.find('|') != std::string::npos) {
      throw Error::usage(
          "chords \"" + std::string(text) +
          "\": bar lines '|' are not part of the syntax; each chord lasts one bar, or BEATS quarter "
          "notes written CHORD:BEATS (e.g. \"C:2 G:2 Am F\")");
    }
    ProgressionChord entry;
    const std::size_t colon = token.find(':');
    if (colon != std::string::npos) {
      const std::string beats = token.substr(colon + 1);
      const auto [end, ec] = std::from_chars(beats.data(), beats.data() + beats.size(), entry.beats);
      if (ec != std::errc() || end != beats.data() + beats.size() || entry.beats < 1 || entry.beats > 1024) {
        throw Error::usage("chords: \"" + token +
                           "\" needs a whole number of quarter-note beats after ':' (1-1024)");
      }
    }
    entry.chord = parse_chord_symbol(std::string_view(token).substr(0, colon));
    progression.chords_.push_back(std::move(entry));
    token.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\n') {
      finish();
    } else {
      token += c;
    }
  }
  finish();
  if (progression.chords_.empty()) {
    throw Error::usage("chords \"" + std::string(text) + "\" names no chord (write e.g. \"C Am F G7\")");
  }
  return progression;
}

const ProgressionChord& ChordProgression::chord_at(std::int64_t step, int steps_per_bar,
                                                   int steps_per_quarter) const {
  auto length = [&](const ProgressionChord& c) -> std::int64_t {
    return c.beats > 0 ? std::int64_t{c.beats} * steps_per_quarter : steps_per_bar;
  };
  std::int64_t cycle = 0;
  for (const auto& c : chords_) cycle += length(c);
  std::int64_t at = floor_mod64(step, cycle);
  for (const auto& c : chords_) {
    if (at < length(c)) return c;
    at -= length(c);
  }
  return chords_.back();  // unreachable: at < cycle
}

std::string ChordProgression::position_name(std::int64_t step, int steps_per_bar, int steps_per_quarter) {
  const std::int64_t in_bar = floor_mod64(step, steps_per_bar);
  std::string out = "bar " + std::to_string(step / steps_per_bar + 1) + ", beat " +
                    std::to_string(in_bar / steps_per_quarter + 1);
  if (in_bar % steps_per_quarter != 0) out += " (+" + std::to_string(in_bar % steps_per_quarter) + " steps)";
  return out;
}

bool is_strong_beat(std::int64_t step, int steps_per_bar, int steps_per_quarter) {
  if (steps_per_bar <= 0 || steps_per_quarter <= 0) return false;
  const std::int64_t in_bar = floor_mod64(step, steps_per_bar);
  if (in_bar == 0) return true;
  const bool even_quarters = steps_per_bar % (2 * steps_per_quarter) == 0;
  return even_quarters && in_bar == steps_per_bar / 2;
}

}  // namespace stochos::melody
