// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos markov learn` and `stochos markov generate`: Markov melody models learned from a
// folder of MIDI files (stochos/score/corpus_model.h holds the algorithm).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/core/random.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/score/corpus_model.h"

namespace stochos::cli {
namespace {

constexpr std::uint64_t kDefaultSeed = 1;

struct LearnFlags {
  std::string corpus_dir;
  std::string output;
  int order = 2;
  std::string melody = "pitch";
  std::uint64_t seed = kDefaultSeed;
  bool no_recursive = false;
};

struct GenerateFlags {
  std::string model;
  std::string output;
  std::uint64_t seed = kDefaultSeed;
  double duration_seconds = 60.0;
  double qpm = 0.0;
  int program = 0;
};

int run_learn(const LearnFlags& flags) {
  score::CorpusModelOptions options;
  options.order = flags.order;
  if (flags.melody != "pitch" && flags.melody != "interval")
    throw Error::usage("--melody must be 'pitch' or 'interval', got '" + flags.melody + "'");
  options.melody = flags.melody == "pitch" ? score::MelodyAlphabet::kPitch : score::MelodyAlphabet::kInterval;
  score::CorpusLearnReport report;
  // Learning counts transitions and draws nothing; --seed is accepted (and printed) so that
  // every stochos command takes one, and for future smoothing schemes that sample.
  const score::CorpusModel model =
      score::CorpusModel::learn_directory(flags.corpus_dir, options, &report, !flags.no_recursive);
  model.save(flags.output);
  for (const auto& s : report.skipped) std::fprintf(stderr, "skipped: %s\n", s.c_str());
  std::printf(
      "learned an order-%d %s model from %zu of %zu MIDI files (%zu melody notes, %zu states, %zu contexts) "
      "into %s (seed %llu)\n",
      model.chain().order(), flags.melody.c_str(), report.sequences_used, report.files_seen,
      report.melody_notes, model.chain().states().size(), model.chain().context_count(), flags.output.c_str(),
      static_cast<unsigned long long>(flags.seed));
  return report.skipped.empty() ? kExitOk : kExitSkipped;
}

int run_generate(const GenerateFlags& flags) {
  const score::CorpusModel model = score::CorpusModel::load(flags.model);
  score::CorpusGenerateOptions options;
  options.duration_seconds = flags.duration_seconds;
  options.qpm = flags.qpm;
  options.program = flags.program;
  const magenta::NoteSequence sequence = model.generate(options, core::Rng(flags.seed));
  notesequence::note_sequence_to_midi_file(sequence, flags.output);
  std::printf("wrote %d notes, %.1f s, to %s (seed %llu)\n", sequence.notes_size(), sequence.total_time(),
              flags.output.c_str(), static_cast<unsigned long long>(flags.seed));
  return kExitOk;
}

}  // namespace

void add_markov_command(CLI::App& app, Action& action) {
  CLI::App* cmd =
      app.add_subcommand("markov", "Markov melody models: learn one from a MIDI folder, generate from it.");
  cmd->require_subcommand(1);

  auto learn = std::make_shared<LearnFlags>();
  CLI::App* l = cmd->add_subcommand(
      "learn",
      "Learn a Markov model of melody (top line: pitch or interval, duration in sixteenths, velocity)\n"
      "from every .mid/.midi file under --corpus. Unreadable files are skipped and listed.\n"
      "Exit code: 0 all files used, 5 some skipped, 2/3/4 usage/bad input/IO.");
  l->add_option("--corpus", learn->corpus_dir, "Folder of MIDI files")->required();
  l->add_option("-o,--output", learn->output, "Model file to write (replaced atomically)")->required();
  l->add_option("--order", learn->order, "Markov order, 1..8 (default 2)")->check(CLI::Range(1, 8));
  l->add_option("--melody", learn->melody, "State alphabet: pitch (default) or interval");
  l->add_option("--seed", learn->seed, "Random seed (default 1; learning itself draws nothing)");
  l->add_flag("--no-recursive", learn->no_recursive, "Do not descend into subfolders");
  l->callback([learn, &action] { action = [learn] { return run_learn(*learn); }; });

  auto gen = std::make_shared<GenerateFlags>();
  CLI::App* g = cmd->add_subcommand("generate", "Generate a melody from a learned model into a MIDI file.");
  g->add_option("model", gen->model, "Model file (from `stochos markov learn`)")->required();
  g->add_option("-o,--output", gen->output, "MIDI file to write")->required();
  g->add_option("--seed", gen->seed, "Random seed (default 1)");
  g->add_option("--duration", gen->duration_seconds, "Length in seconds (default 60, at most 86400)");
  g->add_option("--qpm", gen->qpm, "Tempo in quarters per minute (default: the corpus's median)");
  g->add_option("--program", gen->program, "General MIDI program 0..127 (default 0, piano)");
  g->callback([gen, &action] { action = [gen] { return run_generate(*gen); }; });
}

}  // namespace stochos::cli
