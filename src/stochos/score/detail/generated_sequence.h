// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the built-in algorithms' pieces (algorithms.cpp, st.cpp) share: how a piece starts and
// which notes are too short to keep.
#include <string>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::score::detail {

/// Notes shorter than this are dropped: at 220 ticks per quarter they could round to zero
/// MIDI ticks.
inline constexpr double kShortestNoteSeconds = 0.02;

/// The start of a generated piece, written into the empty `out`: 220 ticks per quarter, one
/// tempo of `qpm`, 4/4, and an instrument info per name (its index is the instrument).
void start_sequence(magenta::NoteSequence& out, double qpm, const std::vector<std::string>& instrument_names);

}  // namespace stochos::score::detail
