// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// General MIDI Level 1 program names, spelled as pretty_midi spells them (note_seq names
/// the tracks it writes with these, so matching its files needs the same spelling).
#include <string_view>

namespace stochos::midi {

/// Name of GM program 0..127; "" for other values.
std::string_view general_midi_program_name(int program);

}  // namespace stochos::midi
