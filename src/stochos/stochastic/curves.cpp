// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/curves.h"

#include <algorithm>
#include <cmath>

#include "stochos/core/error.h"
#include "stochos/stochastic/detail/distribution_math.h"

namespace stochos::stochastic {

using detail::format_number;
using detail::kPi;

namespace {

[[noreturn]] void refuse(std::string message) {
  throw Error::usage(std::move(message)).with_code("bad_parameter");
}

/// 0..1 -> 0..1 shape of a segment, f(0) = 0; the value is lerp(v0, v1, f(x)).
inline double shaped_fraction(const Breakpoint& from, double v1, double x) {
  switch (from.shape) {
    case SegmentShape::kStep:
      return 0.0;
    case SegmentShape::kLinear:
      return x;
    case SegmentShape::kExponential:
      return 0.0;  // handled by the caller (geometric)
    case SegmentShape::kCurve: {
      const double c = from.curvature;
      if (std::fabs(c) < 1e-9) return x;
      return std::expm1(c * x) / std::expm1(c);  // = (1 - e^(cx)) / (1 - e^c)
    }
    case SegmentShape::kSine:
      return 0.5 * (1.0 - std::cos(kPi * x));
    case SegmentShape::kPower: {
      // CMask utils.cpp interpol(): the power bends towards the later end for e > 0 on a
      // rising segment, and mirrors for falling segments or e < 0.
      const double e = from.curvature;
      if (e == 0) return x;
      const double p = std::fabs(e) + 1.0;
      const bool rising = v1 >= from.value;
      return (e > 0) == rising ? std::pow(x, p) : 1.0 - std::pow(1.0 - x, p);
    }
  }
  return x;
}

}  // namespace

// --- Breakpoints ------------------------------------------------------------------------------

Breakpoints::Breakpoints(std::vector<Breakpoint> points) : points_(std::move(points)) {
  if (points_.empty()) refuse("breakpoint curve: needs at least one breakpoint");
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const Breakpoint& p = points_[i];
    const std::string where = "breakpoint curve: point " + std::to_string(i + 1);
    if (!std::isfinite(p.t_seconds) || !std::isfinite(p.value) || !std::isfinite(p.curvature))
      refuse(where + " has a non-finite time, value or curvature");
    if (i > 0 && p.t_seconds < points_[i - 1].t_seconds)
      refuse(where + " at " + format_number(p.t_seconds) + " s comes before the previous point's " +
             format_number(points_[i - 1].t_seconds) + " s");
    if (p.shape == SegmentShape::kExponential && i + 1 < points_.size()) {
      const double v1 = points_[i + 1].value;
      if (p.value == 0 || v1 == 0 || (p.value > 0) != (v1 > 0))
        refuse(where + ": an exponential segment needs nonzero values of the same sign (got " +
               format_number(p.value) + " to " + format_number(v1) + "); use a curve segment instead");
    }
  }
  times_.reserve(points_.size());
  min_ = max_ = points_.front().value;
  for (const auto& p : points_) {
    times_.push_back(p.t_seconds);
    min_ = std::min(min_, p.value);
    max_ = std::max(max_, p.value);
  }
}

Breakpoints Breakpoints::linear(std::initializer_list<std::pair<double, double>> points) {
  std::vector<Breakpoint> v;
  for (const auto& [t, value] : points) v.push_back({t, value});
  return Breakpoints(std::move(v));
}

double Breakpoints::segment_value(std::size_t i, double t_seconds) const {
  // Segment from point i to i+1, with times_[i] <= t < times_[i+1] (so a positive length).
  const Breakpoint& from = points_[i];
  const double v1 = points_[i + 1].value;
  const double x = (t_seconds - from.t_seconds) / (times_[i + 1] - from.t_seconds);
  if (from.shape == SegmentShape::kExponential) return from.value * std::pow(v1 / from.value, x);
  // std::lerp is exact at 0 (and 1), so a breakpoint's own time gives its own value.
  return std::lerp(from.value, v1, shaped_fraction(from, v1, x));
}

double Breakpoints::at(double t_seconds) const {
  if (std::isnan(t_seconds)) return t_seconds;
  const auto upper = std::upper_bound(times_.begin(), times_.end(), t_seconds);
  if (upper == times_.begin()) return points_.front().value;
  if (upper == times_.end()) return points_.back().value;
  return segment_value(static_cast<std::size_t>(upper - times_.begin()) - 1, t_seconds);
}

void Breakpoints::fill(std::span<double> out, double start_seconds, double step_seconds) const {
  if (!(step_seconds >= 0)) {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = at(start_seconds + static_cast<double>(i) * step_seconds);
    return;
  }
  std::size_t next = 0;  // first point with time > t, found by walking forward
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t = start_seconds + static_cast<double>(i) * step_seconds;
    while (next < times_.size() && times_[next] <= t) ++next;
    if (next == 0) {
      out[i] = points_.front().value;
    } else if (next == times_.size()) {
      out[i] = points_.back().value;
    } else {
      out[i] = segment_value(next - 1, t);
    }
  }
}

