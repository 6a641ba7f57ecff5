// SPDX-License-Identifier: GPL-3.0-or-later
// Seeds and streams, every law, process and curve of the stochastic engine, sieves, and the
// score language's generator expressions. Bulk draws fill numpy arrays in C++ (fill(), no
// Python call per value) with the GIL released, in blocks so that Ctrl-C stops them.
#include <cmath>
#include <limits>

#include "common.h"
#include "stochos/score/evaluator.h"
#include "stochos/score/expression.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/distributions.h"
#include "stochos/stochastic/processes.h"
#include "stochos/stochastic/sieve.h"

namespace stochos::python {
namespace {

using namespace py::literals;
using stochastic::Generator;
using GeneratorHandle = std::shared_ptr<Generator>;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Lets a Python-owned generator (shared) sit inside a TendencyMask (which owns its parts).
class SharedGenerator final : public Generator {
 public:
  explicit SharedGenerator(GeneratorHandle inner) : inner_(std::move(inner)) {}
  double next_at(double t) override { return inner_->next_at(t); }
  void fill_at(std::span<double> out, double start, double step) override { inner_->fill_at(out, start, step); }

 private:
  GeneratorHandle inner_;
};

/// A generator argument: a Generator, or a number (held constant).
stochastic::GeneratorPtr generator_argument(py::handle value) {
  if (py::isinstance<Generator>(value)) {
    return std::make_unique<SharedGenerator>(value.cast<GeneratorHandle>());
  }
  return std::make_unique<stochastic::Constant>(value.cast<double>());
}

stochastic::Barrier barrier_of(const std::string& name) {
  if (name == "none") return stochastic::Barrier::kNone;
  if (name == "reflect") return stochastic::Barrier::kReflect;
  if (name == "absorb") return stochastic::Barrier::kAbsorb;
  if (name == "wrap") return stochastic::Barrier::kWrap;
  throw Error::usage("unknown barrier '" + name + "'; expected none, reflect, absorb or wrap");
}

stochastic::Barriers barriers(double lo, double hi, const std::string& barrier) {
  return {lo, hi, barrier_of(barrier)};
}

core::Rng rng_copy(py::handle seed, const std::string& stream) { return RngArgument(seed, stream).get(); }

stochastic::Distribution make_law(const std::string& name, const py::kwargs& params) {
  std::vector<stochastic::DistributionParam> list;
  for (const auto& [key, value] : params) {
    const std::string param = py::str(key);
    if (py::isinstance<py::float_>(value) || py::isinstance<py::int_>(value)) {
      list.emplace_back(param, value.cast<double>());
    } else {
      list.emplace_back(param, value.cast<std::vector<double>>());
    }
  }
  return stochastic::make_distribution(name, list);
}

/// f applied to a number or element-wise to an array.
template <class F>
py::object elementwise(py::handle x, F&& f) {
  if (py::isinstance<py::float_>(x) || py::isinstance<py::int_>(x)) return py::float_(f(x.cast<double>()));
  auto in = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(x);
  if (!in) throw py::type_error("expected a number or an array of numbers");
  py::array_t<double> out(in.request().shape);
  const double* src = in.data();
  double* dst = out.mutable_data();
  const auto n = static_cast<std::size_t>(in.size());
  {
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < n; ++i) dst[i] = f(src[i]);
  }
  return out;
}

py::array_t<double> draw(Generator& g, std::size_t n, double start_seconds, double step_seconds) {
  py::array_t<double> out = new_array(n);
  std::span<double> span(out.mutable_data(), n);
  auto fill = [&] {
    for (std::size_t at = 0; at < n; at += kDrawBlock) {
      core::check_interrupt();
      const std::size_t len = std::min(kDrawBlock, n - at);
      g.fill_at(span.subspan(at, len), start_seconds + static_cast<double>(at) * step_seconds, step_seconds);
    }
  };
  if (n <= kDrawBlock) {
    run_released(fill);
  } else {
    run_interruptible(fill);
  }
  return out;
}

template <class T>
using GenClass = py::class_<T, Generator, std::shared_ptr<T>>;

}  // namespace

