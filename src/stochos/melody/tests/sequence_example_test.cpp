// SPDX-License-Identifier: GPL-3.0-or-later
// SequenceExample records: Magenta's own attention_rnn dataset files read back (the facts
// of ../shared/fixtures/README.md §4), and stochos's records parsed by Debian's
// python3-protobuf against a message definition written independently below.
#include "stochos/melody/sequence_example.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <map>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/melody/melody.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/testing/shared.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::melody {
namespace {

std::filesystem::path training_fixture() { return stochos::testing::fixture("sequence_examples/training_melodies.tfrecord"); }
std::filesystem::path eval_fixture() { return stochos::testing::fixture("sequence_examples/eval_melodies.tfrecord"); }

// The first event of a KeyMelody-encoded melody, from its first input vector: an attack
// names the pitch; otherwise the melody starts in silence (NO_EVENT; a leading NOTE_OFF is
// stored as NO_EVENT by Melody).
int first_event(const EncodedSequence& e, int min_note, int note_range) {
  const auto in = e.input(0);
  if (in[static_cast<std::size_t>(note_range + 2)] == 1.0f) {
    for (int i = 0; i < note_range; ++i) {
      if (in[static_cast<std::size_t>(i)] == 1.0f) return min_note + i;
    }
  }
  return kMelodyNoEvent;
}

TEST(MagentaSequenceExamples, RecordCountsWidthsAndStepsAreAsStated) {
  const auto training = read_sequence_examples(training_fixture());
  const auto eval = read_sequence_examples(eval_fixture());
  ASSERT_EQ(5u, training.size());
  ASSERT_EQ(1u, eval.size());
  const std::vector<std::size_t> steps = {127, 191, 511, 175, 343};
  for (std::size_t i = 0; i < training.size(); ++i) {
    EXPECT_EQ(74, training[i].input_size);
    EXPECT_EQ(steps[i], training[i].steps());
  }
  EXPECT_EQ(74, eval[0].input_size);
  EXPECT_EQ(511u, eval[0].steps());
  for (const auto* set : {&training, &eval}) {
    for (const auto& e : *set) {
      for (std::int64_t l : e.labels) {
        EXPECT_GE(l, 0);
        EXPECT_LT(l, 40);
      }
    }
  }
}

TEST(MagentaSequenceExamples, FirstRecordLabelsAndFirstInputAreAsStated) {
  const auto training = read_sequence_examples(training_fixture());
  const EncodedSequence& r0 = training[0];
  std::map<std::int64_t, int> counts;
  for (std::int64_t l : r0.labels) ++counts[l];
  EXPECT_EQ(6, counts[36]);
  EXPECT_EQ(2, counts[37]);
  EXPECT_EQ(13, counts[38]);
  EXPECT_EQ(49, counts[39]);
  const std::vector<std::int64_t> first16 = {39, 23, 24, 24, 39, 39, 39, 19, 39, 23, 24, 24, 39, 39, 39, 38};
  EXPECT_EQ(first16, std::vector<std::int64_t>(r0.labels.begin(), r0.labels.begin() + 16));
  std::map<int, float> nonzero;
  const auto in = r0.input(0);
  for (int i = 0; i < 74; ++i) {
    if (in[static_cast<std::size_t>(i)] != 0.0f) nonzero[i] = in[static_cast<std::size_t>(i)];
  }
  std::map<int, float> expected = {{19, 1}, {36, 1}, {38, 1}, {42, 1}, {43, -1}, {44, -1}, {45, -1},
                                   {46, -1}, {47, -1}, {48, -1}};
  for (int k : {50, 52, 53, 55, 57, 58, 60, 62, 64, 65, 67, 69, 70, 72}) expected[k] = 1;
  EXPECT_EQ(expected, nonzero);
  const auto eval = read_sequence_examples(eval_fixture());
  EXPECT_EQ(1.0f, eval[0].input(0)[37]);  // the eval melody starts in silence
}

TEST(MagentaSequenceExamples, MelodyRecoveredFromFirstEventAndLabelsReEncodesToEveryInput) {
  const auto med = make_encoder_decoder(melody_rnn_config("attention_rnn"));
  std::vector<EncodedSequence> all = read_sequence_examples(training_fixture());
  for (auto& e : read_sequence_examples(eval_fixture())) all.push_back(std::move(e));
  for (std::size_t r = 0; r < all.size(); ++r) {
    const EncodedSequence& record = all[r];
    const std::vector<int> events = med->decode(first_event(record, 48, 36), record.labels);
    const Melody melody(events);  // range-checks every event
    const EncodedSequence again = med->encode(melody.events());
    ASSERT_EQ(record.steps(), again.steps()) << "record " << r;
    EXPECT_EQ(record.labels, again.labels) << "record " << r;
    EXPECT_TRUE(record.inputs == again.inputs) << "record " << r << ": inputs differ";
  }
}

// Magenta's record with its feature_lists map entries in key order. TensorFlow writes map
// entries in hash order (record 0 of the fixture has "inputs" first, records 1-4 "labels"
// first); everything else is position-independent wire bytes.
std::string with_sorted_map_entries(const std::string& record) {
  namespace io = google::protobuf::io;
  io::CodedInputStream in(reinterpret_cast<const std::uint8_t*>(record.data()), static_cast<int>(record.size()));
  std::uint32_t length = 0;
  std::string lists;
  if (in.ReadTag() != ((2u << 3) | 2u) || !in.ReadVarint32(&length) || !in.ReadString(&lists, static_cast<int>(length)) ||
      !in.ExpectAtEnd()) {
    return {};
  }
  io::CodedInputStream inner(reinterpret_cast<const std::uint8_t*>(lists.data()), static_cast<int>(lists.size()));
  std::vector<std::string> entries;
  while (std::uint32_t tag = inner.ReadTag()) {
    std::string entry;
    if (tag != ((1u << 3) | 2u) || !inner.ReadVarint32(&length) || !inner.ReadString(&entry, static_cast<int>(length))) {
      return {};
    }
    entries.push_back(std::move(entry));  // each starts with its key: 0a 06 "inputs" / "labels"
  }
  std::sort(entries.begin(), entries.end());
  std::string rebuilt;
  {
    io::StringOutputStream stream(&rebuilt);
    io::CodedOutputStream out(&stream);
    for (const auto& e : entries) {
      out.WriteTag((1u << 3) | 2u);
      out.WriteVarint32(static_cast<std::uint32_t>(e.size()));
      out.WriteString(e);
    }
  }
  std::string result;
  {
    io::StringOutputStream stream(&result);
    io::CodedOutputStream out(&stream);
    out.WriteTag((2u << 3) | 2u);
    out.WriteVarint32(static_cast<std::uint32_t>(rebuilt.size()));
    out.WriteString(rebuilt);
  }
  return result;
}

TEST(MagentaSequenceExamples, ReSerializingGivesMagentasBytesUpToMapEntryOrder) {
  // Same packing, field order and float bytes as TensorFlow: the records differ at most in
  // the order of the two map entries, which protobuf leaves unspecified.
  std::vector<std::string> records = tfio::read_all_records(training_fixture());
  for (auto& r : tfio::read_all_records(eval_fixture())) records.push_back(std::move(r));
  int identical = 0;
  for (std::size_t r = 0; r < records.size(); ++r) {
    const std::string ours = serialize_sequence_example(parse_sequence_example(records[r], "record " + std::to_string(r)));
    identical += ours == records[r];
    EXPECT_TRUE(ours == with_sorted_map_entries(records[r])) << "record " << r;
  }
  EXPECT_GE(identical, 1);  // training record 0 is byte-identical as stored
}

TEST(SequenceExample, MalformedRecordsAreInputErrors) {
  EXPECT_THROW(parse_sequence_example("\xff\xff\xff", "x"), Error);
  EncodedSequence e;
  e.input_size = 2;
  e.inputs = {1, 0, 0, 1};
  e.labels = {0, 1};
  tensorflow::SequenceExample ex = make_sequence_example(e);
  (*ex.mutable_feature_lists()->mutable_feature_list())["labels"].mutable_feature(1)->mutable_int64_list()->add_value(3);
  EXPECT_THROW(parse_sequence_example(ex.SerializeAsString(), "x"), Error);
  ex.mutable_feature_lists()->mutable_feature_list()->erase("labels");
  EXPECT_THROW(parse_sequence_example(ex.SerializeAsString(), "x"), Error);
}

TEST(SequenceExample, CorruptRecordNamesTheRecordByteOffsetAndField) {
  // Issue 23: a TFRecord whose first record is damaged (CRCs recomputed) said only
  // "no melodies to evaluate"; the error must say which record and where.
  EncodedSequence e;
  e.input_size = 2;
  e.inputs = {1, 0, 0, 1};
  e.labels = {0, 1};
  const std::string good = serialize_sequence_example(e);
  const std::string cut = good.substr(0, good.size() - 3);  // feature_lists' length runs past the end
  stochos::testing::TempDir dir;
  for (const int damaged : {0, 1}) {
    std::string framed;
    tfio::append_framed_record(framed, damaged == 0 ? cut : good);
    tfio::append_framed_record(framed, damaged == 1 ? cut : good);
    const auto path = dir / "melodies.tfrecord";
    core::write_file_atomically(path, framed);
    try {
      (void)read_sequence_examples(path);
      FAIL() << "no error";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kInput);
      EXPECT_EQ(error.path(), path.string());
      const std::uint64_t record_start = damaged == 0 ? 0 : 16 + good.size();
      EXPECT_EQ(error.where().byte_offset, record_start + 12) << error.what();
      EXPECT_EQ(error.where().context, "record " + std::to_string(damaged) + ", field feature_lists")
          << error.what();
      EXPECT_NE(error.message().find("not a tensorflow.SequenceExample (length "), std::string::npos)
          << error.what();
    }
  }
}

