// SPDX-License-Identifier: GPL-3.0-or-later
// `stochos compose` and `stochos transform`: flags, library calls and exit codes only.
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "cli/commands.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/jobs/compose_job.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/presets.h"
#include "stochos/score/spec.h"
#include "stochos/audio/audio_file.h"
#include "stochos/audio/render/midi_renderer.h"
#include "stochos/audio/synth/gendyn_voice.h"
#include "stochos/core/random.h"
#include "stochos/score/transform.h"
#include "stochos/scoreio/score_writer.h"

namespace stochos::cli {
namespace {

void write_outputs(const magenta::NoteSequence& ns, const std::string& midi_path, const std::string& ns_path) {
  notesequence::note_sequence_to_midi_file(ns, midi_path);
  std::printf("wrote %s (%d notes, %.2f s)\n", midi_path.c_str(), ns.notes_size(), ns.total_time());
  if (!ns_path.empty()) {
    core::write_file_atomically(ns_path, notesequence::serialize_note_sequence(ns));
    std::printf("wrote %s\n", ns_path.c_str());
  }
}

struct ComposeFlags {
  std::string spec;
  std::string preset;
  std::string output;
  std::string ns_output;
  std::string corpus;
  std::string render;
  std::string soundfont;
  std::string notation;
  std::uint64_t seed = score::kDefaultSeed;
  std::optional<double> duration_seconds;
  bool list_presets = false;
};

int run_compose(const ComposeFlags& f) {
  if (f.list_presets) {
    for (const auto& p : score::builtin_presets()) std::printf("%s  %s\n", p.name.c_str(), p.description.c_str());
    return kExitOk;
  }
  if (f.spec.empty() == f.preset.empty()) throw Error::usage("give either a SPEC.toml file or --preset NAME");
  if (f.output.empty()) throw Error::usage("-o/--output is required");
  if (!f.corpus.empty() && f.preset.empty()) throw Error::usage("--corpus applies to presets that learn (--preset)");
  if (!f.render.empty()) audio::container_for_path(f.render);  // refuse .mp3 before composing
  if (!f.notation.empty() && !scoreio::is_score_output_path(f.notation)) {
    throw Error::usage(f.notation + ": unknown notation extension (use .musicxml, .xml, .mxl or .abc)");
  }
  // On an arena: an hour of ST is some 60,000 messages, each otherwise a heap block of its own.
  google::protobuf::Arena arena;
  magenta::NoteSequence& ns = *google::protobuf::Arena::CreateMessage<magenta::NoteSequence>(&arena);
  jobs::ComposeOptions options;
  if (!f.preset.empty()) options.preset = f.preset;
  if (!f.spec.empty()) options.spec_file = f.spec;
  options.seed = f.seed;
  options.duration_seconds = f.duration_seconds;
  if (!f.corpus.empty()) options.corpus_dir = f.corpus;
  const jobs::ComposedPiece piece = jobs::compose_into(options, ns);
  if (!f.preset.empty()) {
    std::printf("preset %s, seed %llu\n", piece.preset_name.c_str(), static_cast<unsigned long long>(f.seed));
  } else {
    std::printf("%s: %zu voices, seed %llu\n", f.spec.c_str(), piece.spec_voices,
                static_cast<unsigned long long>(f.seed));
  }
  write_outputs(ns, f.output, f.ns_output);
  if (!f.notation.empty()) {
    scoreio::write_score_file(ns, f.notation);
    std::printf("wrote %s (notation)\n", f.notation.c_str());
  }
  if (!f.render.empty()) {
    audio::RenderOptions options;
    if (!f.soundfont.empty()) options.soundfont = f.soundfont;
    audio::MidiRenderer renderer(options);
    const audio::AudioBuffer sound = audio::render_with_gendyn_voices(renderer, ns, piece.gendyn_voices);
    audio::write_audio_file(f.render, sound);
    std::printf("wrote %s (%.2f s of audio)\n", f.render.c_str(), sound.duration_seconds());
  }
  return kExitOk;
}

struct TransformFlags {
  std::string input;
  std::string output;
  std::string ns_output;
  score::TransformOptions options;
};

int run_transform(TransformFlags f) {
  if (!f.options.pitch && !f.options.duration && !f.options.timing && !f.options.velocity && !f.options.program) {
    throw Error::usage("nothing to do: give at least one of --pitch, --duration, --timing, --velocity, --program");
  }
  const magenta::NoteSequence in = notesequence::read_sequence_file(f.input);
  std::printf("%s: %d notes, seed %llu\n", f.input.c_str(), in.notes_size(),
              static_cast<unsigned long long>(f.options.seed));
  write_outputs(score::transform(in, f.options), f.output, f.ns_output);
  return kExitOk;
}

}  // namespace

void add_compose_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<ComposeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "compose",
      "Compose a piece from a score file (docs/score-language.md) or a built-in preset and write it as\n"
      "MIDI. The same seed gives the same file; the seed used is printed.\n"
      "Exit code: 0 done, 2 bad flags or an unbounded request, 3 bad score file, 4 I/O.");
  cmd->add_option("spec", f->spec, "Composition file (TOML)");
  cmd->add_option("--preset", f->preset, "A built-in preset instead of a file (see --list-presets)");
  cmd->add_flag("--list-presets", f->list_presets, "Print the presets, one a line: name, then a description");
  cmd->add_option("-o,--output", f->output, "MIDI file to write");
  cmd->add_option("--ns", f->ns_output, "Also write the serialized NoteSequence here");
  cmd->add_option("--render", f->render,
                  "Also render the piece to audio (.wav/.flac/.ogg): General MIDI voices with FluidSynth,\n"
                  "synth = \"gendyn\" voices with GENDYN, mixed");
  cmd->add_option("--soundfont", f->soundfont, "SF2 soundfont for --render (default: Debian's FluidR3_GM)");
  cmd->add_option("--musicxml", f->notation,
                  "Also write the piece as notation, by extension: .musicxml/.xml, .mxl or .abc\n"
                  "(quantized at 4 steps per quarter, as `stochos export` writes it)");
  cmd->add_option("--seed", f->seed, "Root seed (default " + std::to_string(score::kDefaultSeed) + ")");
  cmd->add_option("--duration", f->duration_seconds, "Length in seconds, replacing the piece's own");
  cmd->add_option("--corpus", f->corpus, "Folder of MIDI files for presets that learn");
  cmd->callback([f, &action] { action = [f] { return run_compose(*f); }; });
}

