// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Standard normal and exponential variates by the ziggurat method (Marsaglia & Tsang, "The
// Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8), 2000), 256 layers,
// one 64-bit draw per variate in about 99 % of the cases: its low 8 bits pick the layer, bit 8
// the sign (normal), its top 53 bits the position. The common path is a multiply and a compare;
// only the wedges and the tail call exp or log, as the polar method and inversion did on every
// draw (profiled: log and sqrt were most of a Gaussian's cost). The tables are built once from
// the layer count's base width r with exp, log, sqrt and erfc of the C library; within the
// layers every result is exact arithmetic on them.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "stochos/core/random.h"

namespace stochos::stochastic::detail {

/// Layer i (0..255) spans x in [0, x[i]]; it lies wholly under the density for x < x[i+1].
/// x[0] is the base layer's width with the tail folded in, x[256] = 0; f[i] = density(x[i]).
struct ZigguratTables {
  double x[257];
  double f[257];
};

inline constexpr double kNormalZigguratR = 3.6541528853610088;     // Marsaglia & Tsang's 256-layer values
inline constexpr double kExponentialZigguratR = 7.69711747013104972;

/// Builds the tables (distributions.cpp).
ZigguratTables make_normal_ziggurat();
ZigguratTables make_exponential_ziggurat();

/// For exp(-x²/2) and exp(-x), built on first use.
inline const ZigguratTables& normal_ziggurat() {
  static const ZigguratTables tables = make_normal_ziggurat();
  return tables;
}
inline const ZigguratTables& exponential_ziggurat() {
  static const ZigguratTables tables = make_exponential_ziggurat();
  return tables;
}

inline double position53(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// x with its sign bit flipped when bit 8 of `bits` is set (x >= 0): -x exactly.
inline double signed_by_bit8(double x, std::uint64_t bits) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ ((bits & 0x100) << 55));
}

/// The rest of a draw that missed its layer's inner rectangle (distributions.cpp): the wedge
/// or tail test for `bits`, then whole new draws until one is accepted. Out of line so that
/// the common path below inlines into the samplers' loops.
double ziggurat_normal_miss(core::Rng& rng, const ZigguratTables& t, std::uint64_t bits);
double ziggurat_exponential_miss(core::Rng& rng, const ZigguratTables& t, std::uint64_t bits);

/// N(0, 1).
inline double ziggurat_normal(core::Rng& rng, const ZigguratTables& t) {
  const std::uint64_t bits = rng.next_u64();
  const std::size_t i = bits & 0xff;
  const double x = position53(bits) * t.x[i];
  if (x < t.x[i + 1]) [[likely]] return signed_by_bit8(x, bits);
  return ziggurat_normal_miss(rng, t, bits);
}

/// Exp(1).
inline double ziggurat_exponential(core::Rng& rng, const ZigguratTables& t) {
  const std::uint64_t bits = rng.next_u64();
  const std::size_t i = bits & 0xff;
  const double x = position53(bits) * t.x[i];
  if (x < t.x[i + 1]) [[likely]] return x;
  return ziggurat_exponential_miss(rng, t, bits);
}

}  // namespace stochos::stochastic::detail
