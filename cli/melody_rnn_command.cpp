// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos melody train|generate|evaluate|bundle`: flags, library calls and exit codes only.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/core/random.h"
#include "stochos/jobs/evaluate_job.h"
#include "stochos/jobs/generate_job.h"
#include "stochos/jobs/mpi_world.h"
#include "stochos/jobs/train_job.h"
#include "stochos/melody/pitch_class_set.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/plot/piano_roll.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/rnn/melody_rnn_bundle.h"
#include "stochos/rnn/training.h"
#include "stochos/scoreio/score_writer.h"

namespace stochos::cli {
namespace {

std::vector<std::filesystem::path> split_files(const std::string& list) {
  // Magenta's --sequence_example_file takes one path; a comma list is accepted too.
  std::vector<std::filesystem::path> files;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) files.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return files;
}

// The model a command reads (generate, evaluate): exactly one of --run_dir, --bundle_file or
// --checkpoint, with --config and --hparams to complete or check what the files say.
struct ModelSourceFlags {
  std::string config;
  std::string run_dir;
  std::string bundle_file;
  std::string checkpoint;
  std::string hparams;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--config", config, "Config id (required for a plain checkpoint; checked against bundles)");
    cmd->add_option("--run_dir", run_dir, "stochos training run directory (newest checkpoint)");
    cmd->add_option("--bundle_file", bundle_file, "Magenta .mag generator bundle");
    cmd->add_option("--checkpoint", checkpoint, "TensorFlow checkpoint (V1 file, V2 prefix or directory)");
    cmd->add_option("--hparams", hparams, "hparams overrides (e.g. attn_length=40)");
  }
  std::filesystem::path path() const {
    const int given = !run_dir.empty() + !bundle_file.empty() + !checkpoint.empty();
    if (given != 1) throw Error::usage("give exactly one of --run_dir, --bundle_file or --checkpoint");
    return !run_dir.empty() ? run_dir : !bundle_file.empty() ? bundle_file : checkpoint;
  }
};

// ------------------------------------------------------------------ train

#ifndef STOCHOS_TRAINING_BINARY
[[noreturn]] void run_training_binary() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path trainer = self.parent_path() / "stochos-train";
  if (ec || !std::filesystem::exists(trainer)) {
    throw Error::usage("melody train needs " + trainer.string() +
                       " (built and installed beside stochos; it links LibTorch)");
  }
  ::execv(trainer.c_str(), g_argv);
  throw Error::io(trainer.string(), std::string("cannot run: ") + std::strerror(errno));
}
#endif

struct TrainFlags {
  std::string config;
  std::string sequence_example_file;
  std::string run_dir;
  std::int64_t num_training_steps = 0;
  std::string hparams;
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool eval = false;
  std::int64_t checkpoint_every = 100;
  std::int64_t summary_frequency = 10;
  std::string init_from;
  int num_threads = 1;
  std::string batching;
  double eval_timeout_secs = 300;
  bool no_progress = false;
};

