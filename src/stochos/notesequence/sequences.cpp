// SPDX-License-Identifier: GPL-3.0-or-later
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

namespace stochos::ns {
namespace {

using Note = NoteSequence::Note;
using ControlChange = NoteSequence::ControlChange;
using TextAnnotation = NoteSequence::TextAnnotation;
using google::protobuf::RepeatedPtrField;

[[noreturn]] void fail_input(std::string_view code, const std::string& message) {
  throw Error::input({}, {}, message).with_code(std::string(code));
}

[[noreturn]] void fail_usage(const std::string& message) {
  throw Error::usage(message);
}

void require_unquantized(const NoteSequence& sequence, const char* message) {
  if (is_quantized_sequence(sequence)) fail_input(kCodeQuantizationStatus, message);
}

template <typename Event, typename Key>
std::vector<const Event*> stable_sorted(const RepeatedPtrField<Event>& events, Key key) {
  std::vector<const Event*> out;
  out.reserve(events.size());
  for (const Event& e : events) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [&](const Event* a, const Event* b) { return key(*a) < key(*b); });
  return out;
}

template <typename Event>
std::vector<const Event*> sorted_by_time(const RepeatedPtrField<Event>& events) {
  return stable_sorted(events, [](const Event& e) { return e.time(); });
}

std::vector<const Note*> sorted_by_start(const RepeatedPtrField<Note>& notes) {
  return stable_sorted(notes, [](const Note& n) { return n.start_time(); });
}

template <typename Event>
void stable_sort_by_time(RepeatedPtrField<Event>& events) {
  std::stable_sort(events.pointer_begin(), events.pointer_end(),
                   [](const Event* a, const Event* b) { return a->time() < b->time(); });
}

// Python's % on ints: the result has the sign of the divisor.
int floor_mod(std::int64_t a, int b) {
  const auto r = static_cast<int>(a % b);
  return r < 0 ? r + b : r;
}

// --- chord symbols (note_seq chord_symbols_lib) --------------------------------------------
// A figure is ROOT KIND MODIFICATIONS BASS. note_seq matches it with one regular expression;
// each part is deterministic once the root is read, so a small scanner gives the same answer
// without std::regex (whose recursive matcher can exhaust the stack on long text).

// Chord kind abbreviations, all of note_seq's _CHORD_KINDS.
constexpr std::string_view kChordKinds[] = {
    "",        "maj",   "M",         "m",       "min",     "-",     "+",       "aug",   "o",     "dim",
    "7",       "maj7",  "M7",        "m7",      "min7",    "-7",    "o7",      "dim7",  "+7",    "aug7",
    "m7b5",    "-7b5",  "/o",        "/o7",     "mmaj7",   "mM7",   "minmaj7", "minM7", "-maj7", "-M7",
    "m(maj7)", "m(M7)", "min(maj7)", "min(M7)", "-(maj7)", "-(M7)", "6",       "m6",    "min6",  "-6",
    "9",       "maj9",  "M9",        "m9",      "min9",    "-9",    "+9",      "aug9",  "6/9",   "11",
    "maj11",   "M11",   "m11",       "min11",   "-11",     "13",    "maj13",   "M13",   "m13",   "min13",
    "-13",     "sus2",  "sus",       "sus4",    "sus7",    "7sus",  "ped",     "5"};

bool is_step(char c) {
  return c >= 'A' && c <= 'G';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

struct PitchClass {
  char step;
  int alter;  // sharps > 0, flats < 0
};

// A pitch class at the start of `text` (letter, then only '#' or only 'b', not followed by
// the other accidental); returns its length or 0.
std::size_t scan_pitch_class(std::string_view text, PitchClass& out) {
  if (text.empty() || !is_step(text[0])) return 0;
  std::size_t end = 1;
  const char accidental = end < text.size() && (text[end] == '#' || text[end] == 'b') ? text[end] : 0;
  while (accidental && end < text.size() && text[end] == accidental) ++end;
  if (end < text.size() && (text[end] == '#' || text[end] == 'b')) return 0;
  const int count = static_cast<int>(end - 1);
  out = {text[0], accidental == 'b' ? -count : count};
  return end;
}

// Zero or more degree modifications: "(" optional, add|add#|addb|no|#|b, digits, ")" optional.
bool is_modification_list(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '(') ++i;
    if (text.substr(i, 3) == "add") {
      i += 3;
      if (i < text.size() && (text[i] == '#' || text[i] == 'b')) ++i;
    } else if (text.substr(i, 2) == "no") {
      i += 2;
    } else if (i < text.size() && (text[i] == '#' || text[i] == 'b')) {
      ++i;
    } else {
      return false;
    }
    if (i >= text.size() || !is_digit(text[i])) return false;
    while (i < text.size() && is_digit(text[i])) ++i;
    if (i < text.size() && text[i] == ')') ++i;
  }
  return true;
}

