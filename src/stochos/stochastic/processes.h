// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Stochastic processes: sequences of values over steps or onsets over time.
///
/// Every process here is a `Generator` (the small interface that lets processes, curves and
/// tendency masks nest: a Brownian walk inside a mask whose bounds follow a breakpoint curve),
/// and each also has non-virtual next() and fill() for code that knows the concrete type:
/// fill() writes n values in one call with no virtual call per value.
///
/// Processes own their core::Rng (pass a named stream, e.g. `rng.stream("voice/1/pitch")`),
/// so two processes never share draws and editing one voice does not shift another. They are
/// not thread-safe; give each thread its own. Numbers carry their unit in their name:
/// `rate_hz`, `duration_seconds`, `steps`.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/stochastic/distributions.h"

namespace stochos::stochastic {

/// A source of values, one per call. `t_seconds` is the time of the value being asked for:
/// curves and masks read it, step-driven processes (walks, maps, noise) ignore it and advance
/// one step. Not thread-safe.
class Generator {
 public:
  virtual ~Generator() = default;
  /// The next value, for time t_seconds.
  virtual double next_at(double t_seconds) = 0;
  /// out[i] = next_at(start_seconds + i * step_seconds), for all i, in order. Implementations
  /// override it with a loop over their non-virtual step. (No default arguments: they would
  /// not follow the overrides.)
  virtual void fill_at(std::span<double> out, double start_seconds, double step_seconds);
};
using GeneratorPtr = std::unique_ptr<Generator>;

/// The same value every time (a fixed bound of a mask, a fixed parameter).
class Constant final : public Generator {
 public:
  explicit Constant(double value) : value_(value) {}
  double next_at(double) override { return value_; }
  void fill_at(std::span<double> out, double, double) override;
  double value() const { return value_; }

 private:
  double value_;
};

/// Independent draws from one law ("white noise" of any distribution). With a window
/// [lo, hi], draws outside it are redrawn, which is how CMask's random generators keep their
/// values in 0..1 (CMask manual, "rnd").
class DistributionGenerator final : public Generator {
 public:
  DistributionGenerator(Distribution law, core::Rng rng);
  /// Only values in [lo, hi]; refuses a window the law gives a probability below 1e-6.
  DistributionGenerator(Distribution law, core::Rng rng, double lo, double hi);
  double next();
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }
  const Distribution& law() const { return law_; }

 private:
  Distribution law_;
  core::Rng rng_;
  double lo_ = -std::numeric_limits<double>::infinity();
  double hi_ = std::numeric_limits<double>::infinity();
  bool windowed_ = false;
};

// --- rhythms and onsets -----------------------------------------------------------------------

/// A Bernoulli process: each step is a hit with probability p (a rhythm on a grid of steps).
class BernoulliProcess final : public Generator {
 public:
  BernoulliProcess(double p, core::Rng rng);
  bool hit() { return rng_.uniform01() < p_; }
  /// 1 for a hit, 0 for a rest.
  double next() { return hit() ? 1.0 : 0.0; }
  void fill(std::span<double> out);
  /// The steps in [0, steps) that are hits, counted from the next step.
  std::vector<std::int64_t> hit_steps(std::int64_t steps);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }

 private:
  double p_;
  core::Rng rng_;
};

/// Default ceiling on the events a process may be asked to produce in one call: 10^7 onsets
/// are minutes of a dense cloud; more is almost always a unit mistake (kHz for Hz).
inline constexpr std::uint64_t kDefaultMaxEvents = 10'000'000;

