// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Event-sequence encodings with note_seq's exact numbers (NS note_seq/encoder_decoder.py,
/// melody_encoder_decoder.py, MelodyOneHotEncoding and KeyMelodyEncoderDecoder): how a list
/// of events becomes the model's input vectors and class labels, and how a predicted class
/// becomes an event again.
/// Like note_seq's (whose setup.py has no TensorFlow) this knows nothing of the model.
///
/// Encoders are immutable after construction and thread-safe. Events are ints (melody
/// events for the melody encodings); positions index into the event list. Invalid events
/// throw stochos::Error(kInput, code kCodeEventOutOfRange from melody.h).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "stochos/core/random.h"

namespace stochos::melody {

/// note_seq encoder_decoder.DEFAULT_LOOKBACK_DISTANCES: one and two bars of 16 steps.
inline const std::vector<int> kDefaultLookbackDistances = {16, 32};

/// A one-hot encoding of single events (note_seq OneHotEncoding).
class OneHotEncoding {
 public:
  virtual ~OneHotEncoding() = default;
  virtual int num_classes() const = 0;
  virtual int default_event() const = 0;
  virtual int encode_event(int event) const = 0;
  virtual int decode_event(int index) const = 0;
  /// Steps an event lasts, for metrics (1 unless an encoding says otherwise).
  virtual int event_to_num_steps(int /*event*/) const { return 1; }
};

/// note_seq MelodyOneHotEncoding(min_note, max_note): 0 = NO_EVENT, 1 = NOTE_OFF,
/// 2 + pitch - min_note = note-on; pitches must lie in [min_note, max_note).
class MelodyOneHotEncoding final : public OneHotEncoding {
 public:
  /// Throws Error(kUsage) unless 0 <= min_note < max_note <= 128.
  MelodyOneHotEncoding(int min_note, int max_note);
  int num_classes() const override { return max_note_ - min_note_ + 2; }
  int default_event() const override;
  int encode_event(int event) const override;
  int decode_event(int index) const override;
  int min_note() const { return min_note_; }
  int max_note() const { return max_note_; }

 private:
  int min_note_;
  int max_note_;
};

/// Inputs and labels of one sequence, as Magenta's make_sequence_example stores them:
/// steps() rows of input_size floats (row-major) and one label per row.
struct EncodedSequence {
  int input_size = 0;
  std::vector<float> inputs;
  std::vector<std::int64_t> labels;

  std::size_t steps() const { return labels.size(); }
  std::span<const float> input(std::size_t step) const {
    return {inputs.data() + step * static_cast<std::size_t>(input_size), static_cast<std::size_t>(input_size)};
  }
};

/// note_seq EventSequenceEncoderDecoder.
class EventSequenceEncoderDecoder {
 public:
  virtual ~EventSequenceEncoderDecoder() = default;
  virtual int input_size() const = 0;
  virtual int num_classes() const = 0;
  virtual int default_event_label() const = 0;

  /// Writes the input vector for `position` into `input` (exactly input_size() floats,
  /// every one written).
  virtual void events_to_input(std::span<const int> events, std::size_t position, std::span<float> input) const = 0;
  std::vector<float> events_to_input(std::span<const int> events, std::size_t position) const;
  virtual int events_to_label(std::span<const int> events, std::size_t position) const = 0;
  /// The event that class `class_index` stands for after `events` (the decoding step).
  virtual int class_index_to_event(int class_index, std::span<const int> events) const = 0;
  /// Steps covered by a label sequence, decoding it from an empty history.
  virtual std::int64_t labels_to_num_steps(std::span<const int> labels) const;

  /// Inputs for events[i] and labels for events[i + 1], i < size - 1 (note_seq encode).
  virtual EncodedSequence encode(std::span<const int> events) const;

  /// Inverse of encode's labels: `first_event` followed by one decoded event per label.
  std::vector<int> decode(int first_event, std::span<const std::int64_t> labels) const;

  /// note_seq get_inputs_batch for one sequence: the inputs of every position
  /// (full_length) or of the last one only.
  std::vector<std::vector<float>> get_inputs(std::span<const int> events, bool full_length) const;

  /// note_seq extend_event_sequences for one sequence: draws a class from `softmax` (one
  /// row of num_classes() probabilities) the way numpy.random.choice does (inverse CDF of
  /// one uniform draw from `rng`), appends its event and returns the class.
  int extend_event_sequence(std::vector<int>& events, std::span<const float> softmax, core::Rng& rng) const;

