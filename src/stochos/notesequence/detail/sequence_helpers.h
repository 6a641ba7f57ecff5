// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the sequences_lib translation units (sequences.cpp, subsequences.cpp,
// chord_symbols.cpp, sustain.cpp). Every sort is stable, as Python's sorted() is.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/notesequence/sequences.h"

namespace stochos::notesequence::detail {


using Note = NoteSequence::Note;
using ControlChange = NoteSequence::ControlChange;
using TextAnnotation = NoteSequence::TextAnnotation;
using google::protobuf::RepeatedPtrField;

[[noreturn]] inline void fail_input(std::string_view code, const std::string& message) {
  throw Error::input({}, {}, message).with_code(std::string(code));
}

[[noreturn]] inline void fail_usage(const std::string& message) {
  throw Error::usage(message);
}

inline void require_unquantized(const NoteSequence& sequence, const char* message) {
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

inline std::vector<const Note*> sorted_by_start(const RepeatedPtrField<Note>& notes) {
  return stable_sorted(notes, [](const Note& n) { return n.start_time(); });
}

template <typename Event>
void stable_sort_by_time(RepeatedPtrField<Event>& events) {
  std::stable_sort(events.pointer_begin(), events.pointer_end(),
                   [](const Event* a, const Event* b) { return a->time() < b->time(); });
}

// Python's % on ints: the result has the sign of the divisor.
inline int floor_mod(std::int64_t a, int b) {
  const auto r = static_cast<int>(a % b);
  return r < 0 ? r + b : r;
}

// Python's == on two Note messages: every field.
inline bool same_note(const Note& a, const Note& b) {
  return a.pitch() == b.pitch() && a.pitch_name() == b.pitch_name() && a.velocity() == b.velocity() &&
         a.start_time() == b.start_time() && a.quantized_start_step() == b.quantized_start_step() &&
         a.end_time() == b.end_time() && a.quantized_end_step() == b.quantized_end_step() &&
         a.numerator() == b.numerator() && a.denominator() == b.denominator() &&
         a.instrument() == b.instrument() && a.program() == b.program() && a.is_drum() == b.is_drum() &&
         a.part() == b.part() && a.voice() == b.voice();
}

}  // namespace stochos::notesequence::detail
