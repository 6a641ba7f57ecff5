// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Pitch classes, note names and scales as users write them on the command line (`melody
/// generate --key "D minor"`, `--scale 0,2,4,7,9`). Pure functions, thread-safe. Every parse
/// error is a stochos::Error of kind kUsage whose one sentence quotes the text and says what
/// is accepted.
///
/// Note names: a letter A-G (either case) followed by any number of '#' or 'b' (also the
/// Unicode ♯ and ♭), e.g. "C", "f#", "Bb", "Ebb"; the pitch class is taken modulo 12, so
/// "B#" is 0 and "Cb" is 11.
///
/// Scales (parse_scale) are written either as
///   - a tonic and a mode: "C major", "A minor", "D dorian", "F# harmonic minor",
///     "Bb major pentatonic" (modes below, case-insensitive); or
///   - an explicit pitch-class set: integers 0-11 (0 = C) and/or note names, separated by
///     commas and/or spaces: "0,2,4,7,9", "C D E G A", "C, Eb, G".
/// A lone note name ("C") is refused as ambiguous (a key without its mode, or a one-note set):
/// write "C major", or "0" for the single pitch class.
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::melody {

/// Bit k set = pitch class k (0 = C, 1 = C#/Db, ... 11 = B) belongs to the set.
using PitchClassSet = std::bitset<12>;

/// The pitch class of a note name, 0-11. Throws Error(kUsage) naming what is wrong.
int parse_note_name(std::string_view name);

/// The mode names parse_scale accepts ("major", "minor", "dorian", ...), in help order.
const std::vector<std::string>& scale_mode_names();

/// The pitch-class set of a key+mode name or an explicit set (syntax above). Throws
/// Error(kUsage) for unknown modes or note names, integers outside 0-11, an empty text or
/// a lone note name; the message calls the text `what` ("key", "scale").
PitchClassSet parse_scale(std::string_view text, std::string_view what = "scale");

/// "C D E G A": the members as note names with sharps, ascending from C ("{}" if empty).
std::string pitch_class_set_to_string(const PitchClassSet& set);

/// "C", "C#", ... "B" for a MIDI pitch or pitch class (taken modulo 12).
std::string pitch_class_name(int pitch);

}  // namespace stochos::melody
