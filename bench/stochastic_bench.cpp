// SPDX-License-Identifier: GPL-3.0-or-later
// Values per second of stochos::stochastic on one thread: bulk sampling of every law through
// Distribution::fill (one variant visit per buffer), the walks, 1/f noise, Poisson onsets,
// chaotic maps and a nested tendency mask. Each benchmark fills a 4096-value buffer per
// iteration and reports `values_per_s`. Peer figures (SuperCollider's Pwhite, Pexprand,
// Pbrown... in sclang) are measured by a separate script in the same run.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/distributions.h"
#include "stochos/stochastic/processes.h"

namespace {

using namespace stochos::stochastic;
using stochos::core::Rng;

constexpr std::size_t kBuffer = 4096;

void set_rate(benchmark::State& state) {
  const auto values = static_cast<double>(state.iterations() * kBuffer);
  state.counters["values_per_s"] = benchmark::Counter(values, benchmark::Counter::kIsRate);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBuffer));
}

// --- laws -------------------------------------------------------------------------------------

Distribution law_for(int index) {
  switch (index) {
    case 0:
      return Uniform(0, 1);
    case 1:
      return Linear(1);
    case 2:
      return Triangular(0, 0.3, 1);
    case 3:
      return Exponential(2);
    case 4:
      return Poisson(3.5);  // inversion
    case 5:
      return Poisson(200);  // PTRS
    case 6:
      return Gaussian(0, 1);
    case 7:
      return Cauchy(0, 1);
    case 8:
      return Logistic(0, 1);
    case 9:
      return HyperbolicCosine(0, 1);
    case 10:
      return Arcsine(0, 1);
    case 11:
      return Beta(2, 5);
    case 12:
      return Beta(0.3, 0.4);
    case 13:
      return Gamma(2.5);
    case 14:
      return Gamma(0.4);
    case 15:
      return Weibull(1.5, 1);
    case 16:
      return Bernoulli(0.3);
    default:
      return Discrete({1, 2, 3, 4, 5, 4, 3, 2, 1, 1, 2, 3});
  }
}
constexpr int kLaws = 18;

void BM_DistributionFill(benchmark::State& state) {
  const Distribution law = law_for(static_cast<int>(state.range(0)));
  state.SetLabel(law.describe());
  Rng rng(1);
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    law.fill(rng, buffer);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_DistributionFill)->DenseRange(0, kLaws - 1);

void BM_DistributionSampleOneByOne(benchmark::State& state) {
  // The cost of the variant dispatch per value, for comparison with the bulk fill.
  const Distribution law = Gaussian(0, 1);
  Rng rng(1);
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    for (double& v : buffer) v = law.sample(rng);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_DistributionSampleOneByOne);

// --- processes --------------------------------------------------------------------------------

template <class Process>
void run_fill(benchmark::State& state, Process& process) {
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    process.fill(buffer);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}

void BM_RandomWalkUniformReflect(benchmark::State& state) {  // like SuperCollider's Pbrown
  RandomWalk walk(60, Uniform(-2, 2), {48, 72, Barrier::kReflect}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_RandomWalkUniformReflect);

void BM_RandomWalkDiscreteSteps(benchmark::State& state) {
  RandomWalk walk(60, Discrete({1, 2, 1}, {-2, 0, 2}), {48, 72, Barrier::kReflect}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_RandomWalkDiscreteSteps);

void BM_BrownianMotionReflect(benchmark::State& state) {
  RandomWalk walk = RandomWalk::wiener(0, 1, 0.01, {-1, 1, Barrier::kReflect}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_BrownianMotionReflect);

void BM_BrownianMotionWrap(benchmark::State& state) {
  RandomWalk walk = RandomWalk::wiener(0, 1, 0.01, {-1, 1, Barrier::kWrap}, Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_BrownianMotionWrap);

void BM_SecondOrderWalkGendyn(benchmark::State& state) {
  SecondOrderWalk walk(0, 0, Cauchy(0, 0.02), {-0.1, 0.1, Barrier::kReflect}, {-1, 1, Barrier::kReflect},
                       Rng(1));
  run_fill(state, walk);
}
BENCHMARK(BM_SecondOrderWalkGendyn);

void BM_PinkNoise(benchmark::State& state) {
  PinkNoise pink(Rng(1), 16);
  run_fill(state, pink);
}
BENCHMARK(BM_PinkNoise);

void BM_BernoulliProcess(benchmark::State& state) {
  BernoulliProcess rhythm(0.3, Rng(1));
  run_fill(state, rhythm);
}
BENCHMARK(BM_BernoulliProcess);

void BM_PoissonOnsets(benchmark::State& state) {
  // 4096 onsets expected per call (1 kHz over 4.096 s).
  Rng rng(1);
  std::size_t onsets = 0;
  for (auto _ : state) {
    const auto v = poisson_onsets(1000.0, 4.096, rng);
    onsets += v.size();
    benchmark::DoNotOptimize(v.data());
  }
  state.counters["values_per_s"] =
      benchmark::Counter(static_cast<double>(onsets), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PoissonOnsets);

// --- curves -----------------------------------------------------------------------------------

void BM_LogisticMap(benchmark::State& state) {
  LogisticMap map(3.99, 0.3);
  run_fill(state, map);
}
BENCHMARK(BM_LogisticMap);

void BM_LorenzRk4(benchmark::State& state) {
  LorenzSystem lorenz;
  run_fill(state, lorenz);
}
BENCHMARK(BM_LorenzRk4);

void BM_BreakpointsFill(benchmark::State& state) {
  const Breakpoints curve(
      {{0, 0}, {1, 5, SegmentShape::kSine}, {3, 2, SegmentShape::kExponential}, {7, 9}, {10, 1}});
  std::vector<double> buffer(kBuffer);
  for (auto _ : state) {
    curve.fill(buffer, 0.0, 10.0 / kBuffer);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_BreakpointsFill);

void BM_TendencyMaskNestedBrownian(benchmark::State& state) {
  // The example: a Brownian pitch walk in a mask whose bounds follow breakpoint curves,
  // quantized to semitones.
  TendencyMaskOptions options;
  options.input_lo = -1;
  options.input_hi = 1;
  options.quantizer = Quantizer{1.0, 1.0, 0.0};
  TendencyMask mask(
      std::make_unique<RandomWalk>(RandomWalk::wiener(0, 0.5, 0.01, {-1, 1, Barrier::kReflect}, Rng(1))),
      std::make_unique<Breakpoints>(Breakpoints::linear({{0, 36}, {40, 58}})),
      std::make_unique<Breakpoints>(Breakpoints::linear({{0, 96}, {40, 62}})), std::move(options));
  std::vector<double> buffer(kBuffer);
  double t = 0;
  for (auto _ : state) {
    mask.fill_at(buffer, t, 0.01);
    t = t > 30 ? 0 : t + 0.01 * kBuffer;
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}
BENCHMARK(BM_TendencyMaskNestedBrownian);

}  // namespace

BENCHMARK_MAIN();
