// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/dataset.h"

#include <unistd.h>

#include <chrono>
#include <fstream>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/core/random.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/notesequence/convert_job.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::melody {
namespace fs = std::filesystem;
namespace {

bool is_midi_path(const fs::path& p) {
  const std::string ext = core::lowercase_extension(p);
  return ext == ".mid" || ext == ".midi";
}

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

// Removes a scratch file when the scope ends, however it ends.
struct RemoveOnExit {
  fs::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    if (!path.empty()) fs::remove(path, ec);
  }
};

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

void for_each_input_sequence(const fs::path& input, const fs::path& scratch_dir, bool recursive, int threads,
                             core::ProgressBar::Mode progress, const std::string& progress_label,
                             const std::function<void(magenta::NoteSequence&, std::uint64_t)>& visit,
                             std::vector<SkippedInput>& skipped) {
  std::error_code ec;
  if (fs::is_directory(input, ec)) {
    // A folder of MIDI files: convert it exactly as `stochos convert` does (same ids,
    // filenames and collection name as Magenta's convert_dir_to_note_sequences), then read.
    RemoveOnExit scratch{scratch_dir / (".stochos-notesequences-" + std::to_string(::getpid()) + ".tfrecord")};
    notesequence::ConvertOptions convert;
    convert.input_dir = input;
    convert.output_file = scratch.path;
    convert.recursive = recursive;
    convert.threads = std::max(1, threads);
    convert.progress = progress;
    const notesequence::ConvertSummary summary = notesequence::convert_directory(convert);
    for (const auto& f : summary.failed) skipped.push_back({f.message});
    for (const auto& f : summary.unsupported) skipped.push_back({f.message});
    visit_tfrecords({scratch.path}, progress, progress_label, visit, skipped);
    return;
  }
  if (!fs::exists(input, ec)) {
    // A list or pattern of TFRecords (shards), or an error naming what is missing.
    visit_tfrecords(tfio::expand_input_files(input.string()), progress, progress_label, visit, skipped);
    return;
  }
  if (is_midi_path(input)) {
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

std::string shard_key(const magenta::NoteSequence& sequence, std::uint64_t index) {
  if (!sequence.filename().empty()) return sequence.filename();
  if (!sequence.id().empty()) return sequence.id();
  return std::to_string(index);
}

std::vector<std::string> DatasetSummary::log_lines() const {
  std::vector<std::string> lines;
  lines.push_back("Processed " + std::to_string(inputs) + " inputs total. Produced " +
                  std::to_string(training_outputs + eval_outputs) + " outputs.");
  for (auto& l : statistics.log_lines()) lines.push_back(std::move(l));
  return lines;
}

DatasetSummary create_dataset(const DatasetOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (!(options.eval_ratio >= 0.0 && options.eval_ratio <= 1.0)) {
    throw Error::usage("--eval_ratio must be between 0 and 1, got " + std::to_string(options.eval_ratio));
  }
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) throw Error::io(options.output_dir.string(), "cannot create output directory: " + ec.message());

  DatasetSummary summary;
  const auto& shard = options.output_shard;
  summary.eval_file = tfio::shard_file_name(options.output_dir / "eval_melodies.tfrecord", shard.index, shard.count);
  summary.training_file =
      tfio::shard_file_name(options.output_dir / "training_melodies.tfrecord", shard.index, shard.count);
  tfio::TFRecordWriter eval_writer(summary.eval_file);
  tfio::TFRecordWriter training_writer(summary.training_file);

  PipelineOptions pipeline_options;
  pipeline_options.config = options.config;
  pipeline_options.flatten_tempo = options.flatten_tempo;
  pipeline_options.extraction.ignore_polyphonic_notes = options.ignore_polyphonic_notes;
  MelodyRnnPipeline eval_pipeline(pipeline_options, "eval");
  MelodyRnnPipeline training_pipeline(pipeline_options, "training");
  core::Rng partition_rng = core::Rng(options.seed).stream("melody/partition");

  for_each_input_sequence(
      options.input, options.output_dir, options.recursive, options.threads, options.progress, "melody dataset",
      [&](magenta::NoteSequence& sequence, std::uint64_t index) {
        // RandomPartition(['eval_melodies', 'training_melodies'], [eval_ratio]): eval when
        // the draw is below the cumulative probability, training otherwise.
        const bool eval = partition_rng.uniform01() < options.eval_ratio;
        if (options.select && !options.select(index, sequence)) return;  // another shard's
        ++summary.inputs;
        const std::string partition = eval ? "eval" : "training";
        summary.statistics.add_counter("DAGPipeline_RandomPartition_" + partition + "_melodies_count", 1);
        SequenceReport report;
        report.record_index = index;
        report.partition = partition;
        MelodyRnnPipeline& pipeline = eval ? eval_pipeline : training_pipeline;
        tfio::TFRecordWriter& writer = eval ? eval_writer : training_writer;
        for (const EncodedSequence& encoded : pipeline.transform(sequence, summary.statistics, &report)) {
          writer.write(serialize_sequence_example(encoded));
          ++(eval ? summary.eval_outputs : summary.training_outputs);
        }
        summary.reports.push_back(std::move(report));
      },
      summary.skipped);

  eval_writer.commit();
  training_writer.commit();
  if (options.report_file) {
    core::write_file_atomically(*options.report_file, format_report(summary.reports, pipeline_options.extraction));
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

std::string format_report(const std::vector<SequenceReport>& reports, const ExtractionOptions& extraction) {
  auto clean = [](std::string s) {
    for (char& c : s) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return s;
  };
  std::string out =
      "record\tid\tfilename\tpartition\tnotes\tpieces\tpieces_quantized\tmelodies\tpolyphonic_tracks_discarded\t"
      "melodies_discarded_too_short\tmelodies_discarded_too_few_pitches\tmelodies_discarded_too_long\t"
      "melodies_truncated\treason\n";
  for (const SequenceReport& r : reports) {
    out += std::to_string(r.record_index) + "\t" + clean(r.id) + "\t" + clean(r.filename) + "\t" + r.partition + "\t" +
           std::to_string(r.notes) + "\t" + std::to_string(r.pieces) + "\t" + std::to_string(r.pieces_quantized) +
           "\t" + std::to_string(r.melodies) + "\t" + std::to_string(r.counts.polyphonic_tracks_discarded) + "\t" +
           std::to_string(r.counts.melodies_discarded_too_short) + "\t" +
           std::to_string(r.counts.melodies_discarded_too_few_pitches) + "\t" +
           std::to_string(r.counts.melodies_discarded_too_long) + "\t" +
           std::to_string(r.counts.melodies_truncated) + "\t" + clean(r.reason(extraction)) + "\n";
  }
  return out;
}

}  // namespace stochos::melody
