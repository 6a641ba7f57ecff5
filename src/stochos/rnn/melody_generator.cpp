// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/melody_generator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "stochos/core/error.h"
#include "stochos/melody/extraction.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/rnn/training.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::rnn {
namespace {

constexpr const char* kHparamsTag = "stochos hparams: ";

std::string hparams_from_description(const std::string& description) {
  const auto at = description.find(kHparamsTag);
  if (at == std::string::npos) return {};
  const auto begin = at + std::char_traits<char>::length(kHparamsTag);
  const auto end = description.find(']', description.find(']', begin) + 1);  // rnn_layer_sizes=[..] inside
  return description.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

melody::MelodyRnnConfig config_named(const std::string& name, const std::string& fallback, const std::string& source) {
  if (name.empty() && fallback.empty()) {
    throw Error::usage(source + ": a checkpoint does not say which config it is; give --config");
  }
  return melody::melody_rnn_config(name.empty() ? fallback : name);
}

// Makes the config's hparams agree with the weights (layer sizes are in the tensors).
LoadedModel finish(melody::MelodyRnnConfig config, const tfio::Checkpoint& checkpoint, const std::string& hparams,
                   std::string source, std::string description) {
  if (!hparams.empty()) melody::apply_hparams(config.hparams, hparams);
  LoadedModel model;
  model.weights = weights_from_checkpoint(checkpoint, config, /*infer_layer_sizes=*/true);
  config.hparams.rnn_layer_sizes = model.weights.layer_sizes();
  model.config = std::move(config);
  model.source = std::move(source);
  model.description = std::move(description);
  return model;
}

}  // namespace

LoadedModel load_melody_rnn(const std::filesystem::path& model_path, const std::string& config_name,
                            const std::string& hparams) {
  const std::string source = model_path.string();
  if (std::filesystem::is_directory(model_path)) {
    if (auto run = read_run_config(model_path)) {
      if (!config_name.empty() && config_name != run->config.id) {
        throw Error::usage(source + " was trained as " + run->config.id + ", not " + config_name);
      }
      const auto latest = tfio::latest_checkpoint(model_path / "train");
      if (!latest) throw Error::input(source, {}, "the run has no checkpoint yet (train/checkpoint is missing)");
      const tfio::Checkpoint checkpoint = tfio::read_checkpoint(*latest);
      return finish(run->config, checkpoint, hparams, latest->string(),
                    "run " + source + ", step " + std::to_string(checkpoint.global_step().value_or(0)));
    }
  }
  if (tfio::is_generator_bundle(model_path)) {
    const tfio::GeneratorBundle bundle = tfio::read_generator_bundle(model_path);
    if (!config_name.empty() && config_name != bundle.generator_id) {
      // Magenta's BaseSequenceGenerator refuses a bundle made for another generator.
      throw Error::usage("generator id in bundle (" + bundle.generator_id + ") does not match --config (" + config_name +
                         ")");
    }
    auto config = config_named(bundle.generator_id, {}, source);
    const std::string bundle_hparams = hparams_from_description(bundle.bundle_description);
    if (!bundle_hparams.empty()) melody::apply_hparams(config.hparams, bundle_hparams);
    return finish(config, tfio::bundle_checkpoint(bundle, source), hparams, source, bundle.bundle_description);
  }
  const tfio::Checkpoint checkpoint = tfio::read_checkpoint(model_path);
  return finish(config_named(config_name, {}, source), checkpoint, hparams, source,
                "checkpoint at step " + std::to_string(checkpoint.global_step().value_or(0)));
}

MelodyGenerator::MelodyGenerator(const LoadedModel& model, const MelodyGenerateOptions& options)
    : model_(model),
      options_(options),
      encoder_(melody::make_encoder_decoder(model.config)),
      inference_(model.weights) {
  if (options.primer_melody && options.primer_midi) {
    throw Error::usage("give at most one of --primer_melody and --primer_midi");
  }
  if (options.primer_sequence && (options.primer_melody || options.primer_midi)) {
    throw Error::usage("give at most one primer");
  }
  qpm_ = options.qpm.value_or(120.0);
  if (!(qpm_ > 0)) throw Error::usage("--qpm must be positive");
  const int steps_per_quarter = model.config.steps_per_quarter;
  if (options.primer_midi || options.primer_sequence) {
    if (options.primer_midi) {
      primer_sequence_ = notesequence::midi_file_to_note_sequence(*options.primer_midi);
    } else {
      const std::string bytes = midi::serialize_midi(notesequence::note_sequence_to_midi(*options.primer_sequence));
      primer_sequence_ = notesequence::midi_to_note_sequence(midi::parse_midi(
          std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), "primer sequence"));
    }
    // melody_rnn_generate: the primer MIDI's first tempo wins over --qpm.
    if (primer_sequence_.tempos_size() > 0 && primer_sequence_.tempos(0).qpm() > 0) qpm_ = primer_sequence_.tempos(0).qpm();
  } else {
    const melody::Melody primer =
        options.primer_melody ? melody::parse_primer_melody(*options.primer_melody) : melody::Melody({60});
    melody::ToSequenceOptions to;
    to.qpm = qpm_;
    primer_sequence_ = primer.to_sequence(to);
  }
  const double seconds_per_step = 60.0 / qpm_ / steps_per_quarter;
  double last_end_seconds = 0;
  for (const auto& note : primer_sequence_.notes()) last_end_seconds = std::max(last_end_seconds, note.end_time());
  const double start_seconds = last_end_seconds + seconds_per_step;
  const double end_seconds = options.num_steps * seconds_per_step;
  if (start_seconds >= end_seconds) {
    throw Error::usage("the primer lasts " + std::to_string(static_cast<long long>(std::llround(last_end_seconds / seconds_per_step))) +
                       " steps; with the step after it, it must be shorter than --num_steps (" +
                       std::to_string(options.num_steps) + ")");
  }
  const double steps_per_second = notesequence::steps_per_quarter_to_steps_per_second(steps_per_quarter, qpm_);
  const magenta::NoteSequence quantized = notesequence::quantize_note_sequence(primer_sequence_, steps_per_quarter);

