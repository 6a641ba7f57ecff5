// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// note_seq testing_lib helpers for building test NoteSequences.
#include <tuple>
#include <vector>

#include "stochos/proto/music.pb.h"

namespace stochos::melody::testing {

// ProtoTestCase.setUp's sequence: 4/4 and 60 qpm.
inline magenta::NoteSequence base_sequence(int numerator = 4, int denominator = 4, double qpm = 60) {
  magenta::NoteSequence s;
  auto* ts = s.add_time_signatures();
  ts->set_numerator(numerator);
  ts->set_denominator(denominator);
  s.add_tempos()->set_qpm(qpm);
  return s;
}

// testing_lib.add_track_to_sequence: (pitch, velocity, start seconds, end seconds).
inline void add_track(magenta::NoteSequence& s, int instrument,
                      const std::vector<std::tuple<int, int, double, double>>& notes, bool is_drum = false,
                      int program = 0) {
  for (const auto& [pitch, velocity, start, end] : notes) {
    auto* n = s.add_notes();
    n->set_pitch(pitch);
    n->set_velocity(velocity);
    n->set_start_time(start);
    n->set_end_time(end);
    n->set_instrument(instrument);
    n->set_is_drum(is_drum);
    n->set_program(program);
    if (end > s.total_time()) s.set_total_time(end);
  }
}

}  // namespace stochos::melody::testing
