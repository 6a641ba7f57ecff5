// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The mixtape: stochos's default job. An album of tracks, each showing one part of the
/// toolkit (Xenakis's ST, Analogique screens, a Markov chain learned from Mozart, the three
/// Melody RNN configs, GENDYN, a granular cloud, a spectral transformation, a sieve canon and
/// duel), written to a folder with everything a listener or a curious user wants:
///
///   DIR/index.html                 the album page (opens from disk; no network requests)
///   DIR/cover.png                  drawn from the album's own notes (plot/album_cover.h)
///   DIR/mixtape.<format>, .ogg     the whole album, crossfaded, EBU R128 loudness
///   DIR/mixtape.cue                its cue sheet
///   DIR/album.json                 tracks, settings, loudness, timings
///   DIR/NN-slug/NN-slug.<format>   per track: audio (and .ogg for the page), .mid, .ns
///                                  (NoteSequence), -piano-roll.png, -waveform.png,
///                                  -spectrogram.png and .json: generator, parameters, seed
///                                  and the `stochos mixtape ... --only NN` command that
///                                  recreates the track's files byte for byte.
///
/// Every random choice flows from the album seed through per-track streams
/// ("track/<slug>"), so a track does not depend on which other tracks are made, and the same
/// seed gives the same files. Files are written atomically; a track's record (.json) is
/// written last, so with `resume` a killed run redoes only the tracks without a complete
/// record made with the same settings.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stochos/core/progress.h"

namespace stochos::mixtape {

struct AlbumOptions {
  std::filesystem::path output_dir;
  std::uint64_t seed = 1;
  /// How many tracks: the catalogue's first N; beyond its size further takes of the catalogue
  /// follow (other streams of the same seed). 0: the whole catalogue.
  int tracks = 0;
  /// Make only this track (1-based) and nothing else: the command a track's record names.
  std::optional<int> only_track;
  /// Learn the models from this folder of MIDI files instead of using the shipped ones.
  std::optional<std::filesystem::path> corpus;
  std::filesystem::path soundfont;  ///< empty: Debian's FluidR3_GM
  std::string format = "flac";      ///< flac, wav or ogg (the page always gets .ogg too)
  bool resume = false;
  double length_seconds = 0;        ///< >0: every track this long (short albums for tests)
  double loudness_lufs = -23.0;     ///< EBU R128 programme loudness of tracks and mix
  core::ProgressBar::Mode progress = core::ProgressBar::Mode::kAuto;
  /// The shipped models' folder; empty: found as score::find_shipped_model does.
  std::filesystem::path models_dir;
  /// Trains a Melody RNN config on `corpus` into a run directory under `work_dir` and returns
  /// it (the CLI runs `stochos melody dataset` and `stochos melody train`, so that this
  /// library never loads LibTorch). Required when `corpus` is set.
  std::function<std::filesystem::path(const std::string& config, const std::filesystem::path& corpus,
                                      const std::filesystem::path& work_dir)>
      train_melody_rnn;
  /// Receives one line per finished step for the user (nullptr: quiet).
  std::function<void(const std::string&)> log;
};

struct TrackSummary {
  int number = 0;
  std::string slug;
  std::string title;
  double seconds = 0;
  bool reused = false;  ///< kept from an earlier run (resume)
  std::filesystem::path folder;
};

struct AlbumSummary {
  std::vector<TrackSummary> tracks;
  double audio_seconds = 0;
  double elapsed_seconds = 0;
  std::uintmax_t bytes = 0;  ///< size of the album folder
};

/// Makes the album. Throws Error(kUsage) for bad options, Error(kIo) when the folder cannot be
/// written; a track that fails stops the album (its error names the track), and the tracks
/// already written stay for `resume`.
AlbumSummary make_album(const AlbumOptions& options);

/// The catalogue for --help: "NN  title: technique" lines.
std::vector<std::string> describe_tracks();

}  // namespace stochos::mixtape