  // Magenta silently keeps the highest of notes that start together; a primer that is not
  // a melody is refused here instead, naming where.
  std::set<int> instruments;
  for (const auto& note : quantized.notes()) {
    if (!note.is_drum()) instruments.insert(note.instrument());
  }
  if (instruments.size() > 1) {
    throw Error::usage("the primer has notes on " + std::to_string(instruments.size()) +
                       " instruments; Melody RNN continues one melody: give a one-instrument primer");
  }
  melody::FromQuantizedOptions strict;
  strict.gap_bars = std::numeric_limits<double>::infinity();
  if (!instruments.empty()) strict.instrument = *instruments.begin();
  try {
    (void)melody::melody_from_quantized_sequence(quantized, strict);
  } catch (const Error& e) {
    if (e.code() == melody::kCodePolyphonicMelody) {
      throw Error::usage("the primer is polyphonic (" + std::string(e.what()) +
                         "); Melody RNN continues one melody: give a monophonic primer");
    }
    throw;
  }
  melody::ExtractionOptions extraction;
  extraction.min_bars = 0;
  extraction.min_unique_pitches = 1;
  extraction.gap_bars = std::numeric_limits<double>::infinity();
  extraction.ignore_polyphonic_notes = true;
  const auto extracted = melody::extract_melodies(quantized, extraction);
  const std::int64_t start_step = notesequence::quantize_to_step(start_seconds, steps_per_second, 0.0);
  end_step_ = notesequence::quantize_to_step(end_seconds, steps_per_second, 1.0);
  if (!extracted.melodies.empty() && !extracted.melodies.front().empty()) {
    primer_melody_ = extracted.melodies.front();
  } else {
    const int steps_per_bar = static_cast<int>(notesequence::steps_per_bar_in_quantized_sequence(quantized));
    primer_melody_ = melody::Melody({}, std::max<std::int64_t>(0, start_step - 1), steps_per_bar, steps_per_quarter);
  }
  primer_melody_.set_length(static_cast<std::size_t>(start_step - primer_melody_.start_step()));
  if (end_step_ - primer_melody_.start_step() <= static_cast<std::int64_t>(primer_melody_.size())) {
    throw Error::usage("the primer fills all " + std::to_string(options.num_steps) + " steps; raise --num_steps");
  }

