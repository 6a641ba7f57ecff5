// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos melody dataset|extract`: flags, library calls and exit codes only.
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/core/thread_count.h"
#include "stochos/jobs/extract_job.h"
#include "stochos/jobs/sharded_jobs.h"
#include "stochos/melody/melody_rnn_config.h"

namespace stochos::cli {
namespace {

struct ConfigFlags {
  std::string config;
  std::string melody_encoder_decoder;
};

melody::MelodyRnnConfig config_from_flags(const ConfigFlags& f) {
  // melody_rnn_config_flags.config_from_flags: exactly one of the two.
  if (f.config.empty() == f.melody_encoder_decoder.empty()) {
    throw Error::usage("exactly one of --config or --melody_encoder_decoder must be given");
  }
  return f.config.empty() ? melody::melody_rnn_config_for_encoder(f.melody_encoder_decoder)
                          : melody::melody_rnn_config(f.config);
}

void print_skipped(const std::vector<jobs::SkippedInput>& skipped) {
  for (const auto& s : skipped) std::fprintf(stderr, "skipped: %s\n", s.message.c_str());
}

// ------------------------------------------------------------------ dataset

struct DatasetFlags {
  ConfigFlags config;
  std::string input;
  std::string output_dir;
  double eval_ratio = 0.1;
  std::uint64_t seed = jobs::kDefaultDatasetSeed;
  std::string report;
  bool recursive = false;
  int threads = 0;
  bool no_progress = false;
  bool flatten_tempo = false;
  bool ignore_polyphonic_notes = false;
  std::string shard;
};

int run_dataset(const DatasetFlags& f) {
  jobs::DatasetOptions options;
  options.config = config_from_flags(f.config);
  options.input = f.input;
  options.output_dir = f.output_dir;
  options.eval_ratio = f.eval_ratio;
  options.seed = f.seed;
  options.recursive = f.recursive;
  options.threads = core::thread_count(f.threads);
  if (f.no_progress) options.progress = core::ProgressBar::Mode::kNever;
  if (!f.report.empty()) options.report_file = f.report;
  options.flatten_tempo = f.flatten_tempo;
  options.ignore_polyphonic_notes = f.ignore_polyphonic_notes;
  // Under mpirun the ranks share the job (one summary, from rank 0); --shard K/N is one
  // shard of a job spread by any other scheduler.
  const jobs::JobPlacement where = jobs::place_job(f.shard);
  if (!where.is_root()) {
    jobs::run_dataset(options, where);
    return jobs::job_exit_code(where, kExitOk);
  }
  std::printf("config %s (input size %d, %d classes), eval ratio %g, seed %llu\n",
              options.config.id.empty() ? f.config.melody_encoder_decoder.c_str() : options.config.id.c_str(),
              melody::make_encoder_decoder(options.config)->input_size(),
              melody::make_encoder_decoder(options.config)->num_classes(), options.eval_ratio,
              static_cast<unsigned long long>(options.seed));
  const jobs::DatasetSummary s = jobs::run_dataset(options, where);
  print_skipped(s.skipped);
  for (const auto& line : s.log_lines()) std::printf("%s\n", line.c_str());
  std::printf("wrote %s (%llu melodies) and %s (%llu melodies) in %.2f s\n", s.training_file.c_str(),
              static_cast<unsigned long long>(s.training_outputs), s.eval_file.c_str(),
              static_cast<unsigned long long>(s.eval_outputs), s.seconds);
  if (!f.report.empty()) {
    std::printf("per-sequence report: %s\n",
                tfio::shard_file_name(f.report, where.shard.index, where.shard.count).c_str());
  }
  if (!s.skipped.empty()) std::printf("%zu inputs skipped (listed above)\n", s.skipped.size());
  if (where.distributed()) std::printf("%d MPI ranks, one shard each\n", where.world->size());
  const int code = s.skipped.empty() ? kExitOk : kExitSkipped;
  return jobs::job_exit_code(where, code);
}

void add_dataset(CLI::App& parent, Action& action) {
  auto f = std::make_shared<DatasetFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "dataset",
      "Build Melody RNN training data like Magenta's melody_rnn_create_dataset: split NoteSequences at\n"
      "time-signature and tempo changes, quantize at 4 steps per quarter, extract melodies (min 7 bars,\n"
      "at most 512 steps, 5 pitch classes, no polyphonic tracks), squash them into the config's range\n"
      "and key, encode, and write <output_dir>/training_melodies.tfrecord and eval_melodies.tfrecord of\n"
      "tensorflow.SequenceExample records that Magenta's melody_rnn_train reads. The statistics printed\n"
      "at the end carry Magenta's names and values.\n"
      "Beyond Magenta: --input may be a folder of MIDI files (converted as `stochos convert` does);\n"
      "the train/eval split is drawn from --seed, so it is reproducible but differs from Magenta's\n"
      "unseeded split; unreadable records and MIDI files are skipped and listed instead of stopping\n"
      "the run; outputs appear only when complete; --report lists for every input sequence how many\n"
      "melodies it gave and why the others were dropped.\n"
      "Exit code: 0 done, 5 done with inputs skipped, 2 bad flags, 3/4 bad input/IO.");
  cmd->add_option("--config", f->config.config, "basic_rnn, mono_rnn, lookback_rnn or attention_rnn");
  cmd->add_option("--melody_encoder_decoder", f->config.melody_encoder_decoder,
                  "Instead of --config: onehot, lookback or key over notes 48..83 (as Magenta)");
  cmd->add_option("--input", f->input,
                  "TFRecord of NoteSequences, a folder of MIDI files, or TFRecord shards: a comma list, a glob\n"
                  "('notes.tfrecord-*-of-00010'), notes.tfrecord@10, or notes.tfrecord when only its shards exist")
      ->required();
  cmd->add_option("--output_dir,--output-dir", f->output_dir, "Folder for the two TFRecord files")->required();
  cmd->add_option("--eval_ratio,--eval-ratio", f->eval_ratio, "Fraction of inputs set aside for evaluation")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--seed", f->seed, "Seed of the train/eval partition (stochos; default " +
                                         std::to_string(jobs::kDefaultDatasetSeed) + ")");
  cmd->add_option("--report", f->report, "Write a per-sequence report (tab-separated) to this file (stochos)");
  cmd->add_flag("--flatten_tempo", f->flatten_tempo,
                "Re-time each sequence onto its first tempo before splitting (stochos): performance MIDI\n"
                "with hundreds of tempo events otherwise splits into pieces too short for any melody");
  cmd->add_flag("--ignore_polyphonic_notes", f->ignore_polyphonic_notes,
                "Keep the highest of notes that start together instead of dropping the track (stochos;\n"
                "Magenta's extract_melodies option, which its dataset script fixes to false)");
  cmd->add_flag("--recursive", f->recursive, "Folder input: descend into subfolders");
  cmd->add_option("--threads", f->threads, "Folder input: conversion threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress bar");
  cmd->add_option("--shard", f->shard,
                  "K/N: run shard K of N (0-based) and write <output_dir>/*_melodies.tfrecord-0000K-of-0000N.\n"
                  "Every shard reads the whole input and draws the same split; the N shards together hold\n"
                  "exactly the single-process records. Under mpirun the ranks share the job instead\n"
                  "(dynamic load balancing, one shard per rank, one summary)");
  cmd->callback([f, &action] { action = [f] { return run_dataset(*f); }; });
}

// ------------------------------------------------------------------ extract

struct ExtractFlags {
  ConfigFlags config;
  std::string input;
  std::string output_dir;
  bool plot = false;
  std::string report;
  bool recursive = false;
  int threads = 0;
  bool no_progress = false;
  int min_bars = 7;
  std::int64_t max_steps_truncate = 512;
  std::int64_t max_steps_discard = 0;
  double gap_bars = 1.0;
  int min_unique_pitches = 5;
  bool ignore_polyphonic_notes = false;
  bool pad_end = false;
  bool keep_drums = false;
  int steps_per_quarter = 4;
  bool flatten_tempo = false;
};

int run_extract(const ExtractFlags& f, bool config_given) {
  jobs::ExtractJobOptions options;
  options.input = f.input;
  options.output_dir = f.output_dir;
  options.recursive = f.recursive;
  options.threads = core::thread_count(f.threads);
  if (f.no_progress) options.progress = core::ProgressBar::Mode::kNever;
  if (!f.report.empty()) options.report_file = f.report;
  auto& e = options.pipeline.extraction;
  e.min_bars = f.min_bars;
  if (f.max_steps_truncate > 0) e.max_steps_truncate = f.max_steps_truncate; else e.max_steps_truncate.reset();
  if (f.max_steps_discard > 0) e.max_steps_discard = f.max_steps_discard;
  e.gap_bars = f.gap_bars;
  e.min_unique_pitches = f.min_unique_pitches;
  e.ignore_polyphonic_notes = f.ignore_polyphonic_notes;
  e.pad_end = f.pad_end;
  e.filter_drums = !f.keep_drums;
  options.pipeline.flatten_tempo = f.flatten_tempo;
  if (config_given) {
    options.pipeline.config = config_from_flags(f.config);
    options.pipeline.squash = true;
  } else {
    options.pipeline.config = melody::melody_rnn_config("mono_rnn");  // full range, no key change
    options.pipeline.config.steps_per_quarter = f.steps_per_quarter;
    options.pipeline.squash = false;
  }
  options.piano_rolls = f.plot;
  const jobs::ExtractJobSummary s = jobs::extract_melody_files(options);
  print_skipped(s.skipped);
  for (const auto& line : s.statistics.log_lines()) std::printf("%s\n", line.c_str());
  std::printf("extracted %zu melodies from %llu sequences into %s%s in %.2f s\n", s.files.size(),
              static_cast<unsigned long long>(s.inputs), f.output_dir.c_str(), f.plot ? " (with piano rolls)" : "",
              s.seconds);
  if (s.files.empty()) {
    for (const auto& r : s.reports) {
      std::printf("  %s: %s\n", r.filename.empty() ? r.id.c_str() : r.filename.c_str(),
                  r.reason(options.pipeline.extraction).c_str());
    }
  }
  return s.skipped.empty() ? kExitOk : kExitSkipped;
}

void add_extract(CLI::App& parent, Action& action) {
  auto f = std::make_shared<ExtractFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "extract",
      "Write the melodies Magenta's melody pipeline would extract as MIDI files, so you can hear what a\n"
      "model will learn: in.mid, a TFRecord of NoteSequences or a folder of MIDI files. Each sequence is\n"
      "split at time changes, quantized and searched per instrument with extract_melodies' options\n"
      "(defaults: melody_rnn_create_dataset's). With --config (or --melody_encoder_decoder) melodies are\n"
      "also squashed into that config's note range and key, exactly as the dataset stores them.\n"
      "Beyond Magenta: the command itself, --plot piano rolls, --report, and per-file reasons when\n"
      "nothing is found. Exit code: 0 done, 5 done with inputs skipped, 2 bad flags, 3/4 bad input/IO.");
  cmd->add_option("input", f->input, "in.mid, in.tfrecord or a folder of MIDI files")->required();
  cmd->add_option("-o,--output_dir,--output-dir", f->output_dir, "Folder for the melody MIDI files")->required();
  auto* config = cmd->add_option("--config", f->config.config, "Squash as this melody_rnn config does");
  auto* encoder = cmd->add_option("--melody_encoder_decoder", f->config.melody_encoder_decoder,
                                  "Squash as onehot, lookback or key over notes 48..83");
  cmd->add_flag("--plot", f->plot, "Also write a piano-roll PNG beside each MIDI file");
  cmd->add_option("--report", f->report, "Per-sequence report (tab-separated) file");
  cmd->add_option("--min_bars", f->min_bars, "Shorter melodies are discarded")->check(CLI::NonNegativeNumber);
  cmd->add_option("--max_steps_truncate", f->max_steps_truncate, "Longer melodies are cut (0: never)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max_steps_discard", f->max_steps_discard, "Longer melodies are discarded (0: never)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--gap_bars", f->gap_bars, "Bars of silence that end a melody")->check(CLI::PositiveNumber);
  cmd->add_option("--min_unique_pitches", f->min_unique_pitches, "Distinct pitch classes a melody needs")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--ignore_polyphonic_notes", f->ignore_polyphonic_notes,
                "Keep the highest of notes that start together instead of dropping the track");
  cmd->add_flag("--pad_end", f->pad_end, "Pad melodies to a whole bar");
  cmd->add_flag("--keep_drums", f->keep_drums, "Do not skip drum notes (filter_drums off)");
  cmd->add_flag("--flatten_tempo", f->flatten_tempo, "Re-time each sequence onto its first tempo before splitting");
  cmd->add_option("--steps_per_quarter", f->steps_per_quarter, "Quantization without --config")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--recursive", f->recursive, "Folder input: descend into subfolders");
  cmd->add_option("--threads", f->threads, "Folder input: conversion threads")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress bar");
  cmd->callback([f, config, encoder, &action] {
    const bool config_given = config->count() > 0 || encoder->count() > 0;
    action = [f, config_given] { return run_extract(*f, config_given); };
  });
}

}  // namespace

void add_melody_command(CLI::App& app, Action& action) {
  CLI::App* melody = app.add_subcommand("melody", "Melody RNN: datasets, melody extraction, training, evaluation, generation, bundles (Magenta's melody_rnn)");
  melody->require_subcommand(1);
  add_dataset(*melody, action);
  add_extract(*melody, action);
  add_melody_rnn_commands(*melody, action);
}

}  // namespace stochos::cli
