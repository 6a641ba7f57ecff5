// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody dataset`: Magenta's melody_rnn_create_dataset (MG
/// magenta/models/melody_rnn/melody_rnn_create_dataset.py, pipelines/pipeline.py
/// run_pipeline_serial). Reads NoteSequences (a TFRecord file, or a folder of MIDI files
/// and score files converted first with `stochos convert`'s rules), sends each to the eval or training
/// partition (RandomPartition), runs MelodyRnnPipeline on it and writes
/// <output_dir>/eval_melodies.tfrecord and training_melodies.tfrecord of SequenceExamples.
///
/// Beyond Magenta: the partition is drawn from a seeded stream (core::Rng stream
/// "melody/partition", one uniform draw per input in input order) rather than Python's
/// unseeded random.random(), so a run is reproducible but its split differs from any
/// Magenta run; unreadable records and failed MIDI files are skipped and listed instead of
/// ending the run; outputs appear only when complete (atomic rename); a per-sequence report
/// says why sequences gave no melodies.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stochos/core/progress.h"
#include "stochos/jobs/input_sequences.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/melody/pipeline.h"
#include "stochos/melody/statistics.h"
#include "stochos/tfio/shards.h"

namespace stochos::jobs {

/// The seed used when none is given (printed by the CLI).
inline constexpr std::uint64_t kDefaultDatasetSeed = 20160601;

struct DatasetOptions {
  melody::MelodyRnnConfig config;
  /// TFRecord of NoteSequences, a folder of MIDI files, or several TFRecords as
  /// tfio::expand_input_files reads them (a list, a glob, `base@N`), read as one stream.
  std::filesystem::path input;
  std::filesystem::path output_dir;  ///< created if missing
  double eval_ratio = 0.1;           ///< Magenta's --eval_ratio default
  std::uint64_t seed = kDefaultDatasetSeed;
  bool recursive = false;  ///< folder input: descend into subfolders
  int threads = 1;         ///< folder input: conversion threads
  core::ProgressBar::Mode progress = core::ProgressBar::Mode::kAuto;
  std::optional<std::filesystem::path> report_file;  ///< per-sequence TSV report
  /// stochos extensions, off by default (Magenta's behaviour): PipelineOptions::flatten_tempo
  /// and extract_melodies' ignore_polyphonic_notes (which melody_rnn_create_dataset fixes
  /// to false).
  bool flatten_tempo = false;
  bool ignore_polyphonic_notes = false;

  // Sharded and MPI jobs (sharded_jobs.h). Every process reads the whole input and
  // draws every input's partition, so the split is the single-process one; it runs the
  // pipeline only on the inputs `select` accepts, and names its outputs as shard
  // `output_shard` of TensorFlow's sharded files.
  std::function<bool(std::uint64_t index, const magenta::NoteSequence& sequence)> select;
  tfio::ShardSpec output_shard;
};

/// The key a NoteSequence is sharded by: its filename (the path relative to the converted
/// folder, so a file lands in the same shard in `convert --shard` and `melody dataset
/// --shard`), else its id, else its record index.
std::string shard_key(const magenta::NoteSequence& sequence, std::uint64_t index);

struct DatasetSummary {
  std::uint64_t inputs = 0;  ///< NoteSequences sent through the pipeline
  std::uint64_t training_outputs = 0;
  std::uint64_t eval_outputs = 0;
  melody::Statistics statistics;  ///< Magenta's counters under Magenta's names
  std::vector<SkippedInput> skipped;
  std::vector<melody::SequenceReport> reports;  ///< one per input (this process's), in input order
  std::filesystem::path training_file;
  std::filesystem::path eval_file;
  double seconds = 0.0;

  /// What run_pipeline_serial logs at the end: "Processed N inputs total. Produced M
  /// outputs." then every statistic sorted by name.
  std::vector<std::string> log_lines() const;
};

/// Runs the whole job. Per-input problems are collected, never thrown; throws Error for
/// bad options (kUsage), a missing input (kIo) or unwritable outputs (kIo).
DatasetSummary create_dataset(const DatasetOptions& options);

/// The --report file: a header line, then one tab-separated line per input sequence
/// (record, id, filename, partition, notes, pieces, melodies, each discard counter, reason).
std::string format_report(const std::vector<melody::SequenceReport>& reports,
                          const melody::ExtractionOptions& extraction);

}  // namespace stochos::jobs
