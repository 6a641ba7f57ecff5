// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// note_seq sequences_lib.expand_section_groups: plays a sequence's section_groups out, e.g.
/// the repeats of an ABC tune.
#include "stochos/proto/music.pb.h"

namespace stochos::scoreio {

/// A copy of `sequence` expanded by its section_groups: each section annotation spans to the
/// next one (the last to total_time) and is cut out with extract_subsequence; the groups,
/// flattened recursively and repeated num_times, are concatenated with those durations.
/// Without section_groups, a plain copy. Throws Error(kInput) for a group naming an unknown
/// section (note_seq raises KeyError there).
magenta::NoteSequence expand_section_groups(const magenta::NoteSequence& sequence);

}  // namespace stochos::scoreio
