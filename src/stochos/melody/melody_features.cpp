// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/melody/melody_features.h"

#include <algorithm>

#include "stochos/melody/melody.h"

namespace stochos::melody {
namespace {

constexpr std::uint16_t kMajorScale = 0b101010110101;  // C D E F G A B (bit k = pitch class k)

std::uint16_t rotate(std::uint16_t set, int tonic) {
  return static_cast<std::uint16_t>(((set << tonic) | (set >> (12 - tonic))) & 0xFFF);
}

// A bar as (step, what) pairs: onsets with their pitch, note offs; the shape without pitch
// and the pitches, to tell exact and transposed repeats.
struct Bar {
  std::vector<std::pair<int, int>> events;  // (step in bar, event)
  bool has_onset = false;
};

bool repeats(const Bar& a, const Bar& b) {
  if (!a.has_onset || a.events.size() != b.events.size()) return false;
  int shift = 0;
  bool shift_set = false;
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const auto [sa, ea] = a.events[i];
    const auto [sb, eb] = b.events[i];
    if (sa != sb || (ea < 0) != (eb < 0) || (ea < 0 && ea != eb)) return false;
    if (ea >= 0) {
      if (!shift_set)
        shift = ea - eb, shift_set = true;
      else if (ea - eb != shift)
        return false;
    }
  }
  return true;
}

}  // namespace

std::uint16_t diatonic_key_of(std::span<const int> events) {
  std::array<int, 12> counts{};
  bool any = false;
  for (int e : events) {
    if (e >= 0) ++counts[static_cast<std::size_t>(e % 12)], any = true;
  }
  if (!any) return 0;
  std::uint16_t best = 0;
  int best_count = -1;
  for (int tonic = 0; tonic < 12; ++tonic) {
    const std::uint16_t set = rotate(kMajorScale, tonic);
    int n = 0;
    for (int pc = 0; pc < 12; ++pc) n += (set >> pc & 1) ? counts[static_cast<std::size_t>(pc)] : 0;
    if (n > best_count) best = set, best_count = n;
  }
  return best;
}

void MelodyFeatureSums::add(std::span<const int> events, std::size_t from, std::uint16_t key,
                            int steps_per_bar) {
  int low = 128, high = -1;
  std::vector<Bar> bars;
  for (std::size_t t = from; t < events.size(); ++t) {
    const int e = events[t];
    const std::size_t bar = (t - from) / static_cast<std::size_t>(steps_per_bar);
    if (bars.size() <= bar) bars.resize(bar + 1);
    if (e == kMelodyNoEvent) continue;
    bars[bar].events.emplace_back(static_cast<int>((t - from) % static_cast<std::size_t>(steps_per_bar)), e);
    if (e < 0) continue;
    bars[bar].has_onset = true;
    ++notes;
    pitch_classes[static_cast<std::size_t>(e % 12)] += 1;
    if (key >> (e % 12) & 1) ++notes_in_key;
    low = std::min(low, e), high = std::max(high, e);
    std::size_t end = t + 1;
    while (end < events.size() && events[end] == kMelodyNoEvent) ++end;
    const std::size_t length = std::min<std::size_t>(end - t, kFeatureMaxNoteSteps);
    note_steps[length - 1] += 1;
  }
  if (high >= 0) {
    range_sum += high - low;
    ++melodies_with_notes;
  }
  for (std::size_t d = 0; d < kRepeatBarDistances.size(); ++d) {
    const auto distance = static_cast<std::size_t>(kRepeatBarDistances[d]);
    for (std::size_t b = distance; b < bars.size(); ++b) {
      if (!bars[b].has_onset) continue;
      ++bars_compared[d];
      if (repeats(bars[b], bars[b - distance])) ++bars_repeated[d];
    }
  }
}

std::array<double, 12> MelodyFeatureSums::pitch_class_shares() const {
  std::array<double, 12> out{};
  for (std::size_t i = 0; i < 12; ++i)
    out[i] = notes > 0 ? pitch_classes[i] / static_cast<double>(notes) : 0.0;
  return out;
}

std::array<double, kFeatureMaxNoteSteps> MelodyFeatureSums::note_step_shares() const {
  std::array<double, kFeatureMaxNoteSteps> out{};
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = notes > 0 ? note_steps[i] / static_cast<double>(notes) : 0.0;
  return out;
}

double MelodyFeatureSums::in_key_share() const {
  return notes > 0 ? static_cast<double>(notes_in_key) / static_cast<double>(notes) : 0.0;
}

double MelodyFeatureSums::mean_range() const {
  return melodies_with_notes > 0 ? range_sum / static_cast<double>(melodies_with_notes) : 0.0;
}

double MelodyFeatureSums::repeat_share(std::size_t d) const {
  return bars_compared[d] > 0 ? static_cast<double>(bars_repeated[d]) / static_cast<double>(bars_compared[d])
                              : 0.0;
}

}  // namespace stochos::melody
