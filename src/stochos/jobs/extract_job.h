// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos melody extract`: the melodies a dataset would be made of, as MIDI files a
/// person can listen to. Input: a MIDI file, a TFRecord of NoteSequences or a folder of
/// MIDI files; each sequence goes through MelodyRnnPipeline (time-change split, quantize,
/// extract, and with a config the squash into its range and key) and every melody is
/// written as <output_dir>/<name>_p<piece>_m<k>.mid, at its piece's tempo with its
/// instrument's program, starting at time 0. Files are written atomically.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stochos/core/progress.h"
#include "stochos/jobs/input_sequences.h"
#include "stochos/melody/pipeline.h"

namespace stochos::jobs {

struct ExtractJobOptions {
  std::filesystem::path input;
  std::filesystem::path output_dir;  ///< created if missing
  /// Extraction settings and, when squash is set, the config's range and key.
  melody::PipelineOptions pipeline;
  bool recursive = false;
  int threads = 1;
  core::ProgressBar::Mode progress = core::ProgressBar::Mode::kAuto;
  std::optional<std::filesystem::path> report_file;
  /// Draws each melody's piano roll beside its MIDI file (<name>.png, 1200 px wide, titled
  /// with the file name).
  bool piano_rolls = false;
};

struct ExtractJobSummary {
  std::uint64_t inputs = 0;
  std::vector<std::filesystem::path> files;  ///< MIDI files written, in order
  melody::Statistics statistics;                     ///< Magenta's names (partition "training")
  std::vector<SkippedInput> skipped;
  std::vector<melody::SequenceReport> reports;
  double seconds = 0.0;
};

/// Runs the job; per-input problems are collected in the summary, never thrown. Throws
/// Error for a missing input or an unwritable output folder.
ExtractJobSummary extract_melody_files(const ExtractJobOptions& options);

/// The NoteSequence written for one melody: starting at 0 s, at the piece's qpm, velocity
/// 100, the instrument's program, and a time signature matching the melody's bar.
magenta::NoteSequence melody_to_playable_sequence(const melody::PipelineMelody& melody);

}  // namespace stochos::jobs
