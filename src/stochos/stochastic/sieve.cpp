// SPDX-License-Identifier: GPL-3.0-or-later
// Xenakis sieves. Hand-written: no Debian-packaged C++ library implements sieves; the model
// and the compression algorithm follow music21's sieve.py (BSD, Ariza), re-derived rather
// than translated, with a recursive-descent parser (detail/sieve_parser.cpp) instead of
// music21's eval() of set strings.
#include "stochos/stochastic/sieve.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "stochos/core/error.h"
#include "stochos/stochastic/detail/sieve_parser.h"

namespace stochos::stochastic {
namespace {

// Products of two values below 2^40 and the lcm overflow check need 128 bits.
__extension__ using Int128 = __int128;

std::int64_t floor_mod(std::int64_t x, std::int64_t m) {
  const std::int64_t r = x % m;
  return r < 0 ? r + m : r;
}

// Extended Euclid: returns g = gcd(a, b) and x with a*x ≡ g (mod b).
std::int64_t gcd_ext(std::int64_t a, std::int64_t b, std::int64_t& x) {
  std::int64_t old_r = a, r = b, old_s = 1, s = 0;
  while (r != 0) {
    const std::int64_t q = old_r / r;
    std::int64_t t = old_r - q * r;
    old_r = r;
    r = t;
    t = old_s - q * s;
    old_s = s;
    s = t;
  }
  x = old_s;
  return old_r;
}

void check_magnitude(std::int64_t v, const char* what) {
  if (v > kMaxSieveMagnitude || v < -kMaxSieveMagnitude) {
    throw Error::usage(std::string("sieve ") + what + " " + std::to_string(v) +
                       " is outside the supported range of +/-2^60");
  }
}

std::int64_t checked_span(std::int64_t z_min, std::int64_t z_max, std::int64_t origin) {
  check_magnitude(z_min, "range start");
  check_magnitude(z_max, "range end");
  check_magnitude(origin, "origin");
  if (z_max < z_min) {
    throw Error::usage("sieve range [" + std::to_string(z_min) + ", " + std::to_string(z_max) +
                       "] is reversed; give the smaller bound first");
  }
  const std::int64_t span = z_max - z_min + 1;
  if (span > kMaxSieveSpan) {
    throw Error::usage("sieve range of " + std::to_string(span) + " integers exceeds the limit of " +
                       std::to_string(kMaxSieveSpan) + "; evaluate it in smaller windows");
  }
  return span;
}

}  // namespace

// ---- Residue --------------------------------------------------------------------------------

Residue Residue::make(std::int64_t modulus, std::int64_t shift, bool complement) {
  if (modulus < 0 || modulus > kMaxSieveModulus) {
    throw Error::usage("residue modulus " + std::to_string(modulus) + " must be in [0, 2^40]");
  }
  if (shift > kMaxSieveModulus || shift < -kMaxSieveModulus) {
    throw Error::usage("residue shift " + std::to_string(shift) + " must be within +/-2^40");
  }
  Residue r;
  r.modulus = modulus;
  r.shift = modulus == 0 ? shift : floor_mod(shift, modulus);
  r.complement = complement;
  return r;
}

bool Residue::contains(std::int64_t x) const {
  const bool in = modulus != 0 && floor_mod(x, modulus) == shift;
  return in != complement;
}

std::string Residue::to_string() const {
  return (complement ? "-" : "") + std::to_string(modulus) + "@" + std::to_string(shift);
}

std::optional<Residue> intersect(const Residue& a, const Residue& b) {
  if (a.complement || b.complement) {
    throw Error::usage("complemented residue classes cannot be intersected into one class (" + a.to_string() +
                       ", " + b.to_string() + ")");
  }
  if (a.modulus == 0 || b.modulus == 0) return std::nullopt;
  std::int64_t inv = 0;
  const std::int64_t g = gcd_ext(a.modulus, b.modulus, inv);
  const std::int64_t diff = b.shift - a.shift;
  if (diff % g != 0) return std::nullopt;
  const std::int64_t step = b.modulus / g;
  const std::int64_t lcm = a.modulus / g * b.modulus;
  if (lcm > kMaxSieveModulus) {
    throw Error::usage("intersection of " + a.to_string() + " and " + b.to_string() +
                       " has a modulus above 2^40");
  }
  // x = a.shift + a.modulus * t with a.modulus * t ≡ diff (mod b.modulus).
  const auto t =
      static_cast<std::int64_t>(static_cast<Int128>(floor_mod(diff / g, step)) * floor_mod(inv, step) % step);
  return Residue::make(lcm, a.shift + a.modulus * t);
}

// ---- Sieve ----------------------------------------------------------------------------------

Sieve Sieve::parse(std::string_view expression) {
  Sieve sieve;
  sieve.root_ = detail::parse_sieve_expression(expression, sieve.nodes_);
  return sieve;
}

Sieve Sieve::from_residues(std::span<const Residue> residues) {
  if (residues.empty()) throw Error::usage("a sieve needs at least one residue class");
  std::string text;
  for (const Residue& r : residues) {
    if (!text.empty()) text += '|';
    text += r.to_string();
  }
  return parse(text);
}

bool Sieve::eval(int node_index, std::int64_t x) const {
  const Node& node = nodes_[static_cast<std::size_t>(node_index)];
  switch (node.kind) {
    case Node::Kind::kResidue:
      return node.residue.contains(x);
    case Node::Kind::kGroup:
      return eval(node.lhs, x);
    case Node::Kind::kComplement:
      return !eval(node.lhs, x);
    case Node::Kind::kUnion:
      return eval(node.lhs, x) || eval(node.rhs, x);
    case Node::Kind::kIntersection:
      return eval(node.lhs, x) && eval(node.rhs, x);
    case Node::Kind::kSymmetricDifference:
      return eval(node.lhs, x) != eval(node.rhs, x);
  }
  return false;
}

bool Sieve::contains(std::int64_t x, std::int64_t origin) const {
  check_magnitude(x, "value");
  check_magnitude(origin, "origin");
  return eval(root_, x - origin);
}

std::vector<std::uint8_t> Sieve::binary(std::int64_t z_min, std::int64_t z_max, std::int64_t origin) const {
  const std::int64_t span = checked_span(z_min, z_max, origin);
  std::vector<std::uint8_t> bits(static_cast<std::size_t>(span));
  // Evaluate one period and tile it when the period is short: the Psappha sieve has period 40,
  // so a 2^24-integer window costs 40 tree walks instead of 16 million.
  std::int64_t period_length = 0;
  try {
    period_length = period();
  } catch (const Error&) {
    period_length = 0;  // longer than int64: evaluate every integer
  }
  const std::int64_t direct = (period_length > 0 && period_length < span) ? period_length : span;
  for (std::int64_t i = 0; i < direct; ++i) {
    bits[static_cast<std::size_t>(i)] = eval(root_, z_min + i - origin) ? 1 : 0;
  }
  for (std::int64_t i = direct; i < span; ++i) {
    bits[static_cast<std::size_t>(i)] = bits[static_cast<std::size_t>(i - direct)];
  }
  return bits;
}

std::vector<std::int64_t> Sieve::segment(std::int64_t z_min, std::int64_t z_max, std::int64_t origin) const {
  const std::vector<std::uint8_t> bits = binary(z_min, z_max, origin);
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (bits[i]) out.push_back(z_min + static_cast<std::int64_t>(i));
  }
  return out;
}

