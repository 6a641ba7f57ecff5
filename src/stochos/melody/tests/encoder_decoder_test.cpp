// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq's encoder_decoder_test.py (one-hot and lookback parts) and
// melody_encoder_decoder_test.py ported test for test (NS @ 35825508). The long vectors of
// the lookback and key tests are in note_seq_encoder_vectors.inc, copied from the Python.
#include "stochos/melody/encoder_decoder.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stochos/core/error.h"
#include "stochos/melody/melody.h"

namespace stochos::melody {
namespace {

constexpr int NOTE_OFF = kMelodyNoteOff;
constexpr int NO_EVENT = kMelodyNoEvent;
using Events = std::vector<int>;
using Rows = std::vector<std::vector<float>>;

// note_seq testing_lib.TrivialOneHotEncoding.
class TrivialOneHotEncoding final : public OneHotEncoding {
 public:
  explicit TrivialOneHotEncoding(int num_classes, std::vector<int> num_steps = {})
      : num_classes_(num_classes), num_steps_(std::move(num_steps)) {}
  int num_classes() const override { return num_classes_; }
  int default_event() const override { return 0; }
  int encode_event(int event) const override { return event; }
  int decode_event(int index) const override { return index; }
  int event_to_num_steps(int event) const override {
    return num_steps_.empty() ? 1 : num_steps_[static_cast<std::size_t>(event)];
  }

