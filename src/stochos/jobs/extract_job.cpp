// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/extract_job.h"

#include <chrono>
#include <cstdio>

#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/jobs/dataset_job.h"
#include "stochos/midi/midi_file_name.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/plot/piano_roll.h"

namespace stochos::jobs {
namespace fs = std::filesystem;
using melody::Melody;
using melody::MelodyRnnPipeline;
using melody::PipelineMelody;
using melody::SequenceReport;
namespace {

// A file-name stem from a NoteSequence's filename (its last component without extension),
// limited to characters that are safe everywhere.
std::string safe_stem(const std::string& filename, std::uint64_t record) {
  std::string stem = fs::path(filename).stem().string();
  for (char& c : stem) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) c = '_';
  }
  if (stem.empty()) stem = "record" + std::to_string(record);
  return stem;
}

// The piano roll of `extract --plot`: <midi file>.png beside it.
void write_piano_roll(const magenta::NoteSequence& sequence, const fs::path& midi) {
  plot::PianoRollOptions roll;
  roll.title = midi.filename().string();
  roll.width_px = 1200;
  fs::path png = midi;
  png.replace_extension(".png");
  plot::write_piano_roll_png(sequence, png, roll);
}

}  // namespace

magenta::NoteSequence melody_to_playable_sequence(const PipelineMelody& pm) {
  // Shifted to begin at time 0: a listener wants the melody, not the silence before it.
  const Melody at_zero(pm.melody.events(), 0, pm.melody.steps_per_bar(), pm.melody.steps_per_quarter());
  melody::ToSequenceOptions to;
  to.qpm = pm.qpm;
  to.program = pm.program;
  magenta::NoteSequence sequence = at_zero.to_sequence(to);
  auto* ts = sequence.add_time_signatures();
  // The melody's bar length at its steps per quarter, as a time signature over quarters
  // (or eighths when the bar is an odd number of eighth notes).
  const int steps_per_quarter = pm.melody.steps_per_quarter();
  const int steps_per_bar = pm.melody.steps_per_bar();
  if (steps_per_quarter > 0 && steps_per_bar % steps_per_quarter == 0) {
    ts->set_numerator(steps_per_bar / steps_per_quarter);
    ts->set_denominator(4);
  } else if (steps_per_quarter % 2 == 0 && (2 * steps_per_bar) % steps_per_quarter == 0) {
    ts->set_numerator(2 * steps_per_bar / steps_per_quarter);
    ts->set_denominator(8);
  } else {
    sequence.clear_time_signatures();
  }
  return sequence;
}

ExtractJobSummary extract_melody_files(const ExtractJobOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) throw Error::io(options.output_dir.string(), "cannot create output directory: " + ec.message());
  ExtractJobSummary summary;
  MelodyRnnPipeline pipeline(options.pipeline, "training");
  const bool single_midi = !fs::is_directory(options.input) && midi::is_midi_file_name(options.input);
  for_each_input_sequence(
      options.input, options.recursive, options.threads, options.progress, "melody extract",
      [&](magenta::NoteSequence& sequence, std::uint64_t index) {
        ++summary.inputs;
        SequenceReport report;
        report.record_index = index;
        report.partition = "training";
        const std::vector<PipelineMelody> melodies = pipeline.melodies(sequence, summary.statistics, &report);
        std::string stem = safe_stem(sequence.filename(), index);
        if (!single_midi) {
          char prefix[32];
          std::snprintf(prefix, sizeof prefix, "%05llu_", static_cast<unsigned long long>(index));
          stem = prefix + stem;
        }
        for (std::size_t k = 0; k < melodies.size(); ++k) {
          char name[64];
          std::snprintf(name, sizeof name, "_p%d_m%02zu.mid", melodies[k].piece, k);
          const fs::path file = options.output_dir / (stem + name);
          const magenta::NoteSequence playable = melody_to_playable_sequence(melodies[k]);
          try {
            notesequence::note_sequence_to_midi_file(playable, file);
            summary.files.push_back(file);
            if (options.piano_rolls) write_piano_roll(playable, file);
          } catch (const Error& e) {
            if (e.kind() == ErrorKind::kIo) throw;  // the output folder is broken: stop
            summary.skipped.push_back({e.what()});
          }
        }
        summary.reports.push_back(std::move(report));
      },
      summary.skipped);
  if (options.report_file) {
    core::write_file_atomically(*options.report_file, format_report(summary.reports, options.pipeline.extraction));
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace stochos::jobs
