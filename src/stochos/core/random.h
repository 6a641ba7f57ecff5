// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Seeded randomness that gives the same numbers on every compiler and platform.
/// The engine is MT19937-64, whose output the C++ standard specifies exactly (std::mt19937_64);
/// the conversions to doubles and integers below are our own because the standard library's
/// distributions differ between implementations. Every random choice in stochos flows from
/// a root seed through named streams: stream("voice/2/pitch") hashes the name into a new
/// seed, so adding a draw to one stream never shifts another. Not thread-safe; give each
/// thread its own stream.
#include <cstddef>
#include <cstdint>
#include <random>  // callers use <random>'s engines and std::shuffle with Rng
#include <span>
#include <string_view>

namespace stochos::core {

/// MT19937-64 (Matsumoto & Nishimura), the very sequence of std::mt19937_64 (tests/random_test
/// checks it against the standard library's), written out so that each refill of the state
/// also tempers all 312 outputs in one vectorised pass, leaving a draw a load: libstdc++'s
/// scalar refill took 70 % of the time of a uniform fill and its tempering a third of the rest.
class Mt19937_64 {
 public:
  static constexpr std::size_t kStateSize = 312;
  explicit Mt19937_64(std::uint64_t seed) {
    state_[0] = seed;
    for (std::size_t i = 1; i < kStateSize; ++i)
      state_[i] = 6364136223846793005ull * (state_[i - 1] ^ (state_[i - 1] >> 62)) + i;
  }
  std::uint64_t operator()() {
    if (next_ == kStateSize) refill();
    return output_[next_++];
  }
  /// The next out.size() outputs, as out.size() calls would give them.
  void generate(std::span<std::uint64_t> out);
  /// The standard's tempering of a state word into an output.
  static std::uint64_t temper(std::uint64_t y) {
    y ^= (y >> 29) & 0x5555555555555555ull;
    y ^= (y << 17) & 0x71d67fffeda60000ull;
    y ^= (y << 37) & 0xfff7eee000000000ull;
    return y ^ (y >> 43);
  }

 private:
  void refill();

  std::uint64_t state_[kStateSize];
  std::uint64_t output_[kStateSize];  // the tempered state: the next outputs
  std::size_t next_ = kStateSize;
};

/// Mixes a root seed and a stream name into a new seed (FNV-1a of the name, then SplitMix64).
std::uint64_t derive_seed(std::uint64_t root_seed, std::string_view name);

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed), seed_(seed) {}

  std::uint64_t seed() const { return seed_; }
  /// An independent stream derived from this one's seed (not from its current state).
  Rng stream(std::string_view name) const { return Rng(derive_seed(seed_, name)); }

  std::uint64_t next_u64() { return engine_(); }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  /// Uniform in (0, 1): never 0, for logarithms and inverse CDFs.
  double uniform_open01() { return (static_cast<double>(engine_() >> 12) + 0.5) * 0x1.0p-52; }
  /// Bulk draws: the values out.size() calls of next_u64(), uniform01() or uniform_open01()
  /// would give, at a fraction of the cost per value.
  void fill_u64(std::span<std::uint64_t> out) { engine_.generate(out); }
  void fill_uniform01(std::span<double> out);
  void fill_uniform_open01(std::span<double> out);
  /// Uniform integer in [0, n) without modulo bias (rejection); n must be > 0.
  std::uint64_t below(std::uint64_t n);
  /// Uniform integer in [lo, hi] (inclusive); lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi);

  /// For std::shuffle and other standard algorithms that take a URBG.
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() { return engine_(); }

 private:
  Mt19937_64 engine_;
  std::uint64_t seed_;
};

}  // namespace stochos::core