void add_transform_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<TransformFlags>();
  CLI::App* cmd = app.add_subcommand(
      "transform",
      "Apply generator expressions to the notes of a MIDI file or NoteSequence, each evaluated at the\n"
      "note's start time; everything not asked for is kept. E.g. --pitch \"brownian(step=1, lo=-5, hi=5)\".\n"
      "Exit code: 0 done, 2 bad flags or expressions, 3 bad input, 4 I/O.");
  cmd->add_option("input", f->input, "MIDI file, .ns or .tfrecord")->required();
  cmd->add_option("-o,--output", f->output, "MIDI file to write")->required();
  cmd->add_option("--ns", f->ns_output, "Also write the serialized NoteSequence here");
  cmd->add_option("--pitch", f->options.pitch, "Semitones added to each note");
  cmd->add_option("--duration", f->options.duration, "Factor on each note's length");
  cmd->add_option("--timing", f->options.timing, "Seconds added to each note's start (time()*0.1 stretches 10%)");
  cmd->add_option("--velocity", f->options.velocity, "Added to each velocity");
  cmd->add_option("--program", f->options.program, "New program of each note (0..127)");
  cmd->add_option("--seed", f->options.seed, "Root seed (default " + std::to_string(score::kDefaultSeed) + ")");
  cmd->callback([f, &action] { action = [f] { return run_transform(*f); }; });
}

}  // namespace stochos::cli
