// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/progress.h"

#include <unistd.h>

#include <cstdio>

#include "stochos/core/interrupt.h"

namespace stochos::core {
namespace {

constexpr std::int64_t kRedrawIntervalNs = 100'000'000;

}  // namespace

std::string format_seconds(double s) {
  char buf[48];
  if (!(s >= 0) || s > 1e9) {
    std::snprintf(buf, sizeof buf, "?");
  } else if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.1fs", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  } else {
    const auto whole = static_cast<long long>(s);
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", whole / 3600, whole / 60 % 60);
  }
  return buf;
}

ProgressBar::ProgressBar(std::string label, std::uint64_t total, Mode mode)
    : label_(std::move(label)),
      total_(total),
      enabled_(mode == Mode::kAlways || (mode == Mode::kAuto && ::isatty(STDERR_FILENO))),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(std::uint64_t n) {
  done_.fetch_add(n);
  check_interrupt();
  if (!enabled_) return;
  auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now() - start_)
                    .count();
  auto next = next_draw_ns_.load();
  if (now_ns >= next && next_draw_ns_.compare_exchange_strong(next, now_ns + kRedrawIntervalNs)) {
    std::lock_guard lock(mutex_);
    if (!finished_) draw(false);
  }
}

void ProgressBar::set_status(std::string status) {
  std::lock_guard lock(mutex_);
  status_ = std::move(status);
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (enabled_) {
    draw(true);
    std::fputc('\n', stderr);
    std::fflush(stderr);
  }
}

void ProgressBar::draw(bool final) {
  constexpr int kWidth = 30;
  const auto done = done_.load();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const int filled = static_cast<int>(fraction * kWidth + 0.5);
  std::string bar(static_cast<std::size_t>(filled < kWidth ? filled : kWidth), '#');
  bar.resize(kWidth, '.');
  std::string eta;
  if (!final && done > 0 && done < total_) {
    eta = " eta " + format_seconds(elapsed * static_cast<double>(total_ - done) / static_cast<double>(done));
  }
  std::fprintf(stderr, "\r%s [%s] %llu/%llu %3.0f%% %s%s%s%s\x1b[K", label_.c_str(), bar.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
               fraction * 100.0, format_seconds(elapsed).c_str(), eta.c_str(),
               status_.empty() ? "" : "  ", status_.c_str());
  std::fflush(stderr);
}

}  // namespace stochos::core