  /// note_seq evaluate_log_likelihood for one sequence: the sum of log softmax[label] over
  /// the last `rows` events, `softmax` holding `rows` rows of num_classes() values.
  /// Throws Error(kUsage) unless rows < events.size().
  double evaluate_log_likelihood(std::span<const int> events, std::span<const float> softmax) const;
};

/// note_seq OneHotEventSequenceEncoderDecoder: input = one-hot of the event, label = its class.
class OneHotEventSequenceEncoderDecoder final : public EventSequenceEncoderDecoder {
 public:
  explicit OneHotEventSequenceEncoderDecoder(std::shared_ptr<const OneHotEncoding> encoding);
  int input_size() const override { return encoding_->num_classes(); }
  int num_classes() const override { return encoding_->num_classes(); }
  int default_event_label() const override;
  using EventSequenceEncoderDecoder::events_to_input;
  void events_to_input(std::span<const int> events, std::size_t position, std::span<float> input) const override;
  int events_to_label(std::span<const int> events, std::size_t position) const override;
  int class_index_to_event(int class_index, std::span<const int> events) const override;
  std::int64_t labels_to_num_steps(std::span<const int> labels) const override;

 private:
  std::shared_ptr<const OneHotEncoding> encoding_;
};

/// note_seq LookbackEventSequenceEncoderDecoder (lookback_rnn): input = one-hot of the
/// event ‖ one-hot of the event that followed each lookback distance ago (the default event
/// before the start) ‖ binary counter of position + 1 (±1, lowest bit first) ‖ "repeats the
/// event a lookback distance ago" flags. Labels add one class per lookback ("repeat");
/// the farthest matching lookback wins, and a default event in the first
/// max(lookback) steps is labelled as the farthest repeat.
class LookbackEventSequenceEncoderDecoder final : public EventSequenceEncoderDecoder {
 public:
  LookbackEventSequenceEncoderDecoder(std::shared_ptr<const OneHotEncoding> encoding,
                                      std::vector<int> lookback_distances = kDefaultLookbackDistances,
                                      int binary_counter_bits = 5);
  int input_size() const override;
  int num_classes() const override;
  int default_event_label() const override;
  using EventSequenceEncoderDecoder::events_to_input;
  void events_to_input(std::span<const int> events, std::size_t position, std::span<float> input) const override;
  int events_to_label(std::span<const int> events, std::size_t position) const override;
  int class_index_to_event(int class_index, std::span<const int> events) const override;
  std::int64_t labels_to_num_steps(std::span<const int> labels) const override;

 private:
  std::shared_ptr<const OneHotEncoding> encoding_;
  std::vector<int> lookback_distances_;
  int binary_counter_bits_;
};

/// note_seq KeyMelodyEncoderDecoder (attention_rnn). For min_note 48, max_note 84 the 74
/// inputs are: [0,36) pitch of the sounding note, 36 a note sounds, 37 silence, 38 this step
/// is that note's attack, 39 direction of the last pitch change (+1 up, -1 down, 0 none
/// yet), 40/41 the event repeats 16/32 steps back, 42..48 binary counter of position + 1,
/// 49 the next step starts a bar, 50..61 the major keys that best fit every note so far
/// (all ties set), 62..73 the same for the last three distinct pitches. 40 labels: 0..35
/// note-on, 36 no event, 37 note-off, 38/39 repeat one/two bars back.
class KeyMelodyEncoderDecoder final : public EventSequenceEncoderDecoder {
 public:
  KeyMelodyEncoderDecoder(int min_note, int max_note, std::vector<int> lookback_distances = kDefaultLookbackDistances,
                          int binary_counter_bits = 7);
  int input_size() const override;
  int num_classes() const override;
  int default_event_label() const override { return note_range_; }
  using EventSequenceEncoderDecoder::events_to_input;
  void events_to_input(std::span<const int> events, std::size_t position, std::span<float> input) const override;
  int events_to_label(std::span<const int> events, std::size_t position) const override;
  int class_index_to_event(int class_index, std::span<const int> events) const override;
  /// One pass over the melody instead of note_seq's rescan per position; same numbers.
  EncodedSequence encode(std::span<const int> events) const override;

  /// What note_seq recomputes from the melody's start for each position.
  struct History;

 private:
  void write_input(const History& history, std::span<const int> events, std::size_t position,
                   std::span<float> input) const;

  int min_note_;
  int note_range_;
  std::vector<int> lookback_distances_;
  int binary_counter_bits_;
};

}  // namespace stochos::melody
