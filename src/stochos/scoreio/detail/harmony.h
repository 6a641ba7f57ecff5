// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// note_seq musicxml_parser.ChordSymbol: a <harmony> element as a chord-symbol figure.
#include <cstdint>

#include "stochos/scoreio/detail/musicxml_parser.h"

namespace stochos::scoreio::detail {

/// Parses <harmony> at the current clock (+ <offset>); throws chord_symbol_parse errors.
ParsedChordSymbol parse_harmony(const XmlDocument& doc, pugi::xml_node harmony, double time_position,
                                std::int64_t divisions, double seconds_per_quarter, bool transposing);

}  // namespace stochos::scoreio::detail
