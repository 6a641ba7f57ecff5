// SPDX-License-Identifier: GPL-3.0-or-later
// Sorting, transposition, stretching, shifting, trimming, concatenation and merging.
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
namespace {

template <typename Event, typename Same>
void drop_repeats(RepeatedPtrField<Event>& events, Same same) {
  stable_sort_by_time(events);
  for (int i = events.size() - 1; i > 0; --i) {
    if (same(events.Get(i), events.Get(i - 1))) events.DeleteSubrange(i, 1);
  }
}

void drop_repeated_strings(RepeatedPtrField<std::string>& values) {
  std::vector<std::string> kept;
  for (const std::string& v : values) {
    if (std::find(kept.begin(), kept.end(), v) == kept.end()) kept.push_back(v);
  }
  values.Clear();
  for (std::string& v : kept) values.Add(std::move(v));
}



}  // namespace

void sort_notes(NoteSequence& sequence) {
  auto& notes = *sequence.mutable_notes();
  std::stable_sort(notes.pointer_begin(), notes.pointer_end(), [](const Note* a, const Note* b) {
    return a->start_time() < b->start_time() ||
           (a->start_time() == b->start_time() && a->pitch() < b->pitch());
  });
}

void sort_events_by_time(NoteSequence& sequence) {
  stable_sort_by_time(*sequence.mutable_time_signatures());
  stable_sort_by_time(*sequence.mutable_key_signatures());
  stable_sort_by_time(*sequence.mutable_tempos());
  stable_sort_by_time(*sequence.mutable_pitch_bends());
  stable_sort_by_time(*sequence.mutable_control_changes());
  stable_sort_by_time(*sequence.mutable_text_annotations());
  stable_sort_by_time(*sequence.mutable_section_annotations());
}

double compute_total_time(const NoteSequence& sequence) {
  double total_seconds = 0.0;
  for (const Note& note : sequence.notes()) {
    if (note.end_time() > total_seconds) total_seconds = note.end_time();
  }
  return total_seconds;
}

int clamp_transpose_amount(int semitones, int sequence_min_pitch, int sequence_max_pitch,
                           int min_allowed_pitch, int max_allowed_pitch) {
  if (semitones < 0) return -std::min(sequence_min_pitch - min_allowed_pitch, std::abs(semitones));
  return std::min(max_allowed_pitch - sequence_max_pitch, semitones);
}


TransposeResult transpose_note_sequence(const NoteSequence& sequence, int semitones,
                                        const TransposeOptions& options) {
  TransposeResult result;
  if (options.out_of_range == OutOfRangeNotes::kClampAmount && sequence.notes_size() > 0) {
    // note_seq augment_note_sequence takes the range over all notes, drums included.
    const auto [lowest, highest] =
        std::minmax_element(sequence.notes().begin(), sequence.notes().end(),
                            [](const Note& a, const Note& b) { return a.pitch() < b.pitch(); });
    semitones = clamp_transpose_amount(semitones, lowest->pitch(), highest->pitch(),
                                       options.min_allowed_pitch, options.max_allowed_pitch);
  }
  result.applied_semitones = semitones;
  NoteSequence& out = result.sequence;
  out = sequence;

  out.clear_notes();
  double end_seconds = 0.0;
  for (const Note& note : sequence.notes()) {
    const std::int64_t new_pitch = std::int64_t{note.pitch()} + semitones;
    if ((options.min_allowed_pitch <= new_pitch && new_pitch <= options.max_allowed_pitch) ||
        note.is_drum()) {
      end_seconds = std::max(end_seconds, note.end_time());
      Note* kept = out.add_notes();
      *kept = note;
      if (!note.is_drum()) {
        kept->set_pitch(static_cast<int>(new_pitch));
        kept->set_pitch_name(NoteSequence::UNKNOWN_PITCH_NAME);  // the spelling no longer holds
      }
    } else {
      ++result.deleted_note_count;
    }
  }
  // note_seq takes total_time from the kept notes only, even when none was deleted: events
  // after the last note no longer count (kept as is).
  out.set_total_time(end_seconds);

  auto& annotations = *out.mutable_text_annotations();
  if (options.transpose_chords) {
    for (TextAnnotation& ta : annotations) {
      if (ta.annotation_type() == TextAnnotation::CHORD_SYMBOL && ta.text() != kNoChord) {
        ta.set_text(transpose_chord_symbol(ta.text(), semitones));
      }
    }
  } else {
    auto first_chord = std::stable_partition(
        annotations.pointer_begin(), annotations.pointer_end(),
        [](const TextAnnotation* ta) { return ta->annotation_type() != TextAnnotation::CHORD_SYMBOL; });
    const int kept = static_cast<int>(first_chord - annotations.pointer_begin());
    annotations.DeleteSubrange(kept, annotations.size() - kept);
  }
  for (auto& ks : *out.mutable_key_signatures()) {
    ks.set_key(
        static_cast<NoteSequence::KeySignature::Key>(floor_mod(std::int64_t{ks.key()} + semitones, 12)));
  }
  return result;
}