 private:
  int num_classes_;
  std::vector<int> num_steps_;
};

std::vector<float> one_hot_row(int size, int index) {
  std::vector<float> row(static_cast<std::size_t>(size));
  row[static_cast<std::size_t>(index)] = 1.0f;
  return row;
}

// A softmax that puts all mass on one class, as the Python tests build them.
std::vector<float> certain(int num_classes, int label) { return one_hot_row(num_classes, label); }

// ------------------------------------------------------------ encoder_decoder_test.py

class OneHotEventSequenceEncoderDecoderTest : public ::testing::Test {
 protected:
  OneHotEventSequenceEncoderDecoder enc{std::make_shared<TrivialOneHotEncoding>(3, std::vector<int>{0, 1, 2})};
  Events events{0, 1, 0, 2, 0};
};

TEST_F(OneHotEventSequenceEncoderDecoderTest, InputSizeAndNumClasses) {
  EXPECT_EQ(3, enc.input_size());
  EXPECT_EQ(3, enc.num_classes());
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, EventsToInput) {
  EXPECT_EQ((std::vector<float>{1, 0, 0}), enc.events_to_input(events, 0));
  EXPECT_EQ((std::vector<float>{0, 1, 0}), enc.events_to_input(events, 1));
  EXPECT_EQ((std::vector<float>{1, 0, 0}), enc.events_to_input(events, 2));
  EXPECT_EQ((std::vector<float>{0, 0, 1}), enc.events_to_input(events, 3));
  EXPECT_EQ((std::vector<float>{1, 0, 0}), enc.events_to_input(events, 4));
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, EventsToLabelAndClassIndexToEvent) {
  const std::vector<int> labels = {0, 1, 0, 2, 0};
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(labels[i], enc.events_to_label(events, i));
  for (int c = 0; c < 3; ++c) EXPECT_EQ(c, enc.class_index_to_event(c, events));
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, LabelsToNumSteps) {
  EXPECT_EQ(3, enc.labels_to_num_steps(std::vector<int>{0, 1, 0, 2, 0}));
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, Encode) {
  const EncodedSequence e = enc.encode(events);
  EXPECT_EQ((std::vector<float>{1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1}), e.inputs);
  EXPECT_EQ((std::vector<std::int64_t>{1, 0, 2, 0}), e.labels);
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, GetInputsBatch) {
  const Events second = {0, 1, 2};
  EXPECT_EQ((Rows{{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {1, 0, 0}}), enc.get_inputs(events, true));
  EXPECT_EQ((Rows{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), enc.get_inputs(second, true));
  EXPECT_EQ((Rows{{1, 0, 0}}), enc.get_inputs(events, false));
  EXPECT_EQ((Rows{{0, 0, 1}}), enc.get_inputs(second, false));
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, ExtendEventSequences) {
  core::Rng rng(1);
  Events a{0}, b{0}, c{0};
  enc.extend_event_sequence(a, std::vector<float>{0, 0, 1}, rng);
  enc.extend_event_sequence(b, std::vector<float>{1, 0, 0}, rng);
  enc.extend_event_sequence(c, std::vector<float>{0, 1, 0}, rng);
  EXPECT_EQ((Events{0, 2}), a);
  EXPECT_EQ((Events{0, 0}), b);
  EXPECT_EQ((Events{0, 1}), c);
}

TEST_F(OneHotEventSequenceEncoderDecoderTest, EvaluateLogLikelihood) {
  EXPECT_NEAR(std::log(0.5) + std::log(0.3),
              enc.evaluate_log_likelihood(Events{0, 1, 0}, std::vector<float>{0.0f, 0.5f, 0.5f, 0.3f, 0.4f, 0.3f}),
              1e-6);
  EXPECT_NEAR(std::log(0.4) + std::log(0.6),
              enc.evaluate_log_likelihood(Events{1, 2, 2}, std::vector<float>{0.0f, 0.6f, 0.4f, 0.0f, 0.4f, 0.6f}),
              1e-6);
}

class LookbackEventSequenceEncoderDecoderTest : public ::testing::Test {
 protected:
  LookbackEventSequenceEncoderDecoder enc{std::make_shared<TrivialOneHotEncoding>(3, std::vector<int>{0, 1, 2}),
                                          {1, 2}, 2};
  Events events{0, 1, 0, 2, 0};
};

TEST_F(LookbackEventSequenceEncoderDecoderTest, InputSizeAndNumClasses) {
  EXPECT_EQ(13, enc.input_size());
  EXPECT_EQ(5, enc.num_classes());
}

TEST_F(LookbackEventSequenceEncoderDecoderTest, EventsToInput) {
  EXPECT_EQ((std::vector<float>{1, 0, 0, 1, 0, 0, 1, 0, 0, 1, -1, 0, 0}), enc.events_to_input(events, 0));
  EXPECT_EQ((std::vector<float>{0, 1, 0, 0, 1, 0, 1, 0, 0, -1, 1, 0, 0}), enc.events_to_input(events, 1));
  EXPECT_EQ((std::vector<float>{1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1}), enc.events_to_input(events, 2));
  EXPECT_EQ((std::vector<float>{0, 0, 1, 0, 0, 1, 1, 0, 0, -1, -1, 0, 0}), enc.events_to_input(events, 3));
  EXPECT_EQ((std::vector<float>{1, 0, 0, 1, 0, 0, 0, 0, 1, 1, -1, 0, 1}), enc.events_to_input(events, 4));
}

TEST_F(LookbackEventSequenceEncoderDecoderTest, EventsToLabel) {
  const std::vector<int> labels = {4, 1, 4, 2, 4};
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(labels[i], enc.events_to_label(events, i));
}

TEST_F(LookbackEventSequenceEncoderDecoderTest, ClassIndexToEvent) {
  // expected[k][c]: class c decoded after events[:k + 1].
  const std::vector<std::vector<int>> expected = {
      {0, 1, 2, 0, 0}, {0, 1, 2, 1, 0}, {0, 1, 2, 0, 1}, {0, 1, 2, 2, 0}, {0, 1, 2, 0, 2}};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const std::span<const int> prefix(events.data(), k + 1);
    for (int c = 0; c < 5; ++c) EXPECT_EQ(expected[k][static_cast<std::size_t>(c)], enc.class_index_to_event(c, prefix));
  }
}

TEST_F(LookbackEventSequenceEncoderDecoderTest, LabelsToNumSteps) {
  EXPECT_EQ(3, enc.labels_to_num_steps(std::vector<int>{0, 1, 0, 2, 0}));
  EXPECT_EQ(5, enc.labels_to_num_steps(std::vector<int>{0, 1, 3, 2, 4}));
}

TEST_F(LookbackEventSequenceEncoderDecoderTest, EmptyLookback) {
  LookbackEventSequenceEncoderDecoder empty(std::make_shared<TrivialOneHotEncoding>(3), {}, 2);
  EXPECT_EQ(5, empty.input_size());
  EXPECT_EQ(3, empty.num_classes());
  EXPECT_EQ((std::vector<float>{1, 0, 0, 1, -1}), empty.events_to_input(events, 0));
  EXPECT_EQ((std::vector<float>{0, 1, 0, -1, 1}), empty.events_to_input(events, 1));
  EXPECT_EQ((std::vector<float>{1, 0, 0, 1, 1}), empty.events_to_input(events, 2));
  EXPECT_EQ((std::vector<float>{0, 0, 1, -1, -1}), empty.events_to_input(events, 3));
  EXPECT_EQ((std::vector<float>{1, 0, 0, 1, -1}), empty.events_to_input(events, 4));
  const std::vector<int> labels = {0, 1, 0, 2, 0};
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(labels[i], empty.events_to_label(events, i));
  for (std::size_t k = 1; k <= events.size(); ++k) {
    for (int c = 0; c < 3; ++c) EXPECT_EQ(c, empty.class_index_to_event(c, std::span<const int>(events.data(), k)));
  }
}

// ------------------------------------------------------------ melody_encoder_decoder_test.py

TEST(MelodyOneHotEncoding, Init) {
  EXPECT_NO_THROW(MelodyOneHotEncoding(0, 128));
  EXPECT_THROW(MelodyOneHotEncoding(-1, 12), Error);
  EXPECT_THROW(MelodyOneHotEncoding(60, 129), Error);
  EXPECT_THROW(MelodyOneHotEncoding(72, 72), Error);
}

TEST(MelodyOneHotEncoding, NumClassesDefaultEventEncodeDecode) {
  EXPECT_EQ(14, MelodyOneHotEncoding(60, 72).num_classes());
  EXPECT_EQ(130, MelodyOneHotEncoding(0, 128).num_classes());
  EXPECT_EQ(3, MelodyOneHotEncoding(60, 61).num_classes());
  const MelodyOneHotEncoding enc(60, 72);
  EXPECT_EQ(NO_EVENT, enc.default_event());
  EXPECT_EQ(2, enc.encode_event(60));
  EXPECT_EQ(13, enc.encode_event(71));
  EXPECT_EQ(0, enc.encode_event(NO_EVENT));
  EXPECT_EQ(1, enc.encode_event(NOTE_OFF));
  EXPECT_THROW(enc.encode_event(-3), Error);
  EXPECT_THROW(enc.encode_event(59), Error);
  EXPECT_THROW(enc.encode_event(72), Error);
  EXPECT_EQ(63, enc.decode_event(5));
  EXPECT_EQ(60, enc.decode_event(2));
  EXPECT_EQ(71, enc.decode_event(13));
  EXPECT_EQ(NO_EVENT, enc.decode_event(0));
  EXPECT_EQ(NOTE_OFF, enc.decode_event(1));
}

class MelodyOneHotEventSequenceEncoderDecoderTest : public ::testing::Test {
 protected:
  OneHotEventSequenceEncoderDecoder med{std::make_shared<MelodyOneHotEncoding>(60, 72)};
  static Melody squashed(Events events) {
    Melody m(std::move(events));
    m.squash(60, 72, 0);
    return m;
  }
};

TEST_F(MelodyOneHotEventSequenceEncoderDecoderTest, InitValues) {
  EXPECT_EQ(14, med.input_size());
  EXPECT_EQ(14, med.num_classes());
  EXPECT_EQ(0, med.default_event_label());
}

TEST_F(MelodyOneHotEventSequenceEncoderDecoderTest, Encode) {
  const Melody m = squashed({100, 100, 107, 111, NO_EVENT, 99, 112, NOTE_OFF, NO_EVENT});
  const EncodedSequence e = med.encode(m.events());
  const std::vector<int> hot = {2, 2, 9, 13, 0, 13, 2, 1};
  ASSERT_EQ(hot.size(), e.steps());
  for (std::size_t i = 0; i < hot.size(); ++i) {
    EXPECT_EQ(one_hot_row(14, hot[i]), std::vector<float>(e.input(i).begin(), e.input(i).end())) << i;
  }
  EXPECT_EQ((std::vector<std::int64_t>{2, 9, 13, 0, 13, 2, 1, 0}), e.labels);
}

TEST_F(MelodyOneHotEventSequenceEncoderDecoderTest, GetInputsBatch) {
  const Melody m1 = squashed({100, 100, 107, 111, NO_EVENT, 99, 112, NOTE_OFF, NO_EVENT});
  const Melody m2 = squashed({9, 10, 12, 14, 15, 17, 19, 21, 22});
  Rows rows1, rows2;
  for (int h : {2, 2, 9, 13, 0, 13, 2, 1, 0}) rows1.push_back(one_hot_row(14, h));
  for (int h : {13, 2, 4, 6, 7, 9, 11, 13, 2}) rows2.push_back(one_hot_row(14, h));
  EXPECT_EQ(rows1, med.get_inputs(m1.events(), true));
  EXPECT_EQ(rows2, med.get_inputs(m2.events(), true));
  EXPECT_EQ(Rows{rows1.back()}, med.get_inputs(m1.events(), false));
  EXPECT_EQ(Rows{rows2.back()}, med.get_inputs(m2.events(), false));
}

TEST_F(MelodyOneHotEventSequenceEncoderDecoderTest, ExtendMelodies) {
  core::Rng rng(7);
  const std::vector<std::pair<int, int>> cases = {{2, 60}, {13, 71}, {0, NO_EVENT}, {1, NOTE_OFF}};
  for (const auto& [label, event] : cases) {
    Events m{60};
    med.extend_event_sequence(m, certain(14, label), rng);
    EXPECT_EQ((Events{60, event}), m);
  }
}

// The four lookback/key tests: inputs at the listed positions of a full-length batch,
// decoding each expected label after the prefix, and the last-event batch.
struct NoteSeqEncoderCase {
  const char* test;
  bool key;
  int min_note;
  int max_note;
  int input_size;
  int num_classes;
  std::vector<int> events;
  std::vector<std::size_t> indices;
  std::vector<std::vector<float>> inputs;
  std::vector<int> labels;
};

const std::vector<NoteSeqEncoderCase>& note_seq_cases() {
  static const std::vector<NoteSeqEncoderCase> cases = {
#include "stochos/melody/tests/note_seq_encoder_vectors.inc"
  };
  return cases;
}

std::unique_ptr<EventSequenceEncoderDecoder> encoder_for(const NoteSeqEncoderCase& c) {
  if (c.key) return std::make_unique<KeyMelodyEncoderDecoder>(c.min_note, c.max_note);
  return std::make_unique<LookbackEventSequenceEncoderDecoder>(std::make_shared<MelodyOneHotEncoding>(c.min_note, c.max_note));
}

TEST(NoteSeqEncoderVectors, LookbackAndKeyTestsMatchValueForValue) {
  ASSERT_EQ(4u, note_seq_cases().size());
  for (const NoteSeqEncoderCase& c : note_seq_cases()) {
    SCOPED_TRACE(c.test);
    const auto med = encoder_for(c);
    EXPECT_EQ(c.input_size, med->input_size());
    EXPECT_EQ(c.num_classes, med->num_classes());
    const Melody melody(c.events);
    const Rows full = med->get_inputs(melody.events(), true);
    const EncodedSequence encoded = med->encode(melody.events());
    for (std::size_t i = 0; i < c.indices.size(); ++i) {
      const std::size_t index = c.indices[i];
      EXPECT_EQ(c.inputs[i], full[index]) << "position " << index;
      if (index + 1 < melody.size()) {
        // encode() (one pass for the key encoder) gives the same row.
        EXPECT_EQ(c.inputs[i], std::vector<float>(encoded.input(index).begin(), encoded.input(index).end()));
      }
      // extend_event_sequences with all mass on the expected label recovers the event.
      Events partial(c.events.begin(), c.events.begin() + static_cast<std::ptrdiff_t>(index));
      core::Rng rng(index);
      med->extend_event_sequence(partial, certain(c.num_classes, c.labels[i]), rng);
      EXPECT_EQ(c.events[index], partial.back()) << "position " << index;
    }
    EXPECT_EQ(Rows{c.inputs.back()}, med->get_inputs(melody.events(), false));
  }
}

// ------------------------------------------------------------ beyond the port

TEST(ExtendEventSequence, DrawsClassesInProportionToTheSoftmax) {
  OneHotEventSequenceEncoderDecoder enc(std::make_shared<TrivialOneHotEncoding>(3));
  core::Rng rng(42);
  std::array<int, 3> counts{};
  for (int i = 0; i < 30000; ++i) {
    Events e{0};
    ++counts[static_cast<std::size_t>(enc.extend_event_sequence(e, std::vector<float>{0.2f, 0.5f, 0.3f}, rng))];
  }
  EXPECT_NEAR(0.2, counts[0] / 30000.0, 0.01);
  EXPECT_NEAR(0.5, counts[1] / 30000.0, 0.01);
  EXPECT_NEAR(0.3, counts[2] / 30000.0, 0.01);
}

TEST(EvaluateLogLikelihood, NeedsMoreEventsThanSoftmaxRows) {
  OneHotEventSequenceEncoderDecoder enc(std::make_shared<TrivialOneHotEncoding>(3));
  EXPECT_THROW(enc.evaluate_log_likelihood(Events{0, 1}, std::vector<float>(6, 0.3f)), Error);
}

}  // namespace
}  // namespace stochos::melody
