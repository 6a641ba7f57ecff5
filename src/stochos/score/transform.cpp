// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/transform.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "stochos/core/error.h"
#include "stochos/core/random.h"
#include "stochos/score/expression.h"

namespace stochos::score {
namespace {

class Curve {
 public:
  Curve(const std::optional<std::string>& text, const char* name, const core::Rng& root) : name_(name) {
    if (!text) return;
    try {
      generator_ = make_generator(*text, root.stream(std::string("transform/") + name));
    } catch (const Error& e) {
      rethrow(e);
    }
  }
  explicit operator bool() const { return generator_ != nullptr; }
  double at(double t_seconds) {
    double v = 0;
    try {
      v = generator_->next_at(t_seconds);
    } catch (const Error& e) {
      rethrow(e);
    }
    if (!std::isfinite(v))
      throw Error::usage("--" + name_ + " gave a value that is not finite").with_code("bad_value");
    return v;
  }

 private:
  [[noreturn]] void rethrow(const Error& e) const {
    throw Error(e.kind(), "--" + name_ + ": " + e.message(), {}, e.where()).with_code(e.code());
  }
  std::string name_;
  stochastic::GeneratorPtr generator_;
};

}  // namespace

magenta::NoteSequence transform(const magenta::NoteSequence& input, const TransformOptions& options) {
  const core::Rng root(options.seed);
  Curve pitch(options.pitch, "pitch", root);
  Curve duration(options.duration, "duration", root);
  Curve timing(options.timing, "timing", root);
  Curve velocity(options.velocity, "velocity", root);
  Curve program(options.program, "program", root);

  magenta::NoteSequence out = input;
  std::vector<int> order(static_cast<std::size_t>(out.notes_size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = input.notes(a);
    const auto& y = input.notes(b);
    if (x.start_time() != y.start_time()) return x.start_time() < y.start_time();
    return x.pitch() < y.pitch();
  });
  double end_seconds = 0;
  for (const int i : order) {
    auto* note = out.mutable_notes(i);
    const double t = note->start_time();
    double start = note->start_time();
    double length = note->end_time() - note->start_time();
    if (pitch) {
      const double offset = pitch.at(t);
      if (!note->is_drum())
        note->set_pitch(static_cast<int>(std::clamp(std::lround(note->pitch() + offset), 0L, 127L)));
    }
    if (duration) {
      const double factor = duration.at(t);
      if (!(factor > 0))
        throw Error::usage("--duration must give factors above 0, got " + std::to_string(factor))
            .with_code("bad_value");
      length = std::max(kMinNoteSeconds, length * factor);
    }
    if (timing) start = std::max(0.0, start + timing.at(t));
    if (velocity) {
      const double offset = velocity.at(t);
      note->set_velocity(static_cast<int>(std::clamp(std::lround(note->velocity() + offset), 1L, 127L)));
    }
    if (program) {
      const double p = program.at(t);
      if (!note->is_drum()) note->set_program(static_cast<int>(std::clamp(std::lround(p), 0L, 127L)));
    }
    if (duration || timing) {
      note->set_start_time(start);
      note->set_end_time(start + length);
    }
    end_seconds = std::max(end_seconds, note->end_time());
  }
  if (out.notes_size() > 0 && (duration || timing)) out.set_total_time(end_seconds);
  return out;
}

}  // namespace stochos::score
