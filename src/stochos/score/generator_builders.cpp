// SPDX-License-Identifier: GPL-3.0-or-later
// Builders that turn parsed generator expressions (expression.cpp) into stochastic::Generator
// trees (the nodes of their own are in detail/generator_nodes.h): argument checking with
// columns and suggestions, constant folding, one named Rng stream per random node so that
// editing one part of a piece never changes another.
#include "stochos/score/expression.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>

#include "stochos/core/error.h"
#include "stochos/score/detail/expression_errors.h"
#include "stochos/score/detail/generator_nodes.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/markov.h"
#include "stochos/stochastic/sieve.h"

namespace stochos::score {

using detail::fail;
using detail::format_number;

namespace {
using namespace detail;  // the nodes of generator_nodes.h

// ------------------------------------------------------------------------- building

using stochastic::Generator;
using stochastic::GeneratorPtr;

GeneratorPtr build_node(const Expression& e, const core::Rng& rng, const std::string& path, int depth);

/// A constant folded from numbers and arithmetic, or nothing.
std::optional<double> constant_value(const Expression& e) {
  switch (e.kind) {
    case Expression::Kind::kNumber:
      return e.number;
    case Expression::Kind::kNegate: {
      auto v = constant_value(e.items[0]);
      if (v) return -*v;
      return std::nullopt;
    }
    case Expression::Kind::kBinary: {
      auto a = constant_value(e.items[0]);
      auto b = constant_value(e.items[1]);
      if (!a || !b) return std::nullopt;
      switch (e.text[0]) {
        case '+':
          return *a + *b;
        case '-':
          return *a - *b;
        case '*':
          return *a * *b;
        case '/':
          if (*b == 0.0) fail(e.column, "bad_argument", "division by zero");
          return *a / *b;
        default:
          if (*b == 0.0) fail(e.column, "bad_argument", "modulo by zero");
          return std::fmod(*a, *b);
      }
    }
    default:
      return std::nullopt;
  }
}

struct GeneratorSpec;

/// A call with its arguments matched to the generator's parameters.
struct Bound {
  const Expression& call;
  const GeneratorSpec& spec;
  std::vector<const Expression*> args;  // by parameter index; null when not given
  const core::Rng& rng;
  std::string path;
  int depth;

  int index_of(std::string_view name) const;
  const Expression* get(std::string_view name) const {
    return args[static_cast<std::size_t>(index_of(name))];
  }
  std::string child_path(std::string_view name) const { return path + "/" + std::to_string(index_of(name)); }
  [[noreturn]] void bad(const Expression* at, std::string_view param, const std::string& message) const;
  const Expression& required(std::string_view name) const;

  /// This node's own random stream, from its position in the tree.
  core::Rng own_rng() const { return rng.stream("expr" + path); }
  GeneratorPtr generator(std::string_view name, std::optional<double> fallback = std::nullopt) const {
    const Expression* e = get(name);
    if (!e) {
      if (!fallback) required(name);
      return std::make_unique<stochastic::Constant>(*fallback);
    }
    return build_node(*e, rng, child_path(name), depth + 1);
  }
  double number(std::string_view name, std::optional<double> fallback = std::nullopt) const {
    const Expression* e = get(name);
    if (!e) {
      if (!fallback) required(name);
      return *fallback;
    }
    auto v = constant_value(*e);
    if (!v) bad(e, name, "must be a constant number here");
    return *v;
  }
  std::vector<double> numbers(const Expression& e, std::string_view name) const {
    if (e.kind != Expression::Kind::kList) bad(&e, name, "must be a list of numbers, e.g. [60, 64, 67]");
    std::vector<double> out;
    for (const auto& item : e.items) {
      auto v = constant_value(item);
      if (!v) bad(&item, name, "must be a list of numbers");
      out.push_back(*v);
    }
    return out;
  }
  std::string text(std::string_view name, std::string fallback) const {
    const Expression* e = get(name);
    if (!e) return fallback;
    if (e->kind != Expression::Kind::kString) bad(e, name, "must be a quoted string");
    return e->text;
  }
  stochastic::Distribution law(std::string_view name) const;
  stochastic::Breakpoints curve(std::string_view name) const;
  std::vector<double> set(std::string_view name) const;
  stochastic::Barriers barriers() const;
};

using Builder = GeneratorPtr (*)(const Bound&);

struct GeneratorSpec {
  std::string name;
  std::vector<std::string> params;
  Builder build;
  bool variadic = false;  // curve(): every positional argument is a point
};

stochastic::Breakpoints curve_from(const Expression& call, std::string_view what);
std::vector<double> sieve_set(const Expression& call);
stochastic::Distribution law_from(const Expression& e, std::string_view what);

const std::vector<GeneratorSpec>& specs();

int Bound::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < spec.params.size(); ++i)
    if (spec.params[i] == name) return static_cast<int>(i);
  throw Error::internal("generator '" + spec.name + "' has no parameter '" + std::string(name) + "'");
}

