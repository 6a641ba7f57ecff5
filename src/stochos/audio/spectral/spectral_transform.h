// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Spectral transformations of recorded sound, each parameter following a curve over time
/// (any stochastic::Generator: constants, breakpoint envelopes, chaotic maps, walks).
///
/// Who does what:
///  - pitch: Rubber Band (librubberband, real-time mode so that the pitch scale may change
///    every block) shifts the pitch by a number of semitones without changing the duration.
///    Its phase-vocoder and resampler are its own; we only feed blocks, set the scale from the
///    curve before each block, and remove its start delay so output and input stay aligned.
///  - gain and spectral tilt: our own short-time Fourier transform on FFTW (libfftw3, real
///    FFTs): square-root Hann windows of 2048 frames, hop 512, overlap-add. Each frame's
///    spectrum is multiplied by the gain at the frame's centre and by a tilt of T dB per octave
///    around 1 kHz (a bin at f gets T·log2(f / 1 kHz) dB; below 20 Hz it is held at the 20 Hz
///    value). With both curves at 0 the output equals the input to rounding.
/// Curves are sampled with next_at(t_seconds) once per block (pitch, 256 frames) or per STFT
/// hop (gain, tilt), in order; step-driven generators therefore advance once per block.
/// Functions are thread-safe given distinct generators.
#include "stochos/audio/audio_buffer.h"
#include "stochos/stochastic/processes.h"

namespace stochos::audio {

struct PitchShiftOptions {
  /// Rubber Band's R3 ("finer") engine. The default, because the R2 ("faster") engine in
  /// real-time mode misplaced a shifted 220 Hz tone by 12 to 17 cents in our tests, R3 by
  /// under 0.01 cent; R2 costs less CPU.
  bool finer_engine = true;
  bool preserve_formants = false;
  int block_frames = 256;      ///< how often the pitch curve is read
};

/// The input with its pitch moved by semitones_at(t) (clamped to ±36 semitones), same length.
/// Throws kUsage for a curve value that is not finite.
AudioBuffer pitch_shift(const AudioBuffer& input, stochastic::Generator& semitones_at,
                        const PitchShiftOptions& options = {});

/// The input with gain_db_at(t) dB of gain and tilt_db_per_octave_at(t) of spectral tilt
/// applied by STFT; either generator may be null (no change). Same length as the input.
AudioBuffer spectral_shape(const AudioBuffer& input, stochastic::Generator* gain_db_at,
                           stochastic::Generator* tilt_db_per_octave_at);

}  // namespace stochos::audio
