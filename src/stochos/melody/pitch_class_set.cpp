// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/pitch_class_set.h"

#include <array>
#include <charconv>
#include <initializer_list>

#include "stochos/core/error.h"

namespace stochos::melody {
namespace {

struct Mode {
  const char* name;
  std::initializer_list<int> intervals;  // semitones above the tonic
};

// Church modes, the two other minors, and the common pentatonic/symmetric scales.
const std::array<Mode, 18> kModes = {{
    {"major", {0, 2, 4, 5, 7, 9, 11}},
    {"minor", {0, 2, 3, 5, 7, 8, 10}},
    {"ionian", {0, 2, 4, 5, 7, 9, 11}},
    {"dorian", {0, 2, 3, 5, 7, 9, 10}},
    {"phrygian", {0, 1, 3, 5, 7, 8, 10}},
    {"lydian", {0, 2, 4, 6, 7, 9, 11}},
    {"mixolydian", {0, 2, 4, 5, 7, 9, 10}},
    {"aeolian", {0, 2, 3, 5, 7, 8, 10}},
    {"locrian", {0, 1, 3, 5, 6, 8, 10}},
    {"natural minor", {0, 2, 3, 5, 7, 8, 10}},
    {"harmonic minor", {0, 2, 3, 5, 7, 8, 11}},
    {"melodic minor", {0, 2, 3, 5, 7, 9, 11}},
    {"major pentatonic", {0, 2, 4, 7, 9}},
    {"pentatonic", {0, 2, 4, 7, 9}},
    {"minor pentatonic", {0, 3, 5, 7, 10}},
    {"blues", {0, 3, 5, 6, 7, 10}},
    {"whole tone", {0, 2, 4, 6, 8, 10}},
    {"chromatic", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
}};

constexpr const char* kSharpNames[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Tokens separated by commas and/or ASCII whitespace.
std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

// A note name's pitch class, or -1.
int try_note_name(std::string_view name) {
  static constexpr int kLetters[7] = {9, 11, 0, 2, 4, 5, 7};  // A B C D E F G
  if (name.empty()) return -1;
  const char letter = name[0];
  int pitch = 0;
  if (letter >= 'A' && letter <= 'G') {
    pitch = kLetters[letter - 'A'];
  } else if (letter >= 'a' && letter <= 'g') {
    pitch = kLetters[letter - 'a'];
  } else {
    return -1;
  }
  std::string_view rest = name.substr(1);
  while (!rest.empty()) {
    if (rest[0] == '#') {
      ++pitch, rest.remove_prefix(1);
    } else if (rest[0] == 'b') {
      --pitch, rest.remove_prefix(1);
    } else if (rest.starts_with("\u266F")) {  // ♯
      ++pitch, rest.remove_prefix(3);
    } else if (rest.starts_with("\u266D")) {  // ♭
      --pitch, rest.remove_prefix(3);
    } else {
      return -1;
    }
  }
  return ((pitch % 12) + 12) % 12;
}

// An integer 0-11 or a note name, or -1.
int try_pitch_class(std::string_view token) {
  int value = -1;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec == std::errc() && end == token.data() + token.size()) return value >= 0 && value < 12 ? value : -2;
  return try_note_name(token);
}

std::string mode_list() {
  std::string out;
  for (const auto& name : scale_mode_names()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

int parse_note_name(std::string_view name) {
  const int pitch = try_note_name(name);
  if (pitch < 0) {
    throw Error::usage("\"" + std::string(name) +
                       "\" is not a note name (a letter A-G followed by any '#' or 'b', e.g. C, F#, Bb)");
  }
  return pitch;
}

const std::vector<std::string>& scale_mode_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Mode& m : kModes) out.emplace_back(m.name);
    return out;
  }();
  return names;
}

PitchClassSet parse_scale(std::string_view text, std::string_view what) {
  const std::vector<std::string> tokens = tokens_of(text);
  const std::string quoted = std::string(what) + " \"" + std::string(text) + "\"";
  if (tokens.empty()) {
    throw Error::usage(quoted +
                       " is empty; give a key such as \"C major\" or pitch classes such as \"0,2,4,7,9\"");
  }
  const int tonic = try_note_name(tokens[0]);
  if (tonic >= 0 && tokens.size() >= 2 && try_pitch_class(tokens[1]) == -1) {
    // A tonic and a mode of one or more words ("harmonic minor", "harmonic_minor").
    std::string mode;
    for (std::size_t i = 1; i < tokens.size(); ++i) mode += (i > 1 ? " " : "") + lower(tokens[i]);
    for (char& c : mode) {
      if (c == '_' || c == '-') c = ' ';
    }
    for (const Mode& m : kModes) {
      if (mode != m.name) continue;
      PitchClassSet set;
      for (int interval : m.intervals) set.set(static_cast<std::size_t>((tonic + interval) % 12));
      return set;
    }
    throw Error::usage(quoted + ": unknown mode \"" + mode + "\" (modes: " + mode_list() + ")");
  }
  if (tonic >= 0 && tokens.size() == 1) {
    throw Error::usage(quoted + " names a tonic without a mode; write \"" + tokens[0] +
                       " major\" (or another mode), or the pitch class as a number for a one-note set");
  }
  PitchClassSet set;
  for (const std::string& token : tokens) {
    const int pc = try_pitch_class(token);
    if (pc == -2) throw Error::usage(quoted + ": pitch class " + token + " is outside 0-11");
    if (pc < 0) {
      throw Error::usage(
          quoted + ": \"" + token +
          "\" is neither a pitch class 0-11 nor a note name (write a key as \"D minor\" or a set "
          "as \"0,2,4,7,9\" or \"C D E G A\")");
    }
    set.set(static_cast<std::size_t>(pc));
  }
  return set;
}

std::string pitch_class_set_to_string(const PitchClassSet& set) {
  std::string out;
  for (std::size_t pc = 0; pc < 12; ++pc) {
    if (set.test(pc)) out += (out.empty() ? "" : " ") + std::string(kSharpNames[pc]);
  }
  return out.empty() ? "{}" : out;
}

std::string pitch_class_name(int pitch) {
  return kSharpNames[((pitch % 12) + 12) % 12];
}

}  // namespace stochos::melody
