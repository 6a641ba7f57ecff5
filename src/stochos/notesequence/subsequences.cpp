// SPDX-License-Identifier: GPL-3.0-or-later
// Subsequence extraction and splitting (by hop, times, time changes, silence).
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

// --- subsequences --------------------------------------------------------------------------

// Copies the stateful events of one type into the pieces: the latest event at or before a
// piece's start is repeated at its time 0, events inside a piece are shifted, an event on a
// boundary belongs to the next piece (note_seq _extract_subsequences).
template <typename Event, typename Field>
void carry_stateful_events(const std::vector<const Event*>& events, std::span<const double> split,
                           std::vector<NoteSequence>& pieces, Field field) {
  const auto last = static_cast<std::ptrdiff_t>(split.size()) - 1;
  auto add = [&](std::ptrdiff_t piece, const Event& event, double time) {
    Event* copy = field(pieces[static_cast<std::size_t>(piece)])->Add();
    *copy = event;
    copy->set_time(time);
  };
  const Event* previous = nullptr;
  std::ptrdiff_t piece = -1;
  for (const Event* event : events) {
    if (event->time() <= split[0]) {
      previous = event;
      continue;
    }
    while (piece < last && event->time() > split[piece + 1]) {
      ++piece;
      if (piece == last) break;
      if (previous) add(piece, *previous, 0.0);
    }
    if (piece == last) break;
    if (event->time() < split[piece + 1]) add(piece, *event, event->time() - split[piece]);
    previous = event;
  }
  while (piece < last - 1) {
    ++piece;
    if (previous) add(piece, *previous, 0.0);
  }
}

// Pedal state is kept per (instrument, control number). The order in which the carried
// events are written follows a Python dict: first insertion of each key.
void carry_pedal_events(const NoteSequence& sequence, std::span<const double> split,
                        std::span<const int> preserve_control_numbers, std::vector<NoteSequence>& pieces) {
  std::vector<const ControlChange*> pedals;
  for (const ControlChange* cc : sorted_by_time(sequence.control_changes())) {
    if (std::find(preserve_control_numbers.begin(), preserve_control_numbers.end(), cc->control_number()) !=
        preserve_control_numbers.end()) {
      pedals.push_back(cc);
    }
  }
  std::vector<std::pair<std::pair<int, int>, const ControlChange*>> state;
  auto remember = [&](const ControlChange* cc) {
    const std::pair<int, int> key{cc->instrument(), cc->control_number()};
    auto it = std::find_if(state.begin(), state.end(), [&](const auto& entry) { return entry.first == key; });
    if (it == state.end()) {
      state.emplace_back(key, cc);
    } else {
      it->second = cc;
    }
  };
  auto add = [&](std::ptrdiff_t piece, const ControlChange& cc, double time) {
    ControlChange* copy = pieces[static_cast<std::size_t>(piece)].add_control_changes();
    *copy = cc;
    copy->set_time(time);
  };
  auto add_state = [&](std::ptrdiff_t piece) {
    for (const auto& entry : state) add(piece, *entry.second, 0.0);
  };
  const auto last = static_cast<std::ptrdiff_t>(split.size()) - 1;
  std::ptrdiff_t piece = -1;
  for (const ControlChange* cc : pedals) {
    if (cc->time() <= split[0]) {
      remember(cc);
      continue;
    }
    while (piece < last && cc->time() > split[piece + 1]) {
      ++piece;
      if (piece == last) break;
      add_state(piece);
    }
    if (piece == last) break;
    if (cc->time() < split[piece + 1]) add(piece, *cc, cc->time() - split[piece]);
    remember(cc);
  }
  while (piece < last - 1) add_state(++piece);
}

// Candidate split times -> pieces, skipping times inside sounding notes if asked
// (note_seq split_note_sequence). Candidates are neither deduplicated nor bounded by
// total_time, as in note_seq; extract_subsequences rejects ones past the end.
std::vector<NoteSequence> split_at_candidates(const NoteSequence& sequence,
                                              const std::vector<double>& candidates,
                                              bool skip_splits_inside_notes) {
  const auto notes = sorted_by_start(sequence.notes());
  std::size_t next_note = 0;
  std::vector<const Note*> crossing;
  std::vector<double> valid{0.0};
  for (const double split_time : candidates) {
    while (next_note < notes.size() && notes[next_note]->start_time() < split_time) {
      crossing.push_back(notes[next_note++]);
    }
    std::erase_if(crossing, [&](const Note* n) { return !(n->end_time() > split_time); });
    if (!(skip_splits_inside_notes && !crossing.empty())) valid.push_back(split_time);
  }
  if (sequence.total_time() > valid.back()) valid.push_back(sequence.total_time());
  if (valid.size() > 1) return extract_subsequences(sequence, valid);
  return {};
}


}  // namespace

