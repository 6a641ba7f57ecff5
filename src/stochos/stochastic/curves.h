// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Curves over time and step: deterministic breakpoint envelopes, chaotic maps (logistic,
/// Hénon, Lorenz), and CMask-style tendency masks that squeeze any generator into a band whose
/// edges move over time. All are `Generator`s (processes.h), so they nest: a mask's bounds can
/// be breakpoint curves and its source a Brownian walk or a Lorenz orbit.
///
/// Breakpoints is immutable after construction (at() is const and thread-safe); the maps and
/// masks carry state and are not thread-safe.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "stochos/stochastic/processes.h"

namespace stochos::stochastic {

// --- breakpoint envelopes ---------------------------------------------------------------------

/// How a segment goes from its breakpoint's value to the next one's.
enum class SegmentShape {
  kStep,         ///< hold the value until the next breakpoint
  kLinear,       ///< straight line
  kExponential,  ///< geometric, v0 (v1/v0)^x, as Csound's expseg: both values nonzero, same sign
  kCurve,        ///< Csound transeg: v0 + (v1-v0)(1 - e^(c x))/(1 - e^c), c = curvature (0: line)
  kSine,         ///< half cosine, v0 + (v1-v0)(1 - cos πx)/2 (CMask "ipl cos")
  kPower,        ///< CMask "ipl e": x^(|e|+1) towards the later (e > 0) or earlier (e < 0) end
};

struct Breakpoint {
  double t_seconds = 0.0;
  double value = 0.0;
  SegmentShape shape = SegmentShape::kLinear;  ///< of the segment from this point to the next
  double curvature = 0.0;                      ///< for kCurve and kPower
};

/// A piecewise envelope through breakpoints with non-decreasing times. Before the first point
/// it holds the first value, after the last the last value. Two points at the same time make a
/// jump; at that time the later point's value holds (right-continuous). At every breakpoint
/// time the value is exactly the breakpoint's value.
class Breakpoints final : public Generator {
 public:
  /// Throws kUsage on no points, non-finite numbers, decreasing times, or an exponential
  /// segment between values of different sign or zero.
  explicit Breakpoints(std::vector<Breakpoint> points);
  /// Shorthand: linear segments through (t_seconds, value) pairs.
  static Breakpoints linear(std::initializer_list<std::pair<double, double>> points);

  double at(double t_seconds) const;
  /// out[i] = at(start_seconds + i·step_seconds), walking the segments once when step >= 0.
  void fill(std::span<double> out, double start_seconds, double step_seconds) const;
  double next_at(double t_seconds) override { return at(t_seconds); }
  void fill_at(std::span<double> out, double start_seconds, double step_seconds) override {
    fill(out, start_seconds, step_seconds);
  }

  /// Extremes over all time (every segment shape is monotone between its ends).
  double min_value() const { return min_; }
  double max_value() const { return max_; }
  double start_seconds() const { return points_.front().t_seconds; }
  double end_seconds() const { return points_.back().t_seconds; }
  const std::vector<Breakpoint>& points() const { return points_; }

 private:
  double segment_value(std::size_t i, double t_seconds) const;
  std::vector<Breakpoint> points_;
  std::vector<double> times_;
  double min_, max_;
};

/// A Poisson process whose rate in Hz follows a breakpoint curve, by thinning at the curve's
/// maximum. Throws kUsage if the curve goes below 0.
PoissonProcess poisson_process(const Breakpoints& rate_hz, core::Rng rng, double start_seconds = 0.0);

// --- chaotic maps -----------------------------------------------------------------------------

/// The logistic map x -> r x (1 - x) (May, "Simple mathematical models with very complicated
/// dynamics", Nature 261, 1976). r in [0, 4], x0 in [0, 1]. The first value is x0. At r = 4 the
/// orbit is chaotic with the arcsine invariant density 1/(π sqrt(x(1-x))).
class LogisticMap final : public Generator {
 public:
  LogisticMap(double r, double x0);
  double next() {
    const double out = x_;
    x_ = r_ * x_ * (1.0 - x_);
    return out;
  }
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }

 private:
  double r_, x_;
};