void bind_stochastic(py::module_& m) {
  // --- seeds ---------------------------------------------------------------------------------
  py::class_<core::Rng>(m, "Rng",
                        "A seeded random stream (std::mt19937_64 with stochos's own conversions), the same\n"
                        "numbers on every platform. Rng(seed).stream(name) is the named stream the library\n"
                        "derives (e.g. 'voice/melody/pitch'), so Python and the CLI draw alike.")
      .def(py::init<std::uint64_t>(), "seed"_a)
      .def_property_readonly("seed", &core::Rng::seed)
      .def("stream", &core::Rng::stream, "name"_a,
           "The independent stream `name`, derived from this stream's seed (not its state).")
      .def("next_u64", &core::Rng::next_u64)
      .def(
          "uniform",
          [](core::Rng& r, std::optional<std::size_t> n) -> py::object {
            if (!n) return py::float_(r.uniform01());
            py::array_t<double> out = new_array(*n);
            double* p = out.mutable_data();
            py::gil_scoped_release release;
            for (std::size_t i = 0; i < *n; ++i) p[i] = r.uniform01();
            return out;
          },
          "n"_a = py::none(), "Uniform in [0, 1) with 53 random bits: one float, or an array of n.")
      .def("below", &core::Rng::below, "n"_a, "Uniform integer in [0, n).")
      .def("between", &core::Rng::between, "lo"_a, "hi"_a, "Uniform integer in [lo, hi].")
      .def("__repr__", [](const core::Rng& r) { return "Rng(seed=" + std::to_string(r.seed()) + ")"; });
  m.def("derive_seed", &core::derive_seed, "root_seed"_a, "name"_a,
        "The seed of stream `name` of `root_seed` (FNV-1a of the name, then SplitMix64).");

  // --- laws ----------------------------------------------------------------------------------
  py::class_<stochastic::Distribution>(m, "Distribution",
                                       "A probability law of the engine, e.g. Distribution('gamma', shape=2, scale=1).\n"
                                       "Names, aliases and parameters: distribution_catalog().")
      .def(py::init(&make_law), "name"_a)
      .def(
          "sample",
          [](const stochastic::Distribution& d, std::optional<std::size_t> n, py::object seed,
             const std::string& stream) -> py::object {
            RngArgument rng(seed, stream);
            if (!n) return py::float_(d.sample(rng.get()));
            py::array_t<double> out = new_array(*n);
            std::span<double> span(out.mutable_data(), *n);
            auto fill = [&] { fill_in_blocks(span, [&](std::span<double> s) { d.fill(rng.get(), s); }); };
            if (*n <= kDrawBlock) {
              run_released(fill);
            } else {
              run_interruptible(fill);
            }
            return out;
          },
          "n"_a = py::none(), py::kw_only(), "seed"_a = 0, "stream"_a = "",
          "One draw, or a numpy array of n draws (the same numbers as n single draws). `seed` is an\n"
          "int or a stochos.Rng (advanced by the call); `stream` names a stream of the seed.")
      .def("pdf", [](const stochastic::Distribution& d, py::object x) {
        return elementwise(x, [&](double v) { return d.density(v); });
      }, "x"_a, "Density (pmf for a discrete law), element-wise.")
      .def("cdf", [](const stochastic::Distribution& d, py::object x) {
        return elementwise(x, [&](double v) { return d.cdf(v); });
      }, "x"_a)
      .def_property_readonly("mean", &stochastic::Distribution::mean, "None where the moment does not exist.")
      .def_property_readonly("variance", &stochastic::Distribution::variance)
      .def_property_readonly("is_discrete", &stochastic::Distribution::is_discrete)
      .def_property_readonly("name", [](const stochastic::Distribution& d) { return std::string(d.name()); })
      .def("__repr__", [](const stochastic::Distribution& d) { return "Distribution(" + d.describe() + ")"; });
  m.def("distribution_catalog", [] {
    py::list out;
    for (const auto& info : stochastic::distribution_catalog()) {
      py::list params;
      for (const auto& p : info.params) {
        params.append(py::dict("name"_a = std::string(p.name), "required"_a = p.required,
                               "default"_a = p.default_value, "is_list"_a = p.is_list,
                               "meaning"_a = std::string(p.meaning)));
      }
      out.append(py::dict("name"_a = std::string(info.name), "summary"_a = std::string(info.summary),
                          "params"_a = params));
    }
    return out;
  }, "Every law Distribution() knows: name, summary and parameters.");

  // --- generators ----------------------------------------------------------------------------
  py::class_<Generator, GeneratorHandle>(m, "Generator",
                                         "A source of values: processes, curves, masks and expressions.")
      .def("draw", &draw, "n"_a, py::kw_only(), "start_seconds"_a = 0.0, "step_seconds"_a = 0.0,
           "The next n values as a numpy array; value i is asked for at start + i * step seconds\n"
           "(curves and masks read the time; walks, maps and noise advance one step per value).")
      .def("next", &Generator::next_at, "t_seconds"_a = 0.0, "The next value, for time t_seconds.");

  GenClass<stochastic::Constant>(m, "Constant").def(py::init<double>(), "value"_a);
  GenClass<stochastic::DistributionGenerator>(m, "DistributionGenerator",
                                              "Independent draws from a law (white noise), optionally kept in [lo, hi].")
      .def(py::init([](stochastic::Distribution law, std::optional<double> lo, std::optional<double> hi,
                       py::object seed, const std::string& stream) {
             if (lo || hi) {
               return std::make_shared<stochastic::DistributionGenerator>(std::move(law), rng_copy(seed, stream),
                                                                          lo.value_or(-kInf), hi.value_or(kInf));
             }
             return std::make_shared<stochastic::DistributionGenerator>(std::move(law), rng_copy(seed, stream));
           }),
           "law"_a, "lo"_a = py::none(), "hi"_a = py::none(), py::kw_only(), "seed"_a = 0, "stream"_a = "");
  GenClass<stochastic::BernoulliProcess>(m, "BernoulliProcess", "Each step is a hit (1) with probability p, else 0.")
      .def(py::init([](double p, py::object seed, const std::string& stream) {
             return std::make_shared<stochastic::BernoulliProcess>(p, rng_copy(seed, stream));
           }),
           "p"_a, py::kw_only(), "seed"_a = 0, "stream"_a = "")
      .def("hit_steps", &stochastic::BernoulliProcess::hit_steps, "steps"_a,
           "The steps in [0, steps) that are hits, counted from the next step.");
  GenClass<stochastic::PoissonProcess>(m, "PoissonProcess",
                                       "Onsets in seconds with exponential inter-onset times (Xenakis's density).\n"
                                       "rate_hz may be a number or a Breakpoints curve (thinning).")
      .def(py::init([](py::object rate_hz, double start_seconds, py::object seed, const std::string& stream) {
             if (py::isinstance<stochastic::Breakpoints>(rate_hz)) {
               return std::make_shared<stochastic::PoissonProcess>(stochastic::poisson_process(
                   rate_hz.cast<const stochastic::Breakpoints&>(), rng_copy(seed, stream), start_seconds));
             }
             return std::make_shared<stochastic::PoissonProcess>(rate_hz.cast<double>(), rng_copy(seed, stream),
                                                                 start_seconds);
           }),
           "rate_hz"_a, "start_seconds"_a = 0.0, py::kw_only(), "seed"_a = 0, "stream"_a = "")
      .def(
          "onsets_until",
          [](stochastic::PoissonProcess& p, double end_seconds, std::uint64_t max_events) {
            std::vector<double> v = run_interruptible([&] { return p.onsets_until(end_seconds, max_events); });
            py::array_t<double> out = new_array(v.size());
            std::copy(v.begin(), v.end(), out.mutable_data());
            return out;
          },
          "end_seconds"_a, "max_events"_a = stochastic::kDefaultMaxEvents, "Every onset before end_seconds.");
  GenClass<stochastic::RandomWalk>(m, "RandomWalk",
                                   "x[n+1] = x[n] + step (any law), kept in [lo, hi] by the barrier\n"
                                   "('none', 'reflect', 'absorb', 'wrap'). The first value is the start.")
      .def(py::init([](double start, stochastic::Distribution step, double lo, double hi, const std::string& barrier,
                       py::object seed, const std::string& stream) {
             return std::make_shared<stochastic::RandomWalk>(start, std::move(step), barriers(lo, hi, barrier),
                                                             rng_copy(seed, stream));
           }),
           "start"_a, "step"_a, "lo"_a = -kInf, "hi"_a = kInf, "barrier"_a = "none", py::kw_only(), "seed"_a = 0,
           "stream"_a = "")
      .def_static(
          "wiener",
          [](double start, double sigma, double dt_seconds, double lo, double hi, const std::string& barrier,
             double drift_per_second, py::object seed, const std::string& stream) {
            return std::make_shared<stochastic::RandomWalk>(stochastic::RandomWalk::wiener(
                start, sigma, dt_seconds, barriers(lo, hi, barrier), rng_copy(seed, stream), drift_per_second));
          },
          "start"_a, "sigma"_a, "dt_seconds"_a, "lo"_a = -kInf, "hi"_a = kInf, "barrier"_a = "none",
          "drift_per_second"_a = 0.0, py::kw_only(), "seed"_a = 0, "stream"_a = "",
          "Brownian motion sampled every dt_seconds: steps ~ N(drift*dt, sigma^2*dt).")
      .def_property_readonly("value", &stochastic::RandomWalk::value)
      .def_property_readonly("absorbed", &stochastic::RandomWalk::absorbed);
  GenClass<stochastic::SecondOrderWalk>(m, "SecondOrderWalk",
                                        "GENDYN's second-order walk: a walk of the step, whose value moves a second walk.")
      .def(py::init([](double start, double start_step, stochastic::Distribution step_change, double step_lo,
                       double step_hi, const std::string& step_barrier, double lo, double hi, const std::string& barrier,
                       py::object seed, const std::string& stream) {
             return std::make_shared<stochastic::SecondOrderWalk>(start, start_step, std::move(step_change),
                                                                  barriers(step_lo, step_hi, step_barrier),
                                                                  barriers(lo, hi, barrier), rng_copy(seed, stream));
           }),
           "start"_a, "start_step"_a, "step_change"_a, "step_lo"_a = -kInf, "step_hi"_a = kInf,
           "step_barrier"_a = "none", "lo"_a = -kInf, "hi"_a = kInf, "barrier"_a = "none", py::kw_only(), "seed"_a = 0,
           "stream"_a = "")
      .def_property_readonly("value", &stochastic::SecondOrderWalk::value)
      .def_property_readonly("step", &stochastic::SecondOrderWalk::step);
  GenClass<stochastic::PinkNoise>(m, "PinkNoise", "1/f noise in [-1, 1] (Voss-McCartney, `rows` octaves).")
      .def(py::init([](int rows, py::object seed, const std::string& stream) {
             return std::make_shared<stochastic::PinkNoise>(rng_copy(seed, stream), rows);
           }),
           "rows"_a = 16, py::kw_only(), "seed"_a = 0, "stream"_a = "");

  // --- curves --------------------------------------------------------------------------------
  py::enum_<stochastic::SegmentShape>(m, "SegmentShape")
      .value("STEP", stochastic::SegmentShape::kStep)
      .value("LINEAR", stochastic::SegmentShape::kLinear)
      .value("EXPONENTIAL", stochastic::SegmentShape::kExponential)
      .value("CURVE", stochastic::SegmentShape::kCurve)
      .value("SINE", stochastic::SegmentShape::kSine)
      .value("POWER", stochastic::SegmentShape::kPower);
  GenClass<stochastic::Breakpoints>(m, "Breakpoints",
                                    "A breakpoint envelope. points: (t_seconds, value) or (t, value, shape[, curvature])\n"
                                    "tuples; shape names the segment to the next point: 'linear', 'step', 'exponential',\n"
                                    "'curve', 'sine', 'power' or a SegmentShape.")
      .def(py::init([](const std::vector<py::tuple>& points) {
             std::vector<stochastic::Breakpoint> list;
             for (const auto& p : points) {
               if (p.size() < 2 || p.size() > 4) throw Error::usage("a breakpoint is (t_seconds, value[, shape[, curvature]])");
               stochastic::Breakpoint b;
               b.t_seconds = p[0].cast<double>();
               b.value = p[1].cast<double>();
               if (p.size() >= 3) {
                 if (py::isinstance<py::str>(p[2])) {
                   const std::string s = p[2].cast<std::string>();
                   static const std::pair<const char*, stochastic::SegmentShape> names[] = {
                       {"step", stochastic::SegmentShape::kStep},     {"linear", stochastic::SegmentShape::kLinear},
                       {"exponential", stochastic::SegmentShape::kExponential},
                       {"curve", stochastic::SegmentShape::kCurve},   {"sine", stochastic::SegmentShape::kSine},
                       {"power", stochastic::SegmentShape::kPower}};
                   bool found = false;
                   for (const auto& [name, shape] : names) {
                     if (s == name) {
                       b.shape = shape;
                       found = true;
                     }
                   }
                   if (!found) throw Error::usage("unknown segment shape '" + s + "'");
                 } else {
                   b.shape = p[2].cast<stochastic::SegmentShape>();
                 }
               }
               if (p.size() == 4) b.curvature = p[3].cast<double>();
               list.push_back(b);
             }
             return std::make_shared<stochastic::Breakpoints>(std::move(list));
           }),
           "points"_a)
      .def("at", [](const stochastic::Breakpoints& b, py::object t) {
        return elementwise(t, [&](double v) { return b.at(v); });
      }, "t_seconds"_a, "The value at a time, or element-wise at an array of times.")
      .def_property_readonly("min_value", &stochastic::Breakpoints::min_value)
      .def_property_readonly("max_value", &stochastic::Breakpoints::max_value)
      .def_property_readonly("start_seconds", &stochastic::Breakpoints::start_seconds)
      .def_property_readonly("end_seconds", &stochastic::Breakpoints::end_seconds);
  GenClass<stochastic::LogisticMap>(m, "LogisticMap", "x -> r x (1 - x); the first value is x0.")
      .def(py::init<double, double>(), "r"_a, "x0"_a);
  GenClass<stochastic::HenonMap>(m, "HenonMap", "(x, y) -> (1 - a x^2 + y, b x); yields x.")
      .def(py::init<double, double, double, double>(), "a"_a = 1.4, "b"_a = 0.3, "x0"_a = 0.0, "y0"_a = 0.0);
  GenClass<stochastic::LorenzSystem>(m, "LorenzSystem", "The Lorenz system by RK4; yields coordinate `output` (0 x, 1 y, 2 z).")
      .def(py::init([](double sigma, double rho, double beta, double dt, std::array<double, 3> start, int output) {
             stochastic::LorenzOptions o;
             o.sigma = sigma;
             o.rho = rho;
             o.beta = beta;
             o.dt = dt;
             o.start = start;
             o.output = output;
             return std::make_shared<stochastic::LorenzSystem>(o);
           }),
           "sigma"_a = 10.0, "rho"_a = 28.0, "beta"_a = 8.0 / 3.0, "dt"_a = 0.01,
           "start"_a = std::array<double, 3>{1.0, 1.0, 1.0}, "output"_a = 0)
      .def_property_readonly("state", &stochastic::LorenzSystem::state);
  GenClass<stochastic::TendencyMask>(m, "TendencyMask",
                                     "CMask's tendency mask: the source (normalised from [input_lo, input_hi]) scaled\n"
                                     "into [lo(t), hi(t)], optionally quantized (grid, strength, offset) and\n"
                                     "accumulated ('on', 'limit', 'mirror', 'wrap'). source, lo and hi are Generators\n"
                                     "or numbers; a Generator given here is shared (the mask advances it).")
      .def(py::init([](py::object source, py::object lo, py::object hi, double map_exponent, double input_lo,
                       double input_hi, std::optional<std::array<double, 3>> quantize, const std::string& accumulate,
                       py::object accumulate_lo, py::object accumulate_hi, double accumulate_init) {
             stochastic::TendencyMaskOptions o;
             o.map_exponent = map_exponent;
             o.input_lo = input_lo;
             o.input_hi = input_hi;
             if (quantize) o.quantizer = stochastic::Quantizer{(*quantize)[0], (*quantize)[1], (*quantize)[2]};
             if (accumulate == "off") {
               o.accumulate = stochastic::AccumulateMode::kOff;
             } else if (accumulate == "on") {
               o.accumulate = stochastic::AccumulateMode::kOn;
             } else if (accumulate == "limit") {
               o.accumulate = stochastic::AccumulateMode::kLimit;
             } else if (accumulate == "mirror") {
               o.accumulate = stochastic::AccumulateMode::kMirror;
             } else if (accumulate == "wrap") {
               o.accumulate = stochastic::AccumulateMode::kWrap;
             } else {
               throw Error::usage("unknown accumulate mode '" + accumulate + "'; expected off, on, limit, mirror, wrap");
             }
             if (!accumulate_lo.is_none()) o.accumulate_lo = generator_argument(accumulate_lo);
             if (!accumulate_hi.is_none()) o.accumulate_hi = generator_argument(accumulate_hi);
             o.accumulate_init = accumulate_init;
             return std::make_shared<stochastic::TendencyMask>(generator_argument(source), generator_argument(lo),
                                                               generator_argument(hi), std::move(o));
           }),
           "source"_a, "lo"_a, "hi"_a, py::kw_only(), "map_exponent"_a = 0.0, "input_lo"_a = 0.0, "input_hi"_a = 1.0,
           "quantize"_a = py::none(), "accumulate"_a = "off", "accumulate_lo"_a = py::none(),
           "accumulate_hi"_a = py::none(), "accumulate_init"_a = 0.0);

  // --- the score language's expressions --------------------------------------------------------
  m.def(
      "expression",
      [](const std::string& text, py::object seed, const std::string& stream) -> GeneratorHandle {
        return std::shared_ptr<Generator>(score::make_generator(text, rng_copy(seed, stream)).release());
      },
      "text"_a, py::kw_only(), "seed"_a = score::kDefaultSeed, "stream"_a = "",
      "A generator expression of the score language (docs/score-language.md), e.g.\n"
      "'quantize(brownian(start=60, step=normal(0, 1.5), lo=48, hi=84), 1)'. With the seed of\n"
      "`stochos compose --seed S` and stream 'voice/<name>/<param>' it draws exactly what that\n"
      "voice's parameter draws in the CLI.");
  m.def("generator_names", &score::generator_names, "Every generator the expression language knows.");

  // --- sieves ----------------------------------------------------------------------------------
  py::class_<stochastic::Sieve>(m, "Sieve", "Xenakis's sieves (music21's syntax): Sieve('(8@0|8@1|8@7)&(5@1|5@3)').")
      .def(py::init(&stochastic::Sieve::parse), "expression"_a)
      .def("contains", &stochastic::Sieve::contains, "x"_a, "origin"_a = 0)
      .def("segment", &stochastic::Sieve::segment, "z_min"_a, "z_max"_a, "origin"_a = 0)
      .def("collect", &stochastic::Sieve::collect, "z_min"_a, "count"_a, "origin"_a = 0)
      .def("widths", &stochastic::Sieve::widths, "z_min"_a, "z_max"_a, "origin"_a = 0)
      .def_property_readonly("period", &stochastic::Sieve::period)
      .def("__str__", &stochastic::Sieve::to_string)
      .def("__repr__", [](const stochastic::Sieve& s) { return "Sieve('" + s.to_string() + "')"; })
      .def("__and__", [](const stochastic::Sieve& a, const stochastic::Sieve& b) { return a & b; })
      .def("__or__", [](const stochastic::Sieve& a, const stochastic::Sieve& b) { return a | b; })
      .def("__xor__", [](const stochastic::Sieve& a, const stochastic::Sieve& b) { return a ^ b; })
      .def("__neg__", [](const stochastic::Sieve& a) { return -a; });
}

}  // namespace stochos::python
