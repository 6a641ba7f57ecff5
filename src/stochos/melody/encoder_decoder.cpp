// SPDX-License-Identifier: GPL-3.0-or-later
// The one-hot and lookback encodings of note_seq encoder_decoder.py and the melody one-hot
// encoding of melody_encoder_decoder.py (NS @ 35825508), rule for rule.
#include "stochos/melody/encoder_decoder.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "stochos/core/error.h"
#include "stochos/melody/melody.h"

namespace stochos::melody {
namespace {

[[noreturn]] void bad_event(const std::string& message) {
  throw Error::input({}, {}, message).with_code(std::string(kCodeEventOutOfRange));
}

void check_size(std::span<float> input, int input_size) {
  if (input.size() != static_cast<std::size_t>(input_size)) {
    throw Error::internal("input buffer of " + std::to_string(input.size()) + " floats for an input size of " +
                          std::to_string(input_size));
  }
}

}  // namespace

// ---------------------------------------------------------------- MelodyOneHotEncoding

MelodyOneHotEncoding::MelodyOneHotEncoding(int min_note, int max_note) : min_note_(min_note), max_note_(max_note) {
  if (min_note < kMinMidiPitch) throw Error::usage("min_note must be >= 0, min_note is " + std::to_string(min_note));
  if (max_note > kMaxMidiPitch + 1) {
    throw Error::usage("max_note must be <= 128, max_note is " + std::to_string(max_note));
  }
  if (max_note <= min_note) throw Error::usage("max_note must be greater than min_note");
}

int MelodyOneHotEncoding::default_event() const { return kMelodyNoEvent; }

int MelodyOneHotEncoding::encode_event(int event) const {
  if (event < -kNumSpecialMelodyEvents) bad_event("invalid melody event value: " + std::to_string(event));
  if (event >= 0 && event < min_note_) {
    bad_event("melody event less than min note: " + std::to_string(event) + " < " + std::to_string(min_note_));
  }
  if (event >= max_note_) {
    bad_event("melody event greater than max note: " + std::to_string(event) + " >= " + std::to_string(max_note_));
  }
  if (event < 0) return event + kNumSpecialMelodyEvents;
  return event - min_note_ + kNumSpecialMelodyEvents;
}

int MelodyOneHotEncoding::decode_event(int index) const {
  if (index < kNumSpecialMelodyEvents) return index - kNumSpecialMelodyEvents;
  return index - kNumSpecialMelodyEvents + min_note_;
}

// ---------------------------------------------------------------- EventSequenceEncoderDecoder

std::vector<float> EventSequenceEncoderDecoder::events_to_input(std::span<const int> events,
                                                                std::size_t position) const {
  std::vector<float> input(static_cast<std::size_t>(input_size()));
  events_to_input(events, position, input);
  return input;
}

std::int64_t EventSequenceEncoderDecoder::labels_to_num_steps(std::span<const int> labels) const {
  return static_cast<std::int64_t>(labels.size());
}

EncodedSequence EventSequenceEncoderDecoder::encode(std::span<const int> events) const {
  EncodedSequence out;
  out.input_size = input_size();
  if (events.size() < 2) return out;
  const std::size_t steps = events.size() - 1;
  out.inputs.resize(steps * static_cast<std::size_t>(out.input_size));
  out.labels.resize(steps);
  for (std::size_t i = 0; i < steps; ++i) {
    events_to_input(events, i,
                    std::span<float>(out.inputs.data() + i * static_cast<std::size_t>(out.input_size),
                                     static_cast<std::size_t>(out.input_size)));
    out.labels[i] = events_to_label(events, i + 1);
  }
  return out;
}

std::vector<int> EventSequenceEncoderDecoder::decode(int first_event, std::span<const std::int64_t> labels) const {
  std::vector<int> events;
  events.reserve(labels.size() + 1);
  events.push_back(first_event);
  for (std::int64_t label : labels) {
    if (label < 0 || label >= num_classes()) {
      bad_event("label " + std::to_string(label) + " outside [0, " + std::to_string(num_classes()) + ")");
    }
    events.push_back(class_index_to_event(static_cast<int>(label), events));
  }
  return events;
}

std::vector<std::vector<float>> EventSequenceEncoderDecoder::get_inputs(std::span<const int> events,
                                                                        bool full_length) const {
  std::vector<std::vector<float>> rows;
  if (events.empty()) return rows;
  if (full_length) {
    for (std::size_t i = 0; i < events.size(); ++i) rows.push_back(events_to_input(events, i));
  } else {
    rows.push_back(events_to_input(events, events.size() - 1));
  }
  return rows;
}

int EventSequenceEncoderDecoder::extend_event_sequence(std::vector<int>& events, std::span<const float> softmax,
                                                       core::Rng& rng) const {
  if (softmax.size() != static_cast<std::size_t>(num_classes())) {
    throw Error::usage("softmax has " + std::to_string(softmax.size()) + " values for " +
                       std::to_string(num_classes()) + " classes");
  }
  // numpy RandomState.choice(n, p=softmax): cdf = cumsum(p) / its last value, then the
  // first index whose cdf exceeds one uniform draw (searchsorted side='right').
  std::vector<double> cdf(softmax.size());
  double total = 0.0;
  for (std::size_t i = 0; i < softmax.size(); ++i) {
    total += static_cast<double>(softmax[i]);
    cdf[i] = total;
  }
  if (!(total > 0.0)) throw Error::usage("softmax probabilities sum to " + std::to_string(total));
  for (double& c : cdf) c /= total;
  const double u = rng.uniform01();
  auto chosen = static_cast<int>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
  chosen = std::min(chosen, num_classes() - 1);
  events.push_back(class_index_to_event(chosen, events));
  return chosen;
}

double EventSequenceEncoderDecoder::evaluate_log_likelihood(std::span<const int> events,
                                                            std::span<const float> softmax) const {
  const std::size_t classes = static_cast<std::size_t>(num_classes());
  const std::size_t rows = softmax.size() / classes;
  if (rows >= events.size()) {
    throw Error::usage("event sequence must be longer than softmax vector (" + std::to_string(events.size()) +
                       " events but softmax vector has length " + std::to_string(rows) + ")");
  }
  const std::size_t start = events.size() - rows;
  double loglik = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const int label = events_to_label(events, start + r);
    loglik += std::log(static_cast<double>(softmax[r * classes + static_cast<std::size_t>(label)]));
  }
  return loglik;
}

