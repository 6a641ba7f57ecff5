// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/sequence_example.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "stochos/core/error.h"
#include "stochos/proto/wire_problem.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::melody {
namespace {

[[noreturn]] void bad(const std::string& source, const std::string& message) {
  throw Error::input(source, {}, message);
}

}  // namespace

tensorflow::SequenceExample make_sequence_example(const EncodedSequence& encoded) {
  tensorflow::SequenceExample example;
  auto& lists = *example.mutable_feature_lists()->mutable_feature_list();
  auto& inputs = lists["inputs"];
  auto& labels = lists["labels"];
  const auto width = static_cast<std::size_t>(encoded.input_size);
  for (std::size_t step = 0; step < encoded.steps(); ++step) {
    auto* values = inputs.add_feature()->mutable_float_list()->mutable_value();
    values->Reserve(encoded.input_size);
    values->Add(encoded.inputs.begin() + static_cast<std::ptrdiff_t>(step * width),
                encoded.inputs.begin() + static_cast<std::ptrdiff_t>((step + 1) * width));
    labels.add_feature()->mutable_int64_list()->add_value(encoded.labels[step]);
  }
  return example;
}

std::string serialize_sequence_example(const EncodedSequence& encoded) {
  const tensorflow::SequenceExample example = make_sequence_example(encoded);
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    example.SerializeToCodedStream(&coded);
  }
  return out;
}

EncodedSequence parse_sequence_example(std::string_view bytes, const std::string& source) {
  tensorflow::SequenceExample example;
  if (!example.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    ErrorLocation where;
    std::string detail = "protobuf parse failed";
    if (const auto problem = proto::find_wire_problem(bytes, *example.GetDescriptor())) {
      where.byte_offset = problem->byte_offset;
      if (!problem->field_path.empty()) where.context = "field " + problem->field_path;
      detail = problem->problem;
    }
    throw Error::input(source, where, "not a tensorflow.SequenceExample (" + detail + ")");
  }
  const auto& lists = example.feature_lists().feature_list();
  const auto inputs = lists.find("inputs");
  const auto labels = lists.find("labels");
  if (inputs == lists.end() || labels == lists.end()) {
    bad(source, "SequenceExample lacks the feature list \"inputs\" or \"labels\" of Magenta's datasets");
  }
  EncodedSequence out;
  const int steps = inputs->second.feature_size();
  if (labels->second.feature_size() != steps) {
    bad(source, std::to_string(steps) + " input steps but " + std::to_string(labels->second.feature_size()) +
                    " labels");
  }
  out.labels.reserve(static_cast<std::size_t>(steps));
  for (int i = 0; i < steps; ++i) {
    const auto& f = inputs->second.feature(i);
    if (!f.has_float_list()) bad(source, "inputs step " + std::to_string(i) + " is not a float_list");
    const int width = f.float_list().value_size();
    if (i == 0) {
      out.input_size = width;
      out.inputs.reserve(static_cast<std::size_t>(steps) * static_cast<std::size_t>(width));
    } else if (width != out.input_size) {
      bad(source, "inputs step " + std::to_string(i) + " has " + std::to_string(width) + " values, step 0 has " +
                      std::to_string(out.input_size));
    }
    out.inputs.insert(out.inputs.end(), f.float_list().value().begin(), f.float_list().value().end());
    const auto& l = labels->second.feature(i);
    if (!l.has_int64_list() || l.int64_list().value_size() != 1) {
      bad(source, "labels step " + std::to_string(i) + " is not an int64_list of one value");
    }
    out.labels.push_back(l.int64_list().value(0));
  }
  return out;
}

std::vector<EncodedSequence> read_sequence_examples(const std::filesystem::path& tfrecord) {
  tfio::TFRecordReader reader(tfrecord);
  std::vector<EncodedSequence> out;
  std::string record;
  while (true) {
    const std::uint64_t index = reader.records_read();
    const std::uint64_t offset = reader.offset();
    if (!reader.next(record)) break;
    try {
      out.push_back(parse_sequence_example(record, tfrecord.string()));
    } catch (const Error& e) {
      throw tfio::error_in_record(e, tfrecord, index, offset);
    }
  }
  return out;
}

void write_sequence_examples(const std::filesystem::path& tfrecord, const std::vector<EncodedSequence>& examples) {
  tfio::TFRecordWriter writer(tfrecord);
  for (const auto& e : examples) writer.write(serialize_sequence_example(e));
  writer.commit();
}

}  // namespace stochos::melody
