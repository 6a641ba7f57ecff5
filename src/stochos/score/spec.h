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
#include "stochos/stochastic/distributions.h"

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

/// How a voice sounds when the piece is rendered to audio (`compose --render`).
enum class VoiceSynth {
  kGeneralMidi,  ///< FluidSynth with the voice's General MIDI program
  kGendyn,       ///< GENDYN, one oscillator per note; the MIDI output keeps `program`
};

/// The `gendyn` table of a voice: SuperCollider's Gendy1/2/3 parameters (audio/synth/gendyn.h,
/// same names and ranges) and how notes drive them. Pitch sets the frequency: Gendy3 plays the
/// note's frequency f exactly, Gendy1/2 wander between f·2^(-spread/12) and f·2^(spread/12).
/// Velocity v gives a peak of gain·v/127; notes get a linear attack and, after their end, a
/// linear release.
struct GendynSpec {
  enum class Model { kGendy1, kGendy2, kGendy3 };
  Model model = Model::kGendy1;
  stochastic::GendyDistribution ampdist = stochastic::GendyDistribution::kCauchy;
  stochastic::GendyDistribution durdist = stochastic::GendyDistribution::kCauchy;
  double adparam = 1.0;         ///< 0..1
  double ddparam = 1.0;         ///< 0..1
  double ampscale = 0.5;        ///< 0..2
  double durscale = 0.5;        ///< 0..1
  int init_cps = 12;            ///< 1..4096
  int knum = 0;                 ///< 0..4096 (0: all of init_cps)
  double lehmer_a = 1.17;       ///< Gendy2's a (key `a`)
  double lehmer_c = 0.31;       ///< Gendy2's c (key `c`)
  bool cubic = false;           ///< interpolation = "cubic" (default "linear")
  double spread_semitones = 0.5;  ///< 0..24
  double gain = 0.3;              ///< 0..1, peak of a velocity-127 note
  double attack_seconds = 0.005;  ///< 0..10
  double release_seconds = 0.05;  ///< 0..10
};

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
  VoiceSynth synth = VoiceSynth::kGeneralMidi;  ///< key `synth`: "gm" (default) or "gendyn"
  GendynSpec gendyn;                            ///< key `gendyn`, used when synth is kGendyn

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