int run_train(const TrainFlags& f) {
  const auto files = split_files(f.sequence_example_file);
  if (files.empty()) throw Error::usage("--sequence_example_file is required");
  if (f.eval) {
    // Every rank would evaluate the same checkpoints into the same metrics.csv.
    if (jobs::launched_by_mpirun()) throw Error::usage("--eval runs as one process, not under mpirun");
    rnn::EvalWatchOptions options;
    options.run_dir = f.run_dir;
    options.sequence_example_files = files;
    options.stop_at_step = f.num_training_steps;
    options.timeout_seconds = f.eval_timeout_secs;
    options.show_progress = !f.no_progress;
    const int evaluated = rnn::watch_and_evaluate(options);
    std::printf("evaluated %d checkpoints; metrics in %s\n", evaluated,
                (std::filesystem::path(f.run_dir) / "eval" / "metrics.csv").c_str());
    return 0;
  }
#ifndef STOCHOS_TRAINING_BINARY
  // Training needs LibTorch, whose shared libraries take most of a second to load; the
  // stochos binary stays free of it and hands training to stochos-train, installed beside it.
  run_training_binary();
#endif
  jobs::TrainJobOptions options;
  options.run_dir = f.run_dir;
  options.sequence_example_files = files;
  // The run directory remembers its config, hparams, seed and batching; flags must agree or be absent.
  options.request = {f.config, f.hparams, std::nullopt, f.batching};
  if (f.seed_given) options.request.seed = f.seed;
  options.num_training_steps = f.num_training_steps;
  options.checkpoint_every_steps = f.checkpoint_every;
  options.summary_every_steps = f.summary_frequency;
  if (!f.init_from.empty()) options.init_from = f.init_from;
  options.num_threads = f.num_threads;
  options.show_progress = !f.no_progress;
  // Under mpirun (each rank's stochos has exec'd this stochos-train): synchronous data
  // parallel training, rank 0 writing the run directory.
  options.across_mpi_ranks = true;
  const jobs::OpenedTrainingRun run = jobs::open_training_run(options);
  if (run.is_root) std::printf("%s\n", jobs::describe_training_run(run).c_str());
  const rnn::TrainResult result = rnn::train_melody_rnn(run.options);
  if (!run.is_root) return 0;
  if (result.start_step > 0) std::printf("resumed at step %lld\n", static_cast<long long>(result.start_step));
  if (result.last_metrics) {
    const auto& m = *result.last_metrics;
    std::printf("step %lld: loss %.4f perplexity %.3f accuracy %.4f event_accuracy %.4f no_event_accuracy %.4f\n",
                static_cast<long long>(result.final_step), m.loss, m.perplexity, m.accuracy, m.event_accuracy,
                m.no_event_accuracy);
  }
  std::printf("%lld steps in %.1f s%s; checkpoints in %s\n",
              static_cast<long long>(result.final_step - result.start_step), result.seconds,
              result.interrupted ? " (interrupted)" : "", (std::filesystem::path(f.run_dir) / "train").c_str());
  return 0;
}

