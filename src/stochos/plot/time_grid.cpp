// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/plot/time_grid.h"

#include <algorithm>
#include <cmath>

namespace stochos::plot {
namespace {

bool valid_signature(const magenta::NoteSequence::TimeSignature& ts) {
  const int d = ts.denominator();
  return ts.numerator() > 0 && d > 0 && (d & (d - 1)) == 0;
}

// Piecewise-constant tempo: seconds <-> quarter notes.
struct TempoMap {
  std::vector<double> seconds{0.0};
  std::vector<double> quarters{0.0};
  std::vector<double> qpm{120.0};

  explicit TempoMap(const magenta::NoteSequence& s) {
    std::vector<std::pair<double, double>> tempos;
    for (const auto& t : s.tempos()) {
      if (t.qpm() > 0 && std::isfinite(t.qpm()) && std::isfinite(t.time()) && t.time() >= 0) {
        tempos.emplace_back(t.time(), t.qpm());
      }
    }
    std::stable_sort(tempos.begin(), tempos.end(), [](auto& a, auto& b) { return a.first < b.first; });
    for (const auto& [time, q] : tempos) {
      if (time <= seconds.back()) {
        qpm.back() = q;  // a tempo at the same time replaces the one in force
        continue;
      }
      quarters.push_back(quarters.back() + (time - seconds.back()) * qpm.back() / 60.0);
      seconds.push_back(time);
      qpm.push_back(q);
    }
  }
  double to_quarters(double t) const {
    const std::size_t i = static_cast<std::size_t>(std::upper_bound(seconds.begin(), seconds.end(), t) - seconds.begin()) - 1;
    return quarters[i] + (t - seconds[i]) * qpm[i] / 60.0;
  }
  double to_seconds(double q) const {
    const std::size_t i = static_cast<std::size_t>(std::upper_bound(quarters.begin(), quarters.end(), q) - quarters.begin()) - 1;
    return seconds[i] + (q - quarters[i]) * 60.0 / qpm[i];
  }
};

}  // namespace

bool has_meter(const magenta::NoteSequence& sequence) {
  if (sequence.tempos_size() > 0) return true;
  return std::any_of(sequence.time_signatures().begin(), sequence.time_signatures().end(), valid_signature);
}

std::vector<double> bar_start_seconds(const magenta::NoteSequence& sequence, double end_seconds, std::size_t max_bars) {
  std::vector<double> bars;
  if (!has_meter(sequence) || !(end_seconds > 0)) return bars;
  const TempoMap tempo(sequence);
  struct Meter {
    double start_quarters;
    double bar_quarters;
  };
  std::vector<Meter> meters{{0.0, 4.0}};
  std::vector<const magenta::NoteSequence::TimeSignature*> signatures;
  for (const auto& ts : sequence.time_signatures()) {
    if (valid_signature(ts) && std::isfinite(ts.time()) && ts.time() >= 0) signatures.push_back(&ts);
  }
  std::stable_sort(signatures.begin(), signatures.end(), [](auto* a, auto* b) { return a->time() < b->time(); });
  for (const auto* ts : signatures) {
    const double q = tempo.to_quarters(ts->time());
    const double bar = ts->numerator() * 4.0 / ts->denominator();
    if (q <= meters.back().start_quarters) {
      meters.back().bar_quarters = bar;
    } else {
      meters.push_back({q, bar});
    }
  }
  const double end_quarters = tempo.to_quarters(end_seconds);
  for (std::size_t m = 0; m < meters.size() && bars.size() < max_bars; ++m) {
    const double stop = m + 1 < meters.size() ? meters[m + 1].start_quarters : end_quarters;
    for (std::size_t k = 0; bars.size() < max_bars; ++k) {
      const double q = meters[m].start_quarters + static_cast<double>(k) * meters[m].bar_quarters;
      if (!(q < stop - 1e-9)) break;
      bars.push_back(tempo.to_seconds(q));
    }
  }
  return bars;
}

}  // namespace stochos::plot
