// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos export`: a NoteSequence (MIDI, .ns/.pb, TFRecord) as notation.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/scoreio/score_writer.h"

namespace stochos::cli {
namespace {

struct ExportFlags {
  std::string input;
  std::string output;
  int steps_per_quarter = 4;
  std::size_t record = 0;
};

int run_export(const ExportFlags& flags) {
  magenta::NoteSequence sequence;
  const std::filesystem::path in(flags.input);
  if (in.extension() == ".tfrecord" && flags.record > 0) {
    const auto all = ns::read_note_sequences(in);
    if (flags.record >= all.size()) {
      throw Error::usage(flags.input + ": --record " + std::to_string(flags.record) + " but the file holds " +
                         std::to_string(all.size()) + " records");
    }
    sequence = all[flags.record];
  } else {
    sequence = ns::read_sequence_file(in);
  }
  scoreio::NotationOptions options;
  options.steps_per_quarter = flags.steps_per_quarter;
  scoreio::write_score_file(sequence, flags.output, options);
  std::printf("wrote %s (%d notes)\n", flags.output.c_str(), sequence.notes_size());
  return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, Action& action) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write a NoteSequence as notation: MusicXML (.musicxml/.xml) or compressed MusicXML (.mxl).\n"
      "Input: .mid/.midi, a serialized NoteSequence (.ns/.pb) or a TFRecord of them (--record).\n"
      "An unquantized sequence is quantized on the fly: the tempo map is flattened onto the first\n"
      "tempo (times become positions in quarter notes, only the first qpm is written) and times are\n"
      "rounded to --steps-per-quarter as note_seq rounds them. Measures follow the time signatures;\n"
      "notes crossing bar lines are tied; one part per (instrument, program), drums as a percussion\n"
      "part on MIDI channel 10. The output is written atomically.");
  cmd->add_option("input", flags->input, "Input file")->required();
  cmd->add_option("-o,--output", flags->output, "Output .musicxml, .xml or .mxl")->required();
  cmd->add_option("--steps-per-quarter", flags->steps_per_quarter, "Quantization grid (default 4)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--record", flags->record, "Record index in a TFRecord input (default 0)");
  cmd->callback([flags, &action] { action = [flags] { return run_export(*flags); }; });
}

}  // namespace stochos::cli