void add_train(CLI::App& parent, Action& action) {
  auto f = std::make_shared<TrainFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "train",
      "Train a Melody RNN like Magenta's melody_rnn_train, on CPU with LibTorch: stacked LSTMs (and\n"
      "attention_rnn's attention wrapper) with Magenta's variable names, Adam, per-variable gradient\n"
      "clipping, loss/perplexity/accuracy/event and no-event accuracy. Checkpoints are TensorFlow V2\n"
      "files in <run_dir>/train (with Adam slots), written atomically; rerunning the same command\n"
      "resumes from the newest one and, for a fixed --seed, reaches the same weights as an\n"
      "uninterrupted run. Ctrl-C saves a checkpoint and stops.\n"
      "Under `mpirun -np N`: synchronous data-parallel training. Each rank computes the gradients of\n"
      "its share of every batch, they are summed over the ranks (MPI_Allreduce) every step, and rank 0\n"
      "writes checkpoints and metrics; the weights are those of one process with the same --seed and\n"
      "batch_size (to float rounding). The run directory must be on a filesystem every rank sees.\n"
      "--eval (as Magenta's eval job): watch <run_dir>/train and evaluate each new checkpoint on\n"
      "--sequence_example_file (the eval set), logging to <run_dir>/eval/metrics.csv.\n"
      "Beyond Magenta: batches grouped by length (--batching); a progress line every\n"
      "--summary_frequency steps when stderr is not a terminal (loss, accuracy, steps/s, time left);\n"
      "<run_dir>/stochos_run.txt records config, hparams, seed and batching so later commands\n"
      "need not repeat them; metrics.csv and metrics.png (curves); --init_from fine-tunes a .mag\n"
      "bundle or checkpoint.");
  cmd->add_option("--config", f->config, "basic_rnn, mono_rnn, lookback_rnn or attention_rnn (new runs)");
  cmd->add_option("--sequence_example_file", f->sequence_example_file,
                  "TFRecord of SequenceExamples (melody dataset); comma-separated for several; shards as a glob\n"
                  "('training_melodies.tfrecord-*-of-00004'), F@4, or F when only its shards exist")
      ->required();
  cmd->add_option("--run_dir", f->run_dir, "Run directory (created; resumed if it has checkpoints)")->required();
  cmd->add_option("--num_training_steps", f->num_training_steps,
                  "Global step to stop at (0: until Ctrl-C, as Magenta)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--hparams", f->hparams, "Magenta hparams overrides, e.g. batch_size=64,rnn_layer_sizes=[64,64]");
  cmd->add_option("--seed", f->seed, "Seed of initial weights, batch order and dropout (default 0)")
      ->each([f](const std::string&) { f->seed_given = true; });
  cmd->add_flag("--eval", f->eval, "Evaluate checkpoints of --run_dir as they appear (Magenta's eval job)");
  cmd->add_option("--eval_timeout_secs", f->eval_timeout_secs, "--eval: stop after this long without a new checkpoint");
  cmd->add_option("--save_checkpoint_steps", f->checkpoint_every, "Checkpoint every N steps (stochos; default 100)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--summary_frequency", f->summary_frequency, "Log metrics every N steps (Magenta's flag; default 10)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--init_from", f->init_from, "Start from the weights of a .mag bundle or checkpoint (fine-tuning)");
  cmd->add_option(
         "--num_threads", f->num_threads,
         "Threads for LibTorch's matrix products and the LSTM layers' batch rows (default 1); a run\n"
         "resumed with the same count reaches the same weights. Both cores: --num_threads 2, or\n"
         "`mpirun -np 2` (data parallel, one thread each)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--batching", f->batching,
                  "bucketed (default, beyond Magenta): each epoch's shuffled order is cut into pools of 32\n"
                  "batches, each pool sorted by length, so a batch holds melodies of similar length and\n"
                  "padding is a small part of the work; every melody once per epoch, order from --seed.\n"
                  "random: Magenta's batches, slices of one shuffled order padded to their longest melody.\n"
                  "Recorded in the run directory (runs recorded without it resume as random)")
      ->check(CLI::IsMember({"bucketed", "random"}));
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress bar");
  cmd->callback([f, &action] { action = [f] { return run_train(*f); }; });
}

// ------------------------------------------------------------------ generate

struct GenerateFlags {
  ModelSourceFlags model;
  std::string output_dir;
  int num_outputs = 10;
  int num_steps = 128;
  std::string primer_melody;
  std::string primer_midi;
  double temperature = 1.0;
  int beam_size = 1;
  int branch_factor = 1;
  int steps_per_iteration = 1;
  double qpm = 0;
  std::uint64_t seed = 0;
  bool exclude_primer = false;
  bool plot = false;
  std::string musicxml;
  std::string name_prefix;
  std::optional<std::string> key, scale, sieve, chords;
};

