// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the notation tests: building small sequences and comparing notes by their
// quantized steps (what notation can hold) rather than by their seconds.
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "stochos/notesequence/quantize.h"
#include "stochos/proto/music.pb.h"

namespace stochos::scoreio::test_support {

/// A note with velocity 80; drums go to instrument 9. Extends total_time.
inline void add_note(magenta::NoteSequence& s, int pitch, double start, double end, int program = 0,
                     bool drum = false) {
  auto* n = s.add_notes();
  n->set_pitch(pitch);
  n->set_start_time(start);
  n->set_end_time(end);
  n->set_velocity(80);
  n->set_program(program);
  n->set_is_drum(drum);
  if (drum) n->set_instrument(9);
  s.set_total_time(std::max(s.total_time(), end));
}

using Key = std::tuple<std::int64_t, std::int64_t, int>;  // start step, end step, pitch

/// The distinct (start step, end step, pitch) of the notes, sorted: quantized steps when the
/// sequence is quantized, else its seconds quantized at `spq` steps per quarter and `qpm`.
inline std::vector<Key> note_keys(const magenta::NoteSequence& s, double qpm, int spq) {
  std::vector<Key> out;
  const double sps = notesequence::steps_per_quarter_to_steps_per_second(spq, qpm);
  const bool quantized = notesequence::is_relative_quantized_sequence(s);
  for (const auto& n : s.notes()) {
    out.emplace_back(quantized ? n.quantized_start_step() : notesequence::quantize_to_step(n.start_time(), sps),
                     quantized ? n.quantized_end_step() : notesequence::quantize_to_step(n.end_time(), sps), n.pitch());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());  // a chord written once per pitch
  return out;
}

}  // namespace stochos::scoreio::test_support
