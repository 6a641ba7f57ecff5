// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos export`: a NoteSequence (MIDI, .ns/.pb, TFRecord) as notation.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/scoreio/abc_writer.h"
#include "stochos/scoreio/score_writer.h"

namespace stochos::cli {
namespace {

struct ExportFlags {
  std::string input;
  std::string output;
  int steps_per_quarter = 4;
  std::optional<std::size_t> record;
};

int run_export(const ExportFlags& flags) {
  std::vector<magenta::NoteSequence> sequences;
  const std::filesystem::path in(flags.input);
  const bool abc = core::lowercase_extension(flags.output) == ".abc";
  if (in.extension() == ".tfrecord" && (flags.record || abc)) {
    auto all = notesequence::read_note_sequences(in);
    if (flags.record) {
      if (*flags.record >= all.size()) {
        throw Error::usage(flags.input + ": --record " + std::to_string(*flags.record) + " but the file holds " +
                           std::to_string(all.size()) + " records");
      }
      sequences.push_back(std::move(all[*flags.record]));
    } else {
      if (all.empty()) throw Error::input(flags.input, {}, "the file holds no NoteSequence");
      sequences = std::move(all);  // one ABC tune per record
    }
  } else {
    sequences.push_back(notesequence::read_sequence_file(in));
  }
  scoreio::NotationOptions options;
  options.steps_per_quarter = flags.steps_per_quarter;
  if (abc) {
    scoreio::write_abc_file(sequences, flags.output, options);
  } else {
    scoreio::write_score_file(sequences.front(), flags.output, options);
  }
  std::size_t notes = 0;
  for (const auto& s : sequences) notes += static_cast<std::size_t>(s.notes_size());
  if (sequences.size() > 1) {
    std::printf("wrote %s (%zu tunes, %zu notes)\n", flags.output.c_str(), sequences.size(), notes);
  } else {
    std::printf("wrote %s (%zu notes)\n", flags.output.c_str(), notes);
  }
  return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, Action& action) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write a NoteSequence as notation: MusicXML (.musicxml/.xml), compressed MusicXML (.mxl) or ABC\n"
      "2.1 (.abc).\n"
      "Input: .mid/.midi, a serialized NoteSequence (.ns/.pb) or a TFRecord of them (--record; for\n"
      ".abc output without --record every record becomes one tune, X: 1, 2, ...).\n"
      "An unquantized sequence is quantized on the fly: the tempo map is flattened onto the first\n"
      "tempo (times become positions in quarter notes, only the first qpm is written) and times are\n"
      "rounded to --steps-per-quarter as note_seq rounds them. Measures follow the time signatures;\n"
      "notes crossing bar lines are tied; one part per (instrument, program), drums as a percussion\n"
      "part on MIDI channel 10. ABC: L: divides every length, chords [CEG], ties -, extra voices of a\n"
      "part as & overlays, one V: per part with %%MIDI program/channel (drums: clef=perc, channel 10);\n"
      "stochos reads it back with its ABC 2.1 reader options. The output is written atomically.");
  cmd->add_option("input", flags->input, "Input file")->required();
  cmd->add_option("-o,--output", flags->output, "Output .musicxml, .xml, .mxl or .abc")->required();
  cmd->add_option("--steps-per-quarter", flags->steps_per_quarter, "Quantization grid (default 4)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--record", flags->record,
                  "Record index in a TFRecord input (default 0; for .abc output, default all records)");
  cmd->callback([flags, &action] { action = [flags] { return run_export(*flags); }; });
}

}  // namespace stochos::cli
