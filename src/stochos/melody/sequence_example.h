// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// tensorflow.SequenceExample records as Magenta's melody datasets hold them (MG
/// magenta/pipelines/pipelines_common.py make_sequence_example):
/// no context, feature list "inputs" (one float_list of input_size values per step) and
/// feature list "labels" (one int64_list of one value per step). Thread-safe functions.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/melody/encoder_decoder.h"
#include "stochos/proto/example.pb.h"

namespace stochos::melody {

/// Magenta's make_sequence_example.
tensorflow::SequenceExample make_sequence_example(const EncodedSequence& encoded);

/// The record bytes, serialized deterministically (map keys sorted: "inputs", "labels"),
/// so equal datasets are equal files.
std::string serialize_sequence_example(const EncodedSequence& encoded);

/// Reads one record back. Throws Error(kInput) naming `source` (e.g. "x.tfrecord: record
/// 3") when the bytes do not parse, a feature list is missing or of the wrong kind, the
/// input widths differ, a step has other than one label, or the step counts differ.
EncodedSequence parse_sequence_example(std::string_view bytes, const std::string& source);

/// Every record of a TFRecord file of SequenceExamples.
std::vector<EncodedSequence> read_sequence_examples(const std::filesystem::path& tfrecord);

/// Writes a TFRecord file of SequenceExamples atomically.
void write_sequence_examples(const std::filesystem::path& tfrecord, const std::vector<EncodedSequence>& examples);

}  // namespace stochos::melody
