// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "stochos/core/error.h"
#include "stochos/core/interrupt.h"
#include "stochos/core/random.h"
#include "stochos/score/expression.h"

namespace stochos::score {
namespace {

struct Window {
  double start_seconds;
  double end_seconds;
};

std::string seconds_text(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g s", t);
  return buf;
}

/// A bound parameter ready to draw; errors met while drawing point at the binding.
class Parameter {
 public:
  Parameter(const Binding& binding, const core::Rng& root, const std::string& stream, const std::string& path)
      : binding_(binding), path_(path) {
    try {
      generator_ = make_generator(binding.expression, root.stream(stream));
    } catch (const Error& e) {
      rethrow_in_binding(e, binding, path);
    }
  }
  double at(double t_seconds) {
    double v = 0;
    try {
      v = generator_->next_at(t_seconds);
    } catch (const Error& e) {
      rethrow_in_binding(e, binding_, path_);
    }
    if (!std::isfinite(v)) fail("gave a value that is not finite at " + seconds_text(t_seconds));
    return v;
  }
  [[noreturn]] void fail(const std::string& message) const {
    ErrorLocation where;
    if (binding_.where.line) {
      where.line = binding_.where.line;
      where.column = binding_.where.column;
    }
    where.context = binding_.key_path;
    throw Error::input(path_, where, message).with_code("bad_value");
  }

