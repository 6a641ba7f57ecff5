// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/core/thread_count.h"
#include "stochos/jobs/sharded_jobs.h"

namespace stochos::cli {
namespace {

struct ConvertFlags {
  std::string input_dir;
  std::string output_file;
  bool recursive = false;
  int threads = 0;
  bool no_progress = false;
  bool verbose = false;
  std::string shard;
};

int run_convert(const ConvertFlags& flags) {
  jobs::ConvertOptions options;
  options.input_dir = flags.input_dir;
  options.output_file = flags.output_file;
  options.recursive = flags.recursive;
  options.threads = core::thread_count(flags.threads);
  if (flags.no_progress) options.progress = core::ProgressBar::Mode::kNever;
  // Under mpirun the ranks share the job (one summary, from rank 0); --shard K/N is one
  // shard of a job spread by any other scheduler.
  const jobs::JobPlacement where = jobs::place_job(flags.shard);
  const jobs::ConvertSummary s = jobs::run_convert(options, where);
  if (!where.is_root()) return jobs::job_exit_code(where, kExitOk);
  const std::string written = jobs::written_name(flags.output_file, where);
  const tfio::ShardSpec& shard = where.shard;

  for (const auto& f : s.failed) std::fprintf(stderr, "failed: %s\n", f.message.c_str());
  for (const auto& f : s.unsupported) std::fprintf(stderr, "skipped: %s\n", f.message.c_str());
  for (const auto& f : s.skipped_items) std::fprintf(stderr, "skipped tune: %s\n", f.message.c_str());
  if (flags.verbose) {
    for (const auto& w : s.warnings) std::fprintf(stderr, "warning: %s: %s\n", w.relative_path.c_str(), w.message.c_str());
  }
  std::printf("converted %zu of %zu input files into %s: %zu notes, %.2f MB read, %.2f MB written, %.2f s "
              "(%d threads%s)\n",
              s.converted, s.converted + s.failed.size() + s.unsupported.size(), written.c_str(), s.notes,
              static_cast<double>(s.input_bytes) / 1e6, static_cast<double>(s.output_bytes) / 1e6, s.seconds,
              options.threads,
              where.distributed() ? (" x " + std::to_string(where.world->size()) + " ranks").c_str()
              : shard.whole()     ? ""
                                  : (", shard " + std::to_string(shard.index) + " of " + std::to_string(shard.count)).c_str());
  if (!s.failed.empty() || !s.unsupported.empty() || !s.skipped_items.empty()) {
    std::printf("%zu failed, %zu skipped as unsupported, %zu ABC tunes skipped (listed above)\n", s.failed.size(),
                s.unsupported.size(), s.skipped_items.size());
  }
  if (!s.warnings.empty() && !flags.verbose) {
    std::printf("%zu warnings about skipped events (--verbose lists them)\n", s.warnings.size());
  }
  const int code = (s.failed.empty() && s.unsupported.empty() && s.skipped_items.empty()) ? kExitOk : kExitSkipped;
  return jobs::job_exit_code(where, code);
}

}  // namespace

void add_convert_command(CLI::App& app, Action& action) {
  auto flags = std::make_shared<ConvertFlags>();
  CLI::App* cmd = app.add_subcommand(
      "convert",
      "Convert a folder of MIDI and score files into a TFRecord of NoteSequences, like Magenta's\n"
      "convert_dir_to_note_sequences: same NoteSequences, ids, filenames and collection names.\n"
      "Beyond Magenta: parallel, deterministic order (sorted; each folder's files before its\n"
      "subfolders), corrupt files are skipped and listed with byte offsets, a trailing slash on\n"
      "--input_dir does not empty the collection name, and the output appears only when complete.\n"
      "MusicXML (.xml/.musicxml/.mxl) and ABC (.abc, one record per tune) are read exactly as note_seq's\n"
      "musicxml_reader and abc_parser read them (ties not merged, repeats not expanded, minor keys read\n"
      "as major in MusicXML, ABC rests/chords/tuplets/variant endings/parts refused). Differences: a\n"
      "score note_seq would crash on (a bad number, an unknown ABC key) is skipped with a located error;\n"
      "each ABC tune that fails is listed with its file, line:column and reason while the book's other\n"
      "tunes convert (Magenta only logs it), and a book with no good tune is listed as failed.\n"
      "Exit code: 0 all converted, 5 some files or tunes skipped, 3/4 bad input/IO.");
  cmd->add_option("--input_dir,--input-dir", flags->input_dir, "Folder of MIDI files")->required();
  cmd->add_option("--output_file,--output-file", flags->output_file, "TFRecord file to write (replaced atomically)")
      ->required();
  cmd->add_flag("--recursive", flags->recursive, "Descend into subfolders");
  cmd->add_option("--threads", flags->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-progress", flags->no_progress, "Never draw the progress bar");
  cmd->add_option("--shard", flags->shard,
                  "K/N: convert shard K of N (0-based): the files whose relative path hashes to K, into\n"
                  "OUT-0000K-of-0000N. The N shards together hold exactly the single-process records. Under\n"
                  "mpirun the ranks share the job instead (dynamic load balancing, one shard per rank)");
  cmd->add_flag("-v,--verbose", flags->verbose, "List every skipped event");
  cmd->callback([flags, &action] { action = [flags] { return run_convert(*flags); }; });
}

}  // namespace stochos::cli