int run_generate(const GenerateFlags& f) {
  const rnn::LoadedModel model =
      rnn::load_melody_rnn(f.model.path(), f.model.config, f.model.hparams);
  rnn::MelodyGenerateOptions options;
  options.num_steps = f.num_steps;
  if (!f.primer_melody.empty()) options.primer_melody = f.primer_melody;
  if (!f.primer_midi.empty()) options.primer_midi = f.primer_midi;
  if (f.qpm > 0) options.qpm = f.qpm;
  options.search.temperature = f.temperature;
  options.search.beam_size = f.beam_size;
  options.search.branch_factor = f.branch_factor;
  options.search.steps_per_iteration = f.steps_per_iteration;
  options.exclude_primer = f.exclude_primer;
  options.constraints.key = f.key;
  options.constraints.scale = f.scale;
  options.constraints.sieve = f.sieve;
  options.constraints.chords = f.chords;
  rnn::MelodyGenerator generator(model, options);

  std::filesystem::create_directories(f.output_dir);
  std::string prefix = f.name_prefix;
  if (prefix.empty()) {
    // melody_rnn_generate names outputs '%Y-%m-%d_%H%M%S_<i>.mid'.
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M%S", std::localtime(&now));
    prefix = stamp;
  }
  const int digits = static_cast<int>(std::to_string(f.num_outputs).size());
  std::printf("model %s (%s), qpm %.6g, seed %llu\n", model.source.c_str(), model.config.id.c_str(), generator.qpm(),
              static_cast<unsigned long long>(f.seed));
  jobs::generate_melodies(generator, f.num_outputs, f.seed, [&](int i, const rnn::GeneratedMelody& out) {
    std::string number = std::to_string(i + 1);
    number.insert(0, static_cast<std::size_t>(digits) - number.size(), '0');
    const std::filesystem::path midi = std::filesystem::path(f.output_dir) / (prefix + "_" + number + ".mid");
    notesequence::note_sequence_to_midi_file(out.sequence, midi);
    std::printf("%s: %d notes, log-likelihood %.4f\n", midi.c_str(), out.sequence.notes_size(), out.log_likelihood);
    if (f.plot) {
      plot::PianoRollOptions roll;
      roll.title = model.config.id + " #" + number;
      plot::write_piano_roll_png(out.sequence, std::filesystem::path(midi).replace_extension(".png"), roll);
    }
    if (!f.musicxml.empty()) {
      const std::filesystem::path score =
          std::filesystem::path(f.output_dir) / (prefix + "_" + number + "." + f.musicxml);
      scoreio::write_score_file(out.sequence, score);
    }
  });
  std::printf("wrote %d MIDI files to %s\n", f.num_outputs, f.output_dir.c_str());
  return 0;
}

