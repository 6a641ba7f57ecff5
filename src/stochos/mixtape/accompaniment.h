// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A stochastic accompaniment for a melody (the mixtape's Melody RNN tracks): every window of
/// the melody (a half bar by default) gets a diatonic triad of the key drawn with weights that
/// favour the chords holding the window's melody notes (by how long they sound) and the
/// tonic, dominant and subdominant; every phrase gets a figure (Alberti bass, rising arpeggio,
/// block chords, sustained chord) from a Markov chain that mostly keeps the last one; velocities
/// are Gaussian around a mezzo-piano with stressed downbeats. Draws come from the Rng given.
#include "stochos/core/random.h"
#include "stochos/melody/melody.h"
#include "stochos/proto/music.pb.h"

namespace stochos::mixtape {

struct AccompanimentOptions {
  int tonic_pitch_class = 0;  ///< 0 = C ... 11 = B
  bool minor = false;         ///< harmonic minor triads (major dominant) instead of major ones
  int program = 0;            ///< General MIDI program (0: Acoustic Grand Piano)
  int instrument = 1;         ///< NoteSequence instrument of the added notes
  int steps_per_chord = 8;    ///< window of one chord, in the melody's steps
  int steps_per_phrase = 32;  ///< a figure lasts this long
  int bass_octave_pitch = 48; ///< C of the octave the chord roots sit in (48 = C3)
  double qpm = 120.0;
  int mean_velocity = 56;
};

/// The chord roots chosen, one per window, as pitch classes (for tests and liner notes).
struct Accompaniment {
  std::vector<int> chord_roots;
  std::vector<bool> chord_minor;
  std::vector<std::string> figures;  ///< one per phrase
};

/// Adds the accompaniment's notes to `sequence` (whose melody is `melody`, at options.qpm and
/// the melody's steps per quarter) and returns what was chosen. Throws Error(kUsage) for
/// options out of range.
Accompaniment add_accompaniment(magenta::NoteSequence& sequence, const melody::Melody& melody,
                                const AccompanimentOptions& options, core::Rng rng);

}  // namespace stochos::mixtape
