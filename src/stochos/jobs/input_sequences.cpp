// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/input_sequences.h"

#include <fstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/jobs/convert_job.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/input_files.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/tfio/shards.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::jobs {
namespace fs = std::filesystem;
namespace {

// Records in a TFRecord file, from the length fields alone (for the progress bar only; a
// damaged file just gets an approximate total).
std::uint64_t count_records(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t count = 0;
  std::error_code ec;
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) return 0;
  std::uint64_t offset = 0;
  while (in && offset + 12 <= size) {
    unsigned char header[8];
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(reinterpret_cast<char*>(header), 8)) break;
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = (length << 8) | header[i];
    if (length > size) break;
    offset += 16 + length;
    ++count;
  }
  return count;
}

void visit_tfrecords(const std::vector<fs::path>& paths, core::ProgressBar::Mode progress, const std::string& label,
                     const std::function<void(magenta::NoteSequence&, std::uint64_t)>& visit,
                     std::vector<SkippedInput>& skipped) {
  std::uint64_t total = 0;
  for (const auto& path : paths) total += count_records(path);
  core::ProgressBar bar(label, total, progress);
  std::uint64_t base = 0;  // record numbers run on from one file to the next
  for (const auto& path : paths) {
    tfio::TFRecordReader reader(path);
    std::string record;
    while (true) {
      try {
        if (!reader.next(record)) break;
      } catch (const Error& e) {
        // Framing or CRC damage: the records after it cannot be located reliably.
        skipped.push_back({std::string(e.what()) + " (reading stopped here)"});
        break;
      }
      const std::uint64_t index = reader.records_read() - 1;
      bar.advance();
      magenta::NoteSequence sequence;
      try {
        sequence = notesequence::parse_note_sequence(record, path.string() + ": record " + std::to_string(index));
      } catch (const Error& e) {
        skipped.push_back({e.what()});
        bar.set_status(std::to_string(skipped.size()) + " skipped");
        continue;
      }
      visit(sequence, base + index);
    }
    base += reader.records_read();
  }
  bar.finish();
}

}  // namespace

void for_each_input_sequence(const fs::path& input, bool recursive, int threads,
                             core::ProgressBar::Mode progress, const std::string& progress_label,
                             const std::function<void(magenta::NoteSequence&, std::uint64_t)>& visit,
                             std::vector<SkippedInput>& skipped) {
  std::error_code ec;
  if (fs::is_directory(input, ec)) {
    // A folder of MIDI and score files: converted exactly as `stochos convert` converts it
    // (same ids, filenames and collection name as Magenta's convert_dir_to_note_sequences),
    // each record visited in output order as it is made, in memory.
    ConvertOptions convert;
    convert.input_dir = input;
    convert.recursive = recursive;
    convert.threads = std::max(1, threads);
    convert.progress = progress;
    std::uint64_t index = 0;
    convert.on_record = [&](const std::string& record) {
      magenta::NoteSequence sequence =
          notesequence::parse_note_sequence(record, input.string() + ": record " + std::to_string(index));
      visit(sequence, index++);
    };
    const ConvertSummary summary = convert_directory(convert);
    for (const auto& f : summary.failed) skipped.push_back({f.message});
    for (const auto& f : summary.unsupported) skipped.push_back({f.message});
    return;
  }
  if (!fs::exists(input, ec)) {
    // A list or pattern of TFRecords (shards), or an error naming what is missing.
    visit_tfrecords(tfio::expand_input_files(input.string()), progress, progress_label, visit, skipped);
    return;
  }
  if (midi::is_midi_file_name(input)) {
    magenta::NoteSequence sequence;
    try {
      sequence = notesequence::midi_file_to_note_sequence(input);
    } catch (const Error& e) {
      skipped.push_back({e.what()});
      return;
    }
    const fs::path parent = fs::absolute(input).parent_path();
    sequence.set_filename(input.filename().string());
    sequence.set_collection_name(parent.filename().string());
    sequence.set_id(notesequence::note_sequence_id(sequence.filename(), sequence.collection_name(), "midi"));
    visit(sequence, 0);
    return;
  }
  visit_tfrecords({input}, progress, progress_label, visit, skipped);
}

}  // namespace stochos::jobs
