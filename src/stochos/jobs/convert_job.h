// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos convert`: Magenta's convert_dir_to_note_sequences, parallel and deterministic.
/// Every .mid/.midi file under the input directory becomes one NoteSequence record (and every
/// MusicXML/ABC file one record per score or tune, read by scoreio) with
///   collection_name = the input directory's name,
///   filename = the path relative to it ("sub/dir/file.mid"),
///   id = "/id/midi/<collection>/<sha1 of filename>",
/// as Magenta sets them. Files are visited in sorted order, each directory's files before
/// its subdirectories, and records are written in that order whatever the thread count.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "stochos/core/progress.h"
#include "stochos/notesequence/input_files.h"
#include "stochos/proto/music.pb.h"

namespace stochos::jobs {

struct ConvertOptions {
  std::filesystem::path input_dir;
  std::filesystem::path output_file;
  bool recursive = false;
  int threads = 1;
  core::ProgressBar::Mode progress = core::ProgressBar::Mode::kAuto;

  // Sharded and MPI jobs (sharded_jobs.h): which of the input files this process
  // converts. Records are written in the order the files are claimed.
  /// The input files (relative paths) when already listed; empty: list input_dir.
  std::vector<std::string> files;
  /// Hands out the next indices into the file list to convert, in increasing order; an
  /// empty chunk ends the job. Unset: every file. Called from worker threads, one at a time.
  std::function<std::vector<std::size_t>()> claim;
  /// Called on the writing thread after each file's outcome is recorded.
  std::function<void()> on_file_done;
  /// When set, each record (a serialized NoteSequence) goes to it, in output order, on the
  /// writing thread, instead of into output_file (then not written, and may be empty).
  std::function<void(const std::string& record)> on_record;
};

struct ConvertItem {
  std::size_t file_index = 0;  ///< position in the input listing
  std::string relative_path;
  std::string message;  ///< full diagnostic (file, position, problem)
};

struct ConvertSummary {
  std::size_t files_seen = 0;       ///< every regular file found
  std::size_t converted = 0;        ///< files converted
  std::size_t records = 0;          ///< records written (an ABC file may hold several tunes)
  std::size_t notes = 0;            ///< notes in the written records
  std::vector<ConvertItem> failed;  ///< unreadable or corrupt files, in input order
  /// Files of a format this job does not convert (none since every build reads MusicXML and
  /// ABC; kept in the summary that the CLI and Python report).
  std::vector<ConvertItem> unsupported;
  std::vector<ConvertItem> warnings;     ///< converted files with skipped events
  /// Items (ABC tunes) that could not be read in files whose other items converted, in input
  /// order; they make the job end "done with items skipped" like failed files.
  std::vector<ConvertItem> skipped_items;
  /// (file index, records written) for every converted file, in output order.
  std::vector<std::pair<std::size_t, std::size_t>> written;
  std::uint64_t input_bytes = 0;
  std::uint64_t output_bytes = 0;
  double seconds = 0.0;
};

/// Runs the conversion. Per-file problems are collected in the summary, never thrown; the
/// output is written atomically and exists only if the job completes. Throws Error for
/// job-level problems (missing input directory, unwritable output).
ConvertSummary convert_directory(const ConvertOptions& options);

}  // namespace stochos::jobs
