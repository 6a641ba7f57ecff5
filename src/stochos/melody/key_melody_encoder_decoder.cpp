// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq KeyMelodyEncoderDecoder (NS note_seq/melody_encoder_decoder.py), the encoding of
// the attention_rnn config. note_seq rebuilds the melody's history from its first event for
// every position (O(n^2) per melody); History carries the same state forward one event at
// a time, and events_to_input replays it from the start, so both paths give equal numbers.
#include <algorithm>
#include <string>

#include "stochos/core/error.h"
#include "stochos/melody/encoder_decoder.h"
#include "stochos/melody/melody.h"

namespace stochos::melody {

struct KeyMelodyEncoderDecoder::History {
  int current_note = -1;  // -1: None (no note sounding)
  bool is_attack = false;
  int direction = 0;      // is_ascending: +1 True, -1 False, 0 None
  int last_notes[3] = {};  // collections.deque(maxlen=3) of distinct pitches, oldest first
  int last_count = 0;
  std::array<int, 12> note_histogram{};
  std::size_t length = 0;  // len(sub_melody) = position + 1

  void push(int event) {
    ++length;
    if (event == kMelodyNoEvent) {
      is_attack = false;
    } else if (event == kMelodyNoteOff) {
      current_note = -1;  // is_attack deliberately keeps its value, as note_seq's loop does
    } else {
      is_attack = true;
      current_note = event;
      if (last_count > 0) {
        const int previous = last_notes[last_count - 1];
        if (event > previous) direction = 1;
        if (event < previous) direction = -1;
      }
      // deque.remove(note) then append(note), dropping the oldest beyond three.
      int* end = last_notes + last_count;
      int* found = std::find(last_notes, end, event);
      if (found != end) {
        std::copy(found + 1, end, found);
        --last_count;
      }
      if (last_count == 3) {
        std::copy(last_notes + 1, last_notes + 3, last_notes);
        --last_count;
      }
      last_notes[last_count++] = event;
      ++note_histogram[static_cast<std::size_t>(event % kNotesPerOctave)];
    }
  }
};

namespace {

std::array<int, 12> keys_of(const std::array<int, 12>& notes) {
  std::array<int, 12> keys{};
  for (std::size_t note = 0; note < 12; ++note) {
    for (int key : kNoteKeys[note]) keys[static_cast<std::size_t>(key)] += notes[note];
  }
  return keys;
}

// Every key whose histogram value equals the maximum (all twelve for no notes).
void write_best_keys(const std::array<int, 12>& notes, float* out) {
  const std::array<int, 12> keys = keys_of(notes);
  const int best = *std::max_element(keys.begin(), keys.end());
  for (std::size_t k = 0; k < 12; ++k) out[k] = keys[k] == best ? 1.0f : 0.0f;
}

}  // namespace

KeyMelodyEncoderDecoder::KeyMelodyEncoderDecoder(int min_note, int max_note, std::vector<int> lookback_distances,
                                                 int binary_counter_bits)
    : min_note_(min_note),
      note_range_(max_note - min_note),
      lookback_distances_(std::move(lookback_distances)),
      binary_counter_bits_(binary_counter_bits) {
  if (note_range_ <= 0) throw Error::usage("max_note must be greater than min_note");
  if (lookback_distances_.empty()) throw Error::usage("KeyMelodyEncoderDecoder needs at least one lookback distance");
}

int KeyMelodyEncoderDecoder::input_size() const {
  return note_range_ + 2 + 1 + 1 + static_cast<int>(lookback_distances_.size()) + binary_counter_bits_ + 1 +
         kNotesPerOctave + kNotesPerOctave;
}

int KeyMelodyEncoderDecoder::num_classes() const {
  return note_range_ + kNumSpecialMelodyEvents + static_cast<int>(lookback_distances_.size());
}

void KeyMelodyEncoderDecoder::write_input(const History& h, std::span<const int> events, std::size_t position,
                                          std::span<float> input) const {
  if (input.size() != static_cast<std::size_t>(input_size())) throw Error::internal("wrong input buffer size");
  std::fill(input.begin(), input.end(), 0.0f);
  std::size_t offset = 0;
  // note_seq tests `if current_note:`, so pitch 0 reads as silence too.
  if (h.current_note > 0) {
    const int index = h.current_note - min_note_;
    if (index < 0 || index >= note_range_) {
      throw Error::input({}, {}, "melody pitch " + std::to_string(h.current_note) + " outside the encoder's range [" +
                                     std::to_string(min_note_) + ", " + std::to_string(min_note_ + note_range_) +
                                     ")")
          .with_code(std::string(kCodeEventOutOfRange));
    }
    input[static_cast<std::size_t>(index)] = 1.0f;
    input[static_cast<std::size_t>(note_range_)] = 1.0f;
  } else {
    input[static_cast<std::size_t>(note_range_ + 1)] = 1.0f;
  }
  offset += static_cast<std::size_t>(note_range_ + 2);
  if (h.is_attack) input[offset] = 1.0f;
  ++offset;
  input[offset++] = static_cast<float>(h.direction);
  const auto pos = static_cast<std::int64_t>(position);
  for (int distance : lookback_distances_) {
    const std::int64_t lookback = pos - distance;
    if (lookback >= 0 && events[position] == events[static_cast<std::size_t>(lookback)]) input[offset] = 1.0f;
    ++offset;
  }
  const auto n = static_cast<std::int64_t>(h.length);
  for (int i = 0; i < binary_counter_bits_; ++i) input[offset++] = ((n >> i) & 1) ? 1.0f : -1.0f;
  // The bar length is note_seq's DEFAULT_STEPS_PER_BAR whatever the melody's meter.
  if (n % kDefaultStepsPerBar == 0) input[offset] = 1.0f;
  ++offset;
  write_best_keys(h.note_histogram, input.data() + offset);
  offset += kNotesPerOctave;
  std::array<int, 12> recent{};
  for (int i = 0; i < h.last_count; ++i) ++recent[static_cast<std::size_t>(h.last_notes[i] % kNotesPerOctave)];
  write_best_keys(recent, input.data() + offset);
}

void KeyMelodyEncoderDecoder::events_to_input(std::span<const int> events, std::size_t position,
                                              std::span<float> input) const {
  History history;
  for (std::size_t i = 0; i <= position; ++i) history.push(events[i]);
  write_input(history, events, position, input);
}

int KeyMelodyEncoderDecoder::events_to_label(std::span<const int> events, std::size_t position) const {
  const auto pos = static_cast<std::int64_t>(position);
  const auto lookbacks = static_cast<int>(lookback_distances_.size());
  if (pos < lookback_distances_.back() && events[position] == kMelodyNoEvent) {
    return note_range_ + lookbacks + 1;
  }
  for (int i = lookbacks - 1; i >= 0; --i) {
    const std::int64_t lookback = pos - lookback_distances_[static_cast<std::size_t>(i)];
    if (lookback >= 0 && events[position] == events[static_cast<std::size_t>(lookback)]) return note_range_ + 2 + i;
  }
  if (events[position] == kMelodyNoteOff) return note_range_ + 1;
  if (events[position] == kMelodyNoEvent) return note_range_;
  const int label = events[position] - min_note_;
  if (label < 0 || label >= note_range_) {
    throw Error::input({}, {}, "melody pitch " + std::to_string(events[position]) + " outside the encoder's range")
        .with_code(std::string(kCodeEventOutOfRange));
  }
  return label;
}

int KeyMelodyEncoderDecoder::class_index_to_event(int class_index, std::span<const int> events) const {
  for (int i = static_cast<int>(lookback_distances_.size()) - 1; i >= 0; --i) {
    if (class_index == note_range_ + 2 + i) {
      const auto distance = static_cast<std::size_t>(lookback_distances_[static_cast<std::size_t>(i)]);
      if (events.size() < distance) return kMelodyNoEvent;
      return events[events.size() - distance];
    }
  }
  if (class_index == note_range_ + 1) return kMelodyNoteOff;
  if (class_index == note_range_) return kMelodyNoEvent;
  return min_note_ + class_index;
}

EncodedSequence KeyMelodyEncoderDecoder::encode(std::span<const int> events) const {
  EncodedSequence out;
  out.input_size = input_size();
  if (events.size() < 2) return out;
  const std::size_t steps = events.size() - 1;
  const auto width = static_cast<std::size_t>(out.input_size);
  out.inputs.resize(steps * width);
  out.labels.resize(steps);
  History history;
  for (std::size_t i = 0; i < steps; ++i) {
    history.push(events[i]);
    write_input(history, events, i, std::span<float>(out.inputs.data() + i * width, width));
    out.labels[i] = events_to_label(events, i + 1);
  }
  return out;
}

}  // namespace stochos::melody