NoteSequence extract_subsequence(const NoteSequence& sequence, double start_seconds, double end_seconds,
                                 std::span<const int> preserve_control_numbers) {
  const double split[] = {start_seconds, end_seconds};
  return std::move(extract_subsequences(sequence, split, preserve_control_numbers).front());
}

std::vector<NoteSequence> extract_subsequences(const NoteSequence& sequence, std::span<const double> split,
                                               std::span<const int> preserve_control_numbers) {
  require_unquantized(sequence, "Can only extract subsequences from unquantized NoteSequence.");
  if (split.size() < 2) fail_usage("Must provide at least a start and end time.");
  for (std::size_t i = 0; i + 1 < split.size(); ++i) {
    if (split[i] > split[i + 1]) fail_usage("Split times must be sorted.");
  }
  for (std::size_t i = 0; i + 1 < split.size(); ++i) {
    if (split[i] >= sequence.total_time()) {
      fail_input(kCodeSubsequencePastEnd, "Cannot extract subsequence past end of sequence.");
    }
  }

  NoteSequence empty_piece(sequence);
  empty_piece.set_total_time(0.0);
  empty_piece.clear_notes();
  empty_piece.clear_time_signatures();
  empty_piece.clear_key_signatures();
  empty_piece.clear_tempos();
  empty_piece.clear_text_annotations();
  empty_piece.clear_control_changes();
  empty_piece.clear_pitch_bends();
  std::vector<NoteSequence> pieces(split.size() - 1, empty_piece);
  const auto last = static_cast<std::ptrdiff_t>(split.size()) - 1;

  std::ptrdiff_t piece = -1;
  for (const Note* note : sorted_by_start(sequence.notes())) {
    if (note->start_time() < split[0]) continue;
    while (piece < last && note->start_time() >= split[piece + 1]) ++piece;
    if (piece == last) break;
    NoteSequence& target = pieces[static_cast<std::size_t>(piece)];
    Note* copy = target.add_notes();
    *copy = *note;
    copy->set_start_time(note->start_time() - split[piece]);
    copy->set_end_time(std::min(note->end_time(), split[piece + 1]) - split[piece]);
    if (copy->end_time() > target.total_time()) target.set_total_time(copy->end_time());
  }

  carry_stateful_events(sorted_by_time(sequence.time_signatures()), split, pieces,
                        [](NoteSequence& s) { return s.mutable_time_signatures(); });
  carry_stateful_events(sorted_by_time(sequence.key_signatures()), split, pieces,
                        [](NoteSequence& s) { return s.mutable_key_signatures(); });
  carry_stateful_events(sorted_by_time(sequence.tempos()), split, pieces,
                        [](NoteSequence& s) { return s.mutable_tempos(); });
  std::vector<const TextAnnotation*> chords;
  std::vector<const TextAnnotation*> beats;
  for (const TextAnnotation* ta : sorted_by_time(sequence.text_annotations())) {
    if (ta->annotation_type() == TextAnnotation::CHORD_SYMBOL) chords.push_back(ta);
    if (ta->annotation_type() == TextAnnotation::BEAT) beats.push_back(ta);
  }
  carry_stateful_events(chords, split, pieces, [](NoteSequence& s) { return s.mutable_text_annotations(); });

  // Beats hold no state: copied into the piece they fall in, a boundary beat to the later one.
  piece = -1;
  for (const TextAnnotation* beat : beats) {
    if (beat->time() < split[0]) continue;
    while (piece < last && beat->time() >= split[piece + 1]) ++piece;
    if (piece == last) break;
    TextAnnotation* copy = pieces[static_cast<std::size_t>(piece)].add_text_annotations();
    *copy = *beat;
    copy->set_time(beat->time() - split[piece]);
  }

  carry_pedal_events(sequence, split, preserve_control_numbers, pieces);

  for (std::size_t i = 0; i < pieces.size(); ++i) {
    auto* info = pieces[i].mutable_subsequence_info();
    info->set_start_time_offset(split[i]);
    info->set_end_time_offset(sequence.total_time() - split[i] - pieces[i].total_time());
  }
  return pieces;
}