 private:
  const Binding& binding_;
  std::string path_;
  stochastic::GeneratorPtr generator_;
};

std::vector<Window> windows_of(const Spec& spec, const VoiceSpec& voice, double end_seconds) {
  std::vector<Window> out;
  if (voice.sections.empty()) {
    out.push_back({voice.start_seconds, end_seconds});
  } else {
    for (const auto& section : spec.sections) {
      if (std::find(voice.sections.begin(), voice.sections.end(), section.name) == voice.sections.end())
        continue;
      const double lo = std::max(section.start_seconds, voice.start_seconds);
      const double hi = std::min(section.start_seconds + section.duration_seconds, end_seconds);
      if (lo < hi) out.push_back({lo, hi});
    }
    std::sort(out.begin(), out.end(),
              [](const Window& a, const Window& b) { return a.start_seconds < b.start_seconds; });
  }
  return out;
}

/// The onsets of one voice, in seconds, ascending. Counts against `budget` (notes left).
std::vector<double> onsets_of(const Spec& spec, const VoiceSpec& voice, const core::Rng& root,
                              double end_seconds, std::uint64_t& budget, std::uint64_t max_notes) {
  const std::vector<Window> windows = windows_of(spec, voice, end_seconds);
  std::vector<double> out;
  if (windows.empty()) return out;
  const std::string stream = "voice/" + voice.name + "/onset";
  auto refuse = [&] {
    throw Error(ErrorKind::kUsage,
                "the piece asks for more than " + std::to_string(max_notes) + " notes (voice '" + voice.name +
                    "' is still drawing); shorten it or lower its density",
                spec.path)
        .with_code("unbounded");
  };
  // Also bounds the draws that fall between sections, so no loop runs unbounded.
  std::uint64_t draws_left = max_notes + 1;
  std::size_t w = 0;
  auto place = [&](double t) {  // true while t is before the end
    while (w < windows.size() && t >= windows[w].end_seconds) ++w;
    if (w == windows.size()) return false;
    if (t >= windows[w].start_seconds) {
      if (budget == 0) refuse();
      --budget;
      out.push_back(t);
    }
    return true;
  };
  if (voice.onset_seconds) {
    Parameter onset(*voice.onset_seconds, root, stream, spec.path);
    double previous = -std::numeric_limits<double>::infinity();
    for (;;) {
      if (draws_left-- == 0) refuse();
      const double t = onset.at(std::max(previous, 0.0));
      if (t < previous)
        onset.fail("onset times must not decrease (" + seconds_text(t) + " after " + seconds_text(previous) +
                   ")");
      previous = t;
      if (!place(t)) break;
    }
  } else {
    Parameter ioi(*voice.ioi_seconds, root, stream, spec.path);
    double t = windows.front().start_seconds;
    for (;;) {
      if (draws_left-- == 0) refuse();
      // A voice silent between its sections resumes at the start of the next one.
      while (w < windows.size() && t >= windows[w].end_seconds) ++w;
      if (w == windows.size()) break;
      t = std::max(t, windows[w].start_seconds);
      if (!place(t)) break;
      const double step = ioi.at(t);
      if (!(step > 0))
        ioi.fail("inter-onset time must be positive, got " + seconds_text(step) + " at " + seconds_text(t));
      t += step;
    }
  }
  return out;
}

int midi_value(double v, int lo, int hi) {
  return static_cast<int>(std::clamp(std::lround(v), long{lo}, long{hi}));
}

void add_control(magenta::NoteSequence& ns, double t, int number, int value, int instrument, int program,
                 bool drums) {
  auto* cc = ns.add_control_changes();
  cc->set_time(t);
  cc->set_control_number(number);
  cc->set_control_value(value);
  cc->set_instrument(instrument);
  cc->set_program(program);
  cc->set_is_drum(drums);
}

void render_voice(const Spec& spec, const VoiceSpec& voice, int instrument, const core::Rng& root,
                  const std::vector<double>& onsets, magenta::NoteSequence& ns) {
  const std::string prefix = "voice/" + voice.name + "/";
  Parameter pitch(voice.pitch, root, prefix + "pitch", spec.path);
  Parameter duration(voice.duration_seconds, root, prefix + "duration", spec.path);
  Parameter velocity(voice.velocity, root, prefix + "velocity", spec.path);
  std::optional<Parameter> timbre, pan;
  if (voice.timbre) timbre.emplace(*voice.timbre, root, prefix + "timbre", spec.path);
  if (voice.pan) pan.emplace(*voice.pan, root, prefix + "pan", spec.path);
  int last_pan = -1, last_cc = -1, last_program = -1;
  for (const double t : onsets) {
    core::check_interrupt();  // a host may stop a long piece (core/interrupt.h)
    const double p = pitch.at(t);
    const double length = std::max(kMinNoteSeconds, duration.at(t));
    const int vel = midi_value(velocity.at(t), 1, 127);
    int program = voice.program;
    int timbre_value = -1;
    if (timbre) {
      timbre_value = midi_value(timbre->at(t), 0, 127);
      if (!voice.timbre_cc) program = timbre_value;
    }
    const int pan_value = pan ? midi_value(pan->at(t), 0, 127) : -1;
    long key = std::lround(p);
    if (key < voice.lowest_pitch || key > voice.highest_pitch) {
      if (voice.range_policy == RangePolicy::kDrop) continue;
      if (voice.range_policy == RangePolicy::kRefuse) {
        pitch.fail("pitch " + std::to_string(key) + " at " + seconds_text(t) +
                   " is outside the voice's range " + std::to_string(voice.lowest_pitch) + ".." +
                   std::to_string(voice.highest_pitch) + " (out_of_range = \"refuse\")");
      }
      key = std::clamp(key, long{voice.lowest_pitch}, long{voice.highest_pitch});
    }
    // Controllers are sent when their value or the track (program) changes: each program is
    // its own MIDI track and channel when written.
    const bool new_track = program != last_program;
    if (pan && (pan_value != last_pan || new_track))
      add_control(ns, t, 10, pan_value, instrument, program, voice.drums);
    if (voice.timbre_cc && (timbre_value != last_cc || new_track)) {
      add_control(ns, t, *voice.timbre_cc, timbre_value, instrument, program, voice.drums);
    }
    last_pan = pan_value;
    last_cc = timbre_value;
    last_program = program;
    auto* note = ns.add_notes();
    note->set_pitch(static_cast<int>(key));
    note->set_velocity(vel);
    note->set_start_time(t);
    note->set_end_time(t + length);
    note->set_instrument(instrument);
    note->set_program(program);
    note->set_is_drum(voice.drums);
    ns.set_total_time(std::max(ns.total_time(), t + length));
  }
}

}  // namespace

magenta::NoteSequence evaluate(const Spec& spec, const EvaluateOptions& options) {
  double end_seconds = spec.duration_seconds;
  if (options.duration_seconds) {
    if (!(*options.duration_seconds > 0 && *options.duration_seconds <= kMaxSpecSeconds)) {
      throw Error::usage("duration must be in (0, " + std::to_string(static_cast<int>(kMaxSpecSeconds)) +
                         "] seconds")
          .with_code("unbounded");
    }
    end_seconds = *options.duration_seconds;
  }
  const core::Rng root(options.seed);
  magenta::NoteSequence ns;
  ns.set_ticks_per_quarter(220);
  auto* tempo = ns.add_tempos();
  tempo->set_time(0);
  tempo->set_qpm(spec.tempo_qpm);
  auto* ts = ns.add_time_signatures();
  ts->set_time(0);
  ts->set_numerator(spec.time_signature_numerator);
  ts->set_denominator(spec.time_signature_denominator);
  std::uint64_t budget = options.max_notes;
  for (std::size_t i = 0; i < spec.voices.size(); ++i) {
    const VoiceSpec& voice = spec.voices[i];
    auto* info = ns.add_instrument_infos();
    info->set_instrument(static_cast<int>(i));
    info->set_name(voice.name);
    const std::vector<double> onsets = onsets_of(spec, voice, root, end_seconds, budget, options.max_notes);
    render_voice(spec, voice, static_cast<int>(i), root, onsets, ns);
  }
  return ns;
}

}  // namespace stochos::score
