// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/tfio/shards.h"
#include "stochos/notesequence/inspect.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::cli {

void add_inspect_command(CLI::App& app, Action& action) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<notesequence::InspectOptions>();
  auto npz = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Print what a file holds: MIDI files (tracks, events, and the NoteSequence note_seq would\n"
      "make of them), TFRecord files of NoteSequences or SequenceExamples (every CRC checked;\n"
      "melody datasets: lengths, input size, label histogram), serialized NoteSequences, and\n"
      "TensorFlow checkpoints (V1 file, V2 prefix or .index, run directory with a `checkpoint`\n"
      "file, Magenta .mag bundle: every tensor's type, shape and first values).\n"
      "Shards: a glob ('out.tfrecord-*-of-00010'), out.tfrecord@10, a comma list, or out.tfrecord when\n"
      "only its shards exist; every shard of a named set must be present.");
  // A V2 checkpoint is named by its prefix, which is not itself a file.
  const CLI::Validator existing_path(
      [](std::string& path) -> std::string {
        std::error_code ec;
        if (std::filesystem::exists(path, ec) || std::filesystem::exists(path + ".index", ec)) return {};
        try {
          tfio::expand_input_files(path);
          return {};
        } catch (const Error& e) {
          return "No such file, checkpoint or shard set: " + path + " (" + e.message() + ")";
        }
      },
      "PATH");
  cmd->add_option("files", *files, "Files, checkpoint prefixes or run directories to describe")
      ->required()
      ->check(existing_path);
  cmd->add_option("--notes", options->max_notes, "Notes listed per sequence")->check(CLI::NonNegativeNumber);
  cmd->add_option("--records", options->max_records, "TFRecord records described one by one")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--text-proto", options->text_proto, "Dump sequences as protobuf text format");
  cmd->add_option("--export-npz", *npz, "Also write the checkpoint's tensors as NumPy .npz (one checkpoint only)");
  cmd->callback([files, options, npz, &action] {
    action = [files, options, npz] {
      // Shard patterns and lists become their files (checkpoint prefixes stay as given).
      std::vector<std::string> expanded;
      for (const auto& f : *files) {
        std::error_code ec;
        if (std::filesystem::exists(f, ec) || std::filesystem::exists(f + ".index", ec)) {
          expanded.push_back(f);
          continue;
        }
        for (const auto& p : tfio::expand_input_files(f)) expanded.push_back(p.string());
      }
      *files = std::move(expanded);
      if (!npz->empty() && (files->size() != 1 || !tfio::is_checkpoint_path(files->front()))) {
        throw Error::usage("--export-npz needs exactly one checkpoint to inspect");
      }
      int code = kExitOk;
      for (const auto& f : *files) {
        try {
          std::error_code ec;
          if (files->size() > 1 && std::filesystem::is_regular_file(f, ec) && std::filesystem::file_size(f, ec) == 0) {
            std::printf("%s: empty file (a shard with no records)\n", f.c_str());  // often in a shard set
            continue;
          }
          if (tfio::is_checkpoint_path(f)) {
            tfio::Checkpoint checkpoint;
            std::fputs(tfio::inspect_checkpoint(f, &checkpoint).c_str(), stdout);
            if (!npz->empty()) tfio::write_npz(*npz, checkpoint);
          } else {
            std::fputs(notesequence::inspect_file(f, *options).c_str(), stdout);
          }
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
