// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Where a protobuf message's bytes break. ParseFromArray only says "failed"; the readers
/// of .ns files, bundles and SequenceExample records call this afterwards to name the byte
/// offset and field, as the MIDI reader names its bytes.
#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stochos::proto {

struct WireProblem {
  std::uint64_t byte_offset = 0;  ///< from the start of `bytes`
  std::string field_path;         ///< e.g. "notes[3].pitch", or "" at the top level
  std::string problem;            ///< one clause, e.g. "length 900 runs past the end (12 bytes left)"
};

/// Walks `bytes` as a message of `type` (wire format, nested messages, packed scalars and
/// UTF-8 of proto3 strings) and returns the first problem found, or none if the walk finds
/// nothing (then the failure is one the walk does not model). Never throws; depth-limited.
std::optional<WireProblem> find_wire_problem(std::string_view bytes,
                                             const google::protobuf::Descriptor& type);

/// "byte 0x1a (field notes[3].pitch): <problem>" style text of a problem, for messages.
std::string describe(const WireProblem& problem);

}  // namespace stochos::proto