  // A primer that squash would have to fold by octaves does not fit the config's range.
  melody::Melody squashed = primer_melody_;
  const int shift = squashed.squash(model.config.min_note, model.config.max_note, model.config.transpose_to_key);
  melody::Melody shifted = primer_melody_;
  shifted.transpose(shift);
  if (!(shifted == squashed)) {
    int low = 127, high = 0;
    for (int e : primer_melody_) {
      if (e >= 0) low = std::min(low, e), high = std::max(high, e);
    }
    throw Error::usage("the primer spans MIDI pitches " + std::to_string(low) + ".." + std::to_string(high) +
                       ", wider than " + model.config.id + "'s range " + std::to_string(model.config.min_note) + ".." +
                       std::to_string(model.config.max_note - 1) +
                       " allows (Magenta would fold notes by octaves); use a narrower primer or mono_rnn");
  }
  if (options.constraints.any()) {
    // The model sees the squashed primer; the mask judges the pitches after transposing back.
    ConstraintFrame frame;
    frame.min_note = model.config.min_note;
    frame.max_note = model.config.max_note;
    frame.transposition = shift;
    frame.first_step = primer_melody_.start_step();
    frame.primer_length = primer_melody_.size();
    frame.num_events = static_cast<std::size_t>(end_step_ - primer_melody_.start_step());
    frame.steps_per_bar = primer_melody_.steps_per_bar();
    frame.steps_per_quarter = primer_melody_.steps_per_quarter();
    constraints_.emplace(options.constraints, frame);
  }
}

GeneratedMelody MelodyGenerator::generate(core::Rng& rng) {
  // melody_rnn_model.generate_melody: squash, generate, transpose back.
  melody::Melody melody = primer_melody_;
  const int shift = melody.squash(model_.config.min_note, model_.config.max_note, model_.config.transpose_to_key);
  BeamSearchOptions search = options_.search;
  search.num_steps = static_cast<int>(end_step_ - melody.start_step());
  if (constraints_ && constraints_->frame().transposition != shift) {
    throw Error::internal("the primer's transposition changed between setup and generation");
  }
  const GeneratedEvents events = generate_events(inference_, *encoder_, melody.events(), search, rng,
                                                 constraints_ ? &*constraints_ : nullptr);
  GeneratedMelody out;
  out.melody = melody::Melody(events.events, melody.start_step(), melody.steps_per_bar(), melody.steps_per_quarter());
  out.melody.transpose(-shift);
  out.log_likelihood = events.log_likelihood;
  melody::ToSequenceOptions to;
  to.qpm = qpm_;
  out.sequence = out.melody.to_sequence(to);
  if (options_.exclude_primer) {
    // Drop the notes that start inside the primer; the continuation keeps its times.
    const double primer_end_seconds =
        static_cast<double>(primer_melody_.end_step()) * 60.0 / qpm_ / model_.config.steps_per_quarter;
    auto* notes = out.sequence.mutable_notes();
    notes->erase(std::remove_if(notes->begin(), notes->end(),
                                [&](const magenta::NoteSequence::Note& n) { return n.start_time() < primer_end_seconds - 1e-9; }),
                 notes->end());
  }
  return out;
}

}  // namespace stochos::rnn
