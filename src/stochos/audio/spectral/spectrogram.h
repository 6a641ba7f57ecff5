// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Magnitude spectrograms of sound (short-time Fourier transform on FFTW), for pictures
/// (plot/spectrogram.h draws the matrix; the CLI hands it over) and analysis.
///
/// The sound is mixed down to mono (the mean of its channels) and cut into frames of
/// `frame_size` samples with a periodic Hann window, frame f centred on sample f·hop (zeros
/// before the start and after the end), so frames = samples / hop + 1. Levels are in dB
/// relative to full scale: the window's gain is divided out, so a sine of amplitude 1 reads
/// about 0 dB at its bin (-1.4 dB at worst between two bins); levels are floored at floor_db.
/// Pure function; thread-safe.
#include <cstddef>
#include <vector>

#include "stochos/audio/audio_buffer.h"

namespace stochos::audio {

struct SpectrogramOptions {
  int frame_size = 2048;      ///< samples per frame, even, 16..65536 (bins = frame_size/2 + 1)
  int hop = 512;              ///< samples between frame centres, >= 1
  /// The hop grows when needed (to samples / max_frames + 1) so that there are at most this
  /// many frames, which bounds memory for long sounds: 4096 frames of 1025 bins take 16 MB.
  std::size_t max_frames = 4096;
  double floor_db = -120.0;
};

struct Spectrogram {
  int sample_rate_hz = 0;
  std::size_t frames = 0;     ///< analysis frames (time)
  std::size_t bins = 0;       ///< frequency bins; bin k is k·bin_hz
  double bin_hz = 0.0;
  double hop_seconds = 0.0;   ///< frame f is centred at f·hop_seconds
  std::vector<float> db;      ///< frame-major: db[f * bins + k]
};

/// Throws Error(kUsage) for options out of range or an empty buffer.
Spectrogram spectrogram(const AudioBuffer& audio, const SpectrogramOptions& options = {});

}  // namespace stochos::audio
