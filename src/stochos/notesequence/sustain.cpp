// SPDX-License-Identifier: GPL-3.0-or-later
// Sustain pedal applied to note durations.
// The rules here are note_seq sequences_lib's (NS @ 35825508) and its tests are ported in
// tests/sequences_test.cpp. Event orders matter (later stages read notes in stored order),
// so every sort is stable, as Python's sorted() is.
#include "stochos/notesequence/sequences.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <utility>

#include "stochos/core/error.h"
#include "stochos/notesequence/detail/sequence_helpers.h"

namespace stochos::notesequence {
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

NoteSequence apply_sustain_control_changes(const NoteSequence& note_sequence, int sustain_control_number) {
  require_unquantized(note_sequence, "Can only apply sustain to unquantized NoteSequence.");
  NoteSequence sequence(note_sequence);

  // Working copies of the notes; `listed` is sequence.notes as a list of indices, so that
  // removal can follow Python's list.remove (first element that is or equals the note).
  std::vector<Note> notes(sequence.notes().begin(), sequence.notes().end());
  std::vector<int> listed(notes.size());
  std::iota(listed.begin(), listed.end(), 0);

  // At equal times: pedal down, pedal up, note on, note off (note_seq's processing order).
  enum Kind { kSustainOn = 0, kSustainOff = 1, kNoteOn = 2, kNoteOff = 3 };
  struct Event {
    double time;
    Kind kind;
    int index;  // into notes, or into the control changes
  };
  std::vector<Event> events;
  for (int i = 0; i < static_cast<int>(notes.size()); ++i) {
    if (!notes[i].is_drum()) events.push_back({notes[i].start_time(), kNoteOn, i});
  }
  for (int i = 0; i < static_cast<int>(notes.size()); ++i) {
    if (!notes[i].is_drum()) events.push_back({notes[i].end_time(), kNoteOff, i});
  }
  for (int i = 0; i < sequence.control_changes_size(); ++i) {
    const ControlChange& cc = sequence.control_changes(i);
    if (cc.control_number() != sustain_control_number) continue;
    events.push_back({cc.time(), cc.control_value() >= 64 ? kSustainOn : kSustainOff, i});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.time < b.time || (!(b.time < a.time) && a.kind < b.kind);
  });

  std::map<int, std::vector<int>> active;  // instrument -> note indices
  std::map<int, bool> sustained;           // instrument -> pedal down
  double time = 0;
  for (const Event& event : events) {
    time = event.time;
    switch (event.kind) {
      case kSustainOn:
        sustained[sequence.control_changes(event.index).instrument()] = true;
        break;
      case kSustainOff: {
        const int instrument = sequence.control_changes(event.index).instrument();
        sustained[instrument] = false;
        // Notes already released but held by the pedal end here.
        std::vector<int> still_active;
        for (int n : active[instrument]) {
          if (notes[n].end_time() < time) {
            notes[n].set_end_time(time);
            if (time > sequence.total_time()) sequence.set_total_time(time);
          } else {
            still_active.push_back(n);
          }
        }
        active[instrument] = std::move(still_active);
        break;
      }
      case kNoteOn: {
        const Note& on = notes[event.index];
        std::vector<int>& list = active[on.instrument()];
        if (sustained[on.instrument()]) {
          // Under the pedal, a new note ends earlier notes of the same pitch.
          std::vector<int> still_active;
          for (int n : list) {
            if (notes[n].pitch() != on.pitch()) {
              still_active.push_back(n);
              continue;
            }
            notes[n].set_end_time(time);
            if (notes[n].start_time() == notes[n].end_time()) {
              // Two notes of one pitch starting together: note_seq keeps only one.
              auto it = std::find_if(listed.begin(), listed.end(),
                                     [&](int j) { return j == n || same_note(notes[j], notes[n]); });
              if (it != listed.end()) listed.erase(it);
            }
          }
          list = std::move(still_active);
        }
        list.push_back(event.index);
        break;
      }
      case kNoteOff: {
        const Note& off = notes[event.index];
        if (sustained[off.instrument()]) break;  // held until the pedal lifts or the pitch recurs
        std::vector<int>& list = active[off.instrument()];
        auto it = std::find_if(list.begin(), list.end(),
                               [&](int j) { return j == event.index || same_note(notes[j], off); });
        if (it != list.end()) list.erase(it);
        break;
      }
    }
  }
  // Notes still held end with the last event. note_seq then sets total_time to that time,
  // even if a drum note ends later (kept as is).
  for (const auto& [instrument, list] : active) {
    for (int n : list) {
      notes[n].set_end_time(time);
      sequence.set_total_time(time);
    }
  }

  sequence.clear_notes();
  for (int n : listed) *sequence.add_notes() = notes[n];
  return sequence;
}


}  // namespace stochos::notesequence
