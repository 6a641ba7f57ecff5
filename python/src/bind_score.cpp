// SPDX-License-Identifier: GPL-3.0-or-later
// Composition: score files (path or text), built-in presets, transforms.
#include "common.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/presets.h"
#include "stochos/score/spec.h"
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
  return run_interruptible([&] {
    if (preset) {
      score::PresetRequest request;
      request.seed = seed;
      request.duration_seconds = duration;
      request.corpus_dir = corpus_dir;
      return score::find_preset(*preset).compose(request);
    }
    const score::Spec spec = spec_file ? score::parse_spec_file(*spec_file) : score::parse_spec_text(*text, "<text>");
    score::EvaluateOptions options;
    options.seed = seed;
    options.duration_seconds = duration;
    return score::evaluate(spec, options);
  });
}

}  // namespace

void bind_score(py::module_& m) {
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
      "velocity"_a = py::none(), "program"_a = py::none(), "seed"_a = 1955,
      "`stochos transform`: expressions applied per note (pitch offsets, duration factors, timing\n"
      "offsets, velocity offsets, programs), each drawing from stream 'transform/<name>' of the seed.");
}

}  // namespace stochos::python