void Bound::bad(const Expression* at, std::string_view param, const std::string& message) const {
  fail(at ? at->column : call.column, "bad_argument",
       "parameter '" + std::string(param) + "' of " + spec.name + "() " + message);
}

const Expression& Bound::required(std::string_view name) const {
  const Expression* e = get(name);
  if (!e) {
    std::string all;
    for (const auto& p : spec.params) all += (all.empty() ? "" : ", ") + p;
    fail(call.column, "bad_argument",
         spec.name + "() needs '" + std::string(name) + "' (parameters: " + all + ")");
  }
  return *e;
}

stochastic::Distribution Bound::law(std::string_view name) const {
  const Expression& e = required(name);
  if (auto v = constant_value(e)) return stochastic::Discrete({1.0}, {*v});
  return law_from(e, spec.name + "() parameter '" + std::string(name) + "'");
}

stochastic::Breakpoints Bound::curve(std::string_view name) const {
  const Expression& e = required(name);
  if (auto v = constant_value(e)) return stochastic::Breakpoints({stochastic::Breakpoint{0.0, *v}});
  if (e.kind != Expression::Kind::kCall || e.text != "curve") bad(&e, name, "must be a number or curve(...)");
  return curve_from(e, name);
}

std::vector<double> Bound::set(std::string_view name) const {
  const Expression& e = required(name);
  std::vector<double> out;
  if (e.kind == Expression::Kind::kCall && e.text == "sieve") {
    out = sieve_set(e);
  } else {
    out = numbers(e, name);
  }
  if (out.empty()) bad(&e, name, "is an empty set");
  std::sort(out.begin(), out.end());
  return out;
}

stochastic::Barriers Bound::barriers() const {
  stochastic::Barriers b;
  const bool bounded = get("lo") || get("hi");
  b.lo = number("lo", -std::numeric_limits<double>::infinity());
  b.hi = number("hi", std::numeric_limits<double>::infinity());
  const std::string kind = text("barrier", bounded ? "reflect" : "none");
  static const std::vector<std::string> kinds = {"none", "reflect", "absorb", "wrap"};
  if (kind == "none")
    b.kind = stochastic::Barrier::kNone;
  else if (kind == "reflect")
    b.kind = stochastic::Barrier::kReflect;
  else if (kind == "absorb")
    b.kind = stochastic::Barrier::kAbsorb;
  else if (kind == "wrap")
    b.kind = stochastic::Barrier::kWrap;
  else
    bad(get("barrier"), "barrier",
        "is '" + kind + "', not one of none, reflect, absorb, wrap" + did_you_mean(kind, kinds));
  if (b.kind != stochastic::Barrier::kNone && !(b.lo < b.hi && std::isfinite(b.lo) && std::isfinite(b.hi))) {
    bad(get("lo"), "lo", "must be finite and below 'hi' for a '" + kind + "' barrier");
  }
  return b;
}