std::vector<std::int64_t> Sieve::widths(std::int64_t z_min, std::int64_t z_max, std::int64_t origin) const {
  const std::vector<std::int64_t> members = segment(z_min, z_max, origin);
  std::vector<std::int64_t> out;
  for (std::size_t i = 1; i < members.size(); ++i) out.push_back(members[i] - members[i - 1]);
  return out;
}

std::vector<std::int64_t> Sieve::collect(std::int64_t z_min, std::int64_t count, std::int64_t origin) const {
  if (count < 0 || count > kMaxSieveSpan) {
    throw Error::usage("sieve collect count " + std::to_string(count) + " must be in [0, " +
                       std::to_string(kMaxSieveSpan) + "]");
  }
  // music21 scans up to 10000 windows of 100 integers. Here a short period tells in advance
  // whether the sieve is empty and how far to scan; otherwise at most 4 windows of 2^24.
  std::int64_t period_length = 0;
  try {
    period_length = period();
  } catch (const Error&) {
    period_length = 0;
  }
  std::int64_t scan_limit = 4 * kMaxSieveSpan;
  if (period_length > 0 && period_length <= kMaxSieveSpan) {
    const auto per_period = static_cast<std::int64_t>(segment(0, period_length - 1).size());
    if (per_period == 0)
      throw Error::usage("sieve " + to_string() + " is empty: it has no members to collect");
    scan_limit = std::min(scan_limit, (count / per_period + 1) * period_length + period_length);
  }
  std::vector<std::int64_t> out;
  std::int64_t start = z_min;
  while (static_cast<std::int64_t>(out.size()) < count && start - z_min < scan_limit) {
    const std::int64_t end = start + std::min(kMaxSieveSpan, scan_limit - (start - z_min)) - 1;
    for (std::int64_t v : segment(start, end, origin)) {
      if (static_cast<std::int64_t>(out.size()) == count) break;
      out.push_back(v);
    }
    start = end + 1;
  }
  if (static_cast<std::int64_t>(out.size()) < count) {
    throw Error::usage("sieve " + to_string() + " has only " + std::to_string(out.size()) +
                       " members in the " + std::to_string(scan_limit) + " integers from " +
                       std::to_string(z_min) + "; ask for fewer");
  }
  return out;
}

