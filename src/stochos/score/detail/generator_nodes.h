// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The generator nodes of the score language that the stochastic module does not provide
// (arithmetic, time, cycles, snapping, clamping, rounding, Markov and law draws), built by
// generator_builders.cpp.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/score/detail/expression_errors.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/distributions.h"
#include "stochos/stochastic/markov.h"
#include "stochos/stochastic/processes.h"

namespace stochos::score::detail {

using stochastic::Generator;
using stochastic::GeneratorPtr;

/// "%g" with enough digits to tell values apart in messages.
inline std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

class Negate final : public Generator {
 public:
  explicit Negate(GeneratorPtr a) : a_(std::move(a)) {}
  double next_at(double t) override { return -a_->next_at(t); }

 private:
  GeneratorPtr a_;
};

class Arithmetic final : public Generator {
 public:
  Arithmetic(char op, GeneratorPtr a, GeneratorPtr b, std::uint32_t column)
      : op_(op), a_(std::move(a)), b_(std::move(b)), column_(column) {}
  double next_at(double t) override {
    const double a = a_->next_at(t);
    const double b = b_->next_at(t);
    switch (op_) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b == 0.0)
          fail(column_, "bad_argument",
               "division by zero while evaluating at t = " + format_number(t) + " s");
        return a / b;
      default:
        if (b == 0.0)
          fail(column_, "bad_argument", "modulo by zero while evaluating at t = " + format_number(t) + " s");
        return std::fmod(a, b);
    }
  }

 private:
  char op_;
  GeneratorPtr a_, b_;
  std::uint32_t column_;
};

class Time final : public Generator {
 public:
  double next_at(double t) override { return t; }
};

class Cycle final : public Generator {
 public:
  explicit Cycle(std::vector<double> values) : values_(std::move(values)) {}
  double next_at(double) override {
    const double v = values_[i_];
    i_ = (i_ + 1) % values_.size();
    return v;
  }

 private:
  std::vector<double> values_;
  std::size_t i_ = 0;
};

/// Snaps to the nearest member of a sorted set (the lower one on a tie).
class SnapToSet final : public Generator {
 public:
  SnapToSet(GeneratorPtr source, std::vector<double> set)
      : source_(std::move(source)), set_(std::move(set)) {}
  double next_at(double t) override {
    const double x = source_->next_at(t);
    auto it = std::lower_bound(set_.begin(), set_.end(), x);
    if (it == set_.end()) return set_.back();
    if (it == set_.begin()) return *it;
    const double above = *it;
    const double below = *(it - 1);
    return (above - x < x - below) ? above : below;
  }

 private:
  GeneratorPtr source_;
  std::vector<double> set_;
};

class SnapToGrid final : public Generator {
 public:
  SnapToGrid(GeneratorPtr source, stochastic::Quantizer q) : source_(std::move(source)), q_(q) {}
  double next_at(double t) override { return stochastic::cmask_quantize(source_->next_at(t), q_); }

 private:
  GeneratorPtr source_;
  stochastic::Quantizer q_;
};

class Clamp final : public Generator {
 public:
  Clamp(GeneratorPtr x, GeneratorPtr lo, GeneratorPtr hi)
      : x_(std::move(x)), lo_(std::move(lo)), hi_(std::move(hi)) {}
  double next_at(double t) override {
    const double x = x_->next_at(t);
    const double lo = lo_->next_at(t);
    const double hi = hi_->next_at(t);
    return std::max(lo, std::min(hi, x));
  }

 private:
  GeneratorPtr x_, lo_, hi_;
};

class Round final : public Generator {
 public:
  explicit Round(GeneratorPtr x) : x_(std::move(x)) {}
  double next_at(double t) override { return std::round(x_->next_at(t)); }

 private:
  GeneratorPtr x_;
};

class MarkovGenerator final : public Generator {
 public:
  MarkovGenerator(stochastic::MarkovChain chain, core::Rng rng)
      : chain_(std::move(chain)), rng_(std::move(rng)) {}
  double next_at(double) override {
    const std::int64_t s = chain_.sample_next(context_, rng_);
    context_.push_back(s);
    if (context_.size() > static_cast<std::size_t>(chain_.order())) context_.erase(context_.begin());
    return static_cast<double>(s) / kMarkovScale;
  }
  static constexpr double kMarkovScale = 1000.0;  // states are kept as thousandths

 private:
  stochastic::MarkovChain chain_;
  core::Rng rng_;
  std::vector<std::int64_t> context_;
};

class Choice final : public Generator {
 public:
  Choice(stochastic::Distribution law, core::Rng rng) : law_(std::move(law)), rng_(std::move(rng)) {}
  double next_at(double) override { return law_.sample(rng_); }

 private:
  stochastic::Distribution law_;
  core::Rng rng_;
};

}  // namespace stochos::score::detail
