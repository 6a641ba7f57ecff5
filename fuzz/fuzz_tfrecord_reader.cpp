// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes: the TFRecord reader yields records or throws stochos::Error, with or without
// CRC checks (so that the fuzzer also reaches the NoteSequence parser behind it).
#include <cstddef>
#include <cstdint>
#include <string>

#include "stochos/core/error.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/tfio/tfrecord.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (bool verify : {true, false}) {
    try {
      stochos::tfio::TFRecordReader reader(bytes, "fuzz.tfrecord", {.verify_crc = verify, .max_record_bytes = 1 << 20});
      std::string record;
      while (reader.next(record)) {
        try {
          (void)stochos::notesequence::parse_note_sequence(record, "fuzz");
        } catch (const stochos::Error&) {
        }
      }
    } catch (const stochos::Error&) {
    }
  }
  return 0;
}