void add_generate(CLI::App& parent, Action& action) {
  auto f = std::make_shared<GenerateFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "generate",
      "Generate melodies like Magenta's melody_rnn_generate: prime with --primer_melody or --primer_midi\n"
      "(default: middle C), extend to --num_steps 16th steps with sampling at --temperature and beam\n"
      "search (--beam_size, --branch_factor, --steps_per_iteration), write <output_dir>/<date>_<n>.mid.\n"
      "The model comes from a stochos run directory, a Magenta .mag bundle or a TensorFlow checkpoint.\n"
      "Beyond Magenta: --seed makes outputs reproducible; an unusable primer (polyphonic, wider than\n"
      "the config's range, too long) is an error instead of being silently altered; --exclude_primer,\n"
      "--plot (piano-roll PNG per output), --musicxml musicxml|mxl|abc (notation per output),\n"
      "--name_prefix (instead of the date); the score printed per output is its log-likelihood.\n"
      "Constraints (beyond Magenta; they combine as an intersection): --key/--scale, --sieve, --chords\n"
      "mask the model's distribution at every generated step (never the primer's): a class is allowed\n"
      "iff the event it decodes to is allowed, judged on the pitch heard after the primer's\n"
      "transposition is undone; sampling and the beam's scores use the distribution renormalised over\n"
      "the allowed classes. A note-off is always allowed. Constraints that leave no playable pitch in\n"
      "the model's range, or a chord without a playable tone, are errors before anything is generated.");
  f->model.add_to(cmd);
  cmd->add_option("--output_dir", f->output_dir, "Folder for the MIDI files")->required();
  cmd->add_option("--num_outputs", f->num_outputs, "Number of melodies (default 10)")->check(CLI::Range(1, 100000));
  cmd->add_option("--num_steps", f->num_steps, "Length in 16th steps, primer included (default 128)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--primer_melody", f->primer_melody, "Events as a Python list, e.g. \"[60, -2, 60, -2, 67, -2]\"");
  cmd->add_option("--primer_midi", f->primer_midi, "MIDI file whose melody primes the model");
  cmd->add_option("--temperature", f->temperature, "Softmax temperature (default 1.0)")->check(CLI::PositiveNumber);
  cmd->add_option("--beam_size", f->beam_size, "Beam size (default 1)")->check(CLI::Range(1, 4096));
  cmd->add_option("--branch_factor", f->branch_factor, "Beam branch factor (default 1)")->check(CLI::Range(1, 4096));
  cmd->add_option("--steps_per_iteration", f->steps_per_iteration, "Steps per beam iteration (default 1)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--qpm", f->qpm, "Tempo (default: the primer MIDI's, else 120)")->check(CLI::PositiveNumber);
  cmd->add_option("--seed", f->seed, "Seed of the sampling (default 0)");
  cmd->add_flag("--exclude_primer", f->exclude_primer, "Leave the primer's notes out of the outputs");
  cmd->add_flag("--plot", f->plot, "Also write a piano-roll PNG beside each MIDI file");
  cmd->add_option("--musicxml", f->musicxml, "Also write notation: musicxml, mxl or abc")
      ->check(CLI::IsMember({"musicxml", "mxl", "abc"}));
  cmd->add_option("--name_prefix", f->name_prefix, "File name prefix instead of the date and time");
  std::string modes;
  for (const auto& mode : melody::scale_mode_names()) {
    const std::size_t line = modes.size() - (modes.rfind('\n') == std::string::npos ? 0 : modes.rfind('\n'));
    modes += (modes.empty() ? "" : line > 70 ? ",\n" : ", ") + mode;
  }
  cmd->add_option(
      "--key", f->key,
      "Keep generated notes in a key: TONIC MODE (\"D minor\", \"F# dorian\", \"Bb major pentatonic\";\n"
      "modes: " +
          modes +
          ")\nor any pitch-class set: numbers 0-11 (0 = C) or note names, e.g. \"0,2,4,7,9\", \"C D E G A\"");
  cmd->add_option("--scale", f->scale, "Same syntax as --key; given both, notes keep to their intersection");
  cmd->add_option(
      "--sieve", f->sieve,
      "Allowed MIDI pitch numbers (not pitch classes) as a Xenakis sieve in stochos's sieve syntax,\n"
      "e.g. \"12@0|12@2|12@4|12@7|12@9\" (C major pentatonic in every octave) or \"(3@0|4@1)&-(12@6)\";\n"
      "moduli other than 12 give different pitch classes in different octaves");
  cmd->add_option(
      "--chords", f->chords,
      "Chord progression for the strong beats: \"C Am F G7\" (a chord per bar) or CHORD:BEATS\n"
      "(quarter notes), \"C:2 G:2 Am F\"; from bar 1 of the output, repeating; N.C. = no chord;\n"
      "chords: root + one of \"\" m dim aug sus2 sus4 5 6 m6 7 maj7 m7 mmaj7 dim7 m7b5 9 add9 ... [/BASS].\n"
      "Strong beats are beats 1 and 3 of 4/4 (steps 0 and 8 of each 16-step bar), the downbeat\n"
      "only in 3/4 and 6/8. There a note onset must be a chord tone, and a note held into a strong\n"
      "beat must be one too (otherwise it ends there); weak steps are free");
  cmd->callback([f, &action] { action = [f] { return run_generate(*f); }; });
}

// ------------------------------------------------------------------ evaluate

struct EvaluateFlags {
  ModelSourceFlags model;
  std::string input;
  std::string baseline_train;
  int samples = 0;
  int sample_primer_steps = 32;
  int sample_steps = 256;
  std::uint64_t seed = 0;
  bool flatten_tempo = false;
  bool ignore_polyphonic_notes = false;
  bool recursive = false;
  bool no_progress = false;
};

