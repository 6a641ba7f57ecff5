// SPDX-License-Identifier: GPL-3.0-or-later
// Every rule here follows note_seq's melodies_lib.py and events_lib.py (NS @ 35825508);
// the comments name the Python method each function mirrors.
#include "stochos/melody/melody.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/quantize.h"

namespace stochos::melody {
namespace {

[[noreturn]] void throw_out_of_range(int event) {
  throw Error::input({}, {}, "melody event out of range: " + std::to_string(event) + " (allowed -2..127)")
      .with_code(std::string(kCodeEventOutOfRange));
}

void check_event(int event) {
  if (event < kMinMelodyEvent || event > kMaxMelodyEvent) throw_out_of_range(event);
}

}  // namespace

Melody::Melody(std::vector<int> events, std::int64_t start_step, int steps_per_bar, int steps_per_quarter)
    : events_(std::move(events)),
      start_step_(start_step),
      steps_per_bar_(steps_per_bar),
      steps_per_quarter_(steps_per_quarter) {
  // Melody._from_event_list: range check, then NOTE_OFFs before the first note are
  // meaningless and become NO_EVENT.
  for (int e : events_) check_event(e);
  for (int& e : events_) {
    if (e != kMelodyNoEvent && e != kMelodyNoteOff) break;
    e = kMelodyNoEvent;
  }
  end_step_ = start_step_ + static_cast<std::int64_t>(events_.size());
}

void Melody::append(int event) {
  check_event(event);
  events_.push_back(event);
  ++end_step_;
}

void Melody::set_length(std::size_t steps, bool from_left) {
  const std::size_t old_len = events_.size();
  // SimpleEventSequence.set_length.
  if (steps > old_len) {
    if (from_left) {
      events_.insert(events_.begin(), steps - old_len, kMelodyNoEvent);
    } else {
      events_.resize(steps, kMelodyNoEvent);
    }
  } else if (from_left) {
    events_.erase(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(old_len - steps));
  } else {
    events_.resize(steps);
  }
  if (from_left) {
    start_step_ = end_step_ - static_cast<std::int64_t>(steps);
  } else {
    end_step_ = start_step_ + static_cast<std::int64_t>(steps);
  }
  // Melody.set_length: extending on the right ends a note held at the old end.
  if (steps > old_len && !from_left) {
    for (std::size_t i = old_len; i-- > 0;) {
      if (events_[i] == kMelodyNoteOff) break;
      if (events_[i] != kMelodyNoEvent) {
        events_[old_len] = kMelodyNoteOff;
        break;
      }
    }
  }
}

Melody Melody::slice(std::size_t begin, std::size_t end) const {
  end = std::min(end, events_.size());
  begin = std::min(begin, end);
  return Melody(std::vector<int>(events_.begin() + static_cast<std::ptrdiff_t>(begin),
                                 events_.begin() + static_cast<std::ptrdiff_t>(end)),
                start_step_ + static_cast<std::int64_t>(begin), steps_per_bar_, steps_per_quarter_);
}

std::array<int, 12> Melody::note_histogram() const {
  std::array<int, 12> histogram{};
  for (int e : events_) {
    if (e >= kMinMidiPitch) ++histogram[static_cast<std::size_t>(e % kNotesPerOctave)];
  }
  return histogram;
}

std::array<int, 12> Melody::major_key_histogram() const {
  const std::array<int, 12> notes = note_histogram();
  std::array<int, 12> keys{};
  for (std::size_t note = 0; note < 12; ++note) {
    for (int key : kNoteKeys[note]) keys[static_cast<std::size_t>(key)] += notes[note];
  }
  return keys;
}

int Melody::major_key() const {
  const std::array<int, 12> keys = major_key_histogram();
  // numpy argmax: the first maximum.
  return static_cast<int>(std::max_element(keys.begin(), keys.end()) - keys.begin());
}

void Melody::transpose(int semitones, int min_note, int max_note) {
  for (int& e : events_) {
    if (e < kMinMidiPitch) continue;  // NOTE_OFF and NO_EVENT are not pitches
    e += semitones;
    if (e < min_note) {
      e = min_note + static_cast<int>(floor_mod(e - min_note, kNotesPerOctave));
    } else if (e >= max_note) {
      e = max_note - kNotesPerOctave + static_cast<int>(floor_mod(e - max_note, kNotesPerOctave));
    }
  }
}

int Melody::squash(int min_note, int max_note, std::optional<int> transpose_to_key) {
  int amount = 0;
  if (transpose_to_key) {
    const int key_diff = *transpose_to_key - major_key();
    int lowest = 128;
    int highest = -1;
    for (int e : events_) {
      if (e >= kMinMidiPitch && e <= kMaxMidiPitch) {
        lowest = std::min(lowest, e);
        highest = std::max(highest, e);
      }
    }
    if (highest < 0) return 0;  // no notes: nothing moves, not even into the range
    const double melody_center = (lowest + highest) / 2.0;
    const double target_center = (min_note + max_note - 1) / 2.0;
    const double center_diff = target_center - (melody_center + key_diff);
    // Python 3 round(): halves go to the even neighbour, which std::nearbyint does in the
    // default rounding mode.
    amount = key_diff + kNotesPerOctave * static_cast<int>(std::nearbyint(center_diff / kNotesPerOctave));
  }
  transpose(amount, min_note, max_note);
  return amount;
}

magenta::NoteSequence Melody::to_sequence(const ToSequenceOptions& options) const {
  // Melody.to_sequence, with the same order of floating-point operations.
  const double seconds_per_step = 60.0 / options.qpm / steps_per_quarter_;
  magenta::NoteSequence sequence;
  sequence.add_tempos()->set_qpm(options.qpm);
  sequence.set_ticks_per_quarter(kStandardPpq);
  const double start_seconds = options.sequence_start_seconds + static_cast<double>(start_step_) * seconds_per_step;
  magenta::NoteSequence::Note* current = nullptr;
  for (std::size_t step = 0; step < events_.size(); ++step) {
    const int e = events_[step];
    const double t = static_cast<double>(step) * seconds_per_step + start_seconds;
    if (e >= kMinMidiPitch && e <= kMaxMidiPitch) {
      if (current) current->set_end_time(t);
      current = sequence.add_notes();
      current->set_start_time(t);
      current->set_pitch(e);
      current->set_velocity(options.velocity);
      current->set_instrument(options.instrument);
      current->set_program(options.program);
    } else if (e == kMelodyNoteOff && current) {
      current->set_end_time(t);
      current = nullptr;
    }
  }
  if (current) current->set_end_time(static_cast<double>(events_.size()) * seconds_per_step + start_seconds);
  if (sequence.notes_size() > 0) sequence.set_total_time(sequence.notes(sequence.notes_size() - 1).end_time());
  return sequence;
}

void Melody::add_note(int pitch, std::int64_t start_index, std::int64_t end_index) {
  // Melody._add_note: everything from the start on is rewritten; the length becomes
  // end + 1 (which may also cut a longer previous note).
  if (start_index >= end_index) {
    throw Error::input({}, {},
                       "note start step does not precede its end step: start=" + std::to_string(start_index) +
                           ", end=" + std::to_string(end_index))
        .with_code(std::string(kCodeBadNote));
  }
  set_length(static_cast<std::size_t>(end_index + 1));
  events_[static_cast<std::size_t>(start_index)] = pitch;
  events_[static_cast<std::size_t>(end_index)] = kMelodyNoteOff;
  for (std::int64_t i = start_index + 1; i < end_index; ++i) events_[static_cast<std::size_t>(i)] = kMelodyNoEvent;
}

Melody melody_from_quantized_sequence(const magenta::NoteSequence& quantized_sequence,
                                      const FromQuantizedOptions& options) {
  notesequence::assert_is_relative_quantized_sequence(quantized_sequence);
  Melody melody;  // Melody._reset()
  const double steps_per_bar_float = notesequence::steps_per_bar_in_quantized_sequence(quantized_sequence);
  if (std::fmod(steps_per_bar_float, 1.0) != 0.0) {
    const auto& ts = quantized_sequence.time_signatures(0);
    char buf[160];
    std::snprintf(buf, sizeof buf, "there are %f steps per bar (time signature %d/%d)", steps_per_bar_float,
                  ts.numerator(), ts.denominator());
    throw Error::input({}, {}, buf).with_code(std::string(kCodeNonIntegerStepsPerBar));
  }
  const int steps_per_bar = static_cast<int>(steps_per_bar_float);
  melody.steps_per_bar_ = steps_per_bar;
  melody.steps_per_quarter_ = quantized_sequence.quantization_info().steps_per_quarter();

  // Notes of the instrument from the search start on, by start step, then pitch descending.
  std::vector<const magenta::NoteSequence::Note*> notes;
  for (const auto& n : quantized_sequence.notes()) {
    if (n.instrument() == options.instrument && n.quantized_start_step() >= options.search_start_step) {
      notes.push_back(&n);
    }
  }
  std::stable_sort(notes.begin(), notes.end(), [](const auto* a, const auto* b) {
    if (a->quantized_start_step() != b->quantized_start_step()) {
      return a->quantized_start_step() < b->quantized_start_step();
    }
    return a->pitch() > b->pitch();
  });
  if (notes.empty()) return melody;

  // The melody starts on the bar of its first note (drums and silent notes included, as
  // note_seq computes it before filtering them).
  const std::int64_t first = notes.front()->quantized_start_step();
  const std::int64_t melody_start_step = first - floor_mod(first - options.search_start_step, steps_per_bar);
  for (const auto* note : notes) {
    if (options.filter_drums && note->is_drum()) continue;
    if (note->velocity() == 0) continue;
    const std::int64_t start_index = note->quantized_start_step() - melody_start_step;
    const std::int64_t end_index = note->quantized_end_step() - melody_start_step;
    if (melody.events_.empty()) {
      melody.add_note(note->pitch(), start_index, end_index);
      continue;
    }
    // Melody._get_last_on_off_events: the last note-on and the first NOTE_OFF after it.
    std::int64_t last_on = -1;
    auto last_off = static_cast<std::int64_t>(melody.events_.size());
    for (std::int64_t i = last_off - 1; i >= 0; --i) {
      const int e = melody.events_[static_cast<std::size_t>(i)];
      if (e == kMelodyNoteOff) last_off = i;
      if (e >= kMinMidiPitch) {
        last_on = i;
        break;
      }
    }
    const std::int64_t on_distance = start_index - last_on;
    const std::int64_t off_distance = start_index - last_off;
    if (on_distance == 0) {
      if (options.ignore_polyphonic_notes) continue;  // the higher note came first
      throw Error::input({}, {},
                         "polyphonic melody: two notes start on step " +
                             std::to_string(note->quantized_start_step()) + " of instrument " +
                             std::to_string(options.instrument))
          .with_code(std::string(kCodePolyphonicMelody));
    }
    if (on_distance < 0) {
      throw Error::input({}, {}, "unexpected note: not in ascending order").with_code(std::string(kCodePolyphonicMelody));
    }
    if (static_cast<double>(off_distance) >= options.gap_bars * steps_per_bar) break;
    melody.add_note(note->pitch(), start_index, end_index);
  }
  if (melody.events_.empty()) return melody;  // start and end stay 0, as in note_seq

  melody.start_step_ = melody_start_step;
  if (melody.events_.back() == kMelodyNoteOff) melody.events_.pop_back();
  std::size_t length = melody.events_.size();
  if (options.pad_end) length += static_cast<std::size_t>(floor_mod(-static_cast<std::int64_t>(length), steps_per_bar));
  melody.set_length(length);
  return melody;
}

Melody parse_primer_melody(std::string_view text) {
  // ast.literal_eval of a list or tuple of integers.
  std::size_t i = 0;
  auto fail = [&](const std::string& what) -> Error {
    ErrorLocation where;
    where.line = 1;
    where.column = static_cast<std::uint32_t>(i + 1);
    return Error(ErrorKind::kUsage, "primer melody \"" + std::string(text) + "\": " + what, "--primer_melody", where)
        .with_code(std::string(kCodePrimerSyntax));
  };
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  };
  skip_space();
  if (i >= text.size() || (text[i] != '[' && text[i] != '(')) throw fail("expected a list such as [60, -2, 62]");
  const char close = text[i] == '[' ? ']' : ')';
  ++i;
  std::vector<int> events;
  skip_space();
  while (i < text.size() && text[i] != close) {
    bool negative = false;
    if (text[i] == '-' || text[i] == '+') {
      negative = text[i] == '-';
      ++i;
      skip_space();
    }
    if (i >= text.size() || text[i] < '0' || text[i] > '9') throw fail("expected an integer");
    long long value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + (text[i] - '0');
      if (value > 1000000) throw fail("number too large");
      ++i;
    }
    if (i < text.size() && (text[i] == '.' || text[i] == 'e' || text[i] == 'E')) throw fail("events are integers");
    events.push_back(static_cast<int>(negative ? -value : value));
    skip_space();
    if (i < text.size() && text[i] == ',') {
      ++i;
      skip_space();
    } else if (i < text.size() && text[i] != close) {
      throw fail(std::string("expected ',' or '") + close + "'");
    }
  }
  if (i >= text.size()) throw fail(std::string("missing '") + close + "'");
  ++i;
  skip_space();
  if (i != text.size()) throw fail("unexpected text after the list");
  for (int e : events) {
    if (e < kMinMelodyEvent || e > kMaxMelodyEvent) {
      throw Error(ErrorKind::kUsage, "primer melody event out of range: " + std::to_string(e) + " (allowed -2..127)",
                  "--primer_melody")
          .with_code(std::string(kCodeEventOutOfRange));
    }
  }
  return Melody(std::move(events));
}

Melody midi_file_to_melody(const std::filesystem::path& path, int steps_per_quarter, bool ignore_polyphonic_notes) {
  const magenta::NoteSequence sequence = notesequence::midi_file_to_note_sequence(path);
  try {
    const magenta::NoteSequence quantized = notesequence::quantize_note_sequence(sequence, steps_per_quarter);
    FromQuantizedOptions options;
    options.ignore_polyphonic_notes = ignore_polyphonic_notes;
    return melody_from_quantized_sequence(quantized, options);
  } catch (const Error& e) {
    if (e.path().empty()) throw e.with_path(path.string());
    throw;
  }
}

}  // namespace stochos::melody
