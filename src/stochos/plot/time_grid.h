// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Musical time over seconds: where bars start, from a NoteSequence's tempos and time
/// signatures. Shared by the plots that draw a time axis. Pure functions; thread-safe.
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::plot {

/// True when the sequence says enough to place bars: at least one tempo or one time
/// signature with a positive numerator and a power-of-two denominator. (A sequence that
/// says nothing gets no bar lines rather than guessed ones.)
bool has_meter(const magenta::NoteSequence& sequence);

/// Start times in seconds of the bars that begin before `end_seconds`: each time signature
/// starts a bar, bars repeat every numerator * 4 / denominator quarters, and quarters last
/// 60 / qpm seconds under the tempo in force (120 qpm before the first tempo, 4/4 before
/// the first signature, as MIDI and note_seq assume). At most `max_bars` are returned.
std::vector<double> bar_start_seconds(const magenta::NoteSequence& sequence, double end_seconds,
                                      std::size_t max_bars = 100000);

}  // namespace stochos::plot