stochastic::Breakpoints curve_from(const Expression& call, std::string_view what) {
  std::vector<stochastic::Breakpoint> points;
  stochastic::SegmentShape shape = stochastic::SegmentShape::kLinear;
  for (std::size_t i = 0; i < call.items.size(); ++i) {
    const Expression& a = call.items[i];
    if (call.arg_names[i] == "shape") {
      static const std::vector<std::string> shapes = {"linear", "exponential", "sine", "step"};
      if (a.kind != Expression::Kind::kString)
        fail(a.column, "bad_argument", "curve() shape must be a quoted string");
      if (a.text == "linear")
        shape = stochastic::SegmentShape::kLinear;
      else if (a.text == "exponential" || a.text == "exp")
        shape = stochastic::SegmentShape::kExponential;
      else if (a.text == "sine")
        shape = stochastic::SegmentShape::kSine;
      else if (a.text == "step")
        shape = stochastic::SegmentShape::kStep;
      else
        fail(a.column, "bad_argument",
             "curve() shape '" + a.text + "' is not linear, exponential, sine or step" +
                 did_you_mean(a.text, shapes));
      continue;
    }
    if (!call.arg_names[i].empty()) {
      fail(call.arg_columns[i], "unknown_parameter",
           "curve() has no parameter '" + call.arg_names[i] + "'" +
               did_you_mean(call.arg_names[i], {"shape"}) + " (points are positional: [t_seconds, value])");
    }
    auto t =
        a.kind == Expression::Kind::kList && a.items.size() == 2 ? constant_value(a.items[0]) : std::nullopt;
    auto v =
        a.kind == Expression::Kind::kList && a.items.size() == 2 ? constant_value(a.items[1]) : std::nullopt;
    if (!t || !v)
      fail(a.column, "bad_argument", "a point of curve() must be [t_seconds, value] with two numbers");
    points.push_back({*t, *v});
  }
  if (points.empty())
    fail(call.column, "bad_argument",
         std::string(what) + ": curve() needs at least one point [t_seconds, value]");
  for (auto& p : points) p.shape = shape;
  try {
    return stochastic::Breakpoints(std::move(points));
  } catch (const Error& e) {
    fail(call.column, "bad_argument", "curve(): " + e.message());
  }
}

std::vector<double> sieve_set(const Expression& call) {
  const GeneratorSpec* spec = nullptr;
  for (const auto& s : specs())
    if (s.name == "sieve") spec = &s;
  // sieve() binds like any call; its arguments are constants only.
  std::vector<const Expression*> args(spec->params.size(), nullptr);
  for (std::size_t i = 0; i < call.items.size(); ++i) {
    std::size_t k = i;
    if (!call.arg_names[i].empty()) {
      auto it = std::find(spec->params.begin(), spec->params.end(), call.arg_names[i]);
      if (it == spec->params.end()) {
        fail(call.arg_columns[i], "unknown_parameter",
             "sieve() has no parameter '" + call.arg_names[i] + "'" +
                 did_you_mean(call.arg_names[i], spec->params));
      }
      k = static_cast<std::size_t>(it - spec->params.begin());
    }
    if (k >= args.size()) fail(call.items[i].column, "bad_argument", "too many arguments for sieve()");
    args[k] = &call.items[i];
  }
  core::Rng unused(0);
  const Bound b{call, *spec, args, unused, "", 0};
  const Expression& text = b.required("expression");
  if (text.kind != Expression::Kind::kString)
    b.bad(&text, "expression", "must be a quoted sieve such as \"(8@0|8@1|8@7)&(5@1|5@3)\"");
  try {
    const auto sieve = stochastic::Sieve::parse(text.text);
    return stochastic::sieve_pitches(sieve, b.number("lo", 0.0), b.number("hi", 127.0),
                                     b.number("origin", 0.0), b.number("step", 1.0));
  } catch (const Error& e) {
    // Sieve columns count inside the quotes; move them into the expression.
    const std::uint32_t inner = e.where().column.value_or(1);
    fail(e.where().column ? text.column + inner : call.column, "bad_argument", "sieve: " + e.message());
  }
}

