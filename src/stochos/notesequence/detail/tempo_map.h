// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tick <-> seconds with pretty_midi's arithmetic. note_seq inherits pretty_midi's times, so
// matching them bit for bit needs the same formulas, not just the same maths:
//   scale = 60 / (bpm * resolution) with bpm = 6e7 / tempo_us,
//   time(tick) = T_i + scale_i * (tick - start_i) inside segment i, T_{i+1} = time(start_{i+1}),
// and time -> tick as numpy.searchsorted on that table (nearest tick, ties upward) up to the
// last tempo change, then extrapolated and rounded half to even (Python's round) past it.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace stochos::ns::detail {

class TempoMap {
 public:
  struct Segment {
    std::int64_t start_tick;
    double tick_scale;  ///< seconds per tick
    double start_seconds;
  };

  TempoMap(int resolution, double initial_tick_scale) : resolution_(resolution) {
    segments_.push_back({0, initial_tick_scale, 0.0});
  }

  /// pretty_midi's rule for a Set Tempo event read from track 0.
  void add_tempo_event(std::int64_t tick, std::uint32_t tempo_us) {
    const double bpm = 6e7 / static_cast<double>(tempo_us);
    const double scale = 60.0 / (bpm * resolution_);
    if (tick == 0) {
      segments_.assign(1, {0, scale, 0.0});  // only the last tick-0 tempo counts
    } else if (scale != segments_.back().tick_scale) {
      append(tick, scale);
    }
  }

  /// Appends a segment unconditionally (the writer's path, which does not deduplicate).
  void append(std::int64_t tick, double scale) {
    const Segment& last = segments_.back();
    const double start = last.start_seconds + last.tick_scale * static_cast<double>(tick - last.start_tick);
    segments_.push_back({tick, scale, start});
  }

  double tick_to_seconds(std::int64_t tick) const {
    const Segment& s = segment_for_tick(tick);
    return s.start_seconds + s.tick_scale * static_cast<double>(tick - s.start_tick);
  }

  std::int64_t seconds_to_tick(double seconds) const {
    const Segment& last = segments_.back();
    const std::int64_t last_tick = last.start_tick;
    if (seconds > tick_to_seconds(last_tick)) {
      const double tick = static_cast<double>(last_tick) + (seconds - tick_to_seconds(last_tick)) / last.tick_scale;
      return static_cast<std::int64_t>(std::nearbyint(tick));
    }
    // searchsorted(side='left'): the first tick whose time is >= seconds.
    std::int64_t lo = 0;
    std::int64_t hi = last_tick;
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (tick_to_seconds(mid) < seconds) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo > 0 && std::fabs(seconds - tick_to_seconds(lo - 1)) < std::fabs(seconds - tick_to_seconds(lo))) {
      return lo - 1;
    }
    return lo;
  }

  double qpm_of(const Segment& s) const { return 60.0 / (s.tick_scale * resolution_); }
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  const Segment& segment_for_tick(std::int64_t tick) const {
    // The last segment whose start is <= tick. pretty_midi fills segment i up
    // to and including start_{i+1}, which gives the same value as segment i+1 at its start.
    auto it = std::upper_bound(segments_.begin(), segments_.end(), tick,
                               [](std::int64_t t, const Segment& s) { return t < s.start_tick; });
    return it == segments_.begin() ? segments_.front() : *(it - 1);
  }

  int resolution_;
  std::vector<Segment> segments_;
};

}  // namespace stochos::ns::detail