void print_metrics(const char* name, const rnn::MelodyRnnMetrics& m) {
  std::printf("%-22s %9.4f %11.3f %9.4f %9.4f %9.4f %11.4f\n", name, m.loss, m.perplexity, m.accuracy,
              m.event_accuracy, m.no_event_accuracy, m.melody_loss);
}

int run_evaluate(const EvaluateFlags& f) {
  jobs::EvaluateOptions options;
  options.model_path = f.model.path();
  options.config_name = f.model.config;
  options.hparams = f.model.hparams;
  options.input = f.input;
  options.baseline_train = split_files(f.baseline_train);
  options.samples = f.samples;
  options.sample_primer_steps = f.sample_primer_steps;
  options.sample_steps = f.sample_steps;
  options.seed = f.seed;
  options.flatten_tempo = f.flatten_tempo;
  options.ignore_polyphonic_notes = f.ignore_polyphonic_notes;
  options.recursive = f.recursive;
  options.progress = f.no_progress ? core::ProgressBar::Mode::kNever : core::ProgressBar::Mode::kAuto;
  const jobs::EvaluateResult result = jobs::evaluate_corpus(options);
  for (const auto& s : result.skipped) std::fprintf(stderr, "skipped: %s\n", s.message.c_str());
  std::printf("%s on %lld melodies, %lld steps (Markov baselines: %s)\n", result.model_description.c_str(),
              static_cast<long long>(result.model.sequences), static_cast<long long>(result.model.steps),
              result.baseline_source.c_str());
  std::printf("%-22s %9s %11s %9s %9s %9s %11s\n", "model", "nll/step", "perplexity", "accuracy", "event", "no-event",
              "melody nll");
  print_metrics("Melody RNN", result.model);
  const rnn::MelodyRnnMetrics* best = nullptr;
  int best_order = 0;
  for (const auto& [order, m] : result.markov) {
    print_metrics(("Markov order " + std::to_string(order)).c_str(), m);
    if (!best || m.loss < best->loss) best = &m, best_order = order;
  }
  if (best) {
    const bool rnn_better = result.model.loss < best->loss;
    std::printf("%s is better: %.4f vs %.4f nats per step (best Markov order %d)\n",
                rnn_better ? "the Melody RNN" : "the Markov baseline", rnn_better ? result.model.loss : best->loss,
                rnn_better ? best->loss : result.model.loss, best_order);
  }
  if (!result.samples.empty()) {
    std::printf(
        "\nsample statistics: %d evaluated melodies continued from their first %d steps to %d steps "
        "(seed %llu); features of the continuations\n",
        result.sampled_melodies, f.sample_primer_steps, f.sample_steps,
        static_cast<unsigned long long>(f.seed));
    std::printf("%-16s %8s %8s %7s %7s %9s %9s %9s %8s\n", "source", "pc-dist", "len-dist", "in-key", "range",
                "repeat@2", "repeat@4", "repeat@8", "notes");
    for (const auto& s : result.samples) {
      std::printf("%-16s %8.4f %8.4f %7.3f %7.2f %9.3f %9.3f %9.3f %8lld\n", s.source.c_str(),
                  s.pitch_class_distance, s.note_length_distance, s.in_key, s.mean_range, s.repeats[0],
                  s.repeats[1], s.repeats[2], static_cast<long long>(s.notes));
    }
    std::printf(
        "pc-dist, len-dist: total variation distance of the pitch-class and note-length (16ths) histograms "
        "to\n"
        "the corpus continuations'; in-key: share of notes in the primer's diatonic key; range: semitones;\n"
        "repeat@N: share of bars (16 steps, with an onset) equal to the bar N bars back, or transposed\n");
  }
  return result.skipped.empty() ? 0 : 5;
}