NoteSequence stretch_note_sequence(const NoteSequence& sequence, double stretch_factor) {
  require_unquantized(sequence, "Can only stretch unquantized NoteSequence.");
  NoteSequence out(sequence);
  if (stretch_factor == 1.0) return out;
  for (Note& note : *out.mutable_notes()) {
    note.set_start_time(note.start_time() * stretch_factor);
    note.set_end_time(note.end_time() * stretch_factor);
  }
  out.set_total_time(out.total_time() * stretch_factor);
  auto stretch = [&](auto& events) {
    for (auto& e : events) e.set_time(e.time() * stretch_factor);
  };
  stretch(*out.mutable_time_signatures());
  stretch(*out.mutable_key_signatures());
  stretch(*out.mutable_tempos());
  stretch(*out.mutable_pitch_bends());
  stretch(*out.mutable_control_changes());
  stretch(*out.mutable_text_annotations());
  for (auto& tempo : *out.mutable_tempos()) tempo.set_qpm(tempo.qpm() / stretch_factor);
  return out;
}

NoteSequence shift_sequence_times(const NoteSequence& sequence, double shift_seconds) {
  if (!(shift_seconds > 0)) fail_usage("Invalid shift amount: " + std::to_string(shift_seconds));
  require_unquantized(sequence, "Can shift only unquantized NoteSequences.");
  NoteSequence out(sequence);
  out.clear_subsequence_info();  // the frame of reference has moved
  for (Note& note : *out.mutable_notes()) {
    note.set_start_time(note.start_time() + shift_seconds);
    note.set_end_time(note.end_time() + shift_seconds);
  }
  auto shift = [&](auto& events) {
    for (auto& e : events) e.set_time(e.time() + shift_seconds);
  };
  shift(*out.mutable_time_signatures());
  shift(*out.mutable_key_signatures());
  shift(*out.mutable_tempos());
  shift(*out.mutable_pitch_bends());
  shift(*out.mutable_control_changes());
  shift(*out.mutable_text_annotations());
  shift(*out.mutable_section_annotations());
  out.set_total_time(out.total_time() + shift_seconds);
  return out;
}

NoteSequence trim_note_sequence(const NoteSequence& sequence, double start_seconds, double end_seconds) {
  require_unquantized(sequence, "Can only trim notes and chords for unquantized NoteSequence.");
  NoteSequence out(sequence);
  out.clear_notes();
  for (const Note& note : sequence.notes()) {
    if (note.start_time() < start_seconds || note.start_time() >= end_seconds) continue;
    Note* kept = out.add_notes();
    *kept = note;
    kept->set_end_time(std::min(note.end_time(), end_seconds));
  }
  out.set_total_time(std::min(sequence.total_time(), end_seconds));
  return out;
}


NoteSequence concatenate_sequences(std::span<const NoteSequence> sequences,
                                   std::span<const double> sequence_durations_seconds) {
  const bool durations_given = !sequence_durations_seconds.empty();
  if (durations_given && sequences.size() != sequence_durations_seconds.size()) {
    fail_usage("sequences and sequence_durations must be the same length.");
  }
  double current_total_seconds = 0;
  NoteSequence joined;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const NoteSequence& sequence = sequences[i];
    if (durations_given && sequence_durations_seconds[i] < sequence.total_time()) {
      fail_usage("Specified sequence duration (" + std::to_string(sequence_durations_seconds[i]) +
                 ") must not be less than the total_time of the sequence (" +
                 std::to_string(sequence.total_time()) + ")");
    }
    if (current_total_seconds > 0) {
      joined.MergeFrom(shift_sequence_times(sequence, current_total_seconds));
    } else {
      joined.MergeFrom(sequence);
    }
    current_total_seconds =
        durations_given ? current_total_seconds + sequence_durations_seconds[i] : joined.total_time();
  }
  joined.clear_subsequence_info();  // several subsequences were joined
  return remove_redundant_data(joined);
}

NoteSequence merge_sequences(std::span<const NoteSequence> sequences) {
  NoteSequence merged;
  for (const NoteSequence& sequence : sequences) merged.MergeFrom(sequence);
  merged.clear_subsequence_info();
  return remove_redundant_data(merged);
}

NoteSequence remove_redundant_data(const NoteSequence& sequence) {
  NoteSequence out(sequence);
  drop_repeats(*out.mutable_time_signatures(), [](const auto& a, const auto& b) {
    return a.numerator() == b.numerator() && a.denominator() == b.denominator();
  });
  drop_repeats(*out.mutable_key_signatures(),
               [](const auto& a, const auto& b) { return a.key() == b.key() && a.mode() == b.mode(); });
  drop_repeats(*out.mutable_tempos(), [](const auto& a, const auto& b) { return a.qpm() == b.qpm(); });
  if (out.has_sequence_metadata()) {
    drop_repeated_strings(*out.mutable_sequence_metadata()->mutable_composers());
    drop_repeated_strings(*out.mutable_sequence_metadata()->mutable_genre());
  }
  return out;
}


}  // namespace stochos::notesequence
