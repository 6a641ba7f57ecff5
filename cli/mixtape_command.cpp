// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos mixtape`: flags, the Melody RNN trainer for --corpus (child `stochos melody ...`
// processes, so that this binary never loads LibTorch) and exit codes.
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/mixtape/album.h"

extern char** environ;

namespace stochos::cli {
namespace {

namespace fs = std::filesystem;

struct MixtapeFlags {
  std::string output = "mixtape";
  std::uint64_t seed = 1;
  int tracks = 0;
  int only = 0;
  std::string corpus;
  std::string soundfont;
  std::string format = "flac";
  bool resume = false;
  double length = 0;
  double loudness = -23;
  int train_steps = 600;
  bool list = false;
  bool no_progress = false;
};

// Runs this binary with `args` and waits; a failure names the command.
void run_self(const std::vector<std::string>& args) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error::internal("cannot find the stochos binary: " + ec.message());
  std::vector<std::string> words{self.string()};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw Error::internal("cannot start " + words[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error::internal("lost the child process " + words[0]);
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // Exit 5 means some files were skipped (corrupt MIDI in the corpus): the rest trained.
  if (code != 0 && code != kExitSkipped) {
    std::string text;
    for (std::size_t i = 1; i < words.size(); ++i) text += " " + words[i];
    throw Error(ErrorKind::kInput, "stochos" + text + " failed (exit " + std::to_string(code) + ")");
  }
}

int run(const MixtapeFlags& f) {
  if (f.list) {
    for (const std::string& line : mixtape::describe_tracks()) std::printf("%s\n", line.c_str());
    return kExitOk;
  }
  mixtape::AlbumOptions o;
  o.output_dir = f.output;
  o.seed = f.seed;
  o.tracks = f.tracks;
  if (f.only > 0) o.only_track = f.only;
  if (!f.corpus.empty()) o.corpus = f.corpus;
  o.soundfont = f.soundfont;
  o.format = f.format;
  o.resume = f.resume;
  o.length_seconds = f.length;
  o.loudness_lufs = f.loudness;
  o.progress = f.no_progress ? core::ProgressBar::Mode::kNever : core::ProgressBar::Mode::kAuto;
  o.log = [](const std::string& line) { std::printf("%s\n", line.c_str()); std::fflush(stdout); };
  const int steps = f.train_steps;
  const std::uint64_t seed = f.seed;
  o.train_melody_rnn = [steps, seed, resume = f.resume](const std::string& config, const fs::path& corpus,
                                                        const fs::path& work) {
    const fs::path data = work / (config + "_data");
    const fs::path run_dir = work / config;
    if (!(resume && fs::exists(data / "training_melodies.tfrecord"))) {
      run_self({"melody", "dataset", "--config", config, "--input", corpus.string(), "--output_dir", data.string(),
                "--eval_ratio", "0", "--flatten_tempo", "--ignore_polyphonic_notes", "--recursive", "--no-progress"});
    }
    // A rerun resumes the run directory; at its final step it returns at once.
    run_self({"melody", "train", "--config", config, "--sequence_example_file",
              (data / "training_melodies.tfrecord").string(), "--run_dir", run_dir.string(), "--hparams",
              "batch_size=32,rnn_layer_sizes=[64,64]", "--num_training_steps", std::to_string(steps), "--seed",
              std::to_string(seed), "--no-progress"});
    return run_dir;
  };
  const mixtape::AlbumSummary s = mixtape::make_album(o);
  int kept = 0;
  for (const auto& t : s.tracks) kept += t.reused;
  std::printf("%s: %zu tracks (%d kept from an earlier run), %.1f min of music, %.1f MB, made in %.1f s\n",
              f.output.c_str(), s.tracks.size(), kept, s.audio_seconds / 60.0,
              static_cast<double>(s.bytes) / 1e6, s.elapsed_seconds);
  if (!o.only_track) std::printf("open %s in a browser\n", (fs::path(f.output) / "index.html").c_str());
  return kExitOk;
}

}  // namespace

void add_mixtape_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<MixtapeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "mixtape",
      "Make an album that shows the toolkit (stochos's default job): eleven tracks, from Xenakis's ST, Analogique\n"
      "screens and a Markov chain learned from Mozart, through the four Melody RNN configs continuing Mozart\n"
      "themes with a stochastic accompaniment, to GENDYN, a granular cloud of track 1, a spectral transformation\n"
      "of track 3 by chaotic curves and a sieve canon with a game-theory duel. Per track: audio (FLAC, and OGG for\n"
      "the page), MIDI, NoteSequence, piano roll, waveform and spectrogram PNGs and a JSON record with the command\n"
      "that recreates it. For the album: the crossfaded mix normalised to EBU R128, a cue sheet, a cover drawn\n"
      "from the notes and index.html (opens from disk). Same seed, same files.");
  cmd->footer(
      "Beyond Magenta: Magenta has no album job; this one runs Magenta's Melody RNN (as `stochos melody`) beside\n"
      "the stochastic engine. --corpus DIR retrains every model from your MIDI folder (the Markov chain in\n"
      "seconds; the three Melody RNNs with `stochos melody dataset` and `stochos melody train`, --train-steps each).\n"
      "Exit code: 0 done, 2 bad flags, 3 bad input, 4 I/O error.");
  cmd->add_option("-o,--output", f->output, "Album folder (created; default ./mixtape)");
  cmd->add_option("--seed", f->seed, "Root seed of every random choice (default 1)");
  cmd->add_option("--tracks", f->tracks, "Number of tracks (default: all eleven; more repeat the catalogue with new takes)")
      ->check(CLI::Range(1, 99));
  cmd->add_option("--only", f->only, "Make only track N (the command each track's JSON record names)")
      ->check(CLI::Range(1, 99));
  cmd->add_option("--corpus", f->corpus, "Learn the models from this MIDI folder instead of the shipped Mozart ones");
  cmd->add_option("--train-steps", f->train_steps, "--corpus: training steps per Melody RNN (default 600)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--soundfont", f->soundfont, "SF2 soundfont for the General MIDI tracks (default: Debian's FluidR3_GM)");
  cmd->add_option("--format", f->format, "Audio format of tracks and mix: flac (default), wav or ogg")
      ->check(CLI::IsMember({"flac", "wav", "ogg"}));
  cmd->add_flag("--resume", f->resume, "Keep the tracks an earlier run with the same settings completed");
  cmd->add_option("--length", f->length, "Make every track this many seconds long (default: each track's own)")
      ->check(CLI::Range(0.0, 1800.0));
  cmd->add_option("--loudness", f->loudness, "Loudness of tracks and mix in LUFS (default -23, EBU R128)")
      ->check(CLI::Range(-70.0, -5.0));
  cmd->add_flag("--list", f->list, "List the tracks and exit");
  cmd->add_flag("--no-progress", f->no_progress, "Never draw progress bars");
  cmd->callback([f, &action] { action = [f] { return run(*f); }; });
}

}  // namespace stochos::cli