// ---------------------------------------------------------------- OneHotEventSequenceEncoderDecoder

OneHotEventSequenceEncoderDecoder::OneHotEventSequenceEncoderDecoder(std::shared_ptr<const OneHotEncoding> encoding)
    : encoding_(std::move(encoding)) {}

int OneHotEventSequenceEncoderDecoder::default_event_label() const {
  return encoding_->encode_event(encoding_->default_event());
}

void OneHotEventSequenceEncoderDecoder::events_to_input(std::span<const int> events, std::size_t position,
                                                        std::span<float> input) const {
  check_size(input, input_size());
  std::fill(input.begin(), input.end(), 0.0f);
  input[static_cast<std::size_t>(encoding_->encode_event(events[position]))] = 1.0f;
}

int OneHotEventSequenceEncoderDecoder::events_to_label(std::span<const int> events, std::size_t position) const {
  return encoding_->encode_event(events[position]);
}

int OneHotEventSequenceEncoderDecoder::class_index_to_event(int class_index, std::span<const int>) const {
  return encoding_->decode_event(class_index);
}

std::int64_t OneHotEventSequenceEncoderDecoder::labels_to_num_steps(std::span<const int> labels) const {
  std::int64_t steps = 0;
  for (int label : labels) steps += encoding_->event_to_num_steps(encoding_->decode_event(label));
  return steps;
}

// ---------------------------------------------------------------- LookbackEventSequenceEncoderDecoder

