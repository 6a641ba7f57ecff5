// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq abc_parser.ABCTune.parse_key and its tables (SIG_TO_KEYS, KEY_TO_PROTO_KEY).
#include <algorithm>
#include <cctype>

#include "stochos/scoreio/detail/abc_tune.h"

namespace stochos::scoreio::detail {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const std::map<std::string, int>& key_to_sig() {
  static const std::map<std::string, int> m = [] {
    const std::map<int, std::vector<std::string>> sig_to_keys = {
        {7, {"C#", "A#m", "G#Mix", "D#Dor", "E#Phr", "F#Lyd", "B#Loc"}},
        {6, {"F#", "D#m", "C#Mix", "G#Dor", "A#Phr", "BLyd", "E#Loc"}},
        {5, {"B", "G#m", "F#Mix", "C#Dor", "D#Phr", "ELyd", "A#Loc"}},
        {4, {"E", "C#m", "BMix", "F#Dor", "G#Phr", "ALyd", "D#Loc"}},
        {3, {"A", "F#m", "EMix", "BDor", "C#Phr", "DLyd", "G#Loc"}},
        {2, {"D", "Bm", "AMix", "EDor", "F#Phr", "GLyd", "C#Loc"}},
        {1, {"G", "Em", "DMix", "ADor", "BPhr", "CLyd", "F#Loc"}},
        {0, {"C", "Am", "GMix", "DDor", "EPhr", "FLyd", "BLoc"}},
        {-1, {"F", "Dm", "CMix", "GDor", "APhr", "BbLyd", "ELoc"}},
        {-2, {"Bb", "Gm", "FMix", "CDor", "DPhr", "EbLyd", "ALoc"}},
        {-3, {"Eb", "Cm", "BbMix", "FDor", "GPhr", "AbLyd", "DLoc"}},
        {-4, {"Ab", "Fm", "EbMix", "BbDor", "CPhr", "DbLyd", "GLoc"}},
        {-5, {"Db", "Bbm", "AbMix", "EbDor", "FPhr", "GbLyd", "CLoc"}},
        {-6, {"Gb", "Ebm", "DbMix", "AbDor", "BbPhr", "CbLyd", "FLoc"}},
        {-7, {"Cb", "Abm", "GbMix", "DbDor", "EbPhr", "FbLyd", "BbLoc"}}};
    std::map<std::string, int> out;
    for (const auto& [sig, keys] : sig_to_keys) {
      for (const auto& k : keys) out[lower(k)] = sig;
    }
    return out;
  }();
  return m;
}

const std::map<std::string, int>& key_to_proto_key() {
  static const std::map<std::string, int> m = {
      {"c", 0},  {"c#", 1}, {"db", 1}, {"d", 2},   {"d#", 3}, {"eb", 3}, {"e", 4},  {"f", 5},  {"f#", 6},
      {"gb", 6}, {"g", 7},  {"g#", 8}, {"ab", 8},  {"a", 9},  {"a#", 10}, {"bb", 10}, {"b", 11}};
  return m;
}

}  // namespace

std::map<char, int> sig_to_accidentals(int sig) {
  std::map<char, int> acc;
  for (char p : std::string("ABCDEFG")) acc[p] = 0;
  static const std::string kSharps = "FCGDAEB";
  static const std::string kFlats = "BEADGCF";
  for (int i = 0; i < sig && i < 7; ++i) acc[kSharps[static_cast<std::size_t>(i)]] = 1;
  for (int i = 0; i < -sig && i < 7; ++i) acc[kFlats[static_cast<std::size_t>(i)]] = -1;
  return acc;
}

