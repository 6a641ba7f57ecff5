// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Composition files (docs/score-language.md): a TOML document (read with toml11) giving the
/// tempo, time signature, sections and voices of a piece, each parameter of a voice bound to a
/// generator expression (expression.h). parse_spec_*() checks everything it can before any
/// note is drawn: unknown keys (with the nearest valid key), types and ranges, and the
/// syntax, generator names and parameters of every expression.
///
/// Errors are stochos::Error of kind kInput naming the file, line:column (of the key's value,
/// or inside an expression the column of the offending token) and the key path, e.g.
///   piece.toml: line 14, column 32 (voice[melody].pitch): unknown generator 'brownain'; did you mean 'brownian'?
/// A file that cannot be read is kIo. Values are plain data: copy freely, share read-only.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/error.h"

namespace stochos::score {

/// Refusals of absurd specs, before anything is allocated per voice or section.
inline constexpr std::size_t kMaxVoices = 1024;
inline constexpr std::size_t kMaxSections = 10000;
inline constexpr double kMaxSpecSeconds = 24.0 * 3600.0;

/// Where a value sits in its file (1-based; 0 when the spec was built in code).
struct SourcePosition {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// A parameter bound to an expression. Numbers in the file become constant expressions.
struct Binding {
  std::string expression;
  std::string key_path;  ///< e.g. "voice[melody].pitch"
  SourcePosition where;  ///< of the value; expression columns are added to `where.column`
  bool quoted = false;   ///< the value was a TOML string (its text starts one column later)
};

struct SectionSpec {
  std::string name;
  double start_seconds = 0.0;
  double duration_seconds = 0.0;
};

/// What to do with a pitch outside the voice's range (and always outside MIDI 0..127).
enum class RangePolicy { kClamp, kDrop, kRefuse };

struct VoiceSpec {
  std::string name;
  int program = 0;      ///< General MIDI program 0..127 (ignored for drums)
  bool drums = false;   ///< on MIDI channel 10
  double start_seconds = 0.0;
  std::vector<std::string> sections;  ///< names of the sections it plays in; empty: all
  int lowest_pitch = 0;
  int highest_pitch = 127;
  RangePolicy range_policy = RangePolicy::kClamp;
  std::optional<int> timbre_cc;  ///< set: `timbre` drives this controller, else the program

  Binding pitch;                      ///< MIDI note number (rounded)
  Binding duration_seconds;           ///< note length in seconds
  std::optional<Binding> ioi_seconds;  ///< inter-onset time in seconds, or...
  std::optional<Binding> onset_seconds;  ///< ...absolute onset times (e.g. poisson(rate=4))
  Binding velocity;                   ///< 1..127
  std::optional<Binding> timbre;      ///< program 0..127 per note, or CC `timbre_cc` values
  std::optional<Binding> pan;         ///< CC 10 values 0..127 (64 centre)
};

struct Spec {
  std::string path;  ///< for messages
  std::string title;
  double tempo_qpm = 120.0;
  int time_signature_numerator = 4;
  int time_signature_denominator = 4;
  double duration_seconds = 0.0;  ///< given, or the end of the last section
  std::vector<SectionSpec> sections;
  std::vector<VoiceSpec> voices;
};

/// Reads and checks a composition file (at most 16 MiB).
Spec parse_spec_file(const std::filesystem::path& path);
/// The same for text in memory; `path` names it in messages.
Spec parse_spec_text(std::string_view toml_text, const std::string& path);

/// Rethrows an expression error (kUsage with a column in the expression) as kInput at its
/// place in the file, with the binding's key path. Other errors get the path and position.
[[noreturn]] void rethrow_in_binding(const Error& error, const Binding& binding, const std::string& path);

}  // namespace stochos::score
