// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The mixtape's track catalogue: what each track composes, how it sounds and what its liner
// notes say. album.cpp runs them; nothing outside the module sees this header.
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stochos/audio/audio_buffer.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/core/random.h"
#include "stochos/proto/music.pb.h"

namespace stochos::mixtape::detail {

/// The learned models the tracks use.
struct Models {
  std::filesystem::path markov_model;                       ///< stochos-corpus-model file
  std::map<std::string, std::filesystem::path> melody_rnn;  ///< config name -> .mag or run dir
  std::string provenance;                                   ///< for liner notes and records
};

/// What a track made.
struct TrackAudio {
  magenta::NoteSequence sequence;  ///< the notes (MIDI, NoteSequence, piano roll)
  audio::AudioBuffer audio;        ///< stereo, before loudness normalisation
  nlohmann::ordered_json parameters;
  std::string notes_caption;       ///< what the piano roll shows, when not the track's own notes
};

class TrackContext;

struct TrackDefinition {
  std::string slug;         ///< file-name part, e.g. "free-stochastic-music"
  std::string title;
  std::string technique;    ///< one line: which part of the toolkit
  std::string liner_notes;  ///< plain words for the page
  double default_seconds;
  std::function<TrackAudio(TrackContext&)> make;
};

/// Everything a track may use. Tracks made from other tracks (granular, spectral) ask for
/// their source by slug; it is recomputed from the source's own stream, so a track can be
/// recreated alone and still equals the one in the album.
class TrackContext {
 public:
  TrackContext(core::Rng rng, double length_seconds, const Models& models, audio::MidiRenderer& renderer,
               std::function<TrackAudio(const std::string& slug)> source)
      : rng_(rng), length_seconds_(length_seconds), models_(models), renderer_(renderer), source_(std::move(source)) {}
  const core::Rng& rng() const { return rng_; }
  /// The length asked for, or the track's default.
  double length(double default_seconds) const { return length_seconds_ > 0 ? length_seconds_ : default_seconds; }
  const Models& models() const { return models_; }
  audio::MidiRenderer& renderer() { return renderer_; }
  TrackAudio source(const std::string& slug) { return source_(slug); }

 private:
  core::Rng rng_;
  double length_seconds_;
  const Models& models_;
  audio::MidiRenderer& renderer_;
  std::function<TrackAudio(const std::string&)> source_;
};

/// The tracks in album order (at least eight; see tracks.cpp).
const std::vector<TrackDefinition>& track_catalogue();

/// The catalogue entry of that slug; throws Error(kUsage) if none.
const TrackDefinition& find_track(const std::string& slug);

}  // namespace stochos::mixtape::detail