// An independent reader: Python's protobuf runtime with a .proto written here from
// TensorFlow's field numbers (not from stochos/proto/example.proto), compiled by protoc
// at test time, and a TFRecord framing reader in plain Python.
constexpr const char* kIndependentProto = R"(syntax = "proto3";
package independent;
message FloatList { repeated float value = 1 [packed = true]; }
message Int64List { repeated int64 value = 1 [packed = true]; }
message BytesList { repeated bytes value = 1; }
message Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
message Features { map<string, Feature> feature = 1; }
message FeatureList { repeated Feature feature = 1; }
message FeatureLists { map<string, FeatureList> feature_list = 1; }
message SequenceExample { Features context = 1; FeatureLists feature_lists = 2; }
)";

constexpr const char* kReaderScript = R"(import struct, sys, json
sys.path.insert(0, sys.argv[1])
import independent_pb2
data = open(sys.argv[2], 'rb').read()
out, pos = [], 0
while pos < len(data):
    (length,) = struct.unpack('<Q', data[pos:pos + 8])
    record = data[pos + 12:pos + 12 + length]
    pos += 16 + length
    ex = independent_pb2.SequenceExample()
    ex.ParseFromString(record)
    lists = ex.feature_lists.feature_list
    out.append({'names': sorted(lists.keys()),
                'context': len(ex.context.feature),
                'inputs': [list(f.float_list.value) for f in lists['inputs'].feature],
                'labels': [list(f.int64_list.value) for f in lists['labels'].feature]})
