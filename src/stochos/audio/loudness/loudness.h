// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Loudness after EBU R128 / ITU-R BS.1770 (libebur128, the only file that includes it is
/// loudness/loudness.cpp): integrated loudness in LUFS, loudness range in LU and true peak
/// in dBTP, and the gain that brings a sound to a target loudness without letting its true
/// peak pass a ceiling. Thread-safe (no shared state).
#include "stochos/audio/audio_buffer.h"

namespace stochos::audio {

/// EBU R128's programme loudness target (Recommendation R 128, 2020): -23 LUFS.
inline constexpr double kEbuR128TargetLufs = -23.0;
/// EBU Tech 3343's ceiling for the true peak of a normalised programme: -1 dBTP.
inline constexpr double kEbuR128MaxTruePeakDbtp = -1.0;

struct Loudness {
  double integrated_lufs = 0;  ///< -infinity for silence (everything below the absolute gate)
  double range_lu = 0;         ///< loudness range (LRA)
  double true_peak_dbtp = 0;   ///< highest channel's true peak (4x oversampled), -infinity for silence
};

/// Measures a 1- or 2-channel (or more: each channel weighted 1) sound. Throws Error(kUsage)
/// for an empty buffer.
Loudness measure_loudness(const AudioBuffer& audio);

/// The gain in dB that moves `measured` to `target_lufs`, lowered if needed so that the true
/// peak ends at or below `max_true_peak_dbtp`. Silence gets 0 dB.
double normalization_gain_db(const Loudness& measured, double target_lufs = kEbuR128TargetLufs,
                             double max_true_peak_dbtp = kEbuR128MaxTruePeakDbtp);

/// Multiplies every sample by 10^(gain_db / 20).
void apply_gain_db(AudioBuffer& audio, double gain_db);

}  // namespace stochos::audio