PoissonProcess poisson_process(const Breakpoints& rate_hz, core::Rng rng, double start_seconds) {
  if (rate_hz.min_value() < 0)
    refuse("Poisson process: the rate curve goes down to " + format_number(rate_hz.min_value()) +
           " Hz; a rate must be >= 0");
  return PoissonProcess([curve = rate_hz](double t) { return curve.at(t); }, rate_hz.max_value(), rng,
                        start_seconds);
}

// --- chaotic maps -----------------------------------------------------------------------------

LogisticMap::LogisticMap(double r, double x0) : r_(r), x_(x0) {
  if (!(r >= 0 && r <= 4)) refuse("logistic map: r must be in [0, 4] (got " + format_number(r) + ")");
  if (!(x0 >= 0 && x0 <= 1)) refuse("logistic map: x0 must be in [0, 1] (got " + format_number(x0) + ")");
}

void LogisticMap::fill(std::span<double> out) {
  double x = x_;
  const double r = r_;
  for (double& v : out) {
    v = x;
    x = r * x * (1.0 - x);
  }
  x_ = x;
}

HenonMap::HenonMap(double a, double b, double x0, double y0) : a_(a), b_(b), x_(x0), y_(y0) {
  if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(x0) || !std::isfinite(y0))
    refuse("Hénon map: a, b, x0 and y0 must be finite");
}

double HenonMap::next() {
  const double out = x_;
  const double x = 1.0 - a_ * x_ * x_ + y_;
  y_ = b_ * x_;
  x_ = x;
  ++steps_;
  if (!(std::fabs(x_) <= 1e9))
    refuse("Hénon map (a=" + format_number(a_) + ", b=" + format_number(b_) + ") escaped to infinity after " +
           std::to_string(steps_) + " steps; a = 1.4, b = 0.3 from (0, 0) stays on the attractor");
  return out;
}

void HenonMap::fill(std::span<double> out) {
  for (double& v : out) v = next();
}

LorenzSystem::LorenzSystem(LorenzOptions options) : options_(options), state_(options.start) {
  const auto& o = options_;
  if (!std::isfinite(o.sigma) || !std::isfinite(o.rho) || !std::isfinite(o.beta))
    refuse("Lorenz system: sigma, rho and beta must be finite");
  if (!std::isfinite(o.dt) || o.dt <= 0)
    refuse("Lorenz system: dt must be a finite number greater than 0 (got " + format_number(o.dt) + ")");
  for (double s : o.start)
    if (!std::isfinite(s)) refuse("Lorenz system: the start state must be finite");
  if (o.output < 0 || o.output > 2)
    refuse("Lorenz system: output must be 0 (x), 1 (y) or 2 (z), not " + std::to_string(o.output));
}

