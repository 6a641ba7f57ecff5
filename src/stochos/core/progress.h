// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A terminal progress bar for long jobs. It draws on stderr only when stderr is a terminal
/// (or when forced), at most ten times a second, so it costs nothing in batch logs and tests.
/// advance() is thread-safe; the bar is redrawn by whichever thread crosses the time gate.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace stochos::core {

/// A duration for people: "4.2s", "3m07s", "2h05m" ("?" when not finite).
std::string format_seconds(double seconds);

class ProgressBar {
 public:
  enum class Mode { kAuto, kAlways, kNever };

  ProgressBar(std::string label, std::uint64_t total, Mode mode = Mode::kAuto);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void advance(std::uint64_t n = 1);
  /// Short text shown after the counts (e.g. "3 failed"). Thread-safe.
  void set_status(std::string status);
  /// Draws the final state and ends the line. Called by the destructor if not called.
  void finish();

  std::uint64_t done() const { return done_.load(); }
  bool enabled() const { return enabled_; }

 private:
  void draw(bool final);

  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::atomic<std::uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::int64_t> next_draw_ns_{0};
  std::mutex mutex_;
  std::string status_;
};

}  // namespace stochos::core