stochastic::Distribution law_from(const Expression& e, std::string_view what) {
  if (e.kind != Expression::Kind::kCall)
    fail(e.column, "bad_argument", std::string(what) + " must be a law such as normal(0, 1) or a number");
  std::string name = e.text;
  if (name.size() > 4 && name.substr(name.size() - 4) == "_law") name.resize(name.size() - 4);
  const stochastic::DistributionInfo* info = nullptr;
  std::string catalog_name = name;
  for (const auto& [alias, target] : stochastic::distribution_aliases())
    if (name == alias) catalog_name = std::string(target);
  for (const auto& d : stochastic::distribution_catalog())
    if (d.name == catalog_name) info = &d;
  if (!info) {
    std::vector<std::string> names;
    for (const auto& d : stochastic::distribution_catalog()) names.emplace_back(d.name);
    for (const auto& a : stochastic::distribution_aliases()) names.emplace_back(a.first);
    fail(e.column, "unknown_generator",
         std::string(what) + ": unknown law '" + e.text + "'" + did_you_mean(e.text, names));
  }
  std::vector<stochastic::DistributionParam> params;
  for (std::size_t i = 0; i < e.items.size(); ++i) {
    std::string pname = e.arg_names[i];
    if (pname.empty()) {
      if (i >= info->params.size())
        fail(e.items[i].column, "bad_argument", "too many arguments for " + e.text + "()");
      pname = std::string(info->params[i].name);
    }
    std::vector<std::string> known;
    for (const auto& info_param : info->params) known.emplace_back(info_param.name);
    if (std::find(known.begin(), known.end(), pname) == known.end()) {
      fail(e.arg_columns[i], "unknown_parameter",
           e.text + "() has no parameter '" + pname + "'" + did_you_mean(pname, known));
    }
    const Expression& a = e.items[i];
    if (a.kind == Expression::Kind::kList) {
      std::vector<double> values;
      for (const auto& item : a.items) {
        auto v = constant_value(item);
        if (!v) fail(item.column, "bad_argument", e.text + "(): list items must be numbers");
        values.push_back(*v);
      }
      params.emplace_back(pname, std::move(values));
    } else {
      auto v = constant_value(a);
      if (!v)
        fail(a.column, "bad_argument", e.text + "(): parameter '" + pname + "' must be a constant number");
      params.emplace_back(pname, *v);
    }
  }
  try {
    return stochastic::make_distribution(name, params);
  } catch (const Error& err) {
    fail(e.column, err.code() == "unknown_parameter" ? "unknown_parameter" : "bad_argument",
         e.text + "(): " + err.message());
  }
}

GeneratorPtr build_walk(const Bound& b) {
  return std::make_unique<stochastic::RandomWalk>(b.number("start", 0.0), b.law("step"), b.barriers(),
                                                  b.own_rng());
}

GeneratorPtr build_poisson(const Bound& b) {
  const stochastic::Breakpoints rate = b.curve("rate");
  if (rate.max_value() > kMaxRateHz) {
    fail(b.required("rate").column, "unbounded",
         "poisson() rate of " + format_number(rate.max_value()) + " Hz exceeds the " +
             format_number(kMaxRateHz) + " Hz allowed");
  }
  if (rate.min_value() < 0) b.bad(b.get("rate"), "rate", "must not be negative");
  const double start = b.number("start_seconds", 0.0);
  if (rate.points().size() == 1) {
    return std::make_unique<stochastic::PoissonProcess>(rate.max_value(), b.own_rng(), start);
  }
  return std::make_unique<stochastic::PoissonProcess>(stochastic::poisson_process(rate, b.own_rng(), start));
}

