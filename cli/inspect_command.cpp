// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/notesequence/inspect.h"

namespace stochos::cli {

void add_inspect_command(CLI::App& app, Action& action) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<ns::InspectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Print what a file holds: MIDI files (tracks, events, and the NoteSequence note_seq would\n"
      "make of them), TFRecord files of NoteSequences or SequenceExamples (every CRC checked;\n"
      "melody datasets: lengths, input size, label histogram), serialized NoteSequences.");
  cmd->add_option("files", *files, "Files to describe")->required()->check(CLI::ExistingFile);
  cmd->add_option("--notes", options->max_notes, "Notes listed per sequence")->check(CLI::NonNegativeNumber);
  cmd->add_option("--records", options->max_records, "TFRecord records described one by one")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--text-proto", options->text_proto, "Dump sequences as protobuf text format");
  cmd->callback([files, options, &action] {
    action = [files, options] {
      int code = kExitOk;
      for (const auto& f : *files) {
        try {
          std::fputs(ns::inspect_file(f, *options).c_str(), stdout);
        } catch (const Error& e) {
          std::fprintf(stderr, "stochos: error: %s\n", e.what());
          code = files->size() == 1 ? exit_code_for(e.kind()) : kExitSkipped;
        }
      }
      return code;
    };
  });
}

}  // namespace stochos::cli
