// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Built-in compositions (`stochos compose --preset NAME`, `--list-presets`). A preset is
/// either a composition spec in the score language or an algorithm of the engine (Xenakis
/// ST, Analogique screens, a Markov chain learned from a corpus, a game-theory duel, a sieve
/// canon...). Every preset is reproducible: the same request gives the same NoteSequence.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::score {

struct PresetRequest {
  std::uint64_t seed = 0;                    ///< root seed; presets derive named streams
  std::optional<double> duration_seconds;    ///< unset: the preset's own length
  std::optional<std::filesystem::path> corpus_dir;  ///< presets that learn use it if given
};

struct Preset {
  std::string name;         ///< e.g. "xenakis-st"
  std::string description;  ///< one line
  std::function<magenta::NoteSequence(const PresetRequest&)> compose;
  /// Optional: the same piece written straight into a message the caller made (presets whose
  /// pieces run to tens of thousands of messages have one, for a message on an Arena).
  std::function<void(const PresetRequest&, magenta::NoteSequence& out)> compose_in_place;

  /// The piece written into `out` (replacing what it held). Give a message made on a
  /// google::protobuf::Arena and a preset that has compose_in_place allocates its notes by
  /// bumping a pointer instead of one heap block each; other presets compose and copy.
  void compose_into(const PresetRequest& request, magenta::NoteSequence& out) const;
};

/// Presets written as specs in the score language (defined in presets.cpp).
std::vector<Preset> spec_presets();
/// Presets that run an algorithm of the engine (defined in algorithm_presets.cpp).
std::vector<Preset> algorithm_presets();
/// Every built-in preset, sorted by name.
const std::vector<Preset>& builtin_presets();
/// The preset of that name; throws Error(kUsage) suggesting the nearest name if unknown.
const Preset& find_preset(const std::string& name);

}  // namespace stochos::score
