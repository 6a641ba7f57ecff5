// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/dataset_job.h"

#include <chrono>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/core/random.h"
#include "stochos/jobs/input_sequences.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/tfio/tfrecord.h"

namespace stochos::jobs {
namespace fs = std::filesystem;
using melody::EncodedSequence;
using melody::ExtractionOptions;
using melody::MelodyRnnPipeline;
using melody::PipelineOptions;
using melody::SequenceReport;

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
      options.input, options.recursive, options.threads, options.progress, "melody dataset",
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
          writer.write(melody::serialize_sequence_example(encoded));
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

}  // namespace stochos::jobs
