// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos compose` and Python's compose(): a piece from a score file, a score given as TOML
/// text or a built-in preset, the same seed giving the same NoteSequence both ways; and the
/// GENDYN voices that `--render` sounds it with (piece_audio.h).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stochos/audio/synth/gendyn_voice.h"
#include "stochos/proto/music.pb.h"
#include "stochos/score/evaluator.h"

namespace stochos::jobs {

struct ComposeOptions {
  /// Exactly one of the three.
  std::optional<std::filesystem::path> spec_file;
  std::optional<std::string> spec_text;  ///< named "<text>" in errors
  std::optional<std::string> preset;
  std::uint64_t seed = score::kDefaultSeed;
  std::optional<double> duration_seconds;           ///< unset: the piece's own length
  std::optional<std::filesystem::path> corpus_dir;  ///< presets that learn use it if given
};

struct ComposedPiece {
  std::string preset_name;                        ///< the preset composed, if one was
  std::size_t spec_voices = 0;                    ///< voices of the score, if one was evaluated
  std::vector<audio::GendynVoice> gendyn_voices;  ///< the score's synth = "gendyn" voices
};

/// Composes into `out` (which may live on an arena: an hour of ST is some 60,000 messages).
/// Throws Error (kUsage) unless exactly one source is given, and the score's and presets'
/// errors.
ComposedPiece compose_into(const ComposeOptions& options, magenta::NoteSequence& out);

}  // namespace stochos::jobs