GeneratorPtr build_markov(const Bound& b) {
  const std::vector<double> states = b.numbers(b.required("states"), "states");
  const Expression& m = b.required("matrix");
  if (states.empty() || states.size() > static_cast<std::size_t>(kMaxMarkovStates)) {
    b.bad(b.get("states"), "states", "must hold 1.." + std::to_string(kMaxMarkovStates) + " states");
  }
  if (m.kind != Expression::Kind::kList)
    b.bad(&m, "matrix", "must be a list of rows, e.g. [[0.5, 0.5], [1, 0]]");
  std::vector<std::vector<double>> rows;
  for (const auto& row : m.items) rows.push_back(b.numbers(row, "matrix"));
  std::vector<std::int64_t> ids;
  for (double s : states) ids.push_back(std::llround(s * MarkovGenerator::kMarkovScale));
  const int order = static_cast<int>(b.number("order", 1.0));
  std::vector<double> initial;
  if (const Expression* e = b.get("initial")) initial = b.numbers(*e, "initial");
  try {
    return std::make_unique<MarkovGenerator>(stochastic::MarkovChain::from_matrix(ids, rows, order, initial),
                                             b.own_rng());
  } catch (const Error& e) {
    fail(m.column, "bad_argument", "markov(): " + e.message());
  }
}

GeneratorPtr build_mask(const Bound& b) {
  stochastic::TendencyMaskOptions options;
  options.map_exponent = b.number("map", 0.0);
  options.input_lo = b.number("input_lo", 0.0);
  options.input_hi = b.number("input_hi", 1.0);
  if (!(options.input_lo < options.input_hi)) b.bad(b.get("input_hi"), "input_hi", "must be above input_lo");
  return std::make_unique<stochastic::TendencyMask>(b.generator("source"), b.generator("lo"),
                                                    b.generator("hi"), std::move(options));
}

GeneratorPtr build_quantize(const Bound& b) {
  const Expression& to = b.required("to");
  if (auto grid = constant_value(to)) {
    if (!(*grid > 0)) b.bad(&to, "to", "as a grid must be positive");
    stochastic::Quantizer q{*grid, b.number("strength", 1.0), b.number("offset", 0.0)};
    return std::make_unique<SnapToGrid>(b.generator("source"), q);
  }
  return std::make_unique<SnapToSet>(b.generator("source"), b.set("to"));
}

GeneratorPtr build_choice(const Bound& b) {
  const std::vector<double> values = b.set("values");
  std::vector<double> weights(values.size(), 1.0);
  // set() sorts; weights refer to the written order, so keep that order for a given list.
  std::vector<double> written = values;
  if (const Expression* v = b.get("values"); v && v->kind == Expression::Kind::kList)
    written = b.numbers(*v, "values");
  if (const Expression* w = b.get("weights")) {
    weights = b.numbers(*w, "weights");
    if (weights.size() != written.size()) {
      b.bad(w, "weights",
            "has " + std::to_string(weights.size()) + " items for " + std::to_string(written.size()) +
                " values");
    }
  }
  try {
    return std::make_unique<Choice>(stochastic::Discrete(weights, written), b.own_rng());
  } catch (const Error& e) {
    b.bad(b.get("weights"), "weights", e.message());
  }
}

