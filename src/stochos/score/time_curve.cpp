// SPDX-License-Identifier: GPL-3.0-or-later
// Generator expressions as functions of time: see time_curve.h for the rule.
#include "stochos/score/time_curve.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "stochos/core/error.h"

namespace stochos::score {
namespace {

/// Calls whose generator keeps no state: their value is a function of t and their arguments.
/// (mask() is stateless as the language builds it: without CMask's accumulation.)
bool stateless_call(const std::string& name) {
  static const char* const kNames[] = {"time", "curve", "clamp", "round", "quantize", "mask", "sieve"};
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return name == n; });
}

/// Beyond this a time is a unit mistake (24 hours, the longest audio stochos makes, twice).
constexpr double kMaxCurveSeconds = 48.0 * 3600.0;

class SteppedCurve {
 public:
  SteppedCurve(Expression expression, core::Rng rng, double rate_hz)
      : expression_(std::move(expression)), rng_(std::move(rng)), rate_hz_(rate_hz) {
    restart();
  }

  double at(double t_seconds) {
    if (!(t_seconds > 0.0)) return value(0);  // also NaN: the curve starts at its first value
    if (t_seconds > kMaxCurveSeconds) {
      throw Error::usage("a curve was asked for its value at " + std::to_string(t_seconds) +
                         " s, beyond 48 hours")
          .with_code("unbounded");
    }
    const double x = t_seconds * rate_hz_;
    const double k = std::floor(x);
    const auto index = static_cast<std::uint64_t>(k);
    const double frac = x - k;
    const double a = value(index);
    if (frac == 0.0) return a;
    const double b = value(index + 1);
    return a + (b - a) * frac;
  }

 private:
  void restart() {
    generator_ = build_generator(expression_, rng_);
    drawn_ = 0;
  }

  /// Value number `k`, drawn in order; the last two drawn are kept.
  double value(std::uint64_t k) {
    if (k + 2 < drawn_) restart();  // an earlier step: replay from the same stream
    while (drawn_ <= k) {
      older_ = newer_;
      newer_ = generator_->next_at(static_cast<double>(drawn_) / rate_hz_);
      ++drawn_;
    }
    return k + 1 == drawn_ ? newer_ : older_;
  }

  Expression expression_;
  core::Rng rng_;
  double rate_hz_;
  stochastic::GeneratorPtr generator_;
  std::uint64_t drawn_ = 0;
  double older_ = 0.0, newer_ = 0.0;  // values drawn_-2 and drawn_-1
};

}  // namespace

bool depends_on_time_only(const Expression& e) {
  switch (e.kind) {
    case Expression::Kind::kNumber:
    case Expression::Kind::kString:
      return true;
    case Expression::Kind::kCall:
      if (!stateless_call(e.text)) return false;
      [[fallthrough]];
    case Expression::Kind::kList:
    case Expression::Kind::kNegate:
    case Expression::Kind::kBinary:
      return std::all_of(e.items.begin(), e.items.end(), depends_on_time_only);
  }
  return false;
}

std::function<double(double)> make_time_curve(std::string_view text, const core::Rng& rng, double rate_hz) {
  if (!(rate_hz > 0.0 && rate_hz <= kMaxCurveRateHz)) {
    throw Error::usage("the curve rate must be in (0, " + std::to_string(static_cast<int>(kMaxCurveRateHz)) +
                       "] values per second")
        .with_code("unbounded");
  }
  Expression expression = parse_expression(text);
  if (depends_on_time_only(expression)) {
    std::shared_ptr<stochastic::Generator> g = build_generator(expression, rng);
    return [g](double t_seconds) { return g->next_at(t_seconds); };
  }
  auto curve = std::make_shared<SteppedCurve>(std::move(expression), rng, rate_hz);
  return [curve](double t_seconds) { return curve->at(t_seconds); };
}

}  // namespace stochos::score
