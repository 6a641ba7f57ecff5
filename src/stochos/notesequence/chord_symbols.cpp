// SPDX-License-Identifier: GPL-3.0-or-later
// Chord-symbol transposition (note_seq chord_symbols_lib).
// The rules here are note_seq sequences_lib's (NS @ 35825508) and its tests are ported in
// tests/sequences_test.cpp. Event orders matter (later stages read notes in stored order),
// so every sort is stable, as Python's sorted() is.
#include "stochos/notesequence/sequences.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <utility>

#include "stochos/core/error.h"
#include "stochos/notesequence/detail/sequence_helpers.h"

namespace stochos::notesequence {
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers
namespace {

// --- chord symbols (note_seq chord_symbols_lib) --------------------------------------------
// A figure is ROOT KIND MODIFICATIONS BASS. note_seq matches it with one regular expression;
// each part is deterministic once the root is read, so a small scanner gives the same answer
// without std::regex (whose recursive matcher can exhaust the stack on long text).

// Chord kind abbreviations, all of note_seq's _CHORD_KINDS.
constexpr std::string_view kChordKinds[] = {
    "",        "maj",   "M",         "m",       "min",     "-",     "+",       "aug",   "o",     "dim",
    "7",       "maj7",  "M7",        "m7",      "min7",    "-7",    "o7",      "dim7",  "+7",    "aug7",
    "m7b5",    "-7b5",  "/o",        "/o7",     "mmaj7",   "mM7",   "minmaj7", "minM7", "-maj7", "-M7",
    "m(maj7)", "m(M7)", "min(maj7)", "min(M7)", "-(maj7)", "-(M7)", "6",       "m6",    "min6",  "-6",
    "9",       "maj9",  "M9",        "m9",      "min9",    "-9",    "+9",      "aug9",  "6/9",   "11",
    "maj11",   "M11",   "m11",       "min11",   "-11",     "13",    "maj13",   "M13",   "m13",   "min13",
    "-13",     "sus2",  "sus",       "sus4",    "sus7",    "7sus",  "ped",     "5"};

bool is_step(char c) {
  return c >= 'A' && c <= 'G';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

struct PitchClass {
  char step;
  int alter;  // sharps > 0, flats < 0
};

// A pitch class at the start of `text` (letter, then only '#' or only 'b', not followed by
// the other accidental); returns its length or 0.
std::size_t scan_pitch_class(std::string_view text, PitchClass& out) {
  if (text.empty() || !is_step(text[0])) return 0;
  std::size_t end = 1;
  const char accidental = end < text.size() && (text[end] == '#' || text[end] == 'b') ? text[end] : 0;
  while (accidental && end < text.size() && text[end] == accidental) ++end;
  if (end < text.size() && (text[end] == '#' || text[end] == 'b')) return 0;
  const int count = static_cast<int>(end - 1);
  out = {text[0], accidental == 'b' ? -count : count};
  return end;
}

// Zero or more degree modifications: "(" optional, add|add#|addb|no|#|b, digits, ")" optional.
bool is_modification_list(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '(') ++i;
    if (text.substr(i, 3) == "add") {
      i += 3;
      if (i < text.size() && (text[i] == '#' || text[i] == 'b')) ++i;
    } else if (text.substr(i, 2) == "no") {
      i += 2;
    } else if (i < text.size() && (text[i] == '#' || text[i] == 'b')) {
      ++i;
    } else {
      return false;
    }
    if (i >= text.size() || !is_digit(text[i])) return false;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i < text.size() && text[i] == ')') ++i;
  }
  return true;
}

bool is_kind_and_modifications(std::string_view text) {
  return std::any_of(std::begin(kChordKinds), std::end(kChordKinds), [&](std::string_view kind) {
    return text.substr(0, kind.size()) == kind && is_modification_list(text.substr(kind.size()));
  });
}

int steps_above(char step) {
  return (step == 'B' || step == 'E') ? 1 : 2;
}
char next_step(char step) {
  return static_cast<char>('A' + (step - 'A' + 1) % 7);
}

PitchClass transpose_pitch_class(PitchClass pc, int semitones) {
  int amount = floor_mod(semitones, 12);
  while (amount >= steps_above(pc.step)) {
    amount -= steps_above(pc.step);
    pc.step = next_step(pc.step);
  }
  if (amount > 0) {
    if (pc.alter >= 0) {
      pc.alter -= steps_above(pc.step) - amount;
      pc.step = next_step(pc.step);
    } else {
      pc.alter += amount;
    }
  }
  return pc;
}

std::string spelled(PitchClass pc) {
  return pc.step + std::string(static_cast<std::size_t>(std::abs(pc.alter)), pc.alter >= 0 ? '#' : 'b');
}


}  // namespace

std::string transpose_chord_symbol(std::string_view figure, int semitones) {
  // Python's `$` also matches before one final newline, which the output then drops.
  std::string_view text = figure;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);

  PitchClass root{};
  const std::size_t root_size = scan_pitch_class(text, root);
  bool ok = root_size > 0;
  std::string_view middle = ok ? text.substr(root_size) : std::string_view{};
  std::string bass;
  if (ok && !is_kind_and_modifications(middle)) {
    // Try a trailing "/<pitch class>" bass.
    const std::size_t slash = middle.rfind('/');
    PitchClass bass_pc{};
    const std::size_t bass_size =
        slash == std::string_view::npos ? 0 : scan_pitch_class(middle.substr(slash + 1), bass_pc);
    ok = bass_size > 0 && bass_size == middle.size() - slash - 1 &&
         is_kind_and_modifications(middle.substr(0, slash));
    if (ok) {
      bass = "/" + spelled(transpose_pitch_class(bass_pc, semitones));
      middle = middle.substr(0, slash);
    }
  }
  if (!ok) fail_input(kCodeChordSymbol, "Unable to parse chord symbol: " + std::string(figure));
  return spelled(transpose_pitch_class(root, semitones)) + std::string(middle) + bass;
}


}  // namespace stochos::notesequence