std::int64_t Sieve::period() const {
  std::int64_t result = 1;
  for (const Node& node : nodes_) {
    if (node.kind != Node::Kind::kResidue || node.residue.modulus == 0) continue;
    const std::int64_t m = node.residue.modulus;
    const std::int64_t g = std::gcd(result, m);
    const Int128 next = static_cast<Int128>(result / g) * m;
    if (next > INT64_MAX) throw Error::usage("sieve " + to_string() + " has a period larger than 2^63");
    result = static_cast<std::int64_t>(next);
  }
  return result;
}

void Sieve::append_string(int node_index, std::string& out) const {
  const Node& node = nodes_[static_cast<std::size_t>(node_index)];
  switch (node.kind) {
    case Node::Kind::kResidue:
      out += node.residue.to_string();
      return;
    case Node::Kind::kGroup:
      out += '{';
      append_string(node.lhs, out);
      out += '}';
      return;
    case Node::Kind::kComplement:
      out += '-';
      append_string(node.lhs, out);
      return;
    case Node::Kind::kUnion:
    case Node::Kind::kIntersection:
    case Node::Kind::kSymmetricDifference:
      append_string(node.lhs, out);
      out += node.kind == Node::Kind::kUnion ? '|' : node.kind == Node::Kind::kIntersection ? '&' : '^';
      append_string(node.rhs, out);
      return;
  }
}

std::string Sieve::to_string() const {
  std::string out;
  append_string(root_, out);
  return out;
}

std::vector<Residue> Sieve::residues() const {
  std::vector<Residue> out;
  for (const Node& node : nodes_) {
    if (node.kind == Node::Kind::kResidue) out.push_back(node.residue);
  }
  return out;
}

Sieve operator&(const Sieve& a, const Sieve& b) {
  return Sieve::parse("{" + a.to_string() + "}&{" + b.to_string() + "}");
}
Sieve operator|(const Sieve& a, const Sieve& b) {
  return Sieve::parse("{" + a.to_string() + "}|{" + b.to_string() + "}");
}
Sieve operator^(const Sieve& a, const Sieve& b) {
  return Sieve::parse("{" + a.to_string() + "}^{" + b.to_string() + "}");
}
Sieve Sieve::operator-() const {
  return parse("-{" + to_string() + "}");
}

// ---- compression ----------------------------------------------------------------------------

std::string SieveCompression::to_string() const {
  std::string out;
  for (const Residue& r : residues) {
    if (!out.empty()) out += '|';
    out += r.to_string();
  }
  return out;
}

SieveCompression compress_to_sieve(std::span<const std::int64_t> values) {
  if (values.empty()) throw Error::usage("cannot compress an empty set into a sieve");
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return compress_to_sieve(values, *lo, *hi);
}

