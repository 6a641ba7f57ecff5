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

namespace stochos::notesequence::detail {

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
    // searchsorted(side='left'): the first tick whose time is >= seconds. The segment and an
    // estimate come from arithmetic; the exact answer is then found by comparing table values
    // around it, so rounding in the estimate cannot change the result.
    auto seg = std::upper_bound(segments_.begin(), segments_.end(), seconds,
                                [](double t, const Segment& s) { return t < s.start_seconds; });
    const Segment& s = seg == segments_.begin() ? segments_.front() : *(seg - 1);
    std::int64_t lo = s.start_tick + static_cast<std::int64_t>((seconds - s.start_seconds) / s.tick_scale) - 2;
    lo = std::clamp<std::int64_t>(lo, 0, last_tick);
    while (lo > 0 && tick_to_seconds(lo) >= seconds) --lo;
    while (lo < last_tick && tick_to_seconds(lo) < seconds) ++lo;
    if (lo > 0 && std::fabs(seconds - tick_to_seconds(lo - 1)) < std::fabs(seconds - tick_to_seconds(lo))) {
      return lo - 1;
    }
    return lo;
  }

  /// Seconds of ticks visited in non-decreasing order (one track's events): amortized O(1)
  /// instead of a binary search per event, which matters for files with thousands of tempo
  /// changes (piano-roll transcriptions). Gives exactly tick_to_seconds's values.
  class Cursor {
   public:
    explicit Cursor(const TempoMap& map) : map_(map) {}
    double seconds(std::int64_t tick) {
      const auto& segs = map_.segments_;
      if (tick < segs[index_].start_tick) return map_.tick_to_seconds(tick);
      while (index_ + 1 < segs.size() && segs[index_ + 1].start_tick <= tick) ++index_;
      const Segment& s = segs[index_];
      return s.start_seconds + s.tick_scale * static_cast<double>(tick - s.start_tick);
    }

   private:
    const TempoMap& map_;
    std::size_t index_ = 0;
  };

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

}  // namespace stochos::notesequence::detail