void LorenzSystem::step() {
  const double s = options_.sigma, r = options_.rho, b = options_.beta, h = options_.dt;
  auto f = [&](const std::array<double, 3>& p) {
    return std::array<double, 3>{s * (p[1] - p[0]), p[0] * (r - p[2]) - p[1], p[0] * p[1] - b * p[2]};
  };
  auto plus = [](const std::array<double, 3>& p, const std::array<double, 3>& k, double c) {
    return std::array<double, 3>{p[0] + c * k[0], p[1] + c * k[1], p[2] + c * k[2]};
  };
  const auto& y = state_;
  const auto k1 = f(y);
  const auto k2 = f(plus(y, k1, h / 2));
  const auto k3 = f(plus(y, k2, h / 2));
  const auto k4 = f(plus(y, k3, h));
  for (int i = 0; i < 3; ++i) state_[i] = y[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  ++steps_;
  if (!std::isfinite(state_[0]) || !std::isfinite(state_[1]) || !std::isfinite(state_[2]))
    refuse("Lorenz system diverged after " + std::to_string(steps_) + " steps of dt = " + format_number(h) +
           "; use a smaller dt (0.01 is safe for the classic parameters)");
}

double LorenzSystem::next() {
  const double out = state_[static_cast<std::size_t>(options_.output)];
  step();
  return out;
}

void LorenzSystem::fill(std::span<double> out) {
  for (double& v : out) v = next();
}

// --- tendency masks ---------------------------------------------------------------------------

double cmask_quantize(double value, const Quantizer& q) {
  // CMask quant.cpp: r = the nearest grid index, err = the fractional distance to it; the
  // result keeps (1 - strength) of that distance.
  const double d = value - q.offset;
  const double r = std::floor((d + q.grid / 2.0) / q.grid);
  const double err = d / q.grid - r;
  return q.offset + (r + err * (1.0 - q.strength)) * q.grid;
}

TendencyMask::TendencyMask(GeneratorPtr source, GeneratorPtr lo, GeneratorPtr hi, TendencyMaskOptions options)
    : source_(std::move(source)), lo_(std::move(lo)), hi_(std::move(hi)), options_(std::move(options)) {
  if (!source_ || !lo_ || !hi_) refuse("tendency mask: needs a source and both bounds");
  const auto& o = options_;
  if (!std::isfinite(o.map_exponent) || std::fabs(o.map_exponent) > 64)
    refuse("tendency mask: map exponent must be a finite number in [-64, 64] (got " +
           format_number(o.map_exponent) + ")");
  if (!std::isfinite(o.input_lo) || !std::isfinite(o.input_hi) || !(o.input_lo < o.input_hi))
    refuse("tendency mask: the input range needs finite input_lo < input_hi (got [" +
           format_number(o.input_lo) + ", " + format_number(o.input_hi) + "])");
  if (o.quantizer) {
    const auto& q = *o.quantizer;
    if (!std::isfinite(q.grid) || q.grid <= 0)
      refuse("tendency mask: the quantizer grid must be a finite number greater than 0 (got " +
             format_number(q.grid) + ")");
    if (!(q.strength >= 0 && q.strength <= 1))
      refuse("tendency mask: the quantizer strength must be in [0, 1] (got " + format_number(q.strength) +
             ")");
    if (!std::isfinite(q.offset)) refuse("tendency mask: the quantizer offset must be finite");
  }
  const bool bounded = o.accumulate == AccumulateMode::kLimit || o.accumulate == AccumulateMode::kMirror ||
                       o.accumulate == AccumulateMode::kWrap;
  if (bounded && (!o.accumulate_lo || !o.accumulate_hi))
    refuse("tendency mask: accumulation with limit, mirror or wrap needs both accumulator bounds");
  if (!std::isfinite(o.accumulate_init))
    refuse("tendency mask: the accumulator's initial value must be finite");
  map_power_ = std::exp2(o.map_exponent);  // CMask mask::setmap: map = 2^e
  accumulator_ = o.accumulate_init;
}

double TendencyMask::shape(double source_value, double lo, double hi) {
  double x = (source_value - options_.input_lo) / (options_.input_hi - options_.input_lo);
  x = std::clamp(x, 0.0, 1.0);
  if (map_power_ != 1.0) x = std::pow(x, map_power_);
  double v = lo + (hi - lo) * x;
  if (options_.quantizer) v = cmask_quantize(v, *options_.quantizer);
  return v;
}

double TendencyMask::accumulate(double value, double acc_lo, double acc_hi) {
  // CMask mask.cpp accum::getval. Mirror and wrap fold any overshoot (CMask's own fold is
  // only right for overshoots smaller than the band; the results agree there).
  accumulator_ += value;
  const double lo = std::min(acc_lo, acc_hi), hi = std::max(acc_lo, acc_hi);
  switch (options_.accumulate) {
    case AccumulateMode::kOff:
    case AccumulateMode::kOn:
      break;
    case AccumulateMode::kLimit:
      accumulator_ = std::clamp(accumulator_, lo, hi);
      break;
    case AccumulateMode::kMirror:
      accumulator_ = hi > lo ? reflect_into(accumulator_, lo, hi) : lo;
      break;
    case AccumulateMode::kWrap:
      accumulator_ = hi > lo ? wrap_into(accumulator_, lo, hi) : lo;
      break;
  }
  return accumulator_;
}

double TendencyMask::next_at(double t_seconds) {
  const double s = source_->next_at(t_seconds);
  const double lo = lo_->next_at(t_seconds);
  const double hi = hi_->next_at(t_seconds);
  const double v = shape(s, lo, hi);
  switch (options_.accumulate) {
    case AccumulateMode::kOff:
      return v;
    case AccumulateMode::kOn:
      return accumulate(v, 0, 0);
    default: {
      const double acc_lo = options_.accumulate_lo->next_at(t_seconds);
      const double acc_hi = options_.accumulate_hi->next_at(t_seconds);
      return accumulate(v, acc_lo, acc_hi);
    }
  }
}

void TendencyMask::fill_at(std::span<double> out, double start_seconds, double step_seconds) {
  const std::size_t n = out.size();
  const bool bounded =
      options_.accumulate != AccumulateMode::kOff && options_.accumulate != AccumulateMode::kOn;
  scratch_.resize(bounded ? 4 * n : 2 * n);
  std::span<double> lo(scratch_.data(), n), hi(scratch_.data() + n, n);
  // Each generator owns its state and stream, so filling them one after the other gives the
  // values next_at() would give.
  source_->fill_at(out, start_seconds, step_seconds);
  lo_->fill_at(lo, start_seconds, step_seconds);
  hi_->fill_at(hi, start_seconds, step_seconds);
  for (std::size_t i = 0; i < n; ++i) out[i] = shape(out[i], lo[i], hi[i]);
  if (options_.accumulate == AccumulateMode::kOn) {
    for (double& v : out) v = accumulate(v, 0, 0);
  } else if (bounded) {
    std::span<double> acc_lo(scratch_.data() + 2 * n, n), acc_hi(scratch_.data() + 3 * n, n);
    options_.accumulate_lo->fill_at(acc_lo, start_seconds, step_seconds);
    options_.accumulate_hi->fill_at(acc_hi, start_seconds, step_seconds);
    for (std::size_t i = 0; i < n; ++i) out[i] = accumulate(out[i], acc_lo[i], acc_hi[i]);
  }
}

}  // namespace stochos::stochastic