/// The Hénon map (x, y) -> (1 - a x² + y, b x) (Hénon, "A two-dimensional mapping with a
/// strange attractor", Comm. Math. Phys. 50, 1976); classic a = 1.4, b = 0.3. Yields x; the
/// first value is x0. Throws kUsage if the orbit escapes to infinity (|x| > 1e9).
class HenonMap final : public Generator {
 public:
  explicit HenonMap(double a = 1.4, double b = 0.3, double x0 = 0.0, double y0 = 0.0);
  double next();
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }
  double x() const { return x_; }
  double y() const { return y_; }

 private:
  double a_, b_, x_, y_;
  std::uint64_t steps_ = 0;
};

/// The Lorenz system dx = σ(y - x), dy = x(ρ - z) - y, dz = xy - βz (Lorenz, "Deterministic
/// nonperiodic flow", J. Atmos. Sci. 20, 1963), integrated with the classical fixed-step
/// fourth-order Runge–Kutta method. `dt` is in the system's own time units, not seconds.
struct LorenzOptions {
  double sigma = 10.0;
  double rho = 28.0;
  double beta = 8.0 / 3.0;
  double dt = 0.01;
  std::array<double, 3> start{1.0, 1.0, 1.0};
  int output = 0;  ///< which coordinate next() yields: 0 x, 1 y, 2 z
};

class LorenzSystem final : public Generator {
 public:
  explicit LorenzSystem(LorenzOptions options = {});
  /// The chosen coordinate of the current state, then one RK4 step. Throws kUsage if the state
  /// stops being finite (dt far too large).
  double next();
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }
  const std::array<double, 3>& state() const { return state_; }
  /// One RK4 step without yielding (for tests of the integrator).
  void step();

 private:
  LorenzOptions options_;
  std::array<double, 3> state_;
  std::uint64_t steps_ = 0;
};

// --- CMask tendency masks ---------------------------------------------------------------------

/// CMask's quantizer ("quant q [s [o]]"): the value is pulled towards the nearest point of the
/// grid offset + k·grid, fully at strength 1, not at all at strength 0.
struct Quantizer {
  double grid = 1.0;
  double strength = 1.0;
  double offset = 0.0;
};
double cmask_quantize(double value, const Quantizer& q);

/// CMask's accumulator ("acc mode lo hi [init x]"): it sums the successive values and keeps the
/// sum in [lo, hi] by limiting, mirroring or wrapping ("on" sums without bounds).
enum class AccumulateMode { kOff, kOn, kLimit, kMirror, kWrap };

struct TendencyMaskOptions {
  /// CMask "map e": the 0..1 input x becomes x^(2^e) before scaling (0: unchanged).
  double map_exponent = 0.0;
  /// The source's own range, mapped onto 0..1 and clamped there (0..1 for CMask's generators;
  /// e.g. -20..20 for a Lorenz x coordinate).
  double input_lo = 0.0;
  double input_hi = 1.0;
  std::optional<Quantizer> quantizer;
  AccumulateMode accumulate = AccumulateMode::kOff;
  GeneratorPtr accumulate_lo;  ///< required for kLimit, kMirror, kWrap
  GeneratorPtr accumulate_hi;
  double accumulate_init = 0.0;
};

/// A tendency mask after André Bartetzki's CMask (CMask manual, "mask", "quant", "acc"): at
/// time t the source value, normalised to 0..1 and mapped, is scaled into [lo(t), hi(t)], then
/// optionally quantized, then optionally accumulated. The bounds may cross (an inverted band,
/// as in CMask). Owns its source and bounds.
class TendencyMask final : public Generator {
 public:
  TendencyMask(GeneratorPtr source, GeneratorPtr lo, GeneratorPtr hi, TendencyMaskOptions options = {});
  double next_at(double t_seconds) override;
  /// Fills the source and the bounds in bulk, then combines: the same values as next_at().
  void fill_at(std::span<double> out, double start_seconds, double step_seconds) override;

 private:
  double shape(double source_value, double lo, double hi);
  double accumulate(double value, double acc_lo, double acc_hi);
  GeneratorPtr source_, lo_, hi_;
  TendencyMaskOptions options_;
  double map_power_;
  double accumulator_;
  std::vector<double> scratch_;
};

}  // namespace stochos::stochastic
