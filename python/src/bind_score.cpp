// SPDX-License-Identifier: GPL-3.0-or-later
// Composition: score files (path or text), built-in presets, transforms.
#include "common.h"

#include <cstddef>
#include <initializer_list>

#include "stochos/jobs/compose_job.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/presets.h"
#include "stochos/score/spec.h"
#include "stochos/score/st.h"
#include "stochos/score/transform.h"

namespace stochos::python {
namespace {

using namespace py::literals;

magenta::NoteSequence compose(std::optional<std::filesystem::path> spec_file, std::optional<std::string> preset,
                              std::optional<std::string> text, std::uint64_t seed, std::optional<double> duration,
                              std::optional<std::filesystem::path> corpus_dir) {
  const int given = int(spec_file.has_value()) + int(preset.has_value()) + int(text.has_value());
  if (given != 1) throw Error::usage("give exactly one of spec (a .toml file), preset= or text=");
  if (corpus_dir && !preset) throw Error::usage("corpus_dir applies to presets that learn (preset=)");
  jobs::ComposeOptions options;
  options.spec_file = spec_file;
  options.spec_text = text;
  options.preset = preset;
  options.seed = seed;
  options.duration_seconds = duration;
  options.corpus_dir = corpus_dir;
  return run_interruptible([&] {
    magenta::NoteSequence piece;
    jobs::compose_into(options, piece);
    return piece;
  });
}

// A numpy structured array over a copy of `rows`, its fields at the C struct's offsets.
template <class Row>
py::array structured_array(const std::vector<Row>& rows, const py::dtype& dtype) {
  if (static_cast<std::size_t>(dtype.itemsize()) != sizeof(Row))
    throw Error::internal("stochos.st: the numpy record does not match the C++ struct");
  return py::array(dtype, py::array::ShapeContainer{static_cast<py::ssize_t>(rows.size())},
                   py::array::StridesContainer{}, rows.data());  // no base object: numpy copies
}

struct Field {
  const char* name;
  const char* format;  // numpy's: f8 a double, i4 an int32 (native byte order, as the struct)
  std::size_t offset;
};

// A numpy record type of the given fields at the given offsets, `itemsize` bytes a record.
py::dtype record(std::initializer_list<Field> fields, std::size_t itemsize) {
  py::list names, formats, offsets;
  for (const Field& f : fields) {
    names.append(f.name);
    formats.append(f.format);
    offsets.append(f.offset);
  }
  return py::dtype::from_args(
      py::dict("names"_a = names, "formats"_a = formats, "offsets"_a = offsets, "itemsize"_a = itemsize));
}

py::dict st(std::uint64_t seed, double duration, double mean_section_seconds, double v3_min_density_hz,
            double v4_max_density_hz, double glissando_sigma_at_v3, double glissando_sigma_at_v4,
            double duration_factor, int bend_range_semitones, double bend_rate_hz) {
  score::StParams params;
  params.duration_seconds = duration;
  params.mean_section_seconds = mean_section_seconds;
  params.v3_min_density_hz = v3_min_density_hz;
  params.v4_max_density_hz = v4_max_density_hz;
  params.glissando_sigma_at_v3 = glissando_sigma_at_v3;
  params.glissando_sigma_at_v4 = glissando_sigma_at_v4;
  params.duration_factor = duration_factor;
  params.bend_range_semitones = bend_range_semitones;
  params.bend_rate_hz = bend_rate_hz;
  score::StScore score;
  score::StTrace trace;
  run_interruptible([&] { score::compose_st_score(score, params, core::Rng(seed), &trace); });
  using Note = score::StScore::Note;
  using Bend = score::StScore::Bend;
  const py::dtype note_type = record({{"start", "f8", offsetof(Note, start_seconds)},
                                      {"end", "f8", offsetof(Note, end_seconds)},
                                      {"pitch", "i4", offsetof(Note, pitch)},
                                      {"velocity", "i4", offsetof(Note, velocity)},
                                      {"instrument", "i4", offsetof(Note, instrument)}},
                                     sizeof(Note));
  const py::dtype bend_type = record({{"time", "f8", offsetof(Bend, time_seconds)},
                                      {"value", "i4", offsetof(Bend, value)},
                                      {"instrument", "i4", offsetof(Bend, instrument)}},
                                     sizeof(Bend));
  using Event = score::StTrace::Event;
  const py::dtype event_type = record({{"section", "i4", offsetof(Event, section)},
                                       {"onset", "f8", offsetof(Event, onset_seconds)},
                                       {"timbre_class", "i4", offsetof(Event, timbre_class)},
                                       {"instrument", "i4", offsetof(Event, instrument)},
                                       {"pitch", "f8", offsetof(Event, pitch)},
                                       {"glissando", "f8", offsetof(Event, glissando_semitones_per_second)},
                                       {"duration", "f8", offsetof(Event, duration_seconds)},
                                       {"dynamics", "(3,)i4", offsetof(Event, dynamic_form)}},
                                      sizeof(Event));
  py::list sections, instruments;
  for (const auto& s : trace.sections)
    sections.append(py::dict("start"_a = s.start_seconds, "duration"_a = s.duration_seconds,
                             "density"_a = s.density_hz, "class_probabilities"_a = s.class_probabilities));
  for (std::size_t c = 0; c < params.classes.size(); ++c)
    for (const auto& i : params.classes[c].instruments)
      instruments.append(py::dict("name"_a = i.name, "timbre_class"_a = params.classes[c].name,
                                  "program"_a = i.program, "is_drum"_a = i.is_drum,
                                  "glissando"_a = i.glissando, "lowest_pitch"_a = i.lowest_pitch,
                                  "highest_pitch"_a = i.highest_pitch));
  return py::dict("notes"_a = structured_array(score.notes, note_type),
                  "bends"_a = structured_array(score.bends, bend_type),
                  "events"_a = structured_array(trace.events, event_type), "sections"_a = sections,
                  "instruments"_a = instruments, "total_time"_a = score.total_seconds);
}

}  // namespace

void bind_score(py::module_& m) {
  const score::StParams defaults;
  m.def("st", &st, py::kw_only(), "seed"_a = score::kDefaultSeed, "duration"_a = defaults.duration_seconds,
        "mean_section_seconds"_a = defaults.mean_section_seconds,
        "v3_min_density_hz"_a = defaults.v3_min_density_hz,
        "v4_max_density_hz"_a = defaults.v4_max_density_hz,
        "glissando_sigma_at_v3"_a = defaults.glissando_sigma_at_v3,
        "glissando_sigma_at_v4"_a = defaults.glissando_sigma_at_v4,
        "duration_factor"_a = defaults.duration_factor,
        "bend_range_semitones"_a = defaults.bend_range_semitones, "bend_rate_hz"_a = defaults.bend_rate_hz,
        "Xenakis's ST program with its parameters (the book's A, V3, V4...; see score/st.h), as\n"
        "numpy arrays instead of a NoteSequence: for statistics over long or many pieces.\n"
        "Returns a dict: 'notes' (records start, end [s], pitch, velocity, instrument), 'bends'\n"
        "(time [s], value -8192..8191 over bend_range_semitones, instrument; grouped by\n"
        "instrument), 'events' (what the program drew for each event before notes were cut:\n"
        "section, onset, timbre_class, instrument, pitch (continuous), glissando [semitones/s],\n"
        "duration, dynamics: three marks 0..3 = ppp, p, f, ff), 'sections' (start, duration,\n"
        "density [events/s], class_probabilities),\n"
        "'instruments' (the orchestra, indexed by 'instrument') and 'total_time'. With the\n"
        "default parameters it is the piece of compose(preset='xenakis-st') for the same seed\n"
        "and duration, note for note and bend for bend.");

  m.def("compose", &compose, "spec"_a = py::none(), py::kw_only(), "preset"_a = py::none(), "text"_a = py::none(),
        "seed"_a = score::kDefaultSeed, "duration"_a = py::none(), "corpus_dir"_a = py::none(),
        "`stochos compose`: a piece from a score file (path), a score given as TOML text (text=) or a\n"
        "built-in preset (preset=, see presets()). The same seed gives the same NoteSequence as the CLI\n"
        "with --seed. duration (seconds) replaces the piece's own length. Errors in a score name the\n"
        "line and column (stochos.InputError with .line and .column).");
  m.def(
      "presets",
      [] {
        py::dict out;
        for (const auto& p : score::builtin_presets()) out[py::str(p.name)] = p.description;
        return out;
      },
      "The built-in presets: {name: description}.");
  m.def(
      "transform",
      [](const magenta::NoteSequence& sequence, std::optional<std::string> pitch, std::optional<std::string> duration,
         std::optional<std::string> timing, std::optional<std::string> velocity, std::optional<std::string> program,
         std::uint64_t seed) {
        score::TransformOptions o;
        o.pitch = pitch;
        o.duration = duration;
        o.timing = timing;
        o.velocity = velocity;
        o.program = program;
        o.seed = seed;
        return run_interruptible([&] { return score::transform(sequence, o); });
      },
      "sequence"_a, py::kw_only(), "pitch"_a = py::none(), "duration"_a = py::none(), "timing"_a = py::none(),
      "velocity"_a = py::none(), "program"_a = py::none(), "seed"_a = score::kDefaultSeed,
      "`stochos transform`: expressions applied per note (pitch offsets, duration factors, timing\n"
      "offsets, velocity offsets, programs), each drawing from stream 'transform/<name>' of the seed.");
}

}  // namespace stochos::python