const std::vector<GeneratorSpec>& specs() {
  static const std::vector<GeneratorSpec> table = {
      {"bernoulli",
       {"p"},
       [](const Bound& b) -> GeneratorPtr {
         return std::make_unique<stochastic::BernoulliProcess>(b.number("p", 0.5), b.own_rng());
       }},
      {"brownian", {"start", "step", "lo", "hi", "barrier"}, build_walk},
      {"choice", {"values", "weights"}, build_choice},
      {"clamp",
       {"source", "lo", "hi"},
       [](const Bound& b) -> GeneratorPtr {
         return std::make_unique<Clamp>(b.generator("source"), b.generator("lo"), b.generator("hi"));
       }},
      {"curve",
       {"shape"},
       [](const Bound& b) -> GeneratorPtr {
         return std::make_unique<stochastic::Breakpoints>(curve_from(b.call, "curve"));
       },
       true},
      {"cycle",
       {"values"},
       [](const Bound& b) -> GeneratorPtr {
         auto v = b.numbers(b.required("values"), "values");
         if (v.empty()) b.bad(b.get("values"), "values", "is empty");
         return std::make_unique<Cycle>(std::move(v));
       }},
      {"henon",
       {"a", "b", "x0", "y0"},
       [](const Bound& b) -> GeneratorPtr {
         return std::make_unique<stochastic::HenonMap>(b.number("a", 1.4), b.number("b", 0.3),
                                                       b.number("x0", 0.0), b.number("y0", 0.0));
       }},
      {"logistic",
       {"r", "x0"},
       [](const Bound& b) -> GeneratorPtr {
         return std::make_unique<stochastic::LogisticMap>(b.number("r", 3.9), b.number("x0", 0.5));
       }},
      {"lorenz",
       {"sigma", "rho", "beta", "dt", "output"},
       [](const Bound& b) -> GeneratorPtr {
         stochastic::LorenzOptions o;
         o.sigma = b.number("sigma", 10.0);
         o.rho = b.number("rho", 28.0);
         o.beta = b.number("beta", 8.0 / 3.0);
         o.dt = b.number("dt", 0.01);
         const std::string out = b.text("output", "x");
         if (out != "x" && out != "y" && out != "z")
           b.bad(b.get("output"), "output", "must be \"x\", \"y\" or \"z\"");
         o.output = out[0] - 'x';
         return std::make_unique<stochastic::LorenzSystem>(o);
       }},
      {"markov", {"states", "matrix", "order", "initial"}, build_markov},
      {"mask", {"source", "lo", "hi", "map", "input_lo", "input_hi"}, build_mask},
      {"pink",
       {"rows"},
       [](const Bound& b) -> GeneratorPtr {
         const double rows = b.number("rows", 16.0);
         if (!(rows >= 1 && rows <= 32)) b.bad(b.get("rows"), "rows", "must be in 1..32");
         return std::make_unique<stochastic::PinkNoise>(b.own_rng(), static_cast<int>(rows));
       }},
      {"poisson", {"rate", "start_seconds"}, build_poisson},
      {"quantize", {"source", "to", "strength", "offset"}, build_quantize},
      {"round",
       {"source"},
       [](const Bound& b) -> GeneratorPtr { return std::make_unique<Round>(b.generator("source")); }},
      {"sieve",
       {"expression", "origin", "lo", "hi", "step"},
       [](const Bound& b) -> GeneratorPtr {
         fail(b.call.column, "bad_argument",
              "sieve(...) is a set of values, not a stream; use it inside quantize(source, sieve(...)) or "
              "choice(sieve(...))");
       }},
      {"time", {}, [](const Bound&) -> GeneratorPtr { return std::make_unique<Time>(); }},
      {"walk", {"start", "step", "lo", "hi", "barrier"}, build_walk},
      {"walk2",
       {"start", "step_start", "step_change", "step_lo", "step_hi", "lo", "hi", "barrier"},
       [](const Bound& b) -> GeneratorPtr {
         stochastic::Barriers steps{b.number("step_lo", -1.0), b.number("step_hi", 1.0),
                                    stochastic::Barrier::kReflect};
         if (!(steps.lo < steps.hi)) b.bad(b.get("step_hi"), "step_hi", "must be above step_lo");
         return std::make_unique<stochastic::SecondOrderWalk>(
             b.number("start", 0.0), b.number("step_start", 0.0), b.law("step_change"), steps, b.barriers(),
             b.own_rng());
       }},
      {"wiener",
       {"start", "sigma", "dt", "lo", "hi", "barrier", "drift"},
       [](const Bound& b) -> GeneratorPtr {
         const double dt = b.number("dt", 0.1);
         if (!(dt > 0)) b.bad(b.get("dt"), "dt", "must be positive");
         return std::make_unique<stochastic::RandomWalk>(
             stochastic::RandomWalk::wiener(b.number("start", 0.0), b.number("sigma", 1.0), dt, b.barriers(),
                                            b.own_rng(), b.number("drift", 0.0)));
       }},
  };
  return table;
}

std::vector<std::string> law_names() {
  std::vector<std::string> names;
  for (const auto& d : stochastic::distribution_catalog()) names.emplace_back(d.name);
  for (const auto& a : stochastic::distribution_aliases()) names.emplace_back(a.first);
  return names;
}

