// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// note_seq's testing_lib for the ported tests: the same builders (add_track_to_sequence,
// add_chords_to_sequence, ...) and assertProtoEquals (doubles rounded to 7 places).
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/proto/music.pb.h"

namespace stochos::notesequence::test_support {

using NoteSequence = magenta::NoteSequence;
using KeySignature = NoteSequence::KeySignature;
using TextAnnotation = NoteSequence::TextAnnotation;
using NoteSpec = std::tuple<int, int, double, double>;  // pitch, velocity, start, end


inline NoteSequence parse(const char* text) {
  NoteSequence s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &s)) << text;
  return s;
}

// testing_lib.ProtoTestCase.setUp: 4/4 at 0, 60 qpm at 0.
// testing_lib.ProtoTestCase.setUp's sequence: 4/4 and 60 qpm (other meters and tempos for
// the melody tests).
inline NoteSequence base_sequence(int numerator = 4, int denominator = 4, double qpm = 60) {
  NoteSequence s;
  auto* ts = s.add_time_signatures();
  ts->set_numerator(numerator);
  ts->set_denominator(denominator);
  s.add_tempos()->set_qpm(qpm);
  return s;
}

inline void add_track(NoteSequence& s, int instrument, const std::vector<NoteSpec>& notes, bool is_drum = false,
                      int program = 0) {
  for (const auto& [pitch, velocity, start, end] : notes) {
    auto* n = s.add_notes();
    n->set_pitch(pitch);
    n->set_velocity(velocity);
    n->set_start_time(start);
    n->set_end_time(end);
    n->set_instrument(instrument);
    n->set_is_drum(is_drum);
    n->set_program(program);
    if (end > s.total_time()) s.set_total_time(end);
  }
}

inline void add_chords(NoteSequence& s, std::initializer_list<std::pair<const char*, double>> chords) {
  for (const auto& [figure, time] : chords) {
    auto* ta = s.add_text_annotations();
    ta->set_time(time);
    ta->set_text(figure);
    ta->set_annotation_type(TextAnnotation::CHORD_SYMBOL);
  }
}

inline void add_beats(NoteSequence& s, std::initializer_list<double> times) {
  for (double time : times) {
    auto* ta = s.add_text_annotations();
    ta->set_time(time);
    ta->set_annotation_type(TextAnnotation::BEAT);
  }
}

inline void add_control_changes(NoteSequence& s, int instrument,
                         std::initializer_list<std::tuple<double, int, int>> changes) {
  for (const auto& [time, number, value] : changes) {
    auto* cc = s.add_control_changes();
    cc->set_time(time);
    cc->set_control_number(number);
    cc->set_control_value(value);
    cc->set_instrument(instrument);
  }
}

inline void add_pitch_bends(NoteSequence& s, int instrument, int program,
                     std::initializer_list<std::pair<double, int>> bends) {
  for (const auto& [time, bend] : bends) {
    auto* pb = s.add_pitch_bends();
    pb->set_time(time);
    pb->set_bend(bend);
    pb->set_program(program);
    pb->set_instrument(instrument);
  }
}

inline void round_doubles(google::protobuf::Message& m) {
  const auto* reflection = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  auto round7 = [](double x) { return std::round(x * 1e7) / 1e7; };
  for (const auto* f : fields) {
    using FD = google::protobuf::FieldDescriptor;
    if (f->cpp_type() == FD::CPPTYPE_DOUBLE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i) {
          reflection->SetRepeatedDouble(&m, f, i, round7(reflection->GetRepeatedDouble(m, f, i)));
        }
      } else {
        reflection->SetDouble(&m, f, round7(reflection->GetDouble(m, f)));
      }
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          round_doubles(*reflection->MutableRepeatedMessage(&m, f, i));
      } else {
        round_doubles(*reflection->MutableMessage(&m, f));
      }
    }
  }
}

// note_seq ProtoTestCase.assertProtoEquals: field presence and order matter, doubles to 7 places.
inline ::testing::AssertionResult ProtoEquals(const NoteSequence& expected, const NoteSequence& actual) {
  NoteSequence a = expected;
  NoteSequence b = actual;
  round_doubles(a);
  round_doubles(b);
  google::protobuf::util::MessageDifferencer differencer;
  std::string report;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(a, b)) return ::testing::AssertionSuccess();
  std::string a_text;
  std::string b_text;
  google::protobuf::TextFormat::PrintToString(expected, &a_text);
  google::protobuf::TextFormat::PrintToString(actual, &b_text);
  return ::testing::AssertionFailure() << report << "\nexpected:\n" << a_text << "\nactual:\n" << b_text;
}

template <typename F>
inline std::string error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code().empty() ? "<kind " + std::to_string(static_cast<int>(e.kind())) + ">" : e.code();
  }
  return "<no error>";
}

inline const std::string kUsageKind = "<kind " + std::to_string(static_cast<int>(ErrorKind::kUsage)) + ">";

// The five-note track most note_seq tests start from.
inline constexpr std::initializer_list<NoteSpec> kFiveNotes = {{12, 100, 0.01, 10.0},
                                                        {11, 55, 0.22, 0.50},
                                                        {40, 45, 2.50, 3.50},
                                                        {55, 120, 4.0, 4.01},
                                                        {52, 99, 4.75, 5.0}};


// testing_lib.add_quantized_steps_to_sequence and friends.
inline void add_quantized_steps(NoteSequence& s,
                         std::initializer_list<std::pair<std::int64_t, std::int64_t>> steps) {
  ASSERT_EQ(static_cast<std::size_t>(s.notes_size()), steps.size());
  int i = 0;
  for (const auto& [start, end] : steps) {
    auto* n = s.mutable_notes(i++);
    n->set_quantized_start_step(start);
    n->set_quantized_end_step(end);
    if (end > s.total_quantized_steps()) s.set_total_quantized_steps(end);
  }
}

inline void add_quantized_chord_steps(NoteSequence& s, std::initializer_list<std::int64_t> steps) {
  auto step = steps.begin();
  for (auto& ta : *s.mutable_text_annotations()) {
    if (ta.annotation_type() != TextAnnotation::CHORD_SYMBOL) continue;
    ASSERT_NE(step, steps.end());
    ta.set_quantized_step(*step++);
  }
  ASSERT_EQ(step, steps.end());
}

inline void add_quantized_control_steps(NoteSequence& s, std::initializer_list<std::int64_t> steps) {
  ASSERT_EQ(static_cast<std::size_t>(s.control_changes_size()), steps.size());
  int i = 0;
  for (std::int64_t step : steps) s.mutable_control_changes(i++)->set_quantized_step(step);
}


}  // namespace stochos::notesequence::test_support
