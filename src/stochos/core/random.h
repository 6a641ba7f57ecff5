// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Seeded randomness that gives the same numbers on every compiler and platform.
/// The engine is std::mt19937_64, whose output the C++ standard specifies exactly; the
/// conversions to doubles and integers below are our own because the standard library's
/// distributions differ between implementations. Every random choice in stochos flows from
/// a root seed through named streams: stream("voice/2/pitch") hashes the name into a new
/// seed, so adding a draw to one stream never shifts another. Not thread-safe; give each
/// thread its own stream.
#include <cstdint>
#include <random>
#include <string_view>

namespace stochos::core {

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
  std::mt19937_64 engine_;
  std::uint64_t seed_;
};

}  // namespace stochos::core