GeneratorPtr build_call(const Expression& e, const core::Rng& rng, const std::string& path, int depth) {
  const GeneratorSpec* spec = nullptr;
  for (const auto& s : specs())
    if (s.name == e.text) spec = &s;
  if (!spec) {
    std::string name = e.text;
    if (name.size() > 4 && name.substr(name.size() - 4) == "_law") name.resize(name.size() - 4);
    bool is_law = false;
    for (const auto& n : law_names()) is_law = is_law || n == name;
    if (!is_law) {
      fail(e.column, "unknown_generator",
           "unknown generator '" + e.text + "'" + did_you_mean(e.text, generator_names()));
    }
    // A law on its own is white noise: independent draws at every call.
    return std::make_unique<stochastic::DistributionGenerator>(law_from(e, e.text),
                                                               rng.stream("expr" + path));
  }
  std::vector<const Expression*> args(spec->params.size(), nullptr);
  for (std::size_t i = 0; i < e.items.size(); ++i) {
    const std::string& name = e.arg_names[i];
    if (spec->variadic && name.empty()) continue;
    std::size_t k = i;
    if (!name.empty()) {
      auto it = std::find(spec->params.begin(), spec->params.end(), name);
      if (it == spec->params.end()) {
        fail(e.arg_columns[i], "unknown_parameter",
             e.text + "() has no parameter '" + name + "'" + did_you_mean(name, spec->params));
      }
      k = static_cast<std::size_t>(it - spec->params.begin());
    }
    if (k >= args.size()) {
      fail(e.items[i].column, "bad_argument",
           "too many arguments for " + e.text + "() (it takes " + std::to_string(spec->params.size()) + ")");
    }
    if (args[k])
      fail(e.items[i].column, "bad_argument", e.text + "(): parameter '" + spec->params[k] + "' given twice");
    args[k] = &e.items[i];
  }
  return spec->build(Bound{e, *spec, std::move(args), rng, path, depth});
}

GeneratorPtr build_node(const Expression& e, const core::Rng& rng, const std::string& path, int depth) {
  if (depth > kMaxExpressionDepth)
    fail(e.column, "unbounded",
         "expression nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels");
  switch (e.kind) {
    case Expression::Kind::kNumber:
      return std::make_unique<stochastic::Constant>(e.number);
    case Expression::Kind::kString:
      fail(e.column, "bad_argument", "a string (\"" + e.text + "\") is not a value here");
    case Expression::Kind::kList:
      fail(e.column, "bad_argument", "a list is not a value here; use choice([...]) or cycle([...])");
    case Expression::Kind::kNegate:
      return std::make_unique<Negate>(build_node(e.items[0], rng, path + "/0", depth + 1));
    case Expression::Kind::kBinary:
      if (auto v = constant_value(e)) return std::make_unique<stochastic::Constant>(*v);
      return std::make_unique<Arithmetic>(e.text[0], build_node(e.items[0], rng, path + "/0", depth + 1),
                                          build_node(e.items[1], rng, path + "/1", depth + 1), e.column);
    case Expression::Kind::kCall:
      try {
        return build_call(e, rng, path, depth);
      } catch (const Error& err) {
        // Constructors of the stochastic module check their own domains (r in [0, 4], ...):
        // give their sentence the column of the call.
        if (err.where().column) throw;
        fail(e.column, "bad_argument", e.text + "(): " + err.message());
      }
  }
  throw Error::internal("unhandled expression kind");
}


}  // namespace

stochastic::GeneratorPtr build_generator(const Expression& expression, const core::Rng& rng) {
  return build_node(expression, rng, "", 0);
}

stochastic::GeneratorPtr make_generator(std::string_view text, const core::Rng& rng) {
  return build_generator(parse_expression(text), rng);
}

std::vector<std::string> generator_names() {
  std::vector<std::string> names;
  for (const auto& s : specs()) names.push_back(s.name);
  for (const auto& n : law_names())
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace stochos::score