std::vector<NoteSequence> split_note_sequence(const NoteSequence& sequence, double hop_size_seconds,
                                              bool skip_splits_inside_notes) {
  if (!(hop_size_seconds > 0) || !std::isfinite(hop_size_seconds)) {
    fail_usage("hop size must be a positive number of seconds, got " + std::to_string(hop_size_seconds));
  }
  const double total_seconds = sequence.total_time();
  if (!std::isfinite(total_seconds)) fail_input(kCodeNonFiniteTime, "total_time is not finite");
  // numpy.arange(hop, total_time, hop): ceil((stop - start) / step) values start + i * step.
  const double count = std::ceil((total_seconds - hop_size_seconds) / hop_size_seconds);
  std::vector<double> candidates;
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(count); ++i) {
    candidates.push_back(hop_size_seconds + static_cast<double>(i) * hop_size_seconds);
  }
  return split_at_candidates(sequence, candidates, skip_splits_inside_notes);
}

std::vector<NoteSequence> split_note_sequence_at_times(const NoteSequence& sequence,
                                                       std::vector<double> split_seconds,
                                                       bool skip_splits_inside_notes) {
  std::stable_sort(split_seconds.begin(), split_seconds.end());
  return split_at_candidates(sequence, split_seconds, skip_splits_inside_notes);
}

std::vector<NoteSequence> split_note_sequence_on_time_changes(const NoteSequence& sequence,
                                                              bool skip_splits_inside_notes) {
  struct TimeChange {
    double time;
    const NoteSequence::TimeSignature* signature;  // null for a tempo
    const NoteSequence::Tempo* tempo;
  };
  // Time signatures before tempos at equal times: note_seq sorts the concatenated list.
  std::vector<TimeChange> changes;
  for (const auto& ts : sequence.time_signatures()) changes.push_back({ts.time(), &ts, nullptr});
  for (const auto& tempo : sequence.tempos()) changes.push_back({tempo.time(), nullptr, &tempo});
  std::stable_sort(changes.begin(), changes.end(),
                   [](const TimeChange& a, const TimeChange& b) { return a.time < b.time; });
  std::erase_if(changes, [&](const TimeChange& c) { return !(c.time < sequence.total_time()); });

  int numerator = 4;
  int denominator = 4;
  double qpm = kDefaultQuartersPerMinute;
  const auto notes = sorted_by_start(sequence.notes());
  std::size_t next_note = 0;
  std::vector<const Note*> crossing;
  std::vector<double> valid{0.0};
  for (const TimeChange& change : changes) {
    if (change.signature) {
      if (change.signature->numerator() == numerator && change.signature->denominator() == denominator)
        continue;
    } else if (change.tempo->qpm() == qpm) {
      continue;
    }
    while (next_note < notes.size() && notes[next_note]->start_time() < change.time) {
      crossing.push_back(notes[next_note++]);
    }
    std::erase_if(crossing, [&](const Note* n) { return !(n->end_time() > change.time); });
    if (change.time > valid.back() && !(skip_splits_inside_notes && !crossing.empty())) {
      valid.push_back(change.time);
    }
    // The current signature or tempo changes even where no split is made.
    if (change.signature) {
      numerator = change.signature->numerator();
      denominator = change.signature->denominator();
    } else {
      qpm = change.tempo->qpm();
    }
  }
  if (sequence.total_time() > valid.back()) valid.push_back(sequence.total_time());
  if (valid.size() > 1) return extract_subsequences(sequence, valid);
  return {};
}

std::vector<NoteSequence> split_note_sequence_on_silence(const NoteSequence& sequence, double gap_seconds) {
  std::vector<double> split{0.0};
  double last_active_seconds = 0.0;
  for (const Note* note : sorted_by_start(sequence.notes())) {
    if (note->start_time() > last_active_seconds + gap_seconds) split.push_back(note->start_time());
    last_active_seconds = std::max(last_active_seconds, note->end_time());
  }
  if (sequence.total_time() > split.back()) split.push_back(sequence.total_time());
  if (split.size() > 1) return extract_subsequences(sequence, split);
  return {};
}


}  // namespace stochos::notesequence