void add_evaluate(CLI::App& parent, Action& action) {
  auto f = std::make_shared<EvaluateFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "evaluate",
      "Score a Melody RNN on the melodies of any corpus (stochos; Magenta has only its eval job):\n"
      "per-step negative log-likelihood, perplexity, accuracy, event and no-event accuracy, beside\n"
      "smoothed Markov chains of order 1..4 over the same labels, and which is better; and the melody\n"
      "nll: the NLL of the melody's events, summing the classes that decode to the same event (lookback\n"
      "and attention_rnn can label a repeat two ways), which compares configs. --input is a\n"
      "NoteSequence TFRecord, a MIDI folder (melodies extracted as `melody dataset` does) or a\n"
      "SequenceExample TFRecord already encoded for the config.");
  f->model.add_to(cmd);
  cmd->add_option("--input", f->input, "Corpus: NoteSequence TFRecord, MIDI folder or SequenceExample TFRecord")
      ->required();
  cmd->add_option("--baseline_train", f->baseline_train,
                  "SequenceExamples to train the Markov baselines on, e.g. the model's training set (comma-\n"
                  "separated, shard patterns; default: two-fold cross-validation on --input)");
  cmd->add_option(
         "--samples", f->samples,
         "Also continue N evaluated melodies (SequenceExample input) with the model and the best Markov\n"
         "chain, and compare their statistics with the corpus's (default 0: no sampling)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--sample_primer_steps", f->sample_primer_steps,
                  "--samples: primer length in steps (default 32)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--sample_steps", f->sample_steps,
                  "--samples: length of each sample, primer included (default 256)")
      ->check(CLI::Range(2, 8192));
  cmd->add_option("--seed", f->seed,
                  "--samples: seed of the primers' choice and of the sampling (default 0)");
  cmd->add_flag("--flatten_tempo", f->flatten_tempo, "As in melody dataset");
  cmd->add_flag("--ignore_polyphonic_notes", f->ignore_polyphonic_notes, "As in melody dataset");
  cmd->add_flag("--recursive", f->recursive, "Folder input: descend into subfolders");
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress bar");
  cmd->callback([f, &action] { action = [f] { return run_evaluate(*f); }; });
}

// ------------------------------------------------------------------ bundle

struct BundleFlags {
  std::string run_dir;
  std::string bundle_file;
  std::string description;
  std::string config;
};

int run_bundle(const BundleFlags& f) {
  const auto summary = rnn::write_melody_rnn_bundle(f.run_dir, f.bundle_file, f.description, f.config);
  std::printf("wrote %s: generator %s, step %lld, %zu tensors, %zu-byte V1 checkpoint\n", f.bundle_file.c_str(),
              summary.generator_id.c_str(), summary.global_step, summary.tensors, summary.bytes);
  return 0;
}

void add_bundle(CLI::App& parent, Action& action) {
  auto f = std::make_shared<BundleFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "bundle",
      "Write a Magenta .mag generator bundle (GeneratorBundle: generator id and description, the weights\n"
      "as a TensorFlow V1 checkpoint) from a run directory, like melody_rnn_generate --save_generator_bundle.\n"
      "stochos loads it back (generate --bundle_file, train --init_from) and `stochos inspect` describes it.\n"
      "The hparams travel in the bundle description. No TensorFlow graph is included, so TensorFlow's\n"
      "Magenta cannot run these bundles.");
  cmd->add_option("--run_dir", f->run_dir, "Run directory (or any model generate accepts)")->required();
  cmd->add_option("--bundle_file", f->bundle_file, "Output .mag file")->required();
  cmd->add_option("--bundle_description", f->description, "Free text stored in the bundle");
  cmd->add_option("--config", f->config, "Config id, for a plain checkpoint");
  cmd->callback([f, &action] { action = [f] { return run_bundle(*f); }; });
}

}  // namespace

void add_melody_rnn_commands(CLI::App& melody, Action& action) {
  add_train(melody, action);
  add_generate(melody, action);
  add_evaluate(melody, action);
  add_bundle(melody, action);
}

}  // namespace stochos::cli
