// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Spectral transformations of recorded sound, each parameter following a curve over time
/// (a function of time: constants, breakpoint envelopes, chaotic maps, walks).
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
/// A curve is any function of time in seconds (TimeCurve); callers build them from numbers,
/// breakpoint envelopes or, in the CLI, the score language (score/time_curve.h). It is read
/// once per block (pitch, 256 frames) or per STFT hop (gain, tilt), at increasing times, and
/// must return the same value for the same time. Functions are thread-safe given curves
/// that are.
#include <functional>

#include "stochos/audio/audio_buffer.h"

namespace stochos::audio {

/// A parameter as a function of time in seconds; an empty function means "no change".
using TimeCurve = std::function<double(double t_seconds)>;

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
AudioBuffer pitch_shift(const AudioBuffer& input, const TimeCurve& semitones_at,
                        const PitchShiftOptions& options = {});

/// The input with gain_db_at(t) dB of gain and tilt_db_per_octave_at(t) of spectral tilt
/// applied by STFT; either curve may be empty (no change). Same length as the input.
/// Throws kUsage for a curve value that is not finite.
AudioBuffer spectral_shape(const AudioBuffer& input, const TimeCurve& gain_db_at,
                           const TimeCurve& tilt_db_per_octave_at);

}  // namespace stochos::audio