// Matches KEY_ACCIDENTALS_PATTERN / the accidental of NOTE_PATTERN at `pos`: the
// alternatives __, _, =, ^, ^^ (in that order) or none, followed by a note letter.
// Returns the accidental's length, or -1 when nothing matches.
int match_accidental_and_letter(const std::string& s, std::size_t pos) {
  static const char* const kAlternatives[] = {"__", "_", "=", "^", "^^", ""};
  for (const char* alt : kAlternatives) {
    const std::size_t n = std::char_traits<char>::length(alt);
    if (s.compare(pos, n, alt) != 0 || pos + n >= s.size()) continue;
    const char c = s[pos + n];
    if ((c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g')) return static_cast<int>(n);
  }
  return -1;
}

AbcKey parse_abc_key(const std::string& key, const std::string& source, const ErrorLocation& where) {
  const auto fail = [&](const std::string& message) -> Error {
    return Error::input(source, where, message).with_code(std::string(kCodeAbcParse));
  };
  // KEY_PATTERN (re.IGNORECASE): ([A-G])\s*([#b]?)\s*((?:(?:maj|...|m)[^ ]*)?). Every part
  // after the tonic is optional, so the greedy first choice is the match.
  std::size_t pos = 0;
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  if (key.empty() || std::toupper(static_cast<unsigned char>(key[0])) < 'A' ||
      std::toupper(static_cast<unsigned char>(key[0])) > 'G') {
    throw fail("Could not parse key: " + key);
  }
  const std::string tonic(1, key[0]);
  pos = 1;
  while (pos < key.size() && is_space(key[pos])) ++pos;
  std::string accidental;
  if (pos < key.size() && (key[pos] == '#' || key[pos] == 'b' || key[pos] == 'B')) accidental = key.substr(pos++, 1);
  while (pos < key.size() && is_space(key[pos])) ++pos;
  std::string mode_text;
  {
    const std::string rest = lower(key.substr(pos, 3));
    static const char* const kModes[] = {"maj", "ion", "min", "aeo", "mix", "dor", "phr", "lyd", "loc"};
    bool matched = !rest.empty() && rest[0] == 'm';
    for (const char* m : kModes) matched = matched || rest == m;
    if (matched) {
      const std::size_t end = std::min(key.find(' ', pos), key.size());
      mode_text = key.substr(pos, end - pos);
      pos = end;
    }
  }
  std::string mode = lower(mode_text.substr(0, 3));
  if (mode == "min" || mode == "aeo") mode = "m";
  if (mode == "maj" || mode == "ion") mode = "";
  const auto sig_it = key_to_sig().find(lower(tonic + accidental + mode));
  const auto proto_it = key_to_proto_key().find(lower(tonic + accidental));
  if (sig_it == key_to_sig().end() || proto_it == key_to_proto_key().end()) {
    // note_seq raises KeyError here, which escapes the whole tunebook; stochos fails the tune.
    throw fail("Unknown key: " + key);
  }
  AbcKey out;
  out.proto_key = proto_it->second;
  using KS = magenta::NoteSequence::KeySignature;
  if (mode.empty()) out.proto_mode = KS::MAJOR;
  else if (mode == "m") out.proto_mode = KS::MINOR;
  else if (mode == "mix") out.proto_mode = KS::MIXOLYDIAN;
  else if (mode == "dor") out.proto_mode = KS::DORIAN;
  else if (mode == "phr") out.proto_mode = KS::PHRYGIAN;
  else if (mode == "lyd") out.proto_mode = KS::LYDIAN;
  else if (mode == "loc") out.proto_mode = KS::LOCRIAN;
  else throw fail("Unknown mode: " + mode);
  const std::size_t exppos = key.find("exp", pos);
  if (exppos != std::string::npos) {
    out.accidentals = sig_to_accidentals(0);
    pos = exppos + 3;
  } else {
    out.accidentals = sig_to_accidentals(sig_it->second);
  }
  while (pos < key.size()) {
    const int n = match_accidental_and_letter(key, pos);
    if (n < 0) {
      ++pos;
      continue;
    }
    const std::string acc = key.substr(pos, static_cast<std::size_t>(n));
    const char note = static_cast<char>(std::toupper(static_cast<unsigned char>(key[pos + static_cast<std::size_t>(n)])));
    pos += static_cast<std::size_t>(n) + 1;
    if (acc.empty()) continue;
    if (acc == "^") out.accidentals[note] = 1;
    else if (acc == "_") out.accidentals[note] = -1;
    else if (acc == "=") out.accidentals[note] = 0;
    else throw fail("Invalid accidental: " + acc);
  }
  return out;
}

}  // namespace stochos::scoreio::detail