LookbackEventSequenceEncoderDecoder::LookbackEventSequenceEncoderDecoder(std::shared_ptr<const OneHotEncoding> encoding,
                                                                         std::vector<int> lookback_distances,
                                                                         int binary_counter_bits)
    : encoding_(std::move(encoding)),
      lookback_distances_(std::move(lookback_distances)),
      binary_counter_bits_(binary_counter_bits) {}

int LookbackEventSequenceEncoderDecoder::input_size() const {
  const int one_hot = encoding_->num_classes();
  const int lookbacks = static_cast<int>(lookback_distances_.size());
  return one_hot + lookbacks * one_hot + binary_counter_bits_ + lookbacks;
}

int LookbackEventSequenceEncoderDecoder::num_classes() const {
  return encoding_->num_classes() + static_cast<int>(lookback_distances_.size());
}

int LookbackEventSequenceEncoderDecoder::default_event_label() const {
  return encoding_->encode_event(encoding_->default_event());
}

void LookbackEventSequenceEncoderDecoder::events_to_input(std::span<const int> events, std::size_t position,
                                                          std::span<float> input) const {
  check_size(input, input_size());
  std::fill(input.begin(), input.end(), 0.0f);
  const auto pos = static_cast<std::int64_t>(position);
  std::size_t offset = 0;
  const auto one_hot = static_cast<std::size_t>(encoding_->num_classes());
  input[static_cast<std::size_t>(encoding_->encode_event(events[position]))] = 1.0f;
  offset += one_hot;
  // The event that followed, one lookback distance ago: what a repeat would play next.
  for (int distance : lookback_distances_) {
    const std::int64_t lookback = pos - distance + 1;
    const int event = lookback < 0 ? encoding_->default_event() : events[static_cast<std::size_t>(lookback)];
    input[offset + static_cast<std::size_t>(encoding_->encode_event(event))] = 1.0f;
    offset += one_hot;
  }
  // Binary counter of the metric position of the *next* event.
  const std::int64_t n = pos + 1;
  for (int i = 0; i < binary_counter_bits_; ++i) input[offset++] = ((n >> i) & 1) ? 1.0f : -1.0f;
  for (int distance : lookback_distances_) {
    const std::int64_t lookback = pos - distance;
    if (lookback >= 0 && events[position] == events[static_cast<std::size_t>(lookback)]) input[offset] = 1.0f;
    ++offset;
  }
}

int LookbackEventSequenceEncoderDecoder::events_to_label(std::span<const int> events, std::size_t position) const {
  const auto pos = static_cast<std::int64_t>(position);
  const auto lookbacks = static_cast<int>(lookback_distances_.size());
  // Before the farthest lookback exists, a default event counts as its repeat.
  if (!lookback_distances_.empty() && pos < lookback_distances_.back() &&
      events[position] == encoding_->default_event()) {
    return encoding_->num_classes() + lookbacks - 1;
  }
  for (int i = lookbacks - 1; i >= 0; --i) {  // the farthest repeat first
    const std::int64_t lookback = pos - lookback_distances_[static_cast<std::size_t>(i)];
    if (lookback >= 0 && events[position] == events[static_cast<std::size_t>(lookback)]) {
      return encoding_->num_classes() + i;
    }
  }
  return encoding_->encode_event(events[position]);
}

int LookbackEventSequenceEncoderDecoder::class_index_to_event(int class_index, std::span<const int> events) const {
  for (int i = static_cast<int>(lookback_distances_.size()) - 1; i >= 0; --i) {
    if (class_index == encoding_->num_classes() + i) {
      const auto distance = static_cast<std::size_t>(lookback_distances_[static_cast<std::size_t>(i)]);
      if (events.size() < distance) return encoding_->default_event();
      return events[events.size() - distance];
    }
  }
  return encoding_->decode_event(class_index);
}

std::int64_t LookbackEventSequenceEncoderDecoder::labels_to_num_steps(std::span<const int> labels) const {
  std::vector<int> events;
  events.reserve(labels.size());
  for (int label : labels) events.push_back(class_index_to_event(label, events));
  std::int64_t steps = 0;
  for (int event : events) steps += encoding_->event_to_num_steps(event);
  return steps;
}

}  // namespace stochos::melody
