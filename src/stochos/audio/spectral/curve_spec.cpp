// SPDX-License-Identifier: GPL-3.0-or-later
// Interim parser: see curve_spec.h. Deliberately tiny: the full language is score/expression.h.
#include "stochos/audio/spectral/curve_spec.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/stochastic/curves.h"

namespace stochos::audio {
namespace {

[[noreturn]] void fail(std::string_view text, std::size_t pos, const std::string& message) {
  throw Error(ErrorKind::kUsage, message + " in curve '" + std::string(text) + "'", {},
              ErrorLocation{.line = 1, .column = static_cast<std::uint32_t>(pos + 1)})
      .with_code("curve_syntax");
}

double parse_number(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  const std::string rest(text.substr(pos));
  char* end = nullptr;
  const double v = std::strtod(rest.c_str(), &end);
  if (end == rest.c_str() || !std::isfinite(v)) fail(text, pos, "expected a number");
  pos += static_cast<std::size_t>(end - rest.c_str());
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  return v;
}

// A step-driven generator read `rate_hz` times per second, joined by straight lines.
class Glide final : public stochastic::Generator {
 public:
  Glide(stochastic::GeneratorPtr source, double lo, double hi, double in_lo, double in_hi, double rate_hz)
      : source_(std::move(source)), lo_(lo), hi_(hi), in_lo_(in_lo), in_hi_(in_hi), rate_hz_(rate_hz) {
    a_ = scaled(source_->next_at(0.0));
    b_ = scaled(source_->next_at(0.0));
  }
  double next_at(double t_seconds) override {
    const double steps = std::max(0.0, t_seconds) * rate_hz_;
    while (steps >= static_cast<double>(index_ + 1)) {
      a_ = b_;
      b_ = scaled(source_->next_at(t_seconds));
      ++index_;
    }
    const double x = steps - static_cast<double>(index_);
    return a_ + (b_ - a_) * std::min(1.0, x);
  }

 private:
  double scaled(double v) const {
    const double u = std::clamp((v - in_lo_) / (in_hi_ - in_lo_), 0.0, 1.0);
    return lo_ + (hi_ - lo_) * u;
  }
  stochastic::GeneratorPtr source_;
  double lo_, hi_, in_lo_, in_hi_, rate_hz_;
  double a_ = 0.0, b_ = 0.0;
  std::uint64_t index_ = 0;
};

}  // namespace

stochastic::GeneratorPtr parse_curve(std::string_view text, const core::Rng& rng) {
  std::size_t pos = 0;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos == text.size()) fail(text, pos, "empty curve");
  if (text[pos] == '[') {
    ++pos;
    std::vector<stochastic::Breakpoint> points;
    while (true) {
      stochastic::Breakpoint p;
      p.t_seconds = parse_number(text, pos);
      if (pos >= text.size() || text[pos] != ',') fail(text, pos, "expected ',' between time and value");
      ++pos;
      p.value = parse_number(text, pos);
      points.push_back(p);
      if (pos < text.size() && text[pos] == ';') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        break;
      }
      fail(text, pos, "expected ';' or ']'");
    }
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos != text.size()) fail(text, pos, "unexpected text after ']'");
    return std::make_unique<stochastic::Breakpoints>(std::move(points));
  }
  if (std::isalpha(static_cast<unsigned char>(text[pos]))) {
    const std::size_t name_start = pos;
    while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_')) ++pos;
    const std::string name(text.substr(name_start, pos - name_start));
    if (pos >= text.size() || text[pos] != '(') fail(text, pos, "expected '(' after '" + name + "'");
    ++pos;
    std::map<std::string, double> args;
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    while (pos < text.size() && text[pos] != ')') {
      const std::size_t key_start = pos;
      while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_')) ++pos;
      const std::string key(text.substr(key_start, pos - key_start));
      if (key.empty() || pos >= text.size() || text[pos] != '=') fail(text, pos, "expected name=value");
      ++pos;
      args[key] = parse_number(text, pos);
      if (pos < text.size() && text[pos] == ',') ++pos;
      while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    }
    if (pos >= text.size()) fail(text, pos, "missing ')'");
    ++pos;
    if (pos != text.size()) fail(text, pos, "unexpected text after ')'");
    auto get = [&](const char* key, double fallback) {
      const auto it = args.find(key);
      if (it == args.end()) return fallback;
      const double v = it->second;
      args.erase(it);
      return v;
    };
    const double rate_hz = get("rate", 10.0);
    if (!(rate_hz > 0.0 && rate_hz <= 10000.0)) fail(text, name_start, "rate must be in (0, 10000] per second");
    stochastic::GeneratorPtr g;
    if (name == "logistic") {
      const double r = get("r", 3.9), x0 = get("x0", 0.4), lo = get("lo", -1.0), hi = get("hi", 1.0);
      g = std::make_unique<Glide>(std::make_unique<stochastic::LogisticMap>(r, x0), lo, hi, 0.0, 1.0, rate_hz);
    } else if (name == "henon") {
      const double a = get("a", 1.4), b = get("b", 0.3), lo = get("lo", -1.0), hi = get("hi", 1.0);
      g = std::make_unique<Glide>(std::make_unique<stochastic::HenonMap>(a, b), lo, hi, -1.5, 1.5, rate_hz);
    } else if (name == "brownian") {
      const double start = get("start", 0.0), sigma = get("sigma", 1.0), lo = get("lo", -12.0), hi = get("hi", 12.0);
      if (!(lo < hi)) fail(text, name_start, "brownian needs lo < hi");
      auto walk = std::make_unique<stochastic::RandomWalk>(stochastic::RandomWalk::wiener(
          start, sigma, 1.0 / rate_hz, stochastic::Barriers{lo, hi, stochastic::Barrier::kReflect}, rng.stream("brownian")));
      g = std::make_unique<Glide>(std::move(walk), lo, hi, lo, hi, rate_hz);
    } else {
      fail(text, name_start, "unknown curve '" + name + "' (this interim syntax knows logistic, henon, brownian)");
    }
    if (!args.empty()) fail(text, name_start, "unknown parameter '" + args.begin()->first + "' of " + name);
    return g;
  }
  const double v = parse_number(text, pos);
  if (pos != text.size()) fail(text, pos, "unexpected text after the number");
  return std::make_unique<stochastic::Constant>(v);
}

}  // namespace stochos::audio