SieveCompression compress_to_sieve(std::span<const std::int64_t> values, std::int64_t z_min,
                                   std::int64_t z_max) {
  // The greedy search is quadratic in the span at worst; pitch and rhythm sets are far smaller.
  constexpr std::int64_t kMaxCompressionSpan = std::int64_t{1} << 16;
  std::vector<std::int64_t> set(values.begin(), values.end());
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  if (set.size() < 2) {
    throw Error::usage(
        "a set needs at least two distinct values to be compressed into a sieve (music21 rule)");
  }
  if (z_max < z_min || z_max - z_min + 1 > kMaxCompressionSpan || z_min < -kMaxSieveMagnitude ||
      z_max > kMaxSieveMagnitude) {
    throw Error::usage("compression range [" + std::to_string(z_min) + ", " + std::to_string(z_max) +
                       "] must be ascending and at most 2^16 integers wide");
  }
  if (set.front() < z_min || set.back() > z_max) {
    throw Error::usage("compression range [" + std::to_string(z_min) + ", " + std::to_string(z_max) +
                       "] must contain every value of the set");
  }
  const std::int64_t span = z_max - z_min + 1;
  std::vector<std::uint8_t> member(static_cast<std::size_t>(span), 0), covered(member);
  for (std::int64_t v : set) member[static_cast<std::size_t>(v - z_min)] = 1;

  SieveCompression out;
  out.z_min = z_min;
  out.z_max = z_max;
  for (std::int64_t v : set) {
    if (covered[static_cast<std::size_t>(v - z_min)]) continue;
    // music21 tries moduli 1 .. len(z) - 1 and keeps the first whose class, within z, lies in
    // the set; a class of one point (the modulus reaching past both ends of z) always does
    // unless z extends beyond the set.
    bool found = false;
    for (std::int64_t m = 1; m < span && !found; ++m) {
      const std::int64_t first = z_min + floor_mod(v - z_min, m);
      bool inside = true;
      for (std::int64_t x = first; x <= z_max; x += m) {
        if (!member[static_cast<std::size_t>(x - z_min)]) {
          inside = false;
          break;
        }
      }
      if (!inside) continue;
      for (std::int64_t x = first; x <= z_max; x += m) covered[static_cast<std::size_t>(x - z_min)] = 1;
      out.residues.push_back(Residue::make(m, v));
      found = true;
    }
    if (!found) {
      throw Error::usage("no residue class through " + std::to_string(v) + " fits inside the set over [" +
                         std::to_string(z_min) + ", " + std::to_string(z_max) + "]; narrow the range");
    }
  }
  std::sort(out.residues.begin(), out.residues.end(), [](const Residue& a, const Residue& b) {
    return a.modulus != b.modulus ? a.modulus < b.modulus : a.shift < b.shift;
  });
  return out;
}

// ---- scales and rhythms ---------------------------------------------------------------------

std::vector<double> sieve_pitches(const Sieve& sieve, double lowest_midi_pitch, double highest_midi_pitch,
                                  double origin_midi_pitch, double step_semitones) {
  if (!std::isfinite(lowest_midi_pitch) || !std::isfinite(highest_midi_pitch) ||
      !std::isfinite(origin_midi_pitch) || !std::isfinite(step_semitones)) {
    throw Error::usage("sieve pitch range, origin and step must be finite numbers");
  }
  if (step_semitones <= 0) {
    throw Error::usage("sieve step width must be positive, got " + std::to_string(step_semitones) +
                       " semitones");
  }
  if (highest_midi_pitch < lowest_midi_pitch) {
    throw Error::usage("sieve pitch range is reversed; give the lower pitch first");
  }
  // A small tolerance keeps 60 + 24 * 0.5 == 72 inside [60, 72] despite rounding.
  constexpr double kTolerance = 1e-9;
  const double k_lo = std::ceil((lowest_midi_pitch - origin_midi_pitch) / step_semitones - kTolerance);
  const double k_hi = std::floor((highest_midi_pitch - origin_midi_pitch) / step_semitones + kTolerance);
  if (k_hi - k_lo + 1 > static_cast<double>(kMaxSieveSpan)) {
    throw Error::usage("sieve pitch range holds more than 2^24 steps; use a larger step or a smaller range");
  }
  std::vector<double> out;
  if (k_hi < k_lo) return out;
  for (std::int64_t k : sieve.segment(static_cast<std::int64_t>(k_lo), static_cast<std::int64_t>(k_hi))) {
    out.push_back(origin_midi_pitch + static_cast<double>(k) * step_semitones);
  }
  return out;
}

std::vector<double> sieve_onsets_seconds(const Sieve& sieve, std::int64_t first_step, std::int64_t step_count,
                                         double step_seconds) {
  if (!(step_seconds > 0) || !std::isfinite(step_seconds)) {
    throw Error::usage("sieve rhythm step must be a positive number of seconds");
  }
  if (step_count < 0) throw Error::usage("sieve rhythm step count must not be negative");
  std::vector<double> out;
  if (step_count == 0) return out;
  for (std::int64_t step : sieve.segment(first_step, first_step + step_count - 1)) {
    out.push_back(static_cast<double>(step) * step_seconds);
  }
  return out;
}

}  // namespace stochos::stochastic
