// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/quantize.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "stochos/core/error.h"

namespace stochos::notesequence {
namespace {

using TimeSignature = NoteSequence::TimeSignature;
using Tempo = NoteSequence::Tempo;

[[noreturn]] void fail(std::string_view code, const std::string& message) {
  throw Error::input({}, {}, message).with_code(std::string(code));
}

// Python's "%.<digits>f".
std::string fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

std::string signature(const NoteSequence::TimeSignature& ts) {
  return std::to_string(ts.numerator()) + "/" + std::to_string(ts.denominator());
}

// Python's `x and not x & (x - 1)`; int64 arithmetic gives Python's answer for every int32,
// negative ones included.
bool is_power_of_2(std::int64_t x) {
  return x != 0 && (x & (x - 1)) == 0;
}

template <typename Event>
std::vector<const Event*> sorted_by_time(const google::protobuf::RepeatedPtrField<Event>& events) {
  std::vector<const Event*> out;
  out.reserve(events.size());
  for (const Event& e : events) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(),
                   [](const Event* a, const Event* b) { return a->time() < b->time(); });
  return out;
}

// Later signatures are compared with the first one *as stored*, not the earliest one, as
// note_seq sequences_lib does; so [3/4 at 2 s, 4/4 at 0 s] passes as 3/4 (note_seq bug that
// hides a real change, kept for identical results).
void normalize_time_signature(NoteSequence& qns) {
  if (qns.time_signatures_size() == 0) {
    TimeSignature* ts = qns.add_time_signatures();
    ts->set_numerator(4);
    ts->set_denominator(4);
    ts->set_time(0);
  } else {
    const auto sorted = sorted_by_time(qns.time_signatures());
    const TimeSignature& earliest = *sorted.front();
    // An implicit 4/4 holds until the first time signature.
    if (earliest.time() != 0 && !(earliest.numerator() == 4 && earliest.denominator() == 4)) {
      fail(kCodeMultipleTimeSignatures,
           "NoteSequence has an implicit change from initial 4/4 time signature to " + signature(earliest) +
               " at " + fixed(earliest.time(), 2) + " seconds.");
    }
    const TimeSignature& first_stored = qns.time_signatures(0);
    for (std::size_t i = 1; i < sorted.size(); ++i) {
      const TimeSignature& ts = *sorted[i];
      if (ts.numerator() != first_stored.numerator() || ts.denominator() != first_stored.denominator()) {
        fail(kCodeMultipleTimeSignatures, "NoteSequence has at least one time signature change from " +
                                              signature(earliest) + " to " + signature(ts) + " at " +
                                              fixed(ts.time(), 2) + " seconds.");
      }
    }
    qns.mutable_time_signatures(0)->set_time(0);
    qns.mutable_time_signatures()->DeleteSubrange(1, qns.time_signatures_size() - 1);
  }
  const TimeSignature& ts = qns.time_signatures(0);
  if (!is_power_of_2(ts.denominator())) {
    fail(kCodeBadTimeSignature, "Denominator is not a power of 2. Time signature: " + signature(ts));
  }
  if (ts.numerator() == 0) {
    fail(kCodeBadTimeSignature, "Numerator is 0. Time signature: " + signature(ts));
  }
}

// Same first-as-stored comparison as for time signatures (note_seq behaviour).
void normalize_tempo(NoteSequence& qns) {
  if (qns.tempos_size() == 0) {
    Tempo* tempo = qns.add_tempos();
    tempo->set_qpm(kDefaultQuartersPerMinute);
    tempo->set_time(0);
    return;
  }
  const auto sorted = sorted_by_time(qns.tempos());
  const Tempo& earliest = *sorted.front();
  // An implicit 120 qpm holds until the first tempo.
  if (earliest.time() != 0 && earliest.qpm() != kDefaultQuartersPerMinute) {
    fail(kCodeMultipleTempos,
         "NoteSequence has an implicit tempo change from initial " + fixed(kDefaultQuartersPerMinute, 1) +
             " qpm to " + fixed(earliest.qpm(), 1) + " qpm at " + fixed(earliest.time(), 2) + " seconds.");
  }
  const double first_stored_qpm = qns.tempos(0).qpm();
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->qpm() != first_stored_qpm) {
      fail(kCodeMultipleTempos, "NoteSequence has at least one tempo change from " +
                                    fixed(earliest.qpm(), 1) + " qpm to " + fixed(sorted[i]->qpm(), 1) +
                                    " qpm at " + fixed(sorted[i]->time(), 2) + " seconds.");
    }
  }
  qns.mutable_tempos(0)->set_time(0);
  qns.mutable_tempos()->DeleteSubrange(1, qns.tempos_size() - 1);
}