bool is_kind_and_modifications(std::string_view text) {
  return std::any_of(std::begin(kChordKinds), std::end(kChordKinds), [&](std::string_view kind) {
    return text.substr(0, kind.size()) == kind && is_modification_list(text.substr(kind.size()));
  });
}

int steps_above(char step) {
  return (step == 'B' || step == 'E') ? 1 : 2;
}
char next_step(char step) {
  return static_cast<char>('A' + (step - 'A' + 1) % 7);
}

PitchClass transpose_pitch_class(PitchClass pc, int semitones) {
  int amount = floor_mod(semitones, 12);
  while (amount >= steps_above(pc.step)) {
    amount -= steps_above(pc.step);
    pc.step = next_step(pc.step);
  }
  if (amount > 0) {
    if (pc.alter >= 0) {
      pc.alter -= steps_above(pc.step) - amount;
      pc.step = next_step(pc.step);
    } else {
      pc.alter += amount;
    }
  }
  return pc;
}

std::string spelled(PitchClass pc) {
  return pc.step + std::string(static_cast<std::size_t>(std::abs(pc.alter)), pc.alter >= 0 ? '#' : 'b');
}

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

// Python's == on two Note messages: every field.
bool same_note(const Note& a, const Note& b) {
  return a.pitch() == b.pitch() && a.pitch_name() == b.pitch_name() && a.velocity() == b.velocity() &&
         a.start_time() == b.start_time() && a.quantized_start_step() == b.quantized_start_step() &&
         a.end_time() == b.end_time() && a.quantized_end_step() == b.quantized_end_step() &&
         a.numerator() == b.numerator() && a.denominator() == b.denominator() &&
         a.instrument() == b.instrument() && a.program() == b.program() && a.is_drum() == b.is_drum() &&
         a.part() == b.part() && a.voice() == b.voice();
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

std::string transpose_chord_symbol(std::string_view figure, int semitones) {
  // Python's `$` also matches before one final newline, which the output then drops.
  std::string_view text = figure;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);

  PitchClass root{};
  const std::size_t root_size = scan_pitch_class(text, root);
  bool ok = root_size > 0;
  std::string_view middle = ok ? text.substr(root_size) : std::string_view{};
  std::string bass;
  if (ok && !is_kind_and_modifications(middle)) {
    // Try a trailing "/<pitch class>" bass.
    const std::size_t slash = middle.rfind('/');
    PitchClass bass_pc{};
    const std::size_t bass_size =
        slash == std::string_view::npos ? 0 : scan_pitch_class(middle.substr(slash + 1), bass_pc);
    ok = bass_size > 0 && bass_size == middle.size() - slash - 1 &&
         is_kind_and_modifications(middle.substr(0, slash));
    if (ok) {
      bass = "/" + spelled(transpose_pitch_class(bass_pc, semitones));
      middle = middle.substr(0, slash);
    }
  }
  if (!ok) fail_input(kCodeChordSymbol, "Unable to parse chord symbol: " + std::string(figure));
  return spelled(transpose_pitch_class(root, semitones)) + std::string(middle) + bass;
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

}  // namespace stochos::ns
