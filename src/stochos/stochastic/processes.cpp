// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/processes.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <variant>

#include "stochos/core/error.h"
#include "stochos/stochastic/detail/distribution_math.h"

namespace stochos::stochastic {

using detail::format_number;

namespace {

[[noreturn]] void refuse(std::string message, const char* code = "bad_parameter") {
  throw Error::usage(std::move(message)).with_code(code);
}

void check_barriers(const char* what, const Barriers& b, double start) {
  if (!std::isfinite(start))
    refuse(std::string(what) + ": start must be finite (got " + format_number(start) + ")");
  if (b.kind == Barrier::kNone) return;
  if (!std::isfinite(b.lo) || !std::isfinite(b.hi) || !(b.lo < b.hi))
    refuse(std::string(what) + ": barriers need finite lo < hi (got [" + format_number(b.lo) + ", " +
           format_number(b.hi) + "])");
  if (start < b.lo || start > b.hi)
    refuse(std::string(what) + ": start " + format_number(start) + " lies outside the barriers [" +
           format_number(b.lo) + ", " + format_number(b.hi) + "]");
}

/// One step's barrier rule; `absorbed` turns true when an absorbing bound is reached.
inline double apply_barriers(double x, const Barriers& b, bool& absorbed) {
  switch (b.kind) {
    case Barrier::kNone:
      return x;
    case Barrier::kReflect:
      return (x < b.lo || x > b.hi) ? reflect_into(x, b.lo, b.hi) : x;
    case Barrier::kWrap:
      return (x < b.lo || x >= b.hi) ? wrap_into(x, b.lo, b.hi) : x;
    case Barrier::kAbsorb:
      if (x <= b.lo) {
        absorbed = true;
        return b.lo;
      }
      if (x >= b.hi) {
        absorbed = true;
        return b.hi;
      }
      return x;
  }
  return x;
}

}  // namespace

void Generator::fill_at(std::span<double> out, double start_seconds, double step_seconds) {
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = next_at(start_seconds + static_cast<double>(i) * step_seconds);
}

void Constant::fill_at(std::span<double> out, double, double) {
  std::fill(out.begin(), out.end(), value_);
}

// --- DistributionGenerator --------------------------------------------------------------------

DistributionGenerator::DistributionGenerator(Distribution law, core::Rng rng)
    : law_(std::move(law)), rng_(rng) {}

DistributionGenerator::DistributionGenerator(Distribution law, core::Rng rng, double lo, double hi)
    : law_(std::move(law)), rng_(rng), lo_(lo), hi_(hi), windowed_(true) {
  if (std::isnan(lo) || std::isnan(hi) || !(lo <= hi))
    refuse("distribution window needs lo <= hi (got [" + format_number(lo) + ", " + format_number(hi) + "])");
  double p = law_.cdf(hi) - law_.cdf(lo);
  if (law_.is_discrete()) p += law_.density(lo);
  // Below 1e-6 the redraws would take a million tries a value: almost surely a unit mistake.
  if (!(p >= 1e-6))
    refuse(law_.describe() + " gives the window [" + format_number(lo) + ", " + format_number(hi) +
           "] a probability of only " + format_number(p) + "; widen the window or move the law");
}

double DistributionGenerator::next() {
  double v = law_.sample(rng_);
  if (windowed_)
    while (v < lo_ || v > hi_) v = law_.sample(rng_);
  return v;
}

void DistributionGenerator::fill(std::span<double> out) {
  std::visit(
      [&](const auto& law) {
        for (double& v : out) {
          v = law.sample(rng_);
          if (windowed_)
            while (v < lo_ || v > hi_) v = law.sample(rng_);
        }
      },
      law_.law());
}

// --- Bernoulli --------------------------------------------------------------------------------

BernoulliProcess::BernoulliProcess(double p, core::Rng rng) : p_(p), rng_(rng) {
  if (!(p >= 0 && p <= 1))
    refuse("Bernoulli process: p must be a probability in [0, 1] (got " + format_number(p) + ")");
}

void BernoulliProcess::fill(std::span<double> out) {
  for (double& v : out) v = rng_.uniform01() < p_ ? 1.0 : 0.0;
}

std::vector<std::int64_t> BernoulliProcess::hit_steps(std::int64_t steps) {
  if (steps < 0 || static_cast<std::uint64_t>(steps) > kDefaultMaxEvents)
    refuse("Bernoulli process: steps must be in 0.." + std::to_string(kDefaultMaxEvents) + " (got " +
               std::to_string(steps) + ")",
           "too_many_events");
  std::vector<std::int64_t> hits;
  hits.reserve(static_cast<std::size_t>(static_cast<double>(steps) * p_ * 1.1) + 16);
  for (std::int64_t i = 0; i < steps; ++i)
    if (hit()) hits.push_back(i);
  return hits;
}

// --- Poisson ----------------------------------------------------------------------------------

namespace {

void check_rate(double rate_hz, const char* name) {
  if (!std::isfinite(rate_hz) || rate_hz < 0)
    refuse(std::string("Poisson process: ") + name + " must be a finite number >= 0 (got " +
           format_number(rate_hz) + ")");
}

void check_event_budget(double rate_hz, double span_seconds, std::uint64_t max_events) {
  const double expected = rate_hz * span_seconds;
  if (expected > static_cast<double>(max_events))
    refuse("Poisson process: " + format_number(rate_hz) + " Hz over " + format_number(span_seconds) +
               " s would give about " + format_number(expected) + " onsets, more than the limit of " +
               format_number(static_cast<double>(max_events)) +
               "; lower the rate or the duration, or raise the limit",
           "too_many_events");
}

inline double exponential_gap(core::Rng& rng, double rate_hz) {
  return -std::log(rng.uniform_open01()) / rate_hz;
}

}  // namespace

PoissonProcess::PoissonProcess(double rate_hz, core::Rng rng, double start_seconds)
    : candidate_rate_hz_(rate_hz), rng_(rng), time_seconds_(start_seconds) {
  check_rate(rate_hz, "rate_hz");
  if (!std::isfinite(start_seconds)) refuse("Poisson process: start_seconds must be finite");
  pending_ =
      rate_hz > 0 ? start_seconds + exponential_gap(rng_, rate_hz) : std::numeric_limits<double>::infinity();
}

PoissonProcess::PoissonProcess(std::function<double(double)> rate_hz_at, double max_rate_hz, core::Rng rng,
                               double start_seconds)
    : PoissonProcess(max_rate_hz, rng, start_seconds) {
  if (!rate_hz_at) refuse("Poisson process: the rate function is empty");
  rate_hz_at_ = std::move(rate_hz_at);
}

double PoissonProcess::draw_onset() {
  // pending_ holds the next candidate; test it (thinning), then draw the one after it.
  std::uint64_t rejected = 0;
  for (;;) {
    const double t = pending_;
    if (std::isinf(t)) return t;
    bool keep = true;
    if (rate_hz_at_) {
      const double r = rate_hz_at_(t);
      if (!(r >= 0 && r <= candidate_rate_hz_))
        refuse("Poisson process: the rate " + format_number(r) + " Hz at " + format_number(t) +
               " s is outside [0, max_rate_hz = " + format_number(candidate_rate_hz_) + "]");
      keep = rng_.uniform01() * candidate_rate_hz_ < r;
    }
    pending_ = t + exponential_gap(rng_, candidate_rate_hz_);
    time_seconds_ = t;
    if (keep) return t;
    if (++rejected > kDefaultMaxEvents)
      refuse("Poisson process: no onset among " + format_number(static_cast<double>(kDefaultMaxEvents)) +
                 " candidates after " + format_number(t) + " s; the rate stays near 0",
             "too_many_events");
  }
}

double PoissonProcess::next_onset_seconds() {
  return draw_onset();
}

std::vector<double> PoissonProcess::onsets_until(double end_seconds, std::uint64_t max_events) {
  if (std::isnan(end_seconds)) refuse("Poisson process: end_seconds is not a number");
  std::vector<double> out;
  if (!(pending_ < end_seconds)) return out;
  check_event_budget(candidate_rate_hz_, end_seconds - time_seconds_, max_events);
  const double expected = candidate_rate_hz_ * (end_seconds - time_seconds_);
  out.reserve(static_cast<std::size_t>(expected + 4 * std::sqrt(expected) + 8));
  while (pending_ < end_seconds) {
    if (!rate_hz_at_) {
      // Constant rate: every candidate is an onset.
      out.push_back(pending_);
      time_seconds_ = pending_;
      pending_ += exponential_gap(rng_, candidate_rate_hz_);
      continue;
    }
    const double t = pending_;
    const double r = rate_hz_at_(t);
    if (!(r >= 0 && r <= candidate_rate_hz_))
      refuse("Poisson process: the rate " + format_number(r) + " Hz at " + format_number(t) +
             " s is outside [0, max_rate_hz = " + format_number(candidate_rate_hz_) + "]");
    const bool keep = rng_.uniform01() * candidate_rate_hz_ < r;
    pending_ = t + exponential_gap(rng_, candidate_rate_hz_);
    time_seconds_ = t;
    if (keep) out.push_back(t);
  }
  return out;
}

void PoissonProcess::fill(std::span<double> out) {
  for (double& v : out) v = draw_onset();
}

std::vector<double> poisson_onsets(double rate_hz, double duration_seconds, core::Rng& rng,
                                   std::uint64_t max_events) {
  check_rate(rate_hz, "rate_hz");
  if (!std::isfinite(duration_seconds) || duration_seconds < 0)
    refuse("Poisson process: duration_seconds must be a finite number >= 0 (got " +
           format_number(duration_seconds) + ")");
  check_event_budget(rate_hz, duration_seconds, max_events);
  std::vector<double> out;
  if (rate_hz == 0) return out;
  const double expected = rate_hz * duration_seconds;
  out.reserve(static_cast<std::size_t>(expected + 4 * std::sqrt(expected) + 8));
  // The same draws, in the same order, as PoissonProcess(rate_hz, rng).onsets_until(duration).
  for (double t = exponential_gap(rng, rate_hz); t < duration_seconds; t += exponential_gap(rng, rate_hz))
    out.push_back(t);
  return out;
}

// --- walks ------------------------------------------------------------------------------------

double reflect_into(double x, double lo, double hi) {
  const double width = hi - lo;
  double y = std::fmod(x - lo, 2.0 * width);  // position along the unfolded period 2·width
  if (y < 0) y += 2.0 * width;
  const double folded = y <= width ? lo + y : hi - (y - width);
  return std::clamp(folded, lo, hi);
}

double wrap_into(double x, double lo, double hi) {
  const double width = hi - lo;
  double y = std::fmod(x - lo, width);
  if (y < 0) y += width;
  const double wrapped = lo + y;
  return wrapped >= hi ? lo : wrapped;  // -tiny + width may round up to width
}

RandomWalk::RandomWalk(double start, Distribution step, Barriers barriers, core::Rng rng)
    : step_(std::move(step)), barriers_(barriers), rng_(rng), x_(start) {
  check_barriers("random walk", barriers, start);
  if (barriers.kind == Barrier::kWrap && start >= barriers.hi) x_ = barriers.lo;
}

RandomWalk RandomWalk::wiener(double start, double sigma, double dt_seconds, Barriers barriers, core::Rng rng,
                              double drift_per_second) {
  if (!std::isfinite(sigma) || sigma <= 0)
    refuse("Brownian motion: sigma must be a finite number greater than 0 (got " + format_number(sigma) +
           ")");
  if (!std::isfinite(dt_seconds) || dt_seconds <= 0)
    refuse("Brownian motion: dt_seconds must be a finite number greater than 0 (got " +
           format_number(dt_seconds) + ")");
  if (!std::isfinite(drift_per_second))
    refuse("Brownian motion: drift_per_second must be finite (got " + format_number(drift_per_second) + ")");
  // Independent Gaussian increments of variance sigma²·dt (Wiener process).
  return RandomWalk(start, Gaussian(drift_per_second * dt_seconds, sigma * std::sqrt(dt_seconds)), barriers,
                    rng);
}

double RandomWalk::next() {
  const double out = x_;
  if (!absorbed_) x_ = apply_barriers(x_ + step_.sample(rng_), barriers_, absorbed_);
  return out;
}

void RandomWalk::fill(std::span<double> out) {
  // One visit for the whole buffer: the law's sampler is inlined in the loop.
  std::visit(
      [&](const auto& law) {
        double x = x_;
        bool absorbed = absorbed_;
        const Barriers b = barriers_;
        for (double& v : out) {
          v = x;
          if (!absorbed) x = apply_barriers(x + law.sample(rng_), b, absorbed);
        }
        x_ = x;
        absorbed_ = absorbed;
      },
      step_.law());
}

SecondOrderWalk::SecondOrderWalk(double start, double start_step, Distribution step_change,
                                 Barriers step_barriers, Barriers barriers, core::Rng rng)
    : step_change_(std::move(step_change)),
      step_barriers_(step_barriers),
      barriers_(barriers),
      rng_(rng),
      x_(start),
      step_(start_step) {
  check_barriers("second-order walk (step)", step_barriers, start_step);
  check_barriers("second-order walk", barriers, start);
}

double SecondOrderWalk::next() {
  const double out = x_;
  if (!absorbed_) {
    bool step_stuck = false;  // an absorbing step barrier only clamps the step
    step_ = apply_barriers(step_ + step_change_.sample(rng_), step_barriers_, step_stuck);
    x_ = apply_barriers(x_ + step_, barriers_, absorbed_);
  }
  return out;
}

void SecondOrderWalk::fill(std::span<double> out) {
  std::visit(
      [&](const auto& law) {
        double x = x_, step = step_;
        bool absorbed = absorbed_, step_stuck = false;
        for (double& v : out) {
          v = x;
          if (!absorbed) {
            step = apply_barriers(step + law.sample(rng_), step_barriers_, step_stuck);
            x = apply_barriers(x + step, barriers_, absorbed);
          }
        }
        x_ = x;
        step_ = step;
        absorbed_ = absorbed;
      },
      step_change_.law());
}

// --- 1/f noise --------------------------------------------------------------------------------

namespace {
// Rows hold signed 32-bit integers so that the running sum is exact: no drift over 10^9 steps.
inline double signed32(core::Rng& rng) {
  return static_cast<double>(static_cast<std::int32_t>(static_cast<std::uint32_t>(rng.next_u64() >> 32)));
}
}  // namespace

PinkNoise::PinkNoise(core::Rng rng, int rows) : rng_(rng) {
  if (rows < 1 || rows > 32) refuse("pink noise: rows must be 1..32 (got " + std::to_string(rows) + ")");
  rows_.resize(static_cast<std::size_t>(rows));
  for (double& r : rows_) {
    r = signed32(rng_);
    sum_ += r;
  }
  scale_ = 1.0 / (static_cast<double>(rows + 1) * 2147483648.0);
}

double PinkNoise::next() {
  ++counter_;
  // McCartney: the row to renew is the number of trailing zeros of the step counter, so row k
  // changes every 2^(k+1) steps and exactly one row (at most) changes per step.
  const auto k = static_cast<std::size_t>(std::countr_zero(counter_));
  if (k < rows_.size()) {
    sum_ -= rows_[k];
    rows_[k] = signed32(rng_);
    sum_ += rows_[k];
  }
  return (sum_ + signed32(rng_)) * scale_;
}

void PinkNoise::fill(std::span<double> out) {
  for (double& v : out) v = next();
}

}  // namespace stochos::stochastic