/// A Poisson process of onsets in seconds: inter-onset times are exponential (Xenakis,
/// Formalized Music ch. I: events of density δ). The rate is constant or a function of time;
/// a varying rate is realised by thinning (Lewis & Shedler, "Simulation of nonhomogeneous
/// Poisson processes by thinning", Naval Research Logistics Quarterly 26, 1979): candidates at
/// max_rate_hz, each kept with probability rate_hz(t) / max_rate_hz.
/// As a Generator, next_at() returns the next onset time and ignores its argument.
class PoissonProcess final : public Generator {
 public:
  PoissonProcess(double rate_hz, core::Rng rng, double start_seconds = 0.0);
  /// rate_hz_at(t) must stay within [0, max_rate_hz]; a value outside throws when met.
  PoissonProcess(std::function<double(double)> rate_hz_at, double max_rate_hz, core::Rng rng,
                 double start_seconds = 0.0);
  /// The next onset, strictly after the previous one (+infinity when the rate is 0).
  double next_onset_seconds();
  double next() { return next_onset_seconds(); }
  /// All onsets before end_seconds (from the current position). Refuses, before drawing, a
  /// request whose expected number of candidates exceeds max_events.
  std::vector<double> onsets_until(double end_seconds, std::uint64_t max_events = kDefaultMaxEvents);
  /// out[i] = successive onsets.
  void fill(std::span<double> out);
  double next_at(double) override { return next_onset_seconds(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }

 private:
  double draw_onset();
  double candidate_rate_hz_;
  std::function<double(double)> rate_hz_at_;  // empty: constant rate
  core::Rng rng_;
  double time_seconds_;
  double pending_;  // the next onset, already drawn
};

/// Onsets of a constant-rate Poisson process in [0, duration_seconds).
std::vector<double> poisson_onsets(double rate_hz, double duration_seconds, core::Rng& rng,
                                   std::uint64_t max_events = kDefaultMaxEvents);

// --- walks ------------------------------------------------------------------------------------

enum class Barrier {
  kNone,     ///< free: the walk may go anywhere
  kReflect,  ///< mirror: an overshoot past a bound comes back by the same distance
  kAbsorb,   ///< the walk stops for good at the bound it reaches
  kWrap,     ///< leaving through one bound re-enters through the other ([lo, hi) is a circle)
};

/// Where a walk may go. lo < hi is required unless the barrier is kNone.
struct Barriers {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  Barrier kind = Barrier::kNone;
};

/// x folded into [lo, hi] by repeated mirroring (any overshoot, not only one bounce).
double reflect_into(double x, double lo, double hi);
/// x taken modulo the circle [lo, hi).
double wrap_into(double x, double lo, double hi);

/// A random walk x[n+1] = x[n] + step, step drawn from any law, kept in its barriers. The
/// first value returned is the start. Wiener (Brownian) motion is the walk with Gaussian steps
/// of standard deviation sigma·sqrt(dt): see wiener().
class RandomWalk final : public Generator {
 public:
  RandomWalk(double start, Distribution step, Barriers barriers, core::Rng rng);
  /// Brownian motion sampled every dt_seconds: steps ~ N(drift·dt, sigma²·dt), sigma in
  /// value units per sqrt(second).
  static RandomWalk wiener(double start, double sigma, double dt_seconds, Barriers barriers, core::Rng rng,
                           double drift_per_second = 0.0);
  double next();
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }
  /// The value the next call returns.
  double value() const { return x_; }
  bool absorbed() const { return absorbed_; }

 private:
  Distribution step_;
  Barriers barriers_;
  core::Rng rng_;
  double x_;
  bool absorbed_ = false;
};

/// A second-order random walk, the engine of Xenakis's GENDYN (Formalized Music ch. IX;
/// Serra, "Stochastic composition and stochastic timbre: GENDY3 by Iannis Xenakis", PNM 31(1),
/// 1993): a first walk moves the step, whose value is the increment of a second walk, each
/// kept in its own barriers (mirrors in GENDYN). The first value returned is the start.
class SecondOrderWalk final : public Generator {
 public:
  SecondOrderWalk(double start, double start_step, Distribution step_change, Barriers step_barriers,
                  Barriers barriers, core::Rng rng);
  double next();
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }
  double value() const { return x_; }
  double step() const { return step_; }

 private:
  Distribution step_change_;
  Barriers step_barriers_, barriers_;
  core::Rng rng_;
  double x_, step_;
  bool absorbed_ = false;
};

/// 1/f ("pink") noise in [-1, 1] by the Voss–McCartney algorithm (Gardner, "White and brown
/// music, fractal curves and one-over-f fluctuations", Scientific American 238(4), 1978;
/// McCartney's trailing-zeros scheduling, music-dsp list, 1999): `rows` uniform generators,
/// row k renewed every 2^(k+1) steps, plus one white row renewed every step; the output is
/// their mean. The spectrum falls at 3 dB per octave over `rows` octaves.
class PinkNoise final : public Generator {
 public:
  /// rows in 1..32.
  explicit PinkNoise(core::Rng rng, int rows = 16);
  double next();
  void fill(std::span<double> out);
  double next_at(double) override { return next(); }
  void fill_at(std::span<double> out, double, double) override { fill(out); }

 private:
  core::Rng rng_;
  std::vector<double> rows_;
  double sum_ = 0.0;
  std::uint64_t counter_ = 0;
  double scale_;
};

}  // namespace stochos::stochastic