void quantize_events(NoteSequence& qns, double steps_per_second) {
  for (NoteSequence::Note& note : *qns.mutable_notes()) {
    note.set_quantized_start_step(quantize_to_step(note.start_time(), steps_per_second));
    note.set_quantized_end_step(quantize_to_step(note.end_time(), steps_per_second));
    // A note never collapses to zero steps.
    if (note.quantized_end_step() == note.quantized_start_step()) {
      note.set_quantized_end_step(note.quantized_end_step() + 1);
    }
    if (note.quantized_start_step() < 0 || note.quantized_end_step() < 0) {
      fail(kCodeNegativeTime,
           "Got negative note time: start_step = " + std::to_string(note.quantized_start_step()) +
               ", end_step = " + std::to_string(note.quantized_end_step()));
    }
    if (note.quantized_end_step() > qns.total_quantized_steps()) {
      qns.set_total_quantized_steps(note.quantized_end_step());
    }
  }
  auto quantize_event = [&](auto& event) {
    event.set_quantized_step(quantize_to_step(event.time(), steps_per_second));
    if (event.quantized_step() < 0) {
      fail(kCodeNegativeTime, "Got negative event time: step = " + std::to_string(event.quantized_step()));
    }
  };
  for (auto& cc : *qns.mutable_control_changes()) quantize_event(cc);
  for (auto& ta : *qns.mutable_text_annotations()) quantize_event(ta);
}

}  // namespace

std::int64_t quantize_to_step(double unquantized_seconds, double steps_per_second, double quantize_cutoff) {
  const double steps = unquantized_seconds * steps_per_second + (1 - quantize_cutoff);
  // 2^63 as a double; the cast below is only defined strictly inside (-2^63 - 1, 2^63).
  constexpr double kLimit = 9223372036854775808.0;
  if (!(steps > -kLimit && steps < kLimit)) {
    fail(kCodeTimeOutOfRange, "time " + fixed(unquantized_seconds, 6) + " s at " +
                                  fixed(steps_per_second, 6) +
                                  " steps per second is not a representable step");
  }
  return static_cast<std::int64_t>(steps);  // truncates toward zero, like Python's int()
}

double steps_per_quarter_to_steps_per_second(int steps_per_quarter, double qpm) {
  return steps_per_quarter * qpm / 60.0;
}

NoteSequence quantize_note_sequence(const NoteSequence& sequence, int steps_per_quarter) {
  NoteSequence qns(sequence);
  qns.mutable_quantization_info()->set_steps_per_quarter(steps_per_quarter);
  normalize_time_signature(qns);
  normalize_tempo(qns);
  const double steps_per_second =
      steps_per_quarter_to_steps_per_second(steps_per_quarter, qns.tempos(0).qpm());
  qns.set_total_quantized_steps(quantize_to_step(qns.total_time(), steps_per_second));
  quantize_events(qns, steps_per_second);
  return qns;
}

NoteSequence quantize_note_sequence_absolute(const NoteSequence& sequence, int steps_per_second) {
  NoteSequence qns(sequence);
  qns.mutable_quantization_info()->set_steps_per_second(steps_per_second);
  qns.set_total_quantized_steps(quantize_to_step(qns.total_time(), steps_per_second));
  quantize_events(qns, steps_per_second);
  return qns;
}

bool is_quantized_sequence(const NoteSequence& sequence) {
  return sequence.quantization_info().steps_per_quarter() > 0 ||
         sequence.quantization_info().steps_per_second() > 0;
}

bool is_relative_quantized_sequence(const NoteSequence& sequence) {
  return sequence.quantization_info().steps_per_quarter() > 0;
}

bool is_absolute_quantized_sequence(const NoteSequence& sequence) {
  return sequence.quantization_info().steps_per_second() > 0;
}

void assert_is_quantized_sequence(const NoteSequence& sequence) {
  if (!is_quantized_sequence(sequence)) {
    fail(kCodeQuantizationStatus, "NoteSequence " + sequence.id() + " is not quantized.");
  }
}

void assert_is_relative_quantized_sequence(const NoteSequence& sequence) {
  if (!is_relative_quantized_sequence(sequence)) {
    fail(kCodeQuantizationStatus,
         "NoteSequence " + sequence.id() + " is not quantized or is quantized based on absolute timing.");
  }
}

void assert_is_absolute_quantized_sequence(const NoteSequence& sequence) {
  if (!is_absolute_quantized_sequence(sequence)) {
    fail(kCodeQuantizationStatus,
         "NoteSequence " + sequence.id() + " is not quantized or is quantized based on relative timing.");
  }
}

double steps_per_bar_in_quantized_sequence(const NoteSequence& sequence) {
  assert_is_relative_quantized_sequence(sequence);
  if (sequence.time_signatures_size() == 0 || sequence.time_signatures(0).denominator() == 0) {
    fail(kCodeBadTimeSignature, "quantized NoteSequence " + sequence.id() + " has no usable time signature");
  }
  const NoteSequence::TimeSignature& ts = sequence.time_signatures(0);
  const double quarters_per_beat = 4.0 / ts.denominator();
  const double quarters_per_bar = quarters_per_beat * ts.numerator();
  return sequence.quantization_info().steps_per_quarter() * quarters_per_bar;
}

}  // namespace stochos::notesequence
