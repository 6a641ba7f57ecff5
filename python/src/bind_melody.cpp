// SPDX-License-Identifier: GPL-3.0-or-later
// Melodies, extraction, SequenceExample datasets, and Melody RNN loading and generation on the
// plain-C++ path (no LibTorch; training lives in the _train extension).
#include "common.h"
#include "stochos/core/thread_count.h"
#include "stochos/jobs/dataset_job.h"
#include "stochos/jobs/generate_job.h"
#include "stochos/melody/extraction.h"
#include "stochos/melody/melody.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/melody/pipeline.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/rnn/melody_generator.h"
#include "stochos/rnn/melody_rnn_bundle.h"

namespace stochos::python {
namespace {

using namespace py::literals;

py::dict counts_dict(const melody::ExtractionCounts& c) {
  return py::dict("polyphonic_tracks_discarded"_a = c.polyphonic_tracks_discarded,
                  "melodies_discarded_too_short"_a = c.melodies_discarded_too_short,
                  "melodies_discarded_too_few_pitches"_a = c.melodies_discarded_too_few_pitches,
                  "melodies_discarded_too_long"_a = c.melodies_discarded_too_long,
                  "melodies_truncated"_a = c.melodies_truncated,
                  "melody_lengths_in_bars"_a = c.melody_lengths_in_bars);
}

/// A model loaded once, generating any number of times.
struct MelodyRnn {
  rnn::LoadedModel model;
};

py::list generate(const MelodyRnn& self, int num_outputs, int num_steps, py::object primer,
                  double temperature, int beam_size, int branch_factor, int steps_per_iteration,
                  std::uint64_t seed, std::optional<double> qpm, bool exclude_primer,
                  std::optional<std::string> key, std::optional<std::string> scale,
                  std::optional<std::string> sieve, std::optional<std::string> chords) {
  rnn::MelodyGenerateOptions options;
  options.num_steps = num_steps;
  options.qpm = qpm;
  options.search.temperature = temperature;
  options.search.beam_size = beam_size;
  options.search.branch_factor = branch_factor;
  options.search.steps_per_iteration = steps_per_iteration;
  options.exclude_primer = exclude_primer;
  options.constraints.key = std::move(key);
  options.constraints.scale = std::move(scale);
  options.constraints.sieve = std::move(sieve);
  options.constraints.chords = std::move(chords);
  if (primer.is_none()) {
    // Magenta's default: a single middle C.
  } else if (py::isinstance<py::str>(primer) && primer.cast<std::string>().starts_with("[")) {
    options.primer_melody = primer.cast<std::string>();
  } else if (py::isinstance<py::list>(primer) || py::isinstance<py::tuple>(primer) ||
             py::isinstance<melody::Melody>(primer)) {
    const std::vector<int> events = py::isinstance<melody::Melody>(primer)
                                        ? primer.cast<const melody::Melody&>().events()
                                        : primer.cast<std::vector<int>>();
    std::string text = "[";
    for (std::size_t i = 0; i < events.size(); ++i) text += (i ? ", " : "") + std::to_string(events[i]);
    options.primer_melody = text + "]";
  } else if (is_note_sequence_like(primer)) {
    options.primer_sequence = to_note_sequence(primer);  // read as --primer_midi reads its MIDI file
  } else {
    options.primer_midi = primer.cast<std::filesystem::path>();
  }
  std::vector<rnn::GeneratedMelody> outputs = run_interruptible([&] {
    rnn::MelodyGenerator generator(self.model, options);
    return jobs::generate_melodies(generator, num_outputs, seed);  // as `stochos melody generate --seed`
  });
  py::list result;
  for (auto& g : outputs) result.append(py::cast(std::move(g)));
  return result;
}

py::dict dataset(const std::string& config, const std::filesystem::path& input, const std::filesystem::path& output_dir,
                 double eval_ratio, std::uint64_t seed, bool recursive, int threads,
                 std::optional<std::filesystem::path> report_file, bool flatten_tempo, bool ignore_polyphonic_notes) {
  jobs::DatasetOptions o;
  o.config = melody::melody_rnn_config(config);
  o.input = input;
  o.output_dir = output_dir;
  o.eval_ratio = eval_ratio;
  o.seed = seed;
  o.recursive = recursive;
  o.threads = core::thread_count(threads);
  o.progress = core::ProgressBar::Mode::kNever;
  o.report_file = report_file;
  o.flatten_tempo = flatten_tempo;
  o.ignore_polyphonic_notes = ignore_polyphonic_notes;
  const jobs::DatasetSummary s = run_interruptible([&] { return jobs::create_dataset(o); });
  py::list skipped;
  for (const auto& k : s.skipped) skipped.append(k.message);
  return py::dict("inputs"_a = s.inputs, "training_outputs"_a = s.training_outputs, "eval_outputs"_a = s.eval_outputs,
                  "training_file"_a = s.training_file, "eval_file"_a = s.eval_file, "skipped"_a = skipped,
                  "log"_a = s.log_lines(), "seconds"_a = s.seconds);
}

}  // namespace

void bind_melody(py::module_& m) {
  py::class_<melody::Melody>(m, "Melody",
                             "A monophonic melody as note_seq has it: one event per step, 0..127 a note-on,\n"
                             "-1 NOTE_OFF, -2 NO_EVENT.")
      .def(py::init<std::vector<int>, std::int64_t, int, int>(), "events"_a, "start_step"_a = 0,
           "steps_per_bar"_a = melody::kDefaultStepsPerBar, "steps_per_quarter"_a = melody::kDefaultStepsPerQuarter)
      .def_property_readonly("events", &melody::Melody::events)
      .def_property_readonly("start_step", &melody::Melody::start_step)
      .def_property_readonly("end_step", &melody::Melody::end_step)
      .def_property_readonly("steps_per_bar", &melody::Melody::steps_per_bar)
      .def_property_readonly("steps_per_quarter", &melody::Melody::steps_per_quarter)
      .def("__len__", &melody::Melody::size)
      .def("__getitem__", [](const melody::Melody& mel, std::size_t i) {
        if (i >= mel.size()) throw py::index_error();
        return mel[i];
      })
      .def("__eq__", [](const melody::Melody& a, const melody::Melody& b) { return a == b; })
      .def("__repr__", [](const melody::Melody& mel) {
        std::string text = "Melody([";
        for (std::size_t i = 0; i < mel.size() && i < 32; ++i) text += (i ? ", " : "") + std::to_string(mel[i]);
        return text + (mel.size() > 32 ? ", ...])" : "])");
      })
      .def("set_length", &melody::Melody::set_length, "steps"_a, "from_left"_a = false)
      .def("transpose", &melody::Melody::transpose, "semitones"_a, "min_note"_a = 0, "max_note"_a = 128)
      .def("squash", &melody::Melody::squash, "min_note"_a, "max_note"_a, "transpose_to_key"_a = py::none())
      .def("major_key", &melody::Melody::major_key)
      .def(
          "to_sequence",
          [](const melody::Melody& mel, int velocity, int instrument, int program, double start, double qpm) {
            melody::ToSequenceOptions o;
            o.velocity = velocity;
            o.instrument = instrument;
            o.program = program;
            o.sequence_start_seconds = start;
            o.qpm = qpm;
            return mel.to_sequence(o);
          },
          "velocity"_a = 100, "instrument"_a = 0, "program"_a = 0, "sequence_start_time"_a = 0.0, "qpm"_a = 120.0,
          "The melody as a NoteSequence (note_seq's Melody.to_sequence).")
      .def_static(
          "from_quantized_sequence",
          [](const magenta::NoteSequence& s, std::int64_t search_start_step, int instrument, double gap_bars,
             bool ignore_polyphonic_notes, bool pad_end, bool filter_drums) {
            melody::FromQuantizedOptions o;
            o.search_start_step = search_start_step;
            o.instrument = instrument;
            o.gap_bars = gap_bars;
            o.ignore_polyphonic_notes = ignore_polyphonic_notes;
            o.pad_end = pad_end;
            o.filter_drums = filter_drums;
            return melody::melody_from_quantized_sequence(s, o);
          },
          "quantized_sequence"_a, "search_start_step"_a = 0, "instrument"_a = 0, "gap_bars"_a = 1.0,
          "ignore_polyphonic_notes"_a = false, "pad_end"_a = false, "filter_drums"_a = true);
  m.def("parse_primer_melody", &melody::parse_primer_melody, "text"_a,
        "Magenta's --primer_melody syntax, e.g. '[60, -2, 60, -2, 67, -2]'.");
  m.def(
      "extract_melodies",
      [](const magenta::NoteSequence& s, std::int64_t search_start_step, int min_bars,
         std::optional<std::int64_t> max_steps_truncate, std::optional<std::int64_t> max_steps_discard,
         double gap_bars, int min_unique_pitches, bool ignore_polyphonic_notes, bool pad_end, bool filter_drums) {
        melody::ExtractionOptions o;
        o.search_start_step = search_start_step;
        o.min_bars = min_bars;
        o.max_steps_truncate = max_steps_truncate;
        o.max_steps_discard = max_steps_discard;
        o.gap_bars = gap_bars;
        o.min_unique_pitches = min_unique_pitches;
        o.ignore_polyphonic_notes = ignore_polyphonic_notes;
        o.pad_end = pad_end;
        o.filter_drums = filter_drums;
        melody::ExtractionResult r = melody::extract_melodies(s, o);
        return py::make_tuple(r.melodies, counts_dict(r.counts));
      },
      "quantized_sequence"_a, py::kw_only(), "search_start_step"_a = 0, "min_bars"_a = 7,
      "max_steps_truncate"_a = py::none(), "max_steps_discard"_a = py::none(), "gap_bars"_a = 1.0,
      "min_unique_pitches"_a = 5, "ignore_polyphonic_notes"_a = true, "pad_end"_a = false, "filter_drums"_a = true,
      "Magenta's extract_melodies on a relative-quantized sequence: (melodies, counters).");
  m.def("flatten_tempo_changes", &melody::flatten_tempo_changes, "sequence"_a,
        "A copy on one tempo (the first, or 120 qpm): every time keeps its position in quarter notes,\n"
        "so performance-timed MIDI (a tempo event per beat) quantizes as its score.");
  m.def("melody_rnn_configs", &melody::melody_rnn_config_names, "basic_rnn, mono_rnn, lookback_rnn, attention_rnn.");
  m.def("create_dataset", &dataset, "config"_a, "input"_a, "output_dir"_a, py::kw_only(), "eval_ratio"_a = 0.1,
        "seed"_a = jobs::kDefaultDatasetSeed, "recursive"_a = false, "threads"_a = 0, "report_file"_a = py::none(),
        "flatten_tempo"_a = false, "ignore_polyphonic_notes"_a = false,
        "`stochos melody dataset`: Magenta's melody_rnn_create_dataset from a TFRecord of NoteSequences or\n"
        "a folder of MIDI files into <output_dir>/training_melodies.tfrecord and eval_melodies.tfrecord.");

  py::class_<rnn::GeneratedMelody>(m, "GeneratedMelody", "One output of MelodyRnn.generate().")
      .def_property_readonly("sequence", [](const rnn::GeneratedMelody& g) { return from_note_sequence(g.sequence); })
      .def_readonly("melody", &rnn::GeneratedMelody::melody)
      .def_readonly("log_likelihood", &rnn::GeneratedMelody::log_likelihood)
      .def("__repr__", [](const rnn::GeneratedMelody& g) {
        return "GeneratedMelody(" + std::to_string(g.sequence.notes_size()) + " notes, log_likelihood " +
               std::to_string(g.log_likelihood) + ")";
      });
  py::class_<MelodyRnn>(
      m, "MelodyRnn",
      "A Melody RNN ready to generate (plain C++, no LibTorch): from a training run directory,\n"
      "a .mag bundle, or a TensorFlow checkpoint (V1 file, V2 prefix or directory; then config\n"
      "is required).")
      .def(py::init([](const std::filesystem::path& path, const std::string& config,
                       const std::string& hparams) {
             return MelodyRnn{run_interruptible([&] { return rnn::load_melody_rnn(path, config, hparams); })};
           }),
           "path"_a, "config"_a = "", "hparams"_a = "")
      .def_property_readonly("config", [](const MelodyRnn& r) { return r.model.config.id; })
      .def_property_readonly(
          "hparams", [](const MelodyRnn& r) { return melody::hparams_to_string(r.model.config.hparams); })
      .def_property_readonly("source", [](const MelodyRnn& r) { return r.model.source; })
      .def_property_readonly("description", [](const MelodyRnn& r) { return r.model.description; })
      .def("__repr__",
           [](const MelodyRnn& r) { return "MelodyRnn(" + r.model.config.id + ", " + r.model.source + ")"; })
      .def_static(
          "write_bundle",
          [](const std::filesystem::path& model_path, const std::filesystem::path& bundle_file,
             const std::string& description, const std::string& config) {
            const rnn::BundleSummary b = run_interruptible(
                [&] { return rnn::write_melody_rnn_bundle(model_path, bundle_file, description, config); });
            return py::dict("generator_id"_a = b.generator_id, "global_step"_a = b.global_step,
                            "tensors"_a = b.tensors, "bytes"_a = b.bytes);
          },
          "model_path"_a, "bundle_file"_a, "description"_a = "", "config"_a = "",
          "`stochos melody bundle`: a .mag GeneratorBundle (Magenta's ids, V1 checkpoint inside) from a\n"
          "run directory or any model MelodyRnn() loads. stochos loads it back; TensorFlow does not.")
      .def("generate", &generate, py::kw_only(), "num_outputs"_a = 1, "num_steps"_a = 128,
           "primer"_a = py::none(), "temperature"_a = 1.0, "beam_size"_a = 1, "branch_factor"_a = 1,
           "steps_per_iteration"_a = 1, "seed"_a = 0, "qpm"_a = py::none(), "exclude_primer"_a = false,
           "key"_a = py::none(), "scale"_a = py::none(), "sieve"_a = py::none(), "chords"_a = py::none(),
           "`stochos melody generate`: extends the primer (None: middle C; a list of events or\n"
           "'[60, -2, ...]'; a Melody; a NoteSequence or a MIDI path, as --primer_midi) to num_steps\n"
           "16th steps with Magenta's beam search. The same seed gives the same outputs as the CLI's\n"
           "--seed. Returns a list of GeneratedMelody.\n"
           "Beyond Magenta, as the CLI's --key/--scale/--sieve/--chords (see `stochos melody generate\n"
           "--help`): key='D minor' or scale='0,2,4,7,9' keep generated notes in a pitch-class set,\n"
           "sieve='12@0|12@4|12@7' on a sieve of MIDI pitch numbers, chords='C Am F G7' (or 'C:2 G:2')\n"
           "on chord tones at strong beats (beats 1 and 3 of 4/4); they mask the model's distribution\n"
           "at generated steps only and renormalise it. Impossible constraints raise stochos.Error.");
}

}  // namespace stochos::python