print(json.dumps(out))
)";

TEST(SequenceExample, StochosRecordsParseWithPythonProtobufAndAnIndependentDefinition) {
  stochos::testing::TempDir dir;
  core::write_file_atomically(dir / "independent.proto", kIndependentProto);
  core::write_file_atomically(dir / "read.py", kReaderScript);
  const auto med = make_encoder_decoder(melody_rnn_config("lookback_rnn"));
  std::vector<EncodedSequence> examples = {med->encode(std::vector<int>{60, -2, -1, 62, -2, 64}),
                                           med->encode(std::vector<int>{48, 83, -1})};
  write_sequence_examples(dir / "x.tfrecord", examples);
  using stochos::testing::shell_quote;
  const auto protoc = stochos::testing::run_command("/usr/bin/protoc --python_out=" + shell_quote(dir.path().string()) +
                                                    " -I " + shell_quote(dir.path().string()) + " " +
                                                    shell_quote((dir / "independent.proto").string()));
  ASSERT_EQ(0, protoc.exit_code) << protoc.err;
  const auto py = stochos::testing::run_command("/usr/bin/python3 " + shell_quote((dir / "read.py").string()) + " " +
                                                shell_quote(dir.path().string()) + " " +
                                                shell_quote((dir / "x.tfrecord").string()));
  ASSERT_EQ(0, py.exit_code) << py.err;
  // Expected JSON, spelled the way Python's json.dumps prints these lists.
  auto floats = [](const EncodedSequence& e) {
    std::string s = "[";
    for (std::size_t step = 0; step < e.steps(); ++step) {
      s += step ? ", [" : "[";
      for (int i = 0; i < e.input_size; ++i) {
        const float v = e.input(step)[static_cast<std::size_t>(i)];
        s += (i ? ", " : "") + std::string(v == 1.0f ? "1.0" : v == -1.0f ? "-1.0" : "0.0");
      }
      s += "]";
    }
    return s + "]";
  };
  auto labels = [](const EncodedSequence& e) {
    std::string s = "[";
    for (std::size_t i = 0; i < e.labels.size(); ++i) s += (i ? ", [" : "[") + std::to_string(e.labels[i]) + "]";
    return s + "]";
  };
  std::string expected = "[";
  for (std::size_t i = 0; i < examples.size(); ++i) {
    expected += std::string(i ? ", " : "") + "{\"names\": [\"inputs\", \"labels\"], \"context\": 0, \"inputs\": " +
                floats(examples[i]) + ", \"labels\": " + labels(examples[i]) + "}";
  }
  expected += "]\n";
  EXPECT_EQ(expected, py.out);
}

}  // namespace
}  // namespace stochos::melody
